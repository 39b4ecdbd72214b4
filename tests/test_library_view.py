"""The Library tab in a real browser (Debian's Chromium driven by Playwright against
`assistant serve`): readable columns, totals that match the API, sorting and the search box.
The screenshot goes to tests/artifacts/screenshots/library.png."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from browser_support import ARTIFACTS, launch
from conftest import SEED_ARTICLE
from server_support import serving

from assistant import Assistant

pytestmark = pytest.mark.slow  # a server and a browser

ROWS = "#articles [role=row].virtual-row"
HARBOUR = "Harbour reopens after the storm"
SUMMIT = "London summit backs Kyiv"


@pytest.fixture(scope="module")
def library_index(tmp_path_factory):
    """Three articles: the seed (a file without a headline), a JSON article with a title,
    date and publisher, and a Markdown article dated by its file name."""
    folder = tmp_path_factory.mktemp("library") / "articles"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / SEED_ARTICLE.name)
    (folder / "harbour.json").write_text(json.dumps({
        "title": HARBOUR, "date": "2025-04-02", "source": "Baltic Courier",
        "body": "Mayor Quentin Zabrowski said, “The harbour will reopen next week for all ships.”\n"
                "Critics said the repairs were rushed.\n",
    }), encoding="utf-8")
    (folder / "2025-02-20-london-summit.md").write_text(
        f"# {SUMMIT}\n\nDavid Lammy said, “Europe will stand by Kyiv for as long as it takes.”\n",
        encoding="utf-8")
    index = folder.parent / "index"
    report = Assistant(index).index([folder])
    assert len(report.added) == 3 and not report.failed
    return index


@pytest.fixture(scope="module")
def page(library_index):
    from playwright.sync_api import sync_playwright

    with serving(library_index) as url, sync_playwright() as playwright:
        chromium = launch(playwright)
        tab = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        tab.goto(url)
        tab.get_by_role("tab", name="Library").click()
        tab.locator(ROWS).first.wait_for()
        yield tab
        chromium.close()


def _rows(page) -> list[list[str]]:
    """The table's rows as shown, cell by cell."""
    return page.eval_on_selector_all(ROWS, """rows => rows.map((r) =>
        Array.from(r.querySelectorAll('[role=gridcell]')).map((c) => c.innerText.trim()))""")


def _widths(page) -> dict[str, float]:
    """Each column's rendered width in pixels, by header."""
    return dict(page.eval_on_selector_all("#articles th[role=columnheader]", """hs => hs.map((h) =>
        [h.innerText.trim(), h.getBoundingClientRect().width])"""))


