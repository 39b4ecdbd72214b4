"""The Chat tab: a streamed answer beside its cited passages, with filters and answer options.

Each browser session keeps its own conversation in a `gr.State`; nothing about a
conversation is stored on the server outside it.
"""
# No postponed annotations here: Gradio reads `gr.SelectData` off the signature.
import html
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant import Assistant, Filters
from assistant.errors import AssistantError
from assistant.web.render import EMPTY_SOURCES, NO_SOURCES, linked, sources_html, whole_markers

EXAMPLES = ["What did Peskov say?", "What did Trump say?", "Who talked about security guarantees?"]
MODES = ["extractive", "llm"]
MAX_SUGGESTIONS = 4
# What a question was about, kept when a suggested name is asked instead of the one typed.
_TOPIC = re.compile(r"\b(?:say|said|tell|told|think|claim|add)\w*\s+"
                    r"(?P<rest>(?:about|on|regarding|concerning)\s+.+?)\s*[?.!]*$", re.I)


def shown(answer) -> str:
    """The finished answer for the chat, with what the checks of an LLM answer noted."""
    notes = "".join(f"\n\n<em>Note: {html.escape(n)}</em>" for n in getattr(answer, "notes", None) or [])
    return linked(answer.text) + notes


def _user(question: str) -> dict:
    return {"role": "user", "content": html.escape(question or "")}


def _assistant_says(content: str) -> dict:
    return {"role": "assistant", "content": content}


def chat_responder(assistant: Assistant):
    """The chat's event handler, `respond(question, history, conversation, source, since,
    until, top_k, mode)`: it yields (cleared question box, history, sources panel,
    conversation, last answer) as the answer grows, and puts a refused question's reason in
    the chat. The last answer is None after a refusal, so no stale suggestion is offered."""
    import gradio as gr

    top_k_default = assistant.settings.top_k

    def respond(question, history, conversation, source="", since="", until="",
                top_k=top_k_default, mode="extractive"):
        conversation = conversation or assistant.chat()
        history = list(history or []) + [_user(question)]
        asked = len(history)
        try:
            filters = Filters.build(source, since, until)
            steps = conversation.stream(question, filters=filters, mode=mode,
                                        top_k=int(top_k or top_k_default))
            history.append(_assistant_says("…"))
            for step in steps:
                if isinstance(step, str):
                    history[-1] = _assistant_says(linked(whole_markers(step)) + " …")
                    yield "", history, gr.skip(), conversation, gr.skip()
                else:
                    history[-1] = _assistant_says(shown(step))
                    yield "", history, sources_html(assistant, step), conversation, step
        except AssistantError as exc:
            del history[asked:]  # a partly shown answer gives way to the error
            history.append(_assistant_says(f"⚠️ {html.escape(str(exc))}"))
            yield "", history, NO_SOURCES, conversation, None

    return respond


@dataclass
class FilterBoxes:
    """A publisher box and a date range, as the chat and the Compare tab both offer them;
    `Filters.build` reads what they hold (empty boxes filter nothing)."""

    source: object
    since: object
    until: object

    @property
    def boxes(self) -> list:
        return [self.source, self.since, self.until]


def build_filter_boxes(prefix: str) -> FilterBoxes:
    """The three boxes in a row, with element ids `<prefix>-source`, `-since`, `-until`."""
    import gradio as gr

    with gr.Row():
        source = gr.Textbox(label="Publisher", elem_id=f"{prefix}-source")
        since = gr.Textbox(label="Since (YYYY-MM-DD)", elem_id=f"{prefix}-since")
        until = gr.Textbox(label="Until (YYYY-MM-DD)", elem_id=f"{prefix}-until")
    return FilterBoxes(source, since, until)


@dataclass
class AnswerOptions:
    """The controls under "Filters and answer options"."""

    filters: FilterBoxes
    top_k: object
    mode: object


def build_answer_options(assistant: Assistant) -> AnswerOptions:
    """The folded filters (publisher, date range) and answer options (passages per answer,
    answer mode; "llm" is offered only when a language model is configured)."""
    import gradio as gr

    with_llm = assistant.llm_available()
    with gr.Accordion("Filters and answer options", open=False, elem_id="options"):
        filters = build_filter_boxes("filter")
        with gr.Row():
            top_k = gr.Slider(1, 10, value=assistant.settings.top_k, step=1,
                              label="Passages per answer", elem_id="top-k")
            mode = gr.Radio(
                MODES if with_llm else MODES[:1],
                value=assistant.settings.answer_mode if with_llm else "extractive",
                label="Answer mode", interactive=with_llm, elem_id="mode",
                info=None if with_llm else "LLM mode: no LLM configured (ASSISTANT_LLM)",
            )
    return AnswerOptions(filters, top_k, mode)


