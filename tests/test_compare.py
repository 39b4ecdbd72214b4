"""Compare and the speaker page's data on PolNeAR dev articles (never the test split): each
column holds only its party's statements, every span is exact and dated, a party with
nothing on the topic says so, and a name nobody quoted goes by is not answered for."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA

from assistant import Assistant
from assistant.answer.compare import on_topic
from assistant.errors import QuestionError
from assistant.web.compare_tab import comparison_html
from assistant.web.speaker_page import speaker_view

DEV_TEXT = DATA / "polnear" / "data" / "dev" / "text"
# Dev articles quoting both candidates, or one of them at length.
ARTICLES = [
    "usa-today_2016-09-08_candidates-vie-for-vets-support-",
    "politico_2016-09-17_de-blasio-says-chelsea-explosion",
    "breitbart_2016-09-30_the-latest-trump-urges-supporter",
    "huff-post_2016-09-20_hillary-clinton-speaks-directly-",
    "huff-post_2016-09-27_hillary-clinton-goes-after-donal",
    "west-journal_2016-09-28_clinton-campaign-reportedly-scra",
    "usa-today_2016-09-23_trump-questions-the-fairness-of-",
    "breitbart_2016-10-03_the-latest-trump-s-leaked-taxes-",
]
UNDATED = "undated_leaked-taxes.txt"


def desk_folder(folder: Path) -> dict[str, str | None]:
    """Copies of the dev articles under names holding distinct ISO dates (the index takes
    an article's date from its file's name), the last one under a name with none; returns
    each copy's date by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    dates = {}
    for i, name in enumerate(ARTICLES):
        slug = name.split("_", 2)[2]
        target = UNDATED if i == len(ARTICLES) - 1 else f"dev_2016-10-{i + 1:02d}_{slug}.txt"
        shutil.copy(DEV_TEXT / f"{name}.txt", folder / target)
        dates[target] = None if target == UNDATED else f"2016-10-{i + 1:02d}"
    return dates


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk") / "articles"
    dates = desk_folder(folder)
    assistant = Assistant(folder.parent / "index")
    assert len(assistant.index([folder]).added) == len(ARTICLES)
    return assistant, dates


def _spans(assistant: Assistant, name: str) -> set[tuple[str, int, int]]:
    return {(q.source, q.start, q.end) for q in assistant.quotes(speaker=name)}


def _check_exact_and_dated(assistant: Assistant, dates: dict, comparison) -> None:
    for c in comparison.citations:
        assert assistant.document(c.source).text[c.start:c.end] == c.text, c
        assert c.date == dates[Path(c.source).name], c


def test_columns_hold_each_partys_own_statements(desk):
    assistant, dates = desk
    comparison = assistant.compare("", ["Trump", "Clinton"], k=5)
    trump, clinton = comparison.columns
    assert (trump.party, clinton.party) == ("Trump", "Clinton")
    assert trump.found and clinton.found
    for column in comparison.columns:
        said = _spans(assistant, column.party)
        quotes = [c for c in column.statements if c.kind == "quote"]
        assert quotes, column.party
        for c in quotes:  # the index attributes every one of them to that person
            assert (c.source, c.start, c.end) in said, (column.party, c.text)
        assert set(column.people) <= {c.speaker for c in column.statements if c.speaker}
        assert len(column.statements) <= 5
    assert not set(trump.people) & set(clinton.people)
    _check_exact_and_dated(assistant, dates, comparison)
    # Numbered across the columns, as shown.
    assert [c.n for c in comparison.citations] == list(range(1, len(comparison.citations) + 1))


def test_topic_keeps_statements_on_it_and_says_when_there_are_none(desk):
    assistant, dates = desk
    trump_said = assistant.quotes(speaker="Trump")
    assert any(on_topic(q.text, "taxes") for q in trump_said)
    # Someone quoted, none of whose words are on taxes.
    quiet = next(p for p in assistant.speakers()
                 if len(p.name.split()) > 1 and p.quote_count >= 2
                 and not any(on_topic(q.text, "taxes") for q in assistant.quotes(speaker=p.name)))
    comparison = assistant.compare("taxes", ["Trump", quiet.name])
    trump, other = comparison.columns
    assert trump.found and all(on_topic(c.text, "taxes") for c in trump.statements)
    assert not other.found and other.statements == []
    assert other.note == f"Nothing from {quiet.name} on taxes in the indexed articles."
    assert other.people == [quiet.name] and other.quoted
    _check_exact_and_dated(assistant, dates, comparison)
    html = comparison_html(assistant, comparison)
    assert "Nothing from" in html and 'data-found="false"' in html


