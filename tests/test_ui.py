"""The web chat, started with `assistant serve` and reached over HTTP."""
import shutil
import subprocess
import sys

import httpx
import pytest
from conftest import ROOT
from server_support import serving
from test_cli import imported_modules

from assistant.errors import AssistantError
from assistant.web.app import is_loopback, read_auth
from assistant.web.render import _context, linked, whole_markers


@pytest.fixture(scope="module")
def server(seed_index, tmp_path_factory):
    # The page can upload and remove articles: it gets its own copy of the seed index.
    index = tmp_path_factory.mktemp("ui") / "index"
    shutil.copytree(seed_index, index)
    with serving(index) as url:
        yield url


@pytest.mark.slow
def test_page_is_served_on_loopback(server):
    page = httpx.get(server, timeout=10)
    assert page.status_code == 200
    assert "<html" in page.text.lower()
    config = httpx.get(f"{server}/config", timeout=10).json()
    assert config["title"] == "News assistant"
    assert server.startswith("http://127.0.0.1:")


@pytest.mark.slow
def test_chat_answers_with_numbered_citations_and_passages(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    cleared, history, sources = client.predict(
        "What did Peskov say?", [], "", "", "", 5, "extractive", api_name="/chat")
    assert cleared == ""
    reply = history[-1]["content"]
    reply_text = reply if isinstance(reply, str) else " ".join(p.get("text", "") for p in reply)
    assert "[1]" in reply_text and "We will carefully evaluate the proposal" in reply_text
    assert 'id="cite-1"' in sources and "<mark>" in sources
    assert "We will carefully evaluate the proposal" in sources
    assert "The recent negotiations related to the Ukraine-Russia conflict" in sources  # title


@pytest.mark.slow
def test_ask_api_returns_json_answer(server):
    from gradio_client import Client

    result = Client(server, verbose=False).predict("What did Trump say?", api_name="/ask")
    first = result["citations"][0]
    assert "I hope President Putin will agree to the ceasefire." in first["text"]
    assert first["file"] == first["source"] and len(first["sha256"]) == 64


def test_passage_context_is_escaped_and_highlighted():
    text = "Before <script>alert(1)</script> the <b>quote</b> after"
    start = text.index("<b>")
    shown = _context(text, start, start + len("<b>quote</b>"))
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<mark>&lt;b&gt;quote&lt;/b&gt;</mark>" in shown


@pytest.mark.slow
def test_upload_then_ask_then_remove(server, tmp_path):
    from gradio_client import Client, handle_file

    article = tmp_path / "riyadh talks.md"
    article.write_text("# Riyadh talks\n\nMarco Rubio said, “The talks in Riyadh were productive.”\n",
                       encoding="utf-8")
    client = Client(server, verbose=False)
    status, table, choices = client.predict([handle_file(str(article))], api_name="/upload")
    assert status.startswith("added 1,")
    titles = [row[0] for row in table["data"]]
    assert "Riyadh talks" in titles
    answer = client.predict("What did Rubio say?", api_name="/ask")
    assert any("were productive" in c["text"] for c in answer["citations"])
    uploaded = next(row[5] for row in table["data"] if row[0] == "Riyadh talks")
    status, table, _ = client.predict(uploaded, api_name="/remove")
    assert status.startswith("Removed") and "Riyadh talks" not in [r[0] for r in table["data"]]


def test_upload_names_cannot_escape_the_folder():
    from assistant.web.library_tab import safe_name

    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x.txt") == "x.txt"
    assert safe_name("...") == "upload"
    assert "/" not in safe_name("a/b/<script>.md")


@pytest.mark.slow
def test_speaker_search_folds_spellings(server):
    from gradio_client import Client

    table = Client(server, verbose=False).predict("peskov", api_name="/speakers")
    names = [row[0] for row in table["data"]]
    assert names == ["Dmitri Peskow"]
    table = Client(server, verbose=False).predict("Gerassimov", api_name="/speakers")
    assert [row[0] for row in table["data"]] == ["Valery Gerasimov"]


@pytest.mark.slow
def test_chat_api_takes_the_number_of_passages(server):
    from gradio_client import Client

    _, history, sources = Client(server, verbose=False).predict(
        "What did Trump say?", [], "", "", "", 1, "extractive", api_name="/chat")
    reply = history[-1]["content"]
    reply_text = reply if isinstance(reply, str) else " ".join(p.get("text", "") for p in reply)
    assert "[1]" in reply_text and "[2]" not in reply_text
    assert 'id="cite-1"' in sources and 'id="cite-2"' not in sources


@pytest.mark.slow
def test_llm_mode_without_an_llm_is_refused(server):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    # Without a configured LLM the mode control offers only "extractive", and says why.
    with pytest.raises(AppError, match="'llm'.*not in the list of choices"):
        Client(server, verbose=False).predict(
            "What did Trump say?", [], "", "", "", 5, "llm", api_name="/chat")


def test_markers_become_links_and_text_stays_text():
    shown = linked("He said <b>no</b> [1] and [12]")
    assert "&lt;b&gt;no&lt;/b&gt;" in shown and "<b>" not in shown
    assert '<a href="#cite-1" class="cite"' in shown and '<a href="#cite-12" class="cite"' in shown
    assert whole_markers("first [1] then [1") == "first [1] then "
    assert whole_markers("first [1]") == "first [1]"


def test_auth_entries_are_read_and_checked(tmp_path):
    logins = tmp_path / "logins"
    logins.write_text("# who may log in\nalice:s3cret:with:colons\n\nbob:pw\n", encoding="utf-8")
    assert read_auth("carol:x", logins) == [("carol", "x"), ("alice", "s3cret:with:colons"), ("bob", "pw")]
    assert read_auth(None, None) == []
    with pytest.raises(AssistantError, match="--auth: expected user:password"):
        read_auth("nopassword")
    logins.write_text("alice:pw\nbroken line\n", encoding="utf-8")
    with pytest.raises(AssistantError, match=r"logins, line 2: expected user:password"):
        read_auth(None, logins)
    with pytest.raises(AssistantError, match="cannot read the auth file"):
        read_auth(None, tmp_path / "missing")


def test_loopback_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


@pytest.mark.slow
def test_open_host_without_auth_is_warned_about(tmp_path):
    # The warning comes before anything is opened or bound; the missing index then stops it.
    run = subprocess.run(
        [sys.executable, "-m", "assistant", "serve", "--index", str(tmp_path / "none"),
         "--host", "0.0.0.0", "--port", "9"],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 2
    assert "warning: serving on 0.0.0.0 without --auth" in run.stderr
    quiet = subprocess.run(
        [sys.executable, "-m", "assistant", "serve", "--index", str(tmp_path / "none"),
         "--host", "0.0.0.0", "--port", "9", "--auth", "u:p"],
        capture_output=True, text=True, timeout=120,
    )
    assert quiet.returncode == 2 and "warning" not in quiet.stderr


@pytest.mark.slow
def test_each_api_client_keeps_its_own_conversation(server):
    from gradio_client import Client

    def last(history) -> str:
        reply = history[-1]["content"]
        return reply if isinstance(reply, str) else " ".join(p.get("text", "") for p in reply)

    first, second = Client(server, verbose=False), Client(server, verbose=False)
    first.predict("What did Trump say?", [], "", "", "", 3, "extractive", api_name="/chat")
    _, history, _ = first.predict("And about the ceasefire?", [], "", "", "", 3, "extractive",
                                  api_name="/chat")
    assert last(history).startswith("Donald Trump") and "agree to the ceasefire" in last(history)
    # The other client never asked about Trump: the same words are not a question about him.
    _, history, _ = second.predict("And about the ceasefire?", [], "", "", "", 3, "extractive",
                                   api_name="/chat")
    assert not last(history).startswith("Donald Trump")


def test_page_indexes_only_the_server_folders_it_was_given(tmp_path):
    from assistant.web.library_tab import folder_refusal

    root = tmp_path / "inbox"
    (root / "week").mkdir(parents=True)
    (tmp_path / "private").mkdir()
    assert folder_refusal(root, [root.resolve()]) is None
    assert folder_refusal(root / "week", [root.resolve()]) is None
    assert "outside the folders" in folder_refusal(tmp_path / "private", [root.resolve()])
    assert "outside the folders" in folder_refusal(root / ".." / "private", [root.resolve()])
    assert "not a folder" in folder_refusal(root / "missing", [root.resolve()])
    assert "--folder" in folder_refusal(root, [])  # off unless serve names folders
    (root / "escape").symlink_to(tmp_path / "private")  # a link out of the folder
    assert "outside the folders" in folder_refusal(root / "escape", [root.resolve()])


def test_the_web_tabs_call_only_the_public_api():
    for source in (ROOT / "assistant" / "web").glob("*.py"):
        used = imported_modules(source)
        other = {m for m in used if m not in ("assistant", "assistant.errors")
                 and not m.startswith("assistant.web.")}
        assert not other, (source.name, other)