def build_conversation(assistant: Assistant):
    """The chat column: the chatbot with example questions, the "Did you mean" row and the
    "Open in Compare" button under its answers, the question box and the options; returns
    (chatbot, Suggestions, CompareLink, question box, AnswerOptions)."""
    import gradio as gr

    chat = gr.Chatbot(
        label="Chat", height=480, elem_id="chat",
        examples=[{"text": q} for q in EXAMPLES],
        placeholder="Ask who said what in the indexed articles.",
    )
    suggestions = build_suggestions()
    link = build_compare_link()
    question = gr.Textbox(label="Question", placeholder="What did Peskov say?", elem_id="question")
    return chat, suggestions, link, question, build_answer_options(assistant)


# A click on a passage's title is also an event of the panel, carrying its number, so
# that the whole article can be opened beside the chat (reader_tab).
_SOURCES_JS = """element.addEventListener('click', (ev) => {
  const title = ev.target instanceof Element ? ev.target.closest('.passage .title') : null;
  const n = title ? Number(title.closest('.passage').dataset.cite) : NaN;
  if (n) trigger('select', {index: n, value: n});
});"""


def build_sources_panel():
    """The panel of cited passages beside the chat."""
    import gradio as gr

    gr.Markdown("### Cited passages\nClick a passage to read the whole article.")
    return gr.HTML(EMPTY_SOURCES, elem_id="sources", js_on_load=_SOURCES_JS)


def suggested_question(name: str, asked: str) -> str:
    """The question a suggested name stands for: "What did <name> say?", keeping what the
    asked question was about ("... about the proposal") so it need not be typed again."""
    topic = _TOPIC.search(" ".join((asked or "").split()))
    return f"What did {name} say{' ' + topic.group('rest') if topic else ''}?"


@dataclass
class Suggestions:
    """The "Did you mean" row under the chat: one button per name the last answer offered."""

    row: object
    buttons: list

    @property
    def outputs(self) -> list:
        return [self.row, *self.buttons]

    def offer(self, answer) -> list:
        """Updates showing the names `answer` suggests (none after a refusal or a found
        answer), so each click can ask about one of them."""
        import gradio as gr

        names = (answer.suggestions if answer else [])[:MAX_SUGGESTIONS]
        return [gr.update(visible=bool(names))] + [
            gr.update(value=names[i], visible=True) if i < len(names) else gr.update(visible=False)
            for i in range(MAX_SUGGESTIONS)]

    def picker(self, i: int):
        """The click handler of button `i`: its question goes into the box, and the row is
        hidden at once so a second click cannot ask it twice."""

        def pick(answer):
            names = answer.suggestions if answer else []
            if i >= len(names):
                return ["", *self.offer(None)]
            return [suggested_question(names[i], answer.question), *self.offer(None)]

        return pick


def build_suggestions() -> Suggestions:
    """The hidden "Did you mean" row; `Suggestions.offer` fills it after each answer."""
    import gradio as gr

    with gr.Row(visible=False, elem_id="suggestions") as row:
        gr.Markdown("Did you mean:", elem_id="suggestions-label")
        buttons = [gr.Button(visible=False, size="sm", elem_id=f"suggestion-{i}",
                             elem_classes=["suggestion"], scale=0)
                   for i in range(MAX_SUGGESTIONS)]
    return Suggestions(row, buttons)


def several_parties(answer) -> bool:
    """The answer is laid out side by side, one section per party ("Moscow and Kyiv")."""
    return answer is not None and len(answer.sections) > 1


@dataclass
class CompareLink:
    """The "Open in Compare" button under the chat: shown while the last answer names
    several parties, so that answer can be taken to the Compare tab (wired in app.py)."""

    button: object

    def offer(self, answer):
        import gradio as gr

        return gr.update(visible=several_parties(answer))


def build_compare_link() -> CompareLink:
    """The hidden button; `CompareLink.offer` shows it after a several-parties answer."""
    import gradio as gr

    return CompareLink(gr.Button("Open in Compare", visible=False, size="sm",
                                 elem_id="open-compare"))


# Copies the Markdown box's text to the clipboard (a hidden textarea where the page may
# not use the clipboard API).
_COPY_JS = """async (text) => {
  try { await navigator.clipboard.writeText(text); } catch (e) {
    const area = document.createElement('textarea');
    area.value = text; document.body.appendChild(area); area.select();
    document.execCommand('copy'); area.remove();
  }
}"""


def export_id(prefix: str, name: str = "") -> str:
    """An export row's element id: "export-csv" under the chat, "<prefix>-export-csv"
    under another tab, so each tab's buttons can be told apart."""
    return "-".join(p for p in (prefix, "export", name) if p)


