"""The web chat in a real browser: Debian's Chromium, headless, driven by Playwright against
`assistant serve` on 127.0.0.1. Screenshots go to tests/artifacts/ (git-ignored)."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from browser_support import browser, BOT, USER, ask, bot_texts, shot, wait_answered  # noqa: F401 (browser: a fixture)
from server_support import serving

PESKOW_QUOTE = "We will carefully evaluate the proposal after receiving all necessary details."
TRUMP_QUOTE = "I hope President Putin will agree to the ceasefire."
ZELENSKYY_QUOTE = "We must move toward peace. We need security guarantees,"
pytestmark = pytest.mark.slow  # a server and a browser
# Every way an article's text could try to run code in the page.
MALICIOUS = """# Harbour reopening

Mayor Quentin Zabrowski said, “The harbour will reopen next week <script>window.__pwned = 1; alert('script')</script> for all ships.”
The notice read <img src=x onerror="window.__pwned = 2; alert('img')"> and ${window.__pwned = 3} and {{constructor.constructor('window.__pwned = 4')()}}.
Zabrowski added, “Nobody will pay harbour fees <svg onload="window.__pwned = 5"></svg> this year.”
"""


@pytest.fixture(scope="module")
def server_folder(tmp_path_factory):
    """The only server folder the page may index."""
    return tmp_path_factory.mktemp("inbox")


@pytest.fixture(scope="module")
def server(seed_index, server_folder, tmp_path_factory):
    # The page uploads and re-indexes: it serves its own copy of the seed index.
    index = tmp_path_factory.mktemp("browser") / "index"
    shutil.copytree(seed_index, index)
    with serving(index, "--folder", str(server_folder)) as url:
        yield url


@pytest.fixture
def page(browser, server):
    """A fresh browser context (its own session) on the chat; records any dialog opened."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.goto(server)
    tab.wait_for_selector("#question textarea")
    yield tab
    context.close()


def test_answer_streams_with_marker_and_highlighted_passage(page):
    # Record every text the answer shows while it grows.
    page.evaluate("""() => {
        window.__seen = [];
        new MutationObserver(() => {
            const bots = document.querySelectorAll('#chat [data-testid=bot]');
            if (bots.length) window.__seen.push(bots[bots.length - 1].innerText.trim());
        }).observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true});
    }""")
    answer = ask(page, "What did Peskov say?", 1)
    assert PESKOW_QUOTE in answer and "[1]" in answer
    seen = [t for t in dict.fromkeys(page.evaluate("window.__seen")) if t]
    assert len(seen) >= 2 and len(seen[0]) < len(answer)  # shown in steps, not all at once
    marker = page.locator(f"{BOT} a.cite", has_text="[1]").first
    assert marker.get_attribute("href") == "#cite-1"
    cited = page.locator("#sources #cite-1 p.context mark")
    assert PESKOW_QUOTE in cited.inner_text()
    passage = page.locator("#sources #cite-1").inner_text()
    assert "The recent negotiations related to the Ukraine-Russia conflict" in passage  # title
    assert "2025-03-12-ukraine-ceasefire-talks.txt" in passage  # where it comes from
    assert "Yet, the Russian government remains ambivalent." in passage  # its paragraph
    # The marker selects its passage; a click on the passage opens the article at the span.
    marker.click()
    assert "selected" in page.locator("#sources #cite-1").get_attribute("class")
    page.locator("#sources #cite-1 p.context").click()
    article = page.locator("#sources #cite-1 details.article")
    page.wait_for_function("() => document.querySelector('#sources #cite-1 details.article').open")
    assert "Zelenskyy" in article.locator(".article-text").inner_text()  # the whole article
    span = article.locator("mark.cited")
    assert PESKOW_QUOTE in span.inner_text()
    assert _in_view(page, "#sources #cite-1 .article-text", "#sources #cite-1 mark.cited")
    shot(page, "answer-with-sources")


def _in_view(page, pane_selector: str, mark_selector: str) -> bool:
    pane = page.locator(pane_selector).bounding_box()
    box = page.locator(mark_selector).bounding_box()
    return pane["y"] <= box["y"] and box["y"] + box["height"] <= pane["y"] + pane["height"] + 1


