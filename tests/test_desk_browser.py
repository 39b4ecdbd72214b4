"""The Compare tab and the speaker page in a real browser (Debian's Chromium, headless,
Playwright) against `assistant serve` over PolNeAR dev articles with dates in their file
names, and the ways between them and the chat: a Speakers row opens its person's page,
whose button asks the chat; a several-parties answer opens in Compare; both take what
they show out as Markdown, CSV and JSON. Screenshots go to tests/artifacts/screenshots/
(git-ignored)."""
from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from browser_support import browser, page, ARTIFACTS, USER, ask, shot, wait_answered  # noqa: F401 (browser, page: fixtures)
from server_support import call_api, served
from test_compare import ARTICLES, desk_folder

from assistant import Assistant
from assistant.answer.compare import on_topic

pytestmark = pytest.mark.slow  # a server and a browser
PERSON = "Donald Trump"
# Two people the articles quote at length, by their names in the index (the bare name,
# though the articles also write "Democrat Hillary Clinton"), and a topic both speak on.
OTHER = "Hillary Clinton"
TWO = "What did Donald Trump and Hillary Clinton say about the debate?"
ONE = "What did Donald Trump say about the debate?"
THIRD = "Barack Obama"  # far down the list, first of those a search for "obama" lists
SINCE, UNTIL = "2016-10-02", "2016-10-04"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk-browser") / "articles"
    desk_folder(folder)
    index = folder.parent / "index"
    assistant = Assistant(index)
    assert len(assistant.index([folder]).added) == len(ARTICLES)
    return assistant, index


server = served("desk", lambda desk: desk[1])


def _screenshot(page, name: str) -> None:
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    shot(page, f"screenshots/{name}")


def _box(page, elem_id: str):
    """The text field of the Gradio box with that element id."""
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def _spans(assistant: Assistant, name: str) -> set[tuple[str, int, int]]:
    return {(q.source, q.start, q.end) for q in assistant.quotes(speaker=name)}


def _shown(locator) -> list[dict]:
    return locator.evaluate_all(
        "els => els.map((e) => ({source: e.dataset.source, start: Number(e.dataset.start),"
        " end: Number(e.dataset.end), speaker: e.dataset.speaker || '', date: e.dataset.date}))")


def test_compare_columns_hold_each_partys_statements(page, desk, server):
    assistant, _ = desk
    page.get_by_role("tab", name="Compare", exact=True).click()
    _box(page, "compare-parties").fill("Trump, Clinton, Donald Smithfield")
    page.locator("#compare-run").click()
    page.locator("#compare .compare-side").nth(2).wait_for()
    sides = page.locator("#compare .compare-side")
    assert [sides.nth(i).get_attribute("data-party") for i in range(3)] == [
        "Trump", "Clinton", "Donald Smithfield"]
    for i, party in enumerate(["Trump", "Clinton"]):
        said = _spans(assistant, party)
        shown = _shown(sides.nth(i).locator(".statement"))
        quoted = [s for s in shown if s["speaker"]]
        assert quoted, party
        for s in quoted:  # each is the index's quote of that very person
            assert (s["source"], s["start"], s["end"]) in said, (party, s)
        for s in shown:
            text = assistant.document(s["source"]).text[s["start"]:s["end"]]
            where = f'.statement[data-start="{s["start"]}"][data-source="{s["source"]}"]'
            marked = sides.nth(i).locator(where).first.locator("mark").inner_text()
            assert " ".join(text.split()) in " ".join(marked.split())
        dates = sides.nth(i).locator(".statement .when").all_inner_texts()
        assert all(d.split("] ", 1)[1] in {"undated"} | {f"2016-10-0{k}" for k in range(1, 8)}
                   for d in dates)
    unknown = sides.nth(2)
    assert unknown.get_attribute("data-found") == "false"
    assert "Donald Smithfield is not quoted in the indexed articles." in unknown.inner_text()
    assert unknown.locator(".statement").count() == 0
    _screenshot(page, "compare")
    # The same comparison through the API (its filters are optional: the client leaves
    # them out).
    from gradio_client import Client

    columns = Client(server, verbose=False).predict(
        "", ["Trump", "Clinton"], 3, api_name="/compare")["columns"]
    assert [c["party"] for c in columns] == ["Trump", "Clinton"]
    said = _spans(assistant, "Trump")
    assert columns[0]["statements"] and all(
        (c["source"], c["start"], c["end"]) in said for c in columns[0]["statements"]
        if c["kind"] == "quote")


