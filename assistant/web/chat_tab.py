"""The Chat tab: a streamed answer beside its cited passages, with filters and answer options.

Each browser session keeps its own conversation in a `gr.State`; nothing about a
conversation is stored on the server outside it.
"""
# No postponed annotations here: Gradio reads `gr.SelectData` off the signature.
import html

from assistant.errors import AssistantError
from assistant.search.filters import Filters
from assistant.web.render import EMPTY_SOURCES, NO_SOURCES, linked, sources_html, whole_markers

EXAMPLES = ["What did Peskov say?", "What did Trump say?", "Who talked about security guarantees?"]
MODES = ["extractive", "llm"]


def llm_available(assistant) -> bool:
    return bool(getattr(assistant, "llm_available", lambda: False)())


def answer_steps(conversation, question: str, filters, top_k: int | None, mode: str | None):
    """The answer text so far (str), as it grows, then the final Answer."""
    if hasattr(conversation, "stream"):
        yield from conversation.stream(question, filters=filters, mode=mode, top_k=top_k)
        return
    # Without a streaming answerer the finished answer is revealed line by line.
    answer = conversation.ask(question, filters)
    lines = answer.text.split("\n\n")
    for shown in range(1, len(lines)):
        yield "\n\n".join(lines[:shown])
    yield answer


def shown(answer) -> str:
    """The finished answer for the chat, with what the checks of an LLM answer noted."""
    notes = "".join(f"\n\n<em>Note: {html.escape(n)}</em>" for n in getattr(answer, "notes", None) or [])
    return linked(answer.text) + notes


def _user(question: str) -> dict:
    return {"role": "user", "content": html.escape(question or "")}


def build_chat_tab(assistant):
    """Lay out the chat; returns (question box, chatbot, conversation state, the respond
    function and its inputs/outputs) so other tabs can ask in this chat."""
    import gradio as gr

    with_llm = llm_available(assistant)
    top_k_default = assistant.settings.top_k

    def respond(question, history, conversation, source="", since="", until="",
                top_k=top_k_default, mode="extractive"):
        conversation = conversation or assistant.chat()
        history = list(history or []) + [_user(question)]
        asked = len(history)
        try:
            if mode == "llm" and not llm_available(assistant):
                raise AssistantError("answer mode 'llm': no LLM is configured (set ASSISTANT_LLM)")
            filters = Filters.build(source or None, since or None, until or None)
            steps = answer_steps(conversation, question, filters, int(top_k or top_k_default), mode)
            history.append({"role": "assistant", "content": "…"})
            for step in steps:
                if isinstance(step, str):
                    history[-1] = {"role": "assistant", "content": linked(whole_markers(step)) + " …"}
                    yield "", history, gr.skip(), conversation
                else:
                    history[-1] = {"role": "assistant", "content": shown(step)}
                    yield "", history, sources_html(assistant, step), conversation
        except AssistantError as exc:
            del history[asked:]  # a partly shown answer gives way to the error
            history.append({"role": "assistant", "content": f"⚠️ {html.escape(str(exc))}"})
            yield "", history, NO_SOURCES, conversation

    def use_example(event: gr.SelectData):
        return event.value["text"] if isinstance(event.value, dict) else str(event.value)

    with gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(
                label="Chat", height=480, elem_id="chat",
                examples=[{"text": q} for q in EXAMPLES],
                placeholder="Ask who said what in the indexed articles.",
            )
            question = gr.Textbox(label="Question", placeholder="What did Peskov say?",
                                  elem_id="question")
            with gr.Accordion("Filters and answer options", open=False, elem_id="options"):
                with gr.Row():
                    source = gr.Textbox(label="Publisher", elem_id="filter-source")
                    since = gr.Textbox(label="Since (YYYY-MM-DD)", elem_id="filter-since")
                    until = gr.Textbox(label="Until (YYYY-MM-DD)", elem_id="filter-until")
                with gr.Row():
                    top_k = gr.Slider(1, 10, value=top_k_default, step=1,
                                      label="Passages per answer", elem_id="top-k")
                    mode = gr.Radio(
                        MODES if with_llm else MODES[:1],
                        value=getattr(assistant.settings, "answer_mode", "extractive") if with_llm else "extractive",
                        label="Answer mode", interactive=with_llm, elem_id="mode",
                        info=None if with_llm else "LLM mode: no LLM configured (ASSISTANT_LLM)",
                    )
        with gr.Column(scale=2):
            gr.Markdown("### Cited passages\nClick a passage to read the whole article.")
            sources = gr.HTML(EMPTY_SOURCES, elem_id="sources")
    conversation = gr.State(None)
    inputs = [question, chat, conversation, source, since, until, top_k, mode]
    outputs = [question, chat, sources, conversation]
    question.submit(respond, inputs, outputs, api_name="chat")
    chat.example_select(use_example, None, [question], api_name=False).then(
        respond, inputs, outputs, api_name=False)
    return question, respond, inputs, outputs
