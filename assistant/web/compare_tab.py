"""The Compare tab: a topic and two or more people or parties, one column each.

Each column holds the party's statements on the topic, each in its paragraph with the span
highlighted, its speaker and role, and its date (or "undated"); a party with nothing on the
topic, or a name nobody quoted goes by, says so. Under the columns, the chat's export row
takes the comparison out (Markdown, CSV, JSON). All article text is HTML-escaped.
"""
# No postponed annotations here: Gradio reads the endpoint's signature for its API page.
import html
from dataclasses import dataclass

from assistant import Assistant, Filters
from assistant.errors import AssistantError
from assistant.web.chat_tab import (Export, FilterBoxes, build_export_row, build_filter_boxes,
                                     several_parties)
from assistant.web.render import _context, article_texts, said_by
from assistant.web.speakers_tab import speaker_names

EMPTY = "<p>Choose a topic and two or more people or parties to compare.</p>"
TAB_ID = "compare"
# The columns' look; kept here with the tab (the page's own CSS is app.py's).
CSS = """
.compare-sides { display: flex; gap: 12px; align-items: flex-start; }
.compare-side { flex: 1 1 0; min-width: 0; }
.compare-side .party { display: block; font-size: 1.1em; border-bottom: 1px solid #ddd; }
.compare-side .speakers { display: block; color: #666; font-size: 0.85em; margin: 2px 0; }
.compare-side .nothing { color: #666; font-style: italic; }
.compare-side .statement { border-left: 3px solid #888; padding: 4px 10px; margin: 10px 0; }
.compare-side .statement mark { background: #ffe58a; }
.compare-side .when { font-weight: 600; font-size: 0.85em; }
.compare-side .where { color: #666; font-size: 0.85em; }
"""


def asked_comparison(answer) -> tuple[str, list[str]] | None:
    """(topic, parties) of a several-parties answer of the chat, to run as a comparison;
    None for any other answer."""
    if not several_parties(answer):
        return None
    return answer.topic or "", [s.party for s in answer.sections]


def parties_asked(typed: str, picked: list | None) -> list[str]:
    """The parties of the box (comma-separated) and of the speaker list, typed first."""
    names = [n.strip() for n in (typed or "").split(",") if n.strip()]
    return names + [n for n in (picked or []) if n and n not in names]


def _statement(c, text: str | None) -> str:
    """One statement: its date, who said it, where it stands, the passage in context."""
    body = (_context(text, c.start, c.end) if text is not None and text[c.start:c.end] == c.text
            else f"<mark>{html.escape(c.text)}</mark>")
    where = " · ".join(p for p in (c.title, c.publisher, f"characters {c.start}–{c.end}") if p)
    kind = "" if c.kind == "quote" else '<span class="where">reported speech</span><br>'
    return (f'<div class="statement" data-n="{c.n}" data-speaker="{html.escape(c.speaker or "")}" '
            f'data-source="{html.escape(c.source)}" data-start="{c.start}" data-end="{c.end}">'
            f'<span class="when">[{c.n}] {html.escape(c.date or "undated")}</span><br>'
            f'{said_by(c)}{kind}<span class="where">{html.escape(where)}</span>'
            f'<p class="context">{body}</p></div>')


def _side(column, texts: dict[str, str | None]) -> str:
    """One party's column: its name, who speaks for it, its statements or its note."""
    who = (f'<span class="speakers">{html.escape(", ".join(column.people))}</span>'
           if column.people else "")
    shown = [_statement(c, texts.get(c.source)) for c in column.statements]
    if not shown:
        shown = [f'<p class="nothing">{html.escape(column.note)}</p>']
    return (f'<div class="compare-side" data-party="{html.escape(column.party)}" '
            f'data-found="{str(column.found).lower()}">'
            f'<b class="party">{html.escape(column.party)}</b>{who}{"".join(shown)}</div>')


def comparison_html(assistant: Assistant, comparison) -> str:
    """The columns side by side, so each party's words are read against the others'."""
    texts = article_texts(assistant, comparison.citations)
    head = (f"<p>On <b>{html.escape(comparison.topic)}</b>:</p>" if comparison.topic
            else "<p>Everything they said:</p>")
    sides = "".join(_side(c, texts) for c in comparison.columns)
    return f'{head}<div class="compare-sides">{sides}</div>'