def _expected_points(assistant: Assistant, name: str) -> tuple[list[tuple], list[tuple]]:
    """The person's quotes with their article's date, dated and undated."""
    dated, undated = [], []
    for q in assistant.quotes(speaker=name):
        when = assistant.document(q.source).date
        (dated if when else undated).append((q.source, q.start, q.end, when or ""))
    return dated, undated


def test_speaker_page_plots_each_dated_statement_and_opens_its_span(page, desk):
    assistant, _ = desk
    person = next(p for p in assistant.speakers() if p.name == PERSON)
    dated, undated = _expected_points(assistant, PERSON)
    assert len(dated) + len(undated) == person.quote_count and dated and undated
    page.get_by_role("tab", name="Speaker", exact=True).click()
    page.locator("#speaker-pick input").click()
    page.get_by_role("option", name=PERSON, exact=True).first.click()
    points = page.locator("#speaker-plot circle.point")
    page.wait_for_function(
        "n => document.querySelectorAll('#speaker-plot circle.point').length === n",
        arg=len(dated))
    profile = page.locator("#speaker-profile").inner_text()
    assert PERSON in profile and f"Quotes: {person.quote_count}" in profile
    shown = _shown(points)
    assert sorted((s["source"], s["start"], s["end"], s["date"]) for s in shown) == sorted(dated)
    # Left to right by date.
    xs = points.evaluate_all("els => els.map((e) => [Number(e.getAttribute('cx')), e.dataset.date])")
    assert [d for _, d in sorted(xs)] == sorted(d for _, d in xs)
    assert page.locator("#speaker-plot ul.undated li").count() == len(undated)
    # Hovering a point shows its words; a click opens the article at its span.
    target = points.nth(len(dated) // 2)
    source, start, end = (target.get_attribute(a) for a in ("data-source", "data-start", "data-end"))
    words = assistant.document(source).text[int(start):int(end)]
    flat = " ".join(words.split())
    assert flat in " ".join(target.locator("title").text_content().split())
    target.hover()
    hovered = page.locator("#speaker-plot .hover-words").inner_text()
    assert flat[:40] in " ".join(hovered.split())
    target.click()
    mark = page.locator("#speaker-article mark.cited")
    mark.wait_for()
    page.wait_for_function(
        "s => document.querySelector('#speaker-article .article-text').dataset.source === s",
        arg=source)
    assert mark.text_content() == words
    page.wait_for_function("""() => {  // scrolled into view inside the article's pane
        const pane = document.querySelector('#speaker-article .article-text').getBoundingClientRect();
        const mark = document.querySelector('#speaker-article mark.cited').getBoundingClientRect();
        return mark.top >= pane.top && mark.top <= pane.bottom;
    }""")
    _screenshot(page, "speaker")
    # A topic narrows the points to the statements using its words.
    _box(page, "speaker-topic").fill("taxes")
    _box(page, "speaker-topic").press("Enter")
    on_topic = len([s for s in assistant.dated_quotes(PERSON, about="taxes") if s[1]])
    page.wait_for_function(
        "n => document.querySelectorAll('#speaker-plot circle.point').length === n", arg=on_topic)
    assert 0 < on_topic < len(dated)


def test_undated_statement_opens_its_article(page, desk):
    assistant, _ = desk
    page.get_by_role("tab", name="Speaker", exact=True).click()
    page.locator("#speaker-pick input").click()
    page.get_by_role("option", name=PERSON, exact=True).first.click()
    item = page.locator("#speaker-plot ul.undated li").first
    item.wait_for()
    source = item.get_attribute("data-source")
    assert Path(source).name.startswith("undated_")
    item.click()
    page.locator("#speaker-article mark.cited").wait_for()
    start, end = int(item.get_attribute("data-start")), int(item.get_attribute("data-end"))
    assert page.locator("#speaker-article mark.cited").text_content() == \
        assistant.document(source).text[start:end]


def _tab_selected(page, name: str) -> None:
    page.wait_for_function(
        """name => [...document.querySelectorAll('[role=tab]')].some(
            (t) => t.innerText.trim() === name && t.getAttribute('aria-selected') === 'true')""",
        arg=name)


def _speaker_row(page, name: str):
    """The Speakers row whose Name cell is `name`."""
    return page.locator("#speakers [role=row]").filter(
        has=page.locator("[role=gridcell].first-column", has_text=name)).filter(
        has_text=name).first


def _opened(page, name: str) -> str:
    """Wait for the Speaker tab to show `name`'s page; returns the profile's text."""
    _tab_selected(page, "Speaker")
    page.wait_for_function(
        "name => (document.querySelector('#speaker-profile h3') || {}).innerText === name",
        arg=name)
    return page.locator("#speaker-profile").inner_text()


def test_a_speakers_row_opens_that_persons_page(page, desk):
    assistant, _ = desk
    people = {p.name: p for p in assistant.speakers()}
    page.get_by_role("tab", name="Speakers", exact=True).click()
    row = _speaker_row(page, OTHER)
    row.wait_for()
    cells = row.locator("[role=gridcell]")
    assert cells.first.get_attribute("data-row") != "0"  # not merely the first row
    texts = cells.all_inner_texts()
    assert texts[0] == OTHER and int(texts[3]) == people[OTHER].quote_count
    cells.first.click()
    profile = _opened(page, OTHER)
    assert f"Quotes: {texts[3]}" in profile
    assert page.locator("#speaker-pick input").input_value() == OTHER
    dated = [q for q, when in assistant.dated_quotes(OTHER) if when]
    page.wait_for_function(
        "n => document.querySelectorAll('#speaker-plot circle.point').length === n",
        arg=len(dated))
    assert page.locator(USER).count() == 0  # nothing was asked in the chat
    _screenshot(page, "speaker-from-speakers-row")
    # In a filtered list the row is read from the rows shown (the same row of the whole
    # list is someone else). A click on its count opens that person's page.
    page.get_by_role("tab", name="Speakers", exact=True).click()
    _box(page, "speaker-search").fill("obama")
    page.wait_for_function(f"""() => {{
        const names = [...document.querySelectorAll('#speakers [role=gridcell].first-column')]
            .map((e) => e.innerText.trim());
        return names.includes('{THIRD}') && !names.includes('{PERSON}');
    }}""")
    row = _speaker_row(page, THIRD)
    count = row.locator("[role=gridcell]").nth(3)
    assert int(count.inner_text()) == people[THIRD].quote_count
    count.click()
    profile = _opened(page, THIRD)
    assert f"Quotes: {people[THIRD].quote_count}" in profile and OTHER not in profile
    assert page.locator("#speaker-pick input").input_value() == THIRD


def test_ask_in_chat_asks_what_the_person_said(page, desk):
    assistant, _ = desk
    ask_button = page.locator("#speaker-ask")
    page.get_by_role("tab", name="Speaker", exact=True).click()
    assert not ask_button.is_visible()  # no person chosen yet
    page.locator("#speaker-pick input").click()
    page.get_by_role("option", name=OTHER, exact=True).first.click()
    _opened(page, OTHER)
    ask_button.wait_for(state="visible")
    _screenshot(page, "speaker-ask-in-chat")
    ask_button.click()
    _tab_selected(page, "Chat")
    answer = wait_answered(page, 1)
    assert page.locator(USER).first.inner_text().strip() == f"What did {OTHER} say?"
    assert answer.startswith(OTHER)
    # The quotations cited are hers, each labelled with her name.
    said = {" ".join(q.text.split()) for q in assistant.quotes(speaker=OTHER)}
    quoted = page.locator("#sources .passage").filter(has=page.locator(".said-by.quote"))
    assert quoted.count() > 0
    for i in range(quoted.count()):
        block = quoted.nth(i)
        assert block.locator(".said-by").inner_text().startswith(OTHER)
        assert " ".join(block.locator("p.context mark").inner_text().split()) in said
    _screenshot(page, "speaker-asked-in-chat")


def _export_starts(page, head: str) -> None:
    """Wait until the export box holds an answer beginning with `head`: the offers under
    an answer are made just before its export, so they are in place then."""
    page.locator("#export").get_by_text("Answer as Markdown").click()
    page.wait_for_function(
        "head => document.querySelector('#export-markdown textarea')?.value.startsWith(head)",
        arg=head)


def _when(page) -> list[str]:
    """The dates the Compare columns show, one per statement ("undated" for none)."""
    shown = page.locator("#compare .statement .when").all_inner_texts()
    return [d.split("] ", 1)[1] for d in shown]


def test_a_two_person_answer_opens_in_compare(page, desk):
    assistant, _ = desk
    button = page.locator("#open-compare")
    # The chat's filters go along: dated articles only, so no undated statement comes.
    page.locator("#options").get_by_text("Filters and answer options").click()
    _box(page, "filter-since").fill("2016-10-01")
    ask(page, TWO, 1)
    button.wait_for(state="visible")
    sides = page.locator("#sources .sides .side")
    assert [sides.nth(i).get_attribute("data-party") for i in range(sides.count())] == [
        PERSON, "Hillary Clinton"]
    _screenshot(page, "chat-open-in-compare")
    button.click()
    _tab_selected(page, "Compare")
    columns = page.locator("#compare .compare-side")
    columns.nth(1).wait_for()
    assert _box(page, "compare-topic").input_value() == "the debate"
    assert _box(page, "compare-parties").input_value() == f"{PERSON}, Hillary Clinton"
    assert [columns.nth(i).get_attribute("data-party") for i in range(columns.count())] == [
        PERSON, "Hillary Clinton"]
    assert _box(page, "compare-since").input_value() == "2016-10-01"
    assert "undated" not in _when(page) and any(
        not c.date for c in assistant.compare("the debate", [PERSON, "Hillary Clinton"]).citations)
    for i, name in enumerate([PERSON, OTHER]):
        said = _spans(assistant, name)
        shown = _shown(columns.nth(i).locator(".statement"))
        quoted = [s for s in shown if s["speaker"]]  # the rest: reported speech naming them
        assert quoted and {s["speaker"] for s in quoted} == {name}, (name, shown)
        for s in quoted:
            assert (s["source"], s["start"], s["end"]) in said, (name, s)
        for s in shown:
            text = assistant.document(s["source"]).text[s["start"]:s["end"]]
            assert on_topic(text, "the debate"), text
    _screenshot(page, "compare-from-chat")
    # A question about one person does not offer it; the button goes with the answer.
    page.get_by_role("tab", name="Chat", exact=True).click()
    ask(page, ONE, 2)
    _export_starts(page, f"{PERSON} ")
    assert not button.is_visible()
    assert page.locator("#sources .sides").count() == 0


def test_compare_date_range_and_a_bad_date(page, desk, server):
    assistant, _ = desk
    everything = assistant.compare("", ["Trump", "Clinton"]).citations
    assert any(not c.date or not SINCE <= c.date <= UNTIL for c in everything)  # some to leave out
    page.get_by_role("tab", name="Compare", exact=True).click()
    _box(page, "compare-parties").fill("Trump, Clinton")
    _box(page, "compare-since").fill(SINCE)
    _box(page, "compare-until").fill(UNTIL)
    page.locator("#compare-run").click()
    columns = page.locator("#compare .compare-side")
    columns.nth(1).wait_for()
    for i in range(2):
        assert columns.nth(i).locator(".statement").count() > 0
    dates = _when(page)
    assert dates and all(SINCE <= d <= UNTIL for d in dates), dates
    for s in _shown(page.locator("#compare .statement")):  # each dated as its article is
        assert SINCE <= assistant.document(s["source"]).date <= UNTIL
    _screenshot(page, "compare-date-range")
    # A date that cannot be read is named, and nothing is compared.
    _box(page, "compare-since").fill("2016-13-45")
    page.locator("#compare-run").click()
    page.locator("#compare .nothing", has_text="⚠️").wait_for()
    error = page.locator("#compare").inner_text()
    assert "since" in error and "2016-13-45" in error
    assert columns.count() == 0
    _screenshot(page, "compare-bad-date")
    # The API takes the same filters.
    status, data = call_api(server, "compare", ["", ["Trump", "Clinton"], 5, "", SINCE, UNTIL])
    assert status == "complete"
    dates = [c["date"] for column in data[0]["columns"] for c in column["statements"]]
    assert dates and all(d and SINCE <= d <= UNTIL for d in dates), dates
    status, data = call_api(server, "compare", ["", ["Trump", "Clinton"], 5, "", "", "later"])
    assert status == "complete" and "until" in data[0]["error"] and data[0]["columns"] == []


def _download(page, elem_id: str) -> str:
    with page.expect_download() as download:
        page.locator(f"#{elem_id}").click()
    return Path(download.value.path()).read_text(encoding="utf-8")


def _words(text: str) -> str:
    return " ".join(unescape(text).split())


def _exported(page, prefix: str, what: str, head: str) -> tuple[list[dict], str]:
    """Wait until the export row under a tab (element ids `<prefix>-export-...`) holds
    Markdown beginning with `head`; returns its JSON rows (checked against its CSV rows)
    and its Markdown rendered to words."""
    page.locator(f"#{prefix}-export-csv").wait_for(state="visible")
    opener = page.locator(f"#{prefix}-export").get_by_text(f"{what} as Markdown")
    if not page.locator(f"#{prefix}-export-markdown textarea").is_visible():
        opener.click()
    page.wait_for_function(
        "([id, head]) => document.querySelector(`#${id} textarea`)?.value.startsWith(head)",
        arg=[f"{prefix}-export-markdown", head])
    rows = list(csv.DictReader(io.StringIO(_download(page, f"{prefix}-export-csv"), newline="")))
    records = json.loads(_download(page, f"{prefix}-export-json"))
    assert [{k: "" if v is None else str(v) for k, v in r.items()} for r in records] == rows
    markdown = page.locator(f"#{prefix}-export-markdown textarea").input_value()
    return records, _words(re.sub(r"<[^>]+>", " ", MarkdownIt("commonmark").render(markdown)))


def _exact(assistant: Assistant, records: list[dict], rendered: str) -> None:
    """Every row's quote is its span of its article, and the Markdown holds it."""
    for r in records:
        assert assistant.document(r["source"]).text[r["start"]:r["end"]] == r["quote"], r
        assert _words(r["quote"]) in rendered, r["quote"]


def test_compare_exports_the_statements_shown(page, desk):
    assistant, _ = desk
    page.get_by_role("tab", name="Compare", exact=True).click()
    export = page.locator("#compare-export")
    assert not export.is_visible()  # nothing compared yet
    _box(page, "compare-topic").fill("the debate")
    _box(page, "compare-parties").fill("Trump, Clinton, Donald Smithfield")
    page.locator("#compare-run").click()
    page.locator("#compare .compare-side").nth(2).wait_for()
    records, rendered = _exported(page, "compare", "Comparison", "## the debate")
    sides = page.locator("#compare .compare-side")
    shown = [(sides.nth(i).get_attribute("data-party"), s)
             for i in range(sides.count()) for s in _shown(sides.nth(i).locator(".statement"))]
    assert {party for party, _ in shown} == {"Trump", "Clinton"}  # nothing of the third
    assert [(r["party"], r["speaker"] or "", r["source"], r["start"], r["end"]) for r in records] \
        == [(party, s["speaker"], s["source"], s["start"], s["end"]) for party, s in shown]
    assert [r["n"] for r in records] == list(range(1, len(records) + 1))
    _exact(assistant, records, rendered)
    assert "Donald Smithfield is not quoted" in rendered
    # Copied, the same Markdown as the box shows.
    page.locator("#compare-export-copy").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).startsWith('## ')")
    assert page.evaluate("navigator.clipboard.readText()") == \
        page.locator("#compare-export-markdown textarea").input_value()
    _screenshot(page, "compare-export")
    # An error hides the row: no stale comparison is offered.
    _box(page, "compare-until").fill("later")
    page.locator("#compare-run").click()
    page.locator("#compare .nothing", has_text="⚠️").wait_for()
    export.wait_for(state="hidden")