def test_passages_of_one_article_share_its_full_view(page):
    answer = ask(page, "What did Trump say?", 1)
    assert "[1]" in answer and "[2]" in answer
    # One article, two passages: the article is sent once, both spans marked in it.
    assert page.locator("#sources details.article").count() == 1
    assert TRUMP_QUOTE in page.locator("#sources #article-0 #span-1").text_content()
    page.locator("#sources #cite-2 p.context").click()
    page.wait_for_function("() => document.querySelector('#sources #article-0').open")
    page.wait_for_function("() => document.querySelector('#sources #cite-2').classList.contains('selected')")
    assert _in_view(page, "#sources #article-0 .article-text", "#sources #span-2")
    shot(page, "second-passage-in-full-article")


def test_follow_up_is_answered_in_the_same_chat(page):
    ask(page, "What did Peskov say?", 1)
    follow_up = ask(page, "And about the proposal?", 2)
    assert "Peskow" in follow_up and "carefully evaluate the proposal" in follow_up
    questions = page.eval_on_selector_all(USER, "els => els.map((e) => e.innerText.trim())")
    assert questions == ["What did Peskov say?", "And about the proposal?"]
    shot(page, "follow-up")


def test_example_question_on_the_empty_chat(page):
    example = page.locator("#chat button.example", has_text="What did Trump say?")
    example.click()
    assert TRUMP_QUOTE in wait_answered(page, 1)
    assert page.locator("#chat button.example").count() == 0  # examples only on an empty chat


