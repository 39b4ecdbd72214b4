"""Answers taken out: Markdown to paste, CSV and JSON rows with exact spans, from the API
and the command line, on the real seed index."""
import csv
import io
import json
from html import unescape
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from assistant import Answer, Citation
from assistant.answer.export import FIELDS, quote_citation, quotes_answer
from assistant.cli import main
from assistant.web.speaker_page import speaker_view, statements_answer

ZELENSKYY = "Volodymyr Zelenskyy"  # quoted four times in the seed article
PESKOW = "We will carefully evaluate the proposal after receiving all necessary details."
HOSTILE = ('He said, "no, never",\nthen: *not bold* [a link](http://x.example) <b>tag</b> '
           "`code` &amp; ~~gone~~\n# not a heading\n- not a list\n1. not a list either\n"
           "> not nested\n\n---\n=== ok")


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def as_cells(rows: list[dict]) -> list[dict]:
    """Rows as CSV gives them back: every value text, None an empty cell."""
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


class _Rendered(HTMLParser):
    """The tags Markdown rendered, and the text of each block quote."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.quotes, self._depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "blockquote":
            self._depth += 1
            if self._depth == 1:
                self.quotes.append("")

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.quotes[-1] += data


def rendered(markdown: str) -> _Rendered:
    page = _Rendered()
    page.feed(MarkdownIt("commonmark").enable("strikethrough").render(markdown))
    return page


def words(text: str) -> str:
    return " ".join(unescape(text).split())


@pytest.fixture(scope="module")
def peskov(seed):
    return seed.ask("What did Peskov say?")


def test_records_hold_exact_spans_speakers_and_articles(seed, peskov):
    rows = peskov.to_records()
    assert len(rows) == len(peskov.citations) >= 1
    for row in rows:
        assert tuple(row) == FIELDS
        assert seed.document(row["source"]).text[row["start"] : row["end"]] == row["quote"]
    first = rows[0]
    assert PESKOW in first["quote"] and first["kind"] == "quote"
    assert first["speaker"] == "Dmitri Peskow" and first["role"]
    assert first["title"] == seed.document(first["source"]).title
    assert first["file"] == first["source"] and first["n"] == 1
    assert first["date"] == "2025-03-12"  # from the seed's file name
    assert first["publisher"] is None and first["url"] is None  # a plain text file has none


def test_csv_and_json_read_back_as_the_same_rows(peskov):
    rows = peskov.to_records()
    assert csv_rows(peskov.to_csv()) == as_cells(rows)
    assert json.loads(peskov.to_json()) == rows
    assert "“" in peskov.to_json() or "’" in peskov.to_json()  # letters kept, not \u-escaped


def hostile_answer() -> Answer:
    citation = Citation(1, "/news/a.txt#7", 'Talks, "at last"', 10, 10 + len(HOSTILE), HOSTILE,
                        0.5, date="2025-03-12", publisher="Daily, Planet", url=None,
                        file="/news/a.txt", kind="quote", speaker="Dmitri Peskow", role=None)
    return Answer("What did Peskov say?", "From the indexed articles:\n\nDmitri Peskow: ... [1]",
                  [citation])


def test_csv_quotes_commas_quotation_marks_and_line_breaks():
    answer = hostile_answer()
    (row,) = csv_rows(answer.to_csv())
    assert row["quote"] == HOSTILE and row["title"] == 'Talks, "at last"'
    assert row["publisher"] == "Daily, Planet" and row["role"] == row["url"] == ""
    assert (row["start"], row["end"]) == ("10", str(10 + len(HOSTILE)))
    assert json.loads(answer.to_json())[0]["quote"] == HOSTILE


def test_markdown_holds_each_quote_and_title(seed, peskov):
    markdown = peskov.to_markdown()
    assert markdown.startswith(peskov.text.split("\n")[0])
    page = rendered(markdown)
    assert len(page.quotes) == len(peskov.citations)
    for citation, quoted in zip(peskov.citations, page.quotes):
        assert words(citation.text) in words(quoted)
        assert citation.title in quoted and f"(chars {citation.start}–{citation.end})" in quoted
    assert "Dmitri Peskow" in page.quotes[0] and "2025-03-12" in page.quotes[0]


def test_markdown_special_characters_in_a_quote_stay_text():
    answer = hostile_answer()
    page = rendered(answer.to_markdown())
    assert page.tags.count("blockquote") == 1  # "> not nested" did not open another
    assert not {"em", "a", "b", "code", "h1", "h2", "ul", "ol", "hr", "s", "del"} & set(page.tags)
    (quoted,) = page.quotes
    for line in HOSTILE.splitlines():
        assert words(line) in words(quoted), line
    # Missing fields are left out, not written as "None" or empty commas.
    assert 'Talks, "at last", Daily, Planet, 2025-03-12, /news/a.txt (chars 10–' in quoted
    assert "None" not in quoted and ", ," not in quoted


def test_answer_markers_stay_readable_and_nothing_found_exports_no_rows():
    markdown = hostile_answer().to_markdown()
    assert markdown.startswith("From the indexed articles:\n\nDmitri Peskow: ... [1]\n")
    empty = Answer("What did Nobody say?", "Not found in the indexed articles.")
    assert empty.to_records() == [] and json.loads(empty.to_json()) == []
    assert csv_rows(empty.to_csv()) == [] and empty.to_csv().startswith(",".join(FIELDS))
    assert empty.to_markdown() == "Not found in the indexed articles.\n"


@pytest.mark.parametrize("form", ["csv", "json", "md"])
def test_ask_command_exports(seed, seed_index, peskov, capsys, form):
    assert main(["ask", "What did Peskov say?", "--index", str(seed_index), "--format", form]) == 0
    out = capsys.readouterr().out
    if form == "csv":
        assert csv_rows(out) == as_cells(peskov.to_records())
    elif form == "json":
        assert json.loads(out) == peskov.to_records()
    else:
        assert out == peskov.to_markdown()
        assert PESKOW in out and peskov.citations[0].title in out


def test_quotes_command_exports_rows_like_an_answer(seed, seed_index, capsys):
    assert main(["quotes", "--speaker", "Peskov", "--index", str(seed_index), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(tuple(r) == FIELDS for r in rows)
    for row in rows:
        article = seed.document(row["source"])
        assert article.text[row["start"] : row["end"]] == row["quote"]
        assert row["speaker"] == "Dmitri Peskow" and row["title"] == article.title
        assert row["date"] == "2025-03-12" and row["file"] == row["source"]
    assert any(PESKOW in r["quote"] for r in rows)
    assert main(["quotes", "--speaker", "Peskov", "--index", str(seed_index), "--format", "csv"]) == 0
    assert csv_rows(capsys.readouterr().out) == as_cells(rows)
    assert main(["quotes", "--speaker", "Peskov", "--index", str(seed_index), "--format", "md"]) == 0
    page = rendered(capsys.readouterr().out)
    assert len(page.quotes) == len(rows) and all(words(r["quote"]) in words(q) for r, q in zip(rows, page.quotes))


def test_nobody_s_quotes_and_conflicting_options(seed_index, capsys):
    assert main(["quotes", "--speaker", "Smithfield", "--index", str(seed_index), "--format", "csv"]) == 0
    assert csv_rows(capsys.readouterr().out) == []
    assert main(["quotes", "--speaker", "Smithfield", "--index", str(seed_index), "--format", "md"]) == 0
    assert capsys.readouterr().out == "No quotes found.\n"
    with pytest.raises(SystemExit) as refused:
        main(["ask", "What did Peskov say?", "--json", "--format", "csv"])
    assert refused.value.code == 2 and "not allowed with argument --json" in capsys.readouterr().err


def test_quotes_answer_cites_each_quote_at_its_exact_span_with_its_article(seed):
    quotes = seed.quotes()  # everyone's, several people
    answer = quotes_answer(quotes, seed.documents(), "Everyone quoted")
    rows = answer.to_records()
    assert len(rows) == len(quotes) >= 10
    assert len({r["speaker"] for r in rows}) >= 5
    for n, (row, q) in enumerate(zip(rows, quotes), 1):  # one row per quote, in its order
        assert tuple(row) == FIELDS and row["n"] == n and row["kind"] == "quote"
        assert (row["source"], row["start"], row["end"]) == (q.source, q.start, q.end)
        assert (row["speaker"], row["role"]) == (q.speaker, q.role)
        article = seed.document(row["source"])
        assert article.text[row["start"]:row["end"]] == row["quote"]
        assert row["title"] == article.title and row["date"] == article.date == "2025-03-12"
        assert row["file"] == row["source"]
    assert any(PESKOW in r["quote"] for r in rows)
    first = rows[0]
    assert answer.to_markdown().startswith(f"Everyone quoted\n\n> [1] **{first['speaker']}**")
    assert csv_rows(answer.to_csv()) == as_cells(rows)


def test_a_quote_whose_article_is_not_listed_keeps_its_span_and_leaves_the_rest_out(seed):
    q = seed.quotes(speaker="Peskov")[0]
    row = quote_citation(3, q, {})
    assert (row.n, row.text, row.start, row.end, row.speaker) == (3, q.text, q.start, q.end,
                                                                   q.speaker)
    assert row.title == "" and row.date is row.publisher is row.url is row.file is None


def test_a_speaker_page_exports_its_statements_in_the_pages_order(seed):
    view = speaker_view(seed, ZELENSKYY)
    shown = view.dated + view.undated
    rows = statements_answer(seed, view).to_records()
    assert [(r["source"], r["start"], r["end"]) for r in rows] == [
        (s.source, s.start, s.end) for s in shown] and rows
    assert all(seed.document(r["source"]).text[r["start"]:r["end"]] == r["quote"] for r in rows)
    assert {r["speaker"] for r in rows} == {ZELENSKYY}  # as the chat names him
    assert [r["date"] for r in rows] == [s.date for s in shown]
    on_topic = statements_answer(seed, speaker_view(seed, ZELENSKYY, "security"))
    assert 0 < len(on_topic.citations) < len(rows)
    assert all("security" in c.text for c in on_topic.citations)
    assert on_topic.to_markdown().startswith(
        f"{ZELENSKYY}: {len(on_topic.citations)} statement")
    assert statements_answer(seed, speaker_view(seed, "Nobody Atall")) is None


def test_documents_of_some_sources_are_those_articles_listings(seed):
    """`documents(sources)` reads only the articles asked for, listed as `documents()`
    lists them; an unknown source is left out."""
    everything = seed.documents()
    source = everything[0]["source"]
    assert seed.documents([source]) == [everything[0]]
    assert seed.documents([source, "/nowhere/missing.txt"]) == [everything[0]]
    assert seed.documents([]) == []