def _page_statements(page) -> list[tuple[str, int, int]]:
    """The statements the speaker page shows, in its order: points, then undated ones."""
    shown = _shown(page.locator("#speaker-plot circle.point, #speaker-plot ul.undated li"))
    return [(s["source"], s["start"], s["end"]) for s in shown]


def _plot_says(page, text: str) -> None:
    page.wait_for_function(
        "text => document.querySelector('#speaker-plot')?.innerText.includes(text)", arg=text)


def test_speaker_page_exports_the_statements_shown(page, desk):
    assistant, _ = desk
    person = next(p for p in assistant.speakers() if p.name == PERSON)
    page.get_by_role("tab", name="Speaker", exact=True).click()
    assert not page.locator("#speaker-export").is_visible()  # no person chosen yet
    page.locator("#speaker-pick input").click()
    page.get_by_role("option", name=PERSON, exact=True).first.click()
    _opened(page, PERSON)
    _plot_says(page, "undated statements.")
    records, rendered = _exported(page, "speaker", "Statements",
                                  f"{PERSON}: {person.quote_count} statements")
    shown = _page_statements(page)
    assert len(shown) == person.quote_count
    assert [(r["source"], r["start"], r["end"]) for r in records] == shown
    # One name, as the chat names his quotations, however an article spells it.
    assert {r["speaker"] for r in records} == {PERSON}
    quotes = assistant.quotes(speaker=PERSON)
    written = {q.text[q.speaker_span.start - q.start:q.speaker_span.end - q.start]
               for q in quotes if q.speaker_span}
    assert {"Trump", "he"} <= written  # as the articles introduce his words
    dates = [r["date"] for r in records]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and None in dates and dates.index(None) == len(dated)
    _exact(assistant, records, rendered)
    _screenshot(page, "speaker-export")
    # The topic narrows the export with the page.
    _box(page, "speaker-topic").fill("taxes")
    _box(page, "speaker-topic").press("Enter")
    narrowed = [q for q, _ in assistant.dated_quotes(PERSON, about="taxes")
                if q.speaker in person.aliases]
    assert 0 < len(narrowed) < person.quote_count
    _plot_says(page, "on “taxes”")
    records, rendered = _exported(page, "speaker", "Statements",
                                  f"{PERSON}: {len(narrowed)} statement")
    assert [(r["source"], r["start"], r["end"]) for r in records] == _page_statements(page)
    assert len(records) == len(narrowed)
    assert all(on_topic(r["quote"], "taxes") for r in records)
    _exact(assistant, records, rendered)
    _screenshot(page, "speaker-export-topic")
