"""The Compare tab and the speaker page in a real browser (Debian's Chromium, headless,
Playwright) against `assistant serve` over PolNeAR dev articles with dates in their file
names. Screenshots go to tests/artifacts/screenshots/ (git-ignored)."""
from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import browser, ARTIFACTS, shot  # noqa: F401 (browser: a fixture)
from server_support import call_api, serving
from test_compare import ARTICLES, desk_folder

from assistant import Assistant

pytestmark = pytest.mark.slow  # a server and a browser
PERSON = "Donald Trump"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk-browser") / "articles"
    desk_folder(folder)
    index = folder.parent / "index"
    assistant = Assistant(index)
    assert len(assistant.index([folder]).added) == len(ARTICLES)
    return assistant, index


@pytest.fixture(scope="module")
def server(desk):
    with serving(desk[1]) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.goto(server)
    tab.wait_for_selector("#question textarea")
    yield tab
    context.close()


def _screenshot(page, name: str) -> None:
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    shot(page, f"screenshots/{name}")


def _spans(assistant: Assistant, name: str) -> set[tuple[str, int, int]]:
    return {(q.source, q.start, q.end) for q in assistant.quotes(speaker=name)}


def _shown(locator) -> list[dict]:
    return locator.evaluate_all(
        "els => els.map((e) => ({source: e.dataset.source, start: Number(e.dataset.start),"
        " end: Number(e.dataset.end), speaker: e.dataset.speaker || '', date: e.dataset.date}))")


def test_compare_columns_hold_each_partys_statements(page, desk, server):
    assistant, _ = desk
    page.get_by_role("tab", name="Compare", exact=True).click()
    page.locator("#compare-parties textarea, #compare-parties input").first.fill(
        "Trump, Clinton, Donald Smithfield")
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
    # The same comparison through the API.
    status, data = call_api(server, "compare", ["", ["Trump", "Clinton"], 3])
    assert status == "complete"
    columns = data[0]["columns"]
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
    page.locator("#speaker-topic textarea, #speaker-topic input").first.fill("taxes")
    page.locator("#speaker-topic textarea, #speaker-topic input").first.press("Enter")
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
