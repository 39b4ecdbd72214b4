"""A person sets or corrects an article's date and publisher: every view, filter and
export then reads the corrected values, and they outlive re-indexing the file."""
import json
import shutil

import pytest
from conftest import DATA, snapshot

from assistant import Assistant, Filters
from assistant.cli import main
from assistant.errors import AssistantError

DEV_TEXT = DATA / "polnear" / "data" / "dev" / "text"
AXELROD = "politico_2016-09-28_axelrod-calls-on-dean-to-apologi.txt"
UNION = "politico_2016-09-30_flight-attendants-union-endorses.txt"


@pytest.fixture
def two(tmp_path):
    """Two PolNeAR dev articles, dated by their file names, in a fresh index."""
    assert DEV_TEXT.is_dir(), f"{DEV_TEXT} is missing: PolNeAR must sit beside the repository"
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in (AXELROD, UNION):
        shutil.copy(DEV_TEXT / name, folder / name)
    assistant = Assistant(tmp_path / "index")
    assert len(assistant.index([folder]).added) == 2
    return assistant, folder, str((folder / AXELROD).resolve())


def _listed(assistant, source):
    return next(d for d in assistant.documents() if d["source"] == source)


def test_a_corrected_date_moves_the_article_in_filters_citations_and_timelines(two):
    assistant, _, axelrod = two
    assert _listed(assistant, axelrod)["date"] == "2016-09-28"
    listed = assistant.correct(axelrod, date="2016-10-05")
    assert listed["date"] == "2016-10-05" and listed["corrected"] == ["date"]
    assert _listed(assistant, axelrod)["date"] == "2016-10-05"

    # Filters read the new date: the article is inside a range only the new date is in.
    inside = assistant.ask("What did Axelrod say?", filters=Filters.build(since="2016-10-01"))
    assert inside.found and {c.source for c in inside.citations} == {axelrod}
    assert {c.date for c in inside.citations} == {"2016-10-05"}
    old_day = assistant.ask("What did Axelrod say?",
                            filters=Filters.build(since="2016-09-28", until="2016-09-28"))
    assert axelrod not in {c.source for c in old_day.citations}

    # The quote table (speaker pages, quotes()) and the exports read it too.
    quotes = assistant.quotes("Axelrod", filters=Filters.build(since="2016-10-01"))
    assert quotes and all(q.source == axelrod for q in quotes)
    assert not assistant.quotes("Axelrod", filters=Filters.build(until="2016-09-30"))
    assert {d for _, d in assistant.dated_quotes("Axelrod")} == {"2016-10-05"}
    rows = inside.to_records()
    assert rows and {r["date"] for r in rows} == {"2016-10-05"}

    # Another reader of the same index sees it on its next question.
    other = Assistant(assistant.path)
    assert {c.date for c in other.ask("What did Axelrod say?").citations} == {"2016-10-05"}


def test_a_corrected_publisher_is_what_the_publisher_filter_finds(two):
    assistant, _, axelrod = two
    assistant.correct(axelrod, publisher="  Politico   Magazine ")
    assert _listed(assistant, axelrod)["source_name"] == "Politico Magazine"
    found = assistant.ask("What did Axelrod say?", filters=Filters.build(source="politico magazine"))
    assert found.found and {c.publisher for c in found.citations} == {"Politico Magazine"}
    other = assistant.ask("What did Axelrod say?", filters=Filters.build(source="The Times"))
    assert axelrod not in {c.source for c in other.citations}


def test_corrections_outlive_re_indexing_the_file_unchanged_and_changed(two):
    assistant, folder, axelrod = two
    assistant.correct(axelrod, date="2016-10-05", publisher="Politico")
    assert assistant.index([folder]).unchanged
    assert _listed(assistant, axelrod)["date"] == "2016-10-05"
    path = folder / AXELROD
    path.write_text(path.read_text(encoding="utf-8") + "\nThis article was updated.\n",
                    encoding="utf-8")
    report = assistant.index([folder])
    assert report.updated == [axelrod]
    listed = _listed(assistant, axelrod)
    assert (listed["date"], listed["source_name"]) == ("2016-10-05", "Politico")
    assert listed["corrected"] == ["date", "source_name"]
    assert {c.date for c in assistant.ask("What did Axelrod say?").citations} == {"2016-10-05"}
    # The other article, not corrected, keeps the date of its name.
    union = str((folder / UNION).resolve())
    assert _listed(assistant, union)["date"] == "2016-09-30"


def test_an_empty_date_makes_the_article_undated(two):
    assistant, _, axelrod = two
    assistant.correct(axelrod, date="")
    assert _listed(assistant, axelrod)["date"] == ""
    dated = assistant.ask("What did Axelrod say?", filters=Filters.build(since="2000-01-01"))
    assert axelrod not in {c.source for c in dated.citations}
    assert {d for _, d in assistant.dated_quotes("Axelrod")} == {None}


def test_bad_corrections_name_the_article_and_field_and_change_nothing(two):
    assistant, folder, axelrod = two
    before = snapshot(assistant.path)
    with pytest.raises(AssistantError, match=r"axelrod.*date: cannot read '2016-13-45'"):
        assistant.correct(axelrod, date="2016-13-45")
    with pytest.raises(AssistantError, match="give a date or a publisher"):
        assistant.correct(axelrod)
    missing = str(folder / "not-indexed.txt")
    with pytest.raises(AssistantError, match="not-indexed.txt: not in the index"):
        assistant.correct(missing, date="2016-10-05")
    assert snapshot(assistant.path) == before


def test_the_command_line_lists_and_corrects(two, capsys, monkeypatch):
    assistant, folder, axelrod = two
    monkeypatch.chdir(folder)
    index = str(assistant.path)
    assert main(["correct", AXELROD, "--date", "October 5, 2016", "--index", index]) == 0
    assert "date 2016-10-05" in capsys.readouterr().out
    assert main(["articles", "--json", "--index", index]) == 0
    listed = {d["source"]: d for d in json.loads(capsys.readouterr().out)}
    assert listed[axelrod]["date"] == "2016-10-05" and listed[axelrod]["corrected"] == ["date"]
    assert main(["correct", AXELROD, "--date", "someday", "--index", index]) == 2
    assert "date: cannot read 'someday'" in capsys.readouterr().err
