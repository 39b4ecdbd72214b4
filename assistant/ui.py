"""The Gradio web chat. Article text is always HTML-escaped before it reaches the page."""
from __future__ import annotations

import html
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from .core import Assistant  # noqa: E402
from .errors import AssistantError  # noqa: E402
from .filters import Filters  # noqa: E402
from .ui_library import MAX_UPLOAD, build_library_tab  # noqa: E402
from .ui_speakers import build_speakers_tab  # noqa: E402

EXAMPLES = ["What did Peskov say?", "What did Trump say?", "What did Baerbock say?"]
# Characters of the article shown around a cited passage.
_CONTEXT = 240
_CSS = """
.passage { border-left: 3px solid #888; padding: 4px 10px; margin: 10px 0; }
.passage mark { background: #ffe58a; }
.passage .where { color: #666; font-size: 0.85em; }
"""


def _context(text: str, start: int, end: int) -> str:
    """The cited span inside its surroundings, span highlighted, all of it escaped."""
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return f"{html.escape(before)}<mark>{html.escape(text[start:end])}</mark>{html.escape(after)}"


def _where(c) -> str:
    parts = [p for p in (c.publisher, c.date) if p]
    parts.append(c.source + (f", page {c.page}" if c.page else ""))
    parts.append(f"characters {c.start}–{c.end}")
    if c.also:
        parts.append(f"also in {', '.join(c.also)}")
    return " · ".join(parts)


def sources_html(assistant: Assistant, answer) -> str:
    if not answer.citations:
        return "<p>No passage cited.</p>"
    parts = []
    for c in answer.citations:
        try:
            body = _context(assistant.document(c.source).text, c.start, c.end)
        except AssistantError:
            body = f"<mark>{html.escape(c.text)}</mark>"
        parts.append(
            f'<div class="passage" id="cite-{c.n}"><b>[{c.n}] {html.escape(c.title)}</b><br>'
            f'<span class="where">{html.escape(_where(c))}</span>'
            f"<p>{body}</p></div>"
        )
    return "\n".join(parts)


def build_app(assistant: Assistant):
    import gradio as gr

    def respond(question: str, history: list, conversation, source="", since="", until=""):
        # Each browser session has its own conversation (gr.State is per session).
        conversation = conversation or assistant.chat()
        history = list(history or [])
        try:
            answer = conversation.ask(question, Filters.build(source, since, until))
        except AssistantError as exc:
            history += [{"role": "user", "content": html.escape(question or "")},
                        {"role": "assistant", "content": f"⚠️ {html.escape(str(exc))}"}]
            return "", history, "<p>No passage cited.</p>", conversation
        history += [{"role": "user", "content": html.escape(question)},
                    {"role": "assistant", "content": html.escape(answer.text)}]
        return "", history, sources_html(assistant, answer), conversation

    def ask_api(question: str) -> dict:
        """Answer and citations as JSON, for gradio_client."""
        try:
            return assistant.ask(question).to_dict()
        except AssistantError as exc:
            return {"error": str(exc), "answer": "", "citations": []}

    with gr.Blocks(title="News assistant") as app:
        gr.Markdown("## News assistant\nAsk who said what in the indexed articles; every answer cites its passages.")
        with gr.Tabs() as tabs, gr.Tab("Chat", id="chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Chat", height=480, elem_id="chat")
                    question = gr.Textbox(
                        label="Question", placeholder="What did Peskov say?", elem_id="question"
                    )
                    gr.Examples(EXAMPLES, inputs=question)
                    with gr.Accordion("Filters", open=False):
                        with gr.Row():
                            source = gr.Textbox(label="Publisher", elem_id="filter-source")
                            since = gr.Textbox(label="Since (YYYY-MM-DD)", elem_id="filter-since")
                            until = gr.Textbox(label="Until (YYYY-MM-DD)", elem_id="filter-until")
                with gr.Column(scale=2):
                    gr.Markdown("### Cited passages")
                    sources = gr.HTML("<p>Ask a question to see its sources here.</p>", elem_id="sources")
        with tabs:
            build_speakers_tab(assistant, question, tabs, "chat")
            build_library_tab(assistant)
        conversation = gr.State(None)
        question.submit(
            respond, [question, chat, conversation, source, since, until],
            [question, chat, sources, conversation],
            api_name="chat",
        )
        gr.api(ask_api, api_name="ask")
    return app


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860) -> None:
    # Open the index before binding: a missing index is reported, not served as errors.
    assistant.ask_ready()
    build_app(assistant).launch(
        server_name=host, server_port=port, css=_CSS, footer_links=["api"],
        max_file_size=MAX_UPLOAD,
    )