def _search(page, text: str, titles: list[str]) -> list[str]:
    """Type `text` into the search box; the titles listed once they are `titles` (sorted),
    or as they are after 30 s."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.locator("#library-search textarea, #library-search input").first.fill(text)
    try:
        page.wait_for_function("""([sel, want]) => {
            const got = Array.from(document.querySelectorAll(sel))
                .map((r) => r.querySelector('[role=gridcell]').innerText.trim()).sort();
            return JSON.stringify(got) === JSON.stringify(want);
        }""", arg=[ROWS, sorted(titles)], timeout=30_000)
    except PlaywrightTimeout:  # the assertion that follows shows what is listed instead
        pass
    return sorted(r[0] for r in _rows(page))


def test_library_columns_totals_sorting_and_search(page, library_index):
    rows = _rows(page)
    assert len(rows) == 3
    by_title = {r[0]: r for r in rows}
    # A file without a headline is listed by its name, not by its first sentence.
    assert SEED_ARTICLE.name in by_title
    assert not any(t.startswith("The recent negotiations") for t in by_title)
    assert by_title[HARBOUR][1:3] == ["2025-04-02", "Baltic Courier"]
    assert by_title[SUMMIT][1] == "2025-02-20"

    # Readable columns: a date and a publisher fit on one line; the title is the widest.
    widths = _widths(page)
    assert list(widths) == ["Title", "Date", "Publisher", "Quotes", "Chunks", "Path"]
    assert widths["Date"] > 60 and widths["Publisher"] > 60, widths
    assert widths["Title"] > widths["Date"] and widths["Quotes"] >= 40, widths
    # Each date and publisher is on one line (an inline span has one box per line).
    lines = page.eval_on_selector_all(
        f"{ROWS} [role=gridcell][data-col='1'] span, {ROWS} [role=gridcell][data-col='2'] span",
        "spans => spans.filter((s) => s.innerText.trim()).map((s) => s.getClientRects().length)")
    assert lines and set(lines) == {1}, lines

    # The totals above the table are the API's, and the table's counts add up to them.
    api = Assistant(library_index)
    totals = api.totals()
    shown = page.locator("#library-totals").inner_text()
    numbers = dict((word, int(n.replace(",", ""))) for n, word in
                   re.findall(r"([\d,]+)\s+(article|people|person|quote|chunk)", shown))
    assert numbers == {"article": totals["articles"], "people": totals["people"],
                       "quote": totals["quotes"], "chunk": totals["chunks"]}, shown
    assert totals["articles"] == 3 and totals["people"] == len(api.speakers())
    assert sum(int(r[3]) for r in rows) == totals["quotes"] == len(api.quotes())
    assert sum(int(r[4]) for r in rows) == totals["chunks"]

    # Sorting by a header's menu: dates ascending.
    header = page.locator("#articles th[data-testid=header-1]")
    header.hover()  # the menu button shows on hover
    header.locator("button.cell-menu-button").click()
    page.get_by_role("menuitem", name="Sort ascending").click()
    page.wait_for_function("""(sel) => {
        const d = Array.from(document.querySelectorAll(sel))
            .map((r) => r.querySelectorAll('[role=gridcell]')[1].innerText.trim());
        return d.length === 3 && d.join() === [...d].sort().join();
    }""", arg=ROWS, timeout=30_000)
    assert [r[1] for r in _rows(page)] == ["2025-02-20", "2025-03-12", "2025-04-02"]

    # The search box narrows the rows by title, publisher or file name, and the totals say so.
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    assert _search(page, "baltic", [HARBOUR]) == [HARBOUR]
    page.wait_for_function(
        "() => document.querySelector('#library-totals').innerText.includes('1 shown')")
    assert _search(page, "london summit", [SUMMIT]) == [SUMMIT]
    assert _search(page, "ceasefire-talks", [SEED_ARTICLE.name]) == [SEED_ARTICLE.name]
    assert _search(page, "no such article anywhere", []) == []
    everything = sorted([HARBOUR, SUMMIT, SEED_ARTICLE.name])
    assert _search(page, "", everything) == everything
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "library.png"), full_page=True)
    assert (ARTIFACTS / "screenshots" / "library.png").stat().st_size > 10_000


def _box(page, elem_id: str):
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def test_a_person_sets_an_article_s_date_and_publisher(page, library_index):
    """Choosing an article shows its date and publisher; saving new ones changes the
    table, the index, and a filtered question's answer; a bad date is refused by name."""
    _search(page, "", sorted([HARBOUR, SUMMIT, SEED_ARTICLE.name]))
    page.locator("#remove-choice input").click()
    page.get_by_role("option", name="2025-02-20-london-summit.md").first.click()
    page.wait_for_function("() => document.querySelector('#article-date textarea, "
                           "#article-date input').value === '2025-02-20'", timeout=30_000)
    assert _box(page, "article-publisher").input_value() == ""

    _box(page, "article-date").fill("2025-03-01")
    _box(page, "article-publisher").fill("Kyiv Post")
    page.locator("#article-save").click()
    page.wait_for_function(
        "() => document.querySelector('#library-status textarea').value.startsWith('Set ')",
        timeout=60_000)
    page.wait_for_function("""([sel, title]) => Array.from(document.querySelectorAll(sel))
        .some((r) => r.innerText.includes(title) && r.innerText.includes('2025-03-01')
                     && r.innerText.includes('Kyiv Post'))""", arg=[ROWS, SUMMIT], timeout=30_000)
    summit = next(d for d in Assistant(library_index).documents() if d["title"] == SUMMIT)
    assert (summit["date"], summit["source_name"]) == ("2025-03-01", "Kyiv Post")
    assert summit["corrected"] == ["date", "source_name"]

    _box(page, "article-date").fill("the first of Smarch")
    page.locator("#article-save").click()
    page.wait_for_function(
        "() => document.querySelector('#library-status textarea').value.includes('date: cannot read')",
        timeout=60_000)
    summit = next(d for d in Assistant(library_index).documents() if d["title"] == SUMMIT)
    assert summit["date"] == "2025-03-01"
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "library-correct.png"), full_page=True)