@dataclass
class CompareTab:
    """The tab's inputs and how it runs, for another tab to fill in and run it."""

    topic: object
    typed: object
    picked: object
    filters: FilterBoxes
    run: object
    inputs: list
    outputs: list
    export: Export

    def open_after(self, button, answered, chat_filters: FilterBoxes, tabs):
        """Wire `button` (the chat's "Open in Compare") to lay out the chat's last answer
        (`answered`) here: its topic and parties filled in, under the chat's filters (so
        the columns come from the articles the answer could cite), compared, this tab shown."""
        import gradio as gr

        def fill(answer, source, since, until):
            asked = asked_comparison(answer)
            if asked is None:  # not a several-parties answer: nothing to take over
                return [gr.skip()] * 7
            topic, parties = asked
            return (topic, ", ".join(parties), [], source, since, until,
                    gr.update(selected=TAB_ID))

        filled = [self.topic, self.typed, self.picked, *self.filters.boxes, tabs]
        return (button.click(fill, [answered, *chat_filters.boxes], filled, api_name=False)
                .then(self.run, self.inputs, self.outputs, api_name=False))


def build_compare_tab(assistant: Assistant) -> CompareTab:
    """Lay out the tab and wire it; the API endpoint /compare answers with the comparison
    as JSON (`Comparison.to_dict()`). Returns the `CompareTab`."""
    import gradio as gr

    def compare_api(topic: str, parties: list[str], k: int = 5, source: str = "",
                    since: str = "", until: str = "") -> dict:
        """Statements of two or more people or parties on a topic, one column each; only
        from articles of the publisher `source` dated from `since` to `until` (YYYY-MM-DD)
        when given."""
        if isinstance(parties, str):
            parties = parties.split(",")
        try:
            filters = Filters.build(source, since, until)
            return assistant.compare(topic or "", list(parties or []), k=int(k or 5),
                                     filters=filters).to_dict()
        except AssistantError as exc:
            return {"error": str(exc), "topic": topic or "", "columns": []}

    def run(topic, typed, picked, k, source, since, until, folder):
        """The columns, and the export of what they show (hidden after an error)."""
        try:
            comparison = assistant.compare(topic or "", parties_asked(typed, picked), k=int(k),
                                           filters=Filters.build(source, since, until))
        except AssistantError as exc:
            return (f'<p class="nothing">⚠️ {html.escape(str(exc))}</p>',
                    *export.offer(None, folder))
        return (comparison_html(assistant, comparison), *export.offer(comparison, folder))

    with gr.Tab("Compare", id=TAB_ID) as tab:
        with gr.Row():
            topic = gr.Textbox(label="Topic", placeholder="taxes", elem_id="compare-topic")
            typed = gr.Textbox(label="People or parties (comma-separated)",
                               placeholder="Trump, Clinton", elem_id="compare-parties")
        with gr.Row():
            picked = gr.Dropdown(choices=[], multiselect=True, value=[],  # read on opening
                                 label="…or pick from the speakers", elem_id="compare-speakers")
            k = gr.Slider(1, 10, value=5, step=1, label="Statements per party",
                          elem_id="compare-k")
        filters = build_filter_boxes("compare")
        go = gr.Button("Compare", variant="primary", elem_id="compare-run")
        out = gr.HTML(EMPTY, elem_id="compare", css_template=CSS, js_on_load=None)
        export = build_export_row(TAB_ID, "Comparison", "comparison")
        inputs = [topic, typed, picked, k, *filters.boxes, export.folder]
        outputs = [out, *export.outputs]
        go.click(run, inputs, outputs, api_name=False)
        topic.submit(run, inputs, outputs, api_name=False)
        # People may have come or gone since the page loaded.
        tab.select(lambda: gr.update(choices=speaker_names(assistant)), None, [picked], api_name=False)
        gr.api(compare_api, api_name="compare")
    return CompareTab(topic, typed, picked, filters, run, inputs, outputs, export)