@dataclass
class Export:
    """The rows that take what a tab shows out (the chat's answer, a comparison, a
    person's statements): its Markdown to copy, its rows as CSV and JSON to download. The
    files, `<stem>.csv` and `<stem>.json`, are written to a temporary folder of the session
    (removed with it), never beside the index."""

    row: object
    markdown: object
    csv: object
    json: object
    folder: object
    stem: str = "answer"

    @property
    def outputs(self) -> list:
        return [self.row, self.markdown, self.csv, self.json, self.folder]

    def offer(self, shown, folder):
        """Updates showing the export of `shown` (anything with `to_markdown()`,
        `to_csv()` and `to_json()`; None hides the row: a refused question, an error), its
        files written first, and the session's folder (made on first use)."""
        import gradio as gr

        if shown is None:
            return gr.update(visible=False), "", None, None, folder
        folder = folder or tempfile.mkdtemp(prefix=f"{self.stem}-export-")
        files = {}
        for ext, text in (("csv", shown.to_csv()), ("json", shown.to_json())):
            files[ext] = Path(folder) / f"{self.stem}.{ext}"
            files[ext].write_text(text, encoding="utf-8")
        return (gr.update(visible=True), shown.to_markdown(), str(files["csv"]),
                str(files["json"]), folder)


def _remove_folder(folder) -> None:
    """Called when a session ends, so its exported files do not pile up on the server."""
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def build_export_row(prefix: str = "", what: str = "Answer", stem: str = "answer") -> Export:
    """The hidden export row, its element ids from `export_id(prefix, ...)` and its
    Markdown folded under "<what> as Markdown"; `Export.offer` fills it."""
    import gradio as gr

    with gr.Column(visible=False, elem_id=export_id(prefix)) as row:
        with gr.Row():
            copy = gr.Button("Copy as Markdown", size="sm", elem_id=export_id(prefix, "copy"))
            csv = gr.DownloadButton("Download CSV", size="sm", elem_id=export_id(prefix, "csv"))
            json = gr.DownloadButton("Download JSON", size="sm",
                                     elem_id=export_id(prefix, "json"))
        with gr.Accordion(f"{what} as Markdown", open=False):
            markdown = gr.Textbox(show_label=False, lines=6, interactive=False,
                                  elem_id=export_id(prefix, "markdown"))
    copy.click(None, [markdown], None, js=_COPY_JS, api_name=False)
    return Export(row, markdown, csv, json, gr.State(None, delete_callback=_remove_folder), stem)


@dataclass
class ChatWiring:
    """What other tabs need to ask in this chat: `answer_after(event)` answers the question
    the event put in the box, then offers the answer's suggestions, its export and, for a
    several-parties answer, the way to Compare (`compare.button`, with the chat's `options`
    filters)."""

    question: object
    respond: object
    inputs: list
    outputs: list
    answered: object
    suggestions: Suggestions
    export: Export
    compare: CompareLink
    options: AnswerOptions

    @property
    def sources(self):
        """The panel of cited passages; its `select` event is a click on passage n's title."""
        return self.outputs[2]

    @property
    def offered(self) -> list:
        """What is offered under an answer and goes with it: suggestions, Compare."""
        return [*self.suggestions.outputs, self.compare.button]

    def offers(self, answer) -> list:
        """Updates of `offered` for `answer` (None: hide them)."""
        return [*self.suggestions.offer(answer), self.compare.offer(answer)]

    def hidden(self) -> list:
        """Hides what was offered under the last answer while the next is made, so a
        stale offer cannot be clicked."""
        return self.offers(None)

    def offer_after(self, event):
        """After `event` has answered, offer what goes with the answer."""
        x = self.export
        return (event.then(self.offers, [self.answered], self.offered, api_name=False)
                .then(x.offer, [self.answered, x.folder], x.outputs, api_name=False))

    def answer_after(self, event):
        return self.offer_after(event.then(self.hidden, None, self.offered, api_name=False)
                                .then(self.respond, self.inputs, self.outputs, api_name=False))


def build_chat_tab(assistant: Assistant) -> ChatWiring:
    """Lay out the chat and wire its events (API: /chat); returns its `ChatWiring` so other
    tabs can ask in this chat."""
    import gradio as gr

    def use_example(event: gr.SelectData):
        # The page sends a clicked example as {"text": ..., "files": ...}.
        return event.value["text"]

    with gr.Row():
        with gr.Column(scale=3):
            chat, suggestions, link, question, options = build_conversation(assistant)
            export = build_export_row()
        with gr.Column(scale=2):
            sources = build_sources_panel()
    conversation, answered = gr.State(None), gr.State(None)
    inputs = [question, chat, conversation, *options.filters.boxes, options.top_k, options.mode]
    outputs = [question, chat, sources, conversation, answered]
    wiring = ChatWiring(question, chat_responder(assistant), inputs, outputs, answered,
                        suggestions, export, link, options)
    question.submit(wiring.hidden, None, wiring.offered, api_name=False)
    wiring.offer_after(question.submit(wiring.respond, inputs, outputs, api_name="chat"))
    wiring.answer_after(chat.example_select(use_example, None, [question], api_name=False))
    for i, button in enumerate(suggestions.buttons):
        wiring.answer_after(button.click(suggestions.picker(i), [answered],
                                         [question, *suggestions.outputs], api_name=False))
    return wiring
