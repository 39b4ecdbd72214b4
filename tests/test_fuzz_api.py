"""Fuzzed requests to the web API (the real Gradio server on loopback): each gets an answer
or a message saying what is wrong, and the server keeps answering."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz_support import DATE_VALUE, JSON_VALUE, TEXT, fuzz
from server_support import call_api, free_port
from test_fuzz_render import parsed

pytestmark = pytest.mark.slow  # servers, processes or a whole corpus: not in `make test-quick`

FILTER = st.one_of(st.just(""), TEXT, DATE_VALUE.map(str))
QUESTION = st.one_of(TEXT, st.text(min_size=1990, max_size=2100),
                     st.builds(lambda name: f"What did {name} say?", TEXT))
REASONS = ("question", "since", "until")


@pytest.fixture(scope="module")
def app(seed):
    """The web app on the seed index, served from this process (the model is loaded)."""
    from gradio_client import Client

    from assistant.web.app import build_app

    blocks = build_app(seed)
    blocks.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                  quiet=True)
    try:
        url = blocks.local_url.rstrip("/")
        yield url, Client(url, verbose=False)
    finally:
        blocks.close()


def text_of(message: dict) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content)


@fuzz(30)
@given(question=QUESTION)
def test_ask_endpoint_answers_or_names_the_problem(app, seed, question):
    url, client = app
    result = client.predict(question, api_name="/ask")
    if result.get("error"):
        assert "question" in result["error"] and not result["citations"]
        return
    for c in result["citations"]:
        assert seed.document(c["source"]).text[c["start"]:c["end"]] == c["text"]


@fuzz(30)
@given(question=QUESTION, source=FILTER, since=FILTER, until=FILTER)
def test_chat_endpoint_with_any_filters(app, question, source, since, until):
    url, client = app
    cleared, history, sources = client.predict(
        question, [], source, since, until, 5, "extractive", api_name="/chat"
    )
    reply = text_of(history[-1])
    if reply.startswith("⚠️"):
        assert any(r in reply for r in REASONS), reply
    parsed(sources)  # the panel's HTML holds only the renderer's own markup
    assert not set(parsed(reply).tags) - {"a"}


@fuzz(25)
@given(value=JSON_VALUE)
def test_wrong_types_are_refused_and_the_server_keeps_serving(app, value):
    url, client = app
    event, result = call_api(url, "ask", [value])
    assert event in ("complete", "error")
    if event == "complete" and isinstance(value, str):
        assert isinstance(result[0], dict)
    again = client.predict("What did Peskov say?", api_name="/ask")
    assert again["citations"]
