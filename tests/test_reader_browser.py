"""The Article tab and the chat's export row in a real browser (Debian's Chromium, headless,
via Playwright) against `assistant serve` on an index of a few PolNeAR dev articles (never
the test split). Screenshots go to tests/artifacts/screenshots/; the reader's is also kept
as tests/screenshots/reader.png, which the README shows."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from browser_support import browser, page, ARTIFACTS, USER, wait_answered  # noqa: F401 (browser, page: fixtures)
from conftest import DATA
from markdown_it import MarkdownIt
from server_support import served

from assistant import Assistant
from assistant.web.reader_tab import article_quotes

pytestmark = pytest.mark.slow  # a server and a browser
DEV_TEXT = DATA / "polnear" / "data" / "dev" / "text"
SCREENSHOTS = ARTIFACTS / "screenshots"
README_SHOT = Path(__file__).resolve().parent / "screenshots" / "reader.png"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    """Six PolNeAR dev articles indexed; what the test compares the page with is read here,
    through the Python API, before the server opens the index."""
    folder = tmp_path_factory.mktemp("polnear-dev-reader")
    for path in sorted(DEV_TEXT.glob("*.txt"))[:6]:
        shutil.copy(path, folder / path.name)
    index = folder.parent / f"{folder.name}-index"
    assistant = Assistant(index)
    assert len(assistant.index([folder]).added) == 6
    texts = {d["source"]: assistant.document(d["source"]).text for d in assistant.documents()}
    quotes = {source: article_quotes(assistant, source) for source in texts}
    people = {a for p in assistant.speakers() for a in p.aliases | {p.name}}
    assistant.close()
    return index, texts, quotes, people


server = served("dev", lambda dev: dev[0])


def open_article(page, source: str) -> None:
    """Choose the article in the Article tab's list, by its file name."""
    page.get_by_role("tab", name="Article").click()
    box = page.locator("#reader-article input")
    box.click()
    box.fill(Path(source).name)
    page.get_by_role("option").filter(has_text=Path(source).name).first.click()
    page.wait_for_selector("#reader .article-body")


def marks_in_page(page) -> dict[int, dict]:
    """The quotation marks of the shown article, by quote number: speaker, span and the
    text of all the elements carrying that number, in order."""
    found = page.eval_on_selector_all("#reader mark.quote", """els => els.map((m) => ({
        q: Number(m.dataset.q), speaker: m.dataset.speaker, start: Number(m.dataset.start),
        end: Number(m.dataset.end), text: m.textContent}))""")
    marks: dict[int, dict] = {}
    for m in found:
        mark = marks.setdefault(m["q"], {**m, "text": ""})
        assert (mark["speaker"], mark["start"], mark["end"]) == (m["speaker"], m["start"], m["end"])
        mark["text"] += m["text"]
    return marks


def test_reader_marks_every_quotation_and_asks_about_a_speaker(page, dev):
    _, texts, quotes, people = dev
    source = max(quotes, key=lambda s: len(quotes[s]))
    expected = quotes[source]
    assert len(expected) >= 5
    open_article(page, source)
    # The whole article, as text.
    body = page.locator("#reader .article-body").text_content()
    assert body == texts[source]
    # Every quotation marked once, with its speaker, over exactly its characters.
    marks = marks_in_page(page)
    assert len(marks) == len(expected)
    for q, quote in enumerate(expected):
        mark = marks[q]
        assert (mark["start"], mark["end"]) == (quote.start, quote.end)
        assert mark["text"] == texts[source][quote.start:quote.end] == quote.text
        assert mark["speaker"] == (quote.speaker or "")
    assert page.locator("#reader mark.quote u.cue").count() >= 1
    # The legend lists each speaker with their number of quotations.
    counts = Counter(q.speaker or "unnamed" for q in expected)
    legend = page.eval_on_selector_all("#reader .legend li", "els => els.map((e) => e.textContent)")
    assert sorted(legend) == sorted(f"{name} ({n})" for name, n in counts.items())
    path = screenshot(page, "reader")
    README_SHOT.parent.mkdir(exist_ok=True)
    shutil.copy(path, README_SHOT)
    # A click on a person in the legend asks the chat what they said.
    name = max((q.speaker for q in expected if q.speaker in people), key=counts.get)
    page.locator("#reader .legend li.ask", has_text=f"{name} (").first.click()
    answer = wait_answered(page, 1)
    assert page.locator("#question textarea").is_visible()  # back on the chat
    assert page.eval_on_selector_all(USER, "els => els.map((e) => e.innerText.trim())") == [
        f"What did {name} say?"]
    assert name.split()[-1] in answer and "[1]" in answer


def ask_most_quoted(page, quotes, people) -> str:
    """Ask the chat what the most quoted person of the articles said; returns the name."""
    name = Counter(q.speaker for qs in quotes.values() for q in qs if q.speaker in people
                   ).most_common(1)[0][0]
    box = page.locator("#question textarea")
    box.fill(f"What did {name} say?")
    box.press("Enter")
    wait_answered(page, 1)
    return name


def test_cited_article_opens_in_reader_with_the_span_highlighted(page, dev):
    _, texts, quotes, people = dev
    ask_most_quoted(page, quotes, people)
    first = page.locator("#sources #cite-1")
    cited = first.locator("p.context mark").text_content()
    first.locator(".title").click()
    page.wait_for_selector("#reader .cited")
    assert page.locator("#reader .article-body").is_visible()
    shown = "".join(page.eval_on_selector_all(
        "#reader .cited[data-cite='1']", "els => els.map((e) => e.textContent)"))
    assert shown == cited
    source = page.locator("#reader-article input").input_value()
    assert any(Path(s).name in source for s in texts)


def _words(text: str) -> str:
    return " ".join(unescape(text).split())


def test_answer_exports_as_markdown_csv_and_json(page, dev):
    _, texts, quotes, people = dev
    ask_most_quoted(page, quotes, people)
    page.wait_for_selector("#export-csv", state="visible")
    cited = page.locator("#sources .passage").count()
    assert cited >= 1
    # CSV: one row per cited passage, each quote exactly its span of its article.
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    data = Path(download.value.path()).read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert len(rows) == cited
    for row in rows:
        assert texts[row["source"]][int(row["start"]):int(row["end"])] == row["quote"]
    # JSON: the same rows.
    with page.expect_download() as download:
        page.locator("#export-json").click()
    records = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [(r["source"], str(r["start"]), str(r["end"]), r["quote"]) for r in records] == [
        (r["source"], r["start"], r["end"], r["quote"]) for r in rows]
    for r in records:
        assert texts[r["source"]][r["start"]:r["end"]] == r["quote"]
    # Markdown: copied to the clipboard, the same text as the box shows, every quote in it.
    page.locator("#export-copy").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    markdown = page.evaluate("navigator.clipboard.readText()")
    page.locator("#export").get_by_text("Answer as Markdown").click()
    assert page.locator("#export-markdown textarea").input_value() == markdown
    rendered = _words(re.sub(r"<[^>]+>", " ", MarkdownIt("commonmark").render(markdown)))
    for row in rows:
        assert _words(row["quote"]) in rendered
    screenshot(page, "chat-export")
