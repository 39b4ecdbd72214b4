"""The web chat, started with `assistant serve` and reached over HTTP."""
import os
import shutil
import socket
import subprocess
import sys
import time

import httpx
import pytest

from assistant.ui import _context


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seed_index, tmp_path_factory):
    # The page can upload and remove articles: it gets its own copy of the seed index.
    index = tmp_path_factory.mktemp("ui") / "index"
    shutil.copytree(seed_index, index)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--index", str(index), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited early:\n{proc.stdout.read()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise AssertionError("serve did not answer within 180 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_page_is_served_on_loopback(server):
    page = httpx.get(server, timeout=10)
    assert page.status_code == 200
    assert "<html" in page.text.lower()
    config = httpx.get(f"{server}/config", timeout=10).json()
    assert config["title"] == "News assistant"
    assert server.startswith("http://127.0.0.1:")


def test_chat_answers_with_numbered_citations_and_passages(server):
    from gradio_client import Client

    client = Client(server, verbose=False)
    cleared, history, sources = client.predict("What did Peskov say?", [], "", "", "", api_name="/chat")
    assert cleared == ""
    reply = history[-1]["content"]
    reply_text = reply if isinstance(reply, str) else " ".join(p.get("text", "") for p in reply)
    assert "[1]" in reply_text and "We will carefully evaluate the proposal" in reply_text
    assert 'id="cite-1"' in sources and "<mark>" in sources
    assert "We will carefully evaluate the proposal" in sources
    assert "The recent negotiations related to the Ukraine-Russia conflict" in sources  # title


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
    from assistant.ui_library import safe_name

    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x.txt") == "x.txt"
    assert safe_name("...") == "upload"
    assert "/" not in safe_name("a/b/<script>.md")


def test_speaker_search_folds_spellings(server):
    from gradio_client import Client

    table = Client(server, verbose=False).predict("peskov", api_name="/speakers")
    names = [row[0] for row in table["data"]]
    assert names == ["Dmitri Peskow"]
    table = Client(server, verbose=False).predict("Gerassimov", api_name="/speakers")
    assert [row[0] for row in table["data"]] == ["Valery Gerasimov"]