def test_unknown_names_are_not_answered_for(desk):
    assistant, _ = desk
    comparison = assistant.compare("", ["Mike Trump", "Donald Smithfield", "Clinton"])
    mike, smithfield, clinton = comparison.columns
    for column in (mike, smithfield):
        assert column.statements == [] and not column.quoted and not column.found
        assert column.note.startswith(f"{column.party} is not quoted in the indexed articles.")
    # The same surname with another first name is offered, never answered for.
    assert mike.suggestions == ["Donald Trump"]
    assert "Did you mean Donald Trump" in mike.note
    assert smithfield.suggestions == [] and smithfield.note.endswith("indexed articles.")
    assert clinton.found
    assert not any(c.speaker == "Donald Trump" for c in comparison.citations)
    nobody = assistant.compare("economy", ["Foo Barson", "Quux Zazzle"])
    assert [c.note for c in nobody.columns] == [
        "Foo Barson is not quoted in the indexed articles.",
        "Quux Zazzle is not quoted in the indexed articles."]


def test_institutions_speak_through_their_people(desk):
    assistant, _ = desk
    comparison = assistant.compare("", ["the Clinton campaign", "Trump"])
    campaign = comparison.columns[0]
    # The chat's several-parties answer decides it: the same people speak for it there, in
    # the same order (the chat shows fewer statements a party than the column)
    answer = assistant.ask("What did the Clinton campaign and Trump say?")
    assert answer.sections and campaign.found == answer.sections[0].found
    if campaign.found:
        shown = len(answer.sections[0].citations)
        voices = {c.speaker for c in campaign.statements[:shown] if c.kind == "quote"}
        assert voices and voices <= set(answer.sections[0].speakers)
        assert "Donald Trump" not in voices


def test_comparison_exports_rows_csv_json_and_markdown(desk):
    assistant, _ = desk
    comparison = assistant.compare("", ["Trump", "Clinton"], k=3)
    rows = comparison.to_records()
    assert len(rows) == len(comparison.citations) > 0
    for row in rows:
        assert assistant.document(row["source"]).text[row["start"]:row["end"]] == row["quote"]
        assert row["party"] in ("Trump", "Clinton")
    table = list(csv.DictReader(io.StringIO(comparison.to_csv())))
    assert [r["quote"] for r in table] == [r["quote"] for r in rows]
    assert list(table[0])[:3] == ["party", "n", "quote"]
    assert json.loads(comparison.to_json()) == rows
    markdown = comparison.to_markdown()
    assert markdown.startswith("## Comparison") and "### Trump" in markdown and "### Clinton" in markdown
    assert markdown.count("\n> [") == len(rows)
    assert "*undated*" in markdown or re.search(r"\*2016-10-0\d\*", markdown)
    as_dict = comparison.to_dict()
    assert [c["party"] for c in as_dict["columns"]] == ["Trump", "Clinton"]


def test_fewer_than_two_parties_is_refused(desk):
    assistant, _ = desk
    with pytest.raises(QuestionError):
        assistant.compare("taxes", ["Trump"])
    with pytest.raises(QuestionError):
        assistant.compare("taxes", ["Trump", "trump"])


def test_speaker_page_data_counts_every_quote_once_by_date(desk):
    assistant, dates = desk
    trump = next(p for p in assistant.speakers() if p.name == "Donald Trump")
    view = speaker_view(assistant, trump.name)
    assert len(view.dated) + len(view.undated) == trump.quote_count
    assert view.undated and all(Path(s.source).name == UNDATED for s in view.undated)
    assert [s.date for s in view.dated] == sorted(s.date for s in view.dated)
    for s in view.dated + view.undated:
        assert assistant.document(s.source).text[s.start:s.end] == s.text
        assert s.date == dates[Path(s.source).name]
    on_taxes = speaker_view(assistant, trump.name, "taxes")
    assert 0 < len(on_taxes.dated) + len(on_taxes.undated) < trump.quote_count
    assert all(on_topic(s.text, "taxes") for s in on_taxes.dated + on_taxes.undated)
    assert speaker_view(assistant, "Nobody Atall").person is None


@pytest.mark.parametrize("question, topic, parties", [
    ("What did Trump and Clinton say about taxes?", "taxes", ["Trump", "Clinton"]),
    ("How did Trump and Clinton respond to the debate?", "the debate", ["Trump", "Clinton"]),
    ("What did Trump and Clinton say?", None, ["Trump", "Clinton"]),
    ("What did Trump say about taxes?", "taxes", []),
])
def test_an_answer_keeps_the_topic_and_parties_a_comparison_is_run_with(desk, question, topic, parties):
    """The chat's several-parties answer carries what "Open in Compare" runs: its topic
    and its parties; the comparison then holds the same parties' statements."""
    from assistant.web.compare_tab import asked_comparison

    assistant, _ = desk
    answer = assistant.ask(question)
    assert answer.topic == topic and answer.to_dict()["topic"] == topic
    asked = asked_comparison(answer)
    if not parties:
        assert asked is None
        return
    assert asked == (topic or "", parties)
    comparison = assistant.compare(*asked)
    assert [c.party for c in comparison.columns] == parties