def test_number_of_passages_control(page):
    page.locator("#options").get_by_text("Filters and answer options").click()
    number = page.locator("#top-k input[type=number]")
    # The slider takes the typed number when the field commits it (Enter, or leaving the
    # field); ask only after that. A field typed into before the opened panel has wired
    # its handlers commits nothing, so the typing is repeated, a few times at most.
    for attempt in range(3):
        number.fill("1")
        number.press("Enter")
        number.press("Tab")
        try:
            page.wait_for_function(
                "() => document.querySelector('#top-k input[type=range]').value === '1'",
                timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    answer = ask(page, "What did Trump say?", 1)
    assert "[1]" in answer and "[2]" not in answer
    assert page.locator("#sources .passage").count() == 1
    # Only extractive answers here: no LLM is configured, so LLM mode is not offered.
    modes = page.eval_on_selector_all("#mode input[type=radio]", "els => els.map((e) => e.value)")
    assert modes == ["extractive"]


def test_bad_filter_is_told_in_the_chat(page):
    page.locator("#options").get_by_text("Filters and answer options").click()
    page.locator("#filter-since textarea, #filter-since input").first.fill("not a date")
    answer = ask(page, "What did Trump say?", 1)
    assert "since" in answer and "not a date" in answer


def test_speaker_search_folds_spellings_and_a_click_opens_the_page(page):
    page.get_by_role("tab", name="Speakers").click()
    cells = page.locator("#speakers [role=gridcell]")
    names = "() => [...document.querySelectorAll('#speakers [role=gridcell].first-column')].map((e) => e.innerText.trim())"
    page.wait_for_function(f"() => ({names})().includes('Donald Trump')")  # everyone at first
    page.locator("#speaker-search textarea, #speaker-search input").first.fill("peskov")
    # Only the one person whose name folds to "peskov" stays listed.
    page.wait_for_function(f"() => ({names})().join('|') === 'Dmitri Peskow'")
    shot(page, "speakers-search")
    count = page.locator("#speakers [role=gridcell][data-col='3']").first.inner_text().strip()
    # A click opens the person's page, not the chat.
    cells.filter(has_text="Dmitri Peskow").first.click()
    page.wait_for_function(
        "() => (document.querySelector('#speaker-profile h3') || {}).innerText === 'Dmitri Peskow'")
    speaker_tab = page.get_by_role("tab", name="Speaker", exact=True)
    assert speaker_tab.get_attribute("aria-selected") == "true"
    assert f"Quotes: {count}" in page.locator("#speaker-profile").inner_text()
    assert page.locator(USER).count() == 0
    # Its button asks the chat about them.
    page.locator("#speaker-ask").click()
    answer = wait_answered(page, 1)
    assert page.locator(USER).first.inner_text().strip() == "What did Dmitri Peskow say?"
    assert PESKOW_QUOTE in answer


def _questions(page) -> list[str]:
    return page.eval_on_selector_all(USER, "els => els.map((e) => e.innerText.trim())")


def test_did_you_mean_asks_about_the_suggested_name(page):
    answer = ask(page, "What did Mike Peskow say?", 1)
    assert "not quoted" in answer and "Did you mean" in answer
    offered = page.locator("#suggestions button.suggestion")
    offered.filter(has_text="Dmitri Peskow").wait_for()
    assert "Did you mean:" in page.locator("#suggestions").inner_text()
    assert page.locator("#sources").inner_text().strip() == "No passage cited."
    shot(page, "did-you-mean")
    offered.filter(has_text="Dmitri Peskow").click()
    answer = wait_answered(page, 2)
    assert _questions(page) == ["What did Mike Peskow say?", "What did Dmitri Peskow say?"]
    assert PESKOW_QUOTE in answer and "[1]" in answer
    assert PESKOW_QUOTE in page.locator("#sources #cite-1 mark").first.inner_text()
    assert page.locator("#suggestions button.suggestion:visible").count() == 0  # answered: none left
    # What the question was about is kept when the suggested name is asked instead.
    ask(page, "What did Mike Peskow say about the proposal?", 3)
    offered.filter(has_text="Dmitri Peskow").click()
    assert PESKOW_QUOTE in wait_answered(page, 4)
    assert _questions(page)[-1] == "What did Dmitri Peskow say about the proposal?"


def _cited(column) -> str:
    """The passages a column cites, without the full articles folded under them."""
    return " ".join(column.locator(".passage p.context").all_inner_texts())


def test_two_parties_are_answered_side_by_side(page):
    answer = ask(page, "How did Moscow and Kyiv respond to the ceasefire proposal?", 1)
    assert "Moscow" in answer and "Kyiv" in answer
    sides = page.locator("#sources .sides .side")
    assert sides.count() == 2
    moscow, kyiv = sides.nth(0), sides.nth(1)
    assert moscow.locator(".party").inner_text() == "Moscow"
    assert kyiv.locator(".party").inner_text() == "Kyiv"
    assert "Dmitri Peskow" in moscow.locator(".speakers").inner_text()
    assert "Volodymyr Zelenskyy" in kyiv.locator(".speakers").inner_text()
    moscow_cited, kyiv_cited = _cited(moscow), _cited(kyiv)
    assert PESKOW_QUOTE in moscow_cited and PESKOW_QUOTE not in kyiv_cited
    assert ZELENSKYY_QUOTE in kyiv_cited and ZELENSKYY_QUOTE not in moscow_cited
    # Columns, not one under the other: the two start level, Kyiv to the right of Moscow.
    left, right = moscow.bounding_box(), kyiv.bounding_box()
    assert abs(left["y"] - right["y"]) < 2 and right["x"] >= left["x"] + left["width"]
    shot(page, "side-by-side")


def test_cited_quotation_names_its_speaker_and_a_mention_says_so(page):
    ask(page, "Who talked about security guarantees?", 1)
    # The block whose own passage holds the quotation (the first block also folds the article).
    quoted = page.locator("#sources .passage").filter(
        has=page.locator("p.context", has_text=ZELENSKYY_QUOTE))
    assert quoted.count() == 1
    assert quoted.locator(".said-by").inner_text().strip() == "Volodymyr Zelenskyy, Ukrainian President"
    ask(page, "What did Putin say?", 2)
    label = page.locator("#sources #cite-1 .said-by").inner_text()
    assert label.startswith("Mention") and "not their words" in label


def test_ask_api_returns_suggestions_sections_and_speakers(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    unknown = client.predict("What did Mike Peskow say?", api_name="/ask")
    assert unknown["suggestions"] == ["Dmitri Peskow"] and unknown["citations"] == []
    sides = client.predict("How did Moscow and Kyiv respond to the ceasefire proposal?", api_name="/ask")
    assert [s["party"] for s in sides["sections"]] == ["Moscow", "Kyiv"]
    by_number = {c["n"]: c for c in sides["citations"]}
    kyiv = [by_number[n] for n in sides["sections"][1]["citations"]]
    assert {c["speaker"] for c in kyiv} == {"Volodymyr Zelenskyy"} and kyiv[0]["kind"] == "quote"


def _upload(page, paths: list, drop: bool = False) -> str:
    """Upload through the Library tab, with the file picker or by drag and drop; returns the
    report. `page.progress` gets what the progress display showed meanwhile."""
    page.get_by_role("tab", name="Library").click()
    if drop:
        files = page.evaluate_handle(
            """(files) => { const dt = new DataTransfer();
                for (const [name, text] of files) dt.items.add(new File([text], name));
                return dt; }""",
            [[p.name, p.read_text(encoding="utf-8")] for p in paths])
        page.locator("#upload button.upload-container").dispatch_event("drop", {"dataTransfer": files})
    else:
        page.locator("#upload input[type=file]").set_input_files([str(p) for p in paths])
    for p in paths:  # the browser sends each file as soon as it is chosen
        page.locator("#upload").get_by_text(p.stem).first.wait_for()
    page.evaluate("""() => {
        window.__progress = [];
        new MutationObserver(() => {
            const tracker = document.querySelector('#library-status [data-testid=status-tracker]');
            if (tracker && tracker.innerText.trim()) window.__progress.push(tracker.innerText.trim());
        }).observe(document.querySelector('#library-status'),
                   {subtree: true, childList: true, characterData: true, attributes: true});
    }""")
    page.locator("#index-uploads").click()
    status = page.locator("#library-status textarea")
    page.wait_for_function(
        "() => /added|refused|⚠️/.test(document.querySelector('#library-status textarea').value)",
        timeout=120_000)
    page.progress = page.evaluate("window.__progress")
    return status.input_value()


def test_upload_articles_then_ask_about_them(page, tmp_path):
    rubio = tmp_path / "riyadh talks.md"
    rubio.write_text("# Riyadh talks\n\nMarco Rubio said, “The talks in Riyadh were productive.”\n",
                     encoding="utf-8")
    lammy = tmp_path / "london summit.txt"
    lammy.write_text("London summit\n\nDavid Lammy said, “Europe will stand by Kyiv for as long as it takes.”\n",
                     encoding="utf-8")
    status = _upload(page, [rubio, lammy])
    assert status.startswith("added 2"), status
    assert any("2/2 files" in shown for shown in page.progress), page.progress
    listed = page.locator("#articles").inner_text()
    assert "Riyadh talks" in listed and "London summit" in listed
    shot(page, "library-after-upload")
    page.get_by_role("tab", name="Speakers").click()  # the new speakers are listed
    page.locator("#speakers [role=gridcell]", has_text="David Lammy").first.wait_for()
    page.get_by_role("tab", name="Chat").click()
    answer = ask(page, "What did Rubio say?", 1)
    assert "The talks in Riyadh were productive." in answer
    assert "Riyadh talks" in page.locator("#sources #cite-1").inner_text()
    # And out again: removed from the library, it is no longer found.
    page.get_by_role("tab", name="Library").click()
    page.locator("#remove-choice input").click()
    page.get_by_role("option", name="riyadh talks.md").first.click()
    page.locator("#remove").click()
    page.wait_for_function(
        "() => document.querySelector('#library-status textarea').value.startsWith('Removed')")
    assert "Riyadh talks" not in page.locator("#articles").inner_text()
    page.get_by_role("tab", name="Chat").click()
    assert "The talks in Riyadh were productive." not in ask(page, "What did Rubio say?", 2)


def _reindex(page, folder, shows: str) -> str:
    """Re-index `folder` from the page; the report once it matches the regex `shows`."""
    page.locator("#reindex-folder textarea, #reindex-folder input").first.fill(str(folder))
    page.locator("#reindex").click()
    page.wait_for_function(
        f"() => /{shows}/.test(document.querySelector('#library-status textarea').value)",
        timeout=120_000)
    return page.locator("#library-status textarea").input_value()


def test_reindex_a_folder_on_the_server(page, tmp_path, server_folder):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("Private notes\n\nNot for the page.\n", encoding="utf-8")
    folder = server_folder / "kursk"
    folder.mkdir()
    (folder / "kursk.txt").write_text(
        "Kursk front\n\nOleksandr Syrskyi said, “Our units hold the line near Sudzha.”\n", encoding="utf-8")
    page.get_by_role("tab", name="Library").click()
    # A folder outside those the server was started with is refused and nothing is read.
    refused = _reindex(page, outside, "added|⚠️")
    assert refused.startswith("⚠️") and "outside the folders this server may index" in refused
    assert "Private notes" not in page.locator("#articles").inner_text()
    assert _reindex(page, folder, "added").startswith("added 1")
    assert "Kursk front" in page.locator("#articles").inner_text()


def test_malicious_article_runs_nothing(page, tmp_path):
    article = tmp_path / "harbour.md"
    article.write_text(MALICIOUS, encoding="utf-8")
    assert _upload(page, [article], drop=True).startswith("added 1")  # dragged onto the page
    assert any("1/1 files" in shown for shown in page.progress), page.progress
    page.get_by_role("tab", name="Chat").click()
    answer = ask(page, "What did Zabrowski say?", 1)
    assert "The harbour will reopen next week" in answer
    assert "<script>" in answer  # shown as the text it is
    sources = page.locator("#sources")
    assert "<script>" in sources.inner_text()
    page.locator("#sources #cite-1 p.context").click()
    page.wait_for_function("() => document.querySelector('#sources #cite-1 details.article').open")
    assert "<img src=x onerror=" in page.locator("#sources #cite-1 .article-text").inner_text()
    page.wait_for_timeout(500)  # give any injected handler time to fire
    shot(page, "malicious-article")
    assert page.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelector('img[src=\"x\"]')") is None
    assert page.evaluate("document.querySelectorAll('#sources script, #chat script, #sources svg').length") == 0


def test_two_sessions_keep_their_conversations_apart(browser, server):
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        for tab in (a, b):
            tab.goto(server)
            tab.wait_for_selector("#question textarea")
        assert PESKOW_QUOTE in ask(a, "What did Peskov say?", 1)
        assert TRUMP_QUOTE in ask(b, "What did Trump say?", 1)
        # The same follow-up resolves against each session's own history.
        in_a = ask(a, "And about the ceasefire?", 2)
        in_b = ask(b, "And about the ceasefire?", 2)
        assert "Peskow" in in_a and "Trump" not in in_a
        assert "Trump" in in_b and "agree to the ceasefire" in in_b and "Peskow" not in in_b
        assert "What did Trump say?" not in a.locator("#chat").inner_text()
        assert "What did Peskov say?" not in b.locator("#chat").inner_text()
        assert len(bot_texts(a)) == len(bot_texts(b)) == 2
        shot(a, "session-a")
        shot(b, "session-b")
    finally:
        for c in contexts:
            c.close()


@pytest.fixture(scope="module")
def guarded(seed_index, tmp_path_factory):
    """A second server: login required, and a language model (a local stand-in speaking the
    OpenAI chat API) configured, so the page offers LLM answers."""
    from openai_server import FakeOpenAI, passage_number

    folder = tmp_path_factory.mktemp("guarded")
    index = folder / "index"
    shutil.copytree(seed_index, index)
    logins = folder / "logins"
    logins.write_text("reader:open sesame\n", encoding="utf-8")
    model = FakeOpenAI()
    model.reply = lambda messages: (
        "Peskow said Russia would “carefully evaluate the proposal” "
        f"[{passage_number(messages, 'carefully evaluate')}].")
    env = {"ASSISTANT_LLM": "openai", "ASSISTANT_LLM_URL": model.url, "ASSISTANT_LLM_MODEL": "stand-in"}
    try:
        with serving(index, "--auth-file", str(logins), env=env) as url:
            yield url, model
    finally:
        model.close()


def test_login_is_required_and_llm_answers_are_offered(browser, guarded):
    from gradio_client import Client

    url, model = guarded
    with pytest.raises(Exception):
        Client(url, verbose=False)  # no login, no API
    answer = Client(url, auth=("reader", "open sesame"), verbose=False).predict(
        "What did Peskov say?", api_name="/ask")
    assert PESKOW_QUOTE in answer["citations"][0]["text"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = context.new_page()
        tab.goto(url)
        assert tab.locator("#question textarea").count() == 0
        tab.get_by_label("username").fill("reader")
        tab.get_by_label("password").fill("wrong")
        tab.get_by_role("button", name="Login").click()
        tab.get_by_text("Incorrect Credentials").wait_for()
        tab.get_by_label("username").fill("reader")
        tab.get_by_label("password").fill("open sesame")
        tab.get_by_role("button", name="Login").click()
        tab.wait_for_selector("#question textarea")
        tab.locator("#options").get_by_text("Filters and answer options").click()
        tab.wait_for_selector("#mode input[type=radio]")  # the accordion renders its inside on opening
        modes = tab.eval_on_selector_all("#mode input[type=radio]", "els => els.map((e) => e.value)")
        assert modes == ["extractive", "llm"]
        tab.locator("#mode input[value=llm]").check()
        answer = ask(tab, "What did Peskov say?", 1)
        assert "Peskow said Russia would “carefully evaluate the proposal” [1]" in answer
        assert model.requests, "the page's question reached the language model"
        assert "carefully evaluate the proposal" in tab.locator("#sources #cite-1 mark").first.inner_text()
        shot(tab, "llm-answer-after-login")
        # A model answer citing a passage it was never given is not shown; the reader is told.
        model.reply = lambda messages: "Trump said the war is over [9]."
        answer = ask(tab, "What did Trump say?", 2)
        assert "war is over" not in answer and TRUMP_QUOTE in answer
        assert "Note:" in answer
    finally:
        context.close()
