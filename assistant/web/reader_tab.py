"""The Article tab: one whole article with every quotation marked in its speaker's colour.

A click on a name in the legend asks the chat what that person said; a click on a cited
passage's title in the chat's sources panel opens its article here, the cited span kept
highlighted. The HTML itself is built in `article_marks`.
"""
# No postponed annotations here: Gradio reads `gr.SelectData` off the signatures.
import html
from pathlib import Path

from assistant import Assistant, Filters
from assistant.errors import AssistantError
from assistant.web.article_marks import CSS, article_html, legend

TAB_ID = "article"
EMPTY = "<p>Choose an article to read it with its quotations marked.</p>"

# In the view: a legend entry asks about its person; the first cited span is scrolled into
# sight when the view is first shown and after each new one (once laid out, to be measured).
_VIEW_JS = """
element.addEventListener('click', (ev) => {
  const entry = ev.target instanceof Element ? ev.target.closest('.legend li.ask') : null;
  if (entry) trigger('select', {index: Number(entry.dataset.i), value: entry.dataset.name});
});
const reveal = () => {
  const cited = element.querySelector('.cited');
  const pane = element.querySelector('.article-body');
  if (!cited || !pane || !pane.clientHeight) return;
  const offset = cited.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  pane.scrollTop += offset - pane.clientHeight / 3;
};
watch('value', () => setTimeout(reveal, 150));
setTimeout(reveal, 150);
"""


def article_choices(assistant: Assistant) -> list[tuple[str, str]]:
    """The dropdown's articles as (label, source), by title; the file name tells apart
    articles of the same title. Empty when the index cannot be read."""
    try:
        listed = assistant.documents()
    except AssistantError:
        return []
    return [(f"{d['title']} · {Path(d['path'] or d['source']).name}", d["source"]) for d in listed]


def article_quotes(assistant: Assistant, source: str) -> list:
    """The quotations of one article, as `Assistant.quotes` counts them, in text order."""
    quotes = assistant.quotes(filters=Filters.build(article=source))
    return sorted(quotes, key=lambda q: (q.start, -q.end))


def cited_spans(answer, source: str, text: str) -> list[tuple[int, int, int]]:
    """The spans (start, end, n) the answer cites in this article, while the article still
    holds exactly the cited text."""
    if answer is None:
        return []
    return [(c.start, c.end, c.n) for c in answer.citations
            if c.source == source and text[c.start:c.end] == c.text]


def reader_view(assistant: Assistant, source: str | None, answer=None) -> tuple[str, list]:
    """The view of article `source` (the spans `answer` cites in it highlighted) and the
    legend's names in order (None for the unnamed), which a legend click is read against."""
    if not source:
        return EMPTY, []
    try:
        article = assistant.document(source)
        quotes = article_quotes(assistant, source)
    except AssistantError as exc:
        return f"<p>⚠️ {html.escape(str(exc))}</p>", []
    meta = " · ".join(p for p in (article.meta.get("source_name"), article.date, article.path,
                                  f"{len(quotes)} quotations") if p)
    view = article_html(article.title, meta, article.text, quotes,
                        cited_spans(answer, source, article.text))
    return view, [name for name, _ in legend(quotes)]


def build_reader_tab(assistant: Assistant, chat, tabs, chat_tab: str = "chat"):
    """The Article tab, wired to the chat (`chat_tab.ChatWiring`): legend clicks are asked
    there, and the chat's sources open articles here. Returns the legend's click event."""
    import gradio as gr

    def pick(names, event: gr.SelectData):
        i = event.index if isinstance(event.index, int) else -1
        name = names[i] if 0 <= i < len(names) else None
        if not name:  # an unnamed speaker cannot be asked about
            return gr.skip(), gr.skip()
        return f"What did {name} say?", gr.update(selected=chat_tab)

    def open_cited(answer, event: gr.SelectData):
        cited = [c for c in (answer.citations if answer else []) if c.n == event.index]
        if not cited:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        source = cited[0].source
        view, names = reader_view(assistant, source, answer)
        return (gr.update(choices=article_choices(assistant), value=source), view, names,
                gr.update(selected=TAB_ID))

    def refresh(source, answer):
        """Articles may have come or gone, and the answer changed, since the last view."""
        choices = article_choices(assistant)
        source = source if source in {value for _, value in choices} else None
        return (gr.update(choices=choices, value=source), *reader_view(assistant, source, answer))

    with gr.Tab("Article", id=TAB_ID) as tab:
        gr.HTML(f"<style>{CSS}</style>", js_on_load=None, elem_id="reader-style")
        # Choices are read when the tab opens (`refresh`), not at start-up.
        choose = gr.Dropdown(choices=[], value=None, label="Article",
                             elem_id="reader-article", filterable=True)
        gr.Markdown("Quotations are marked in their speaker's colour, the speech verb "
                    "underlined; click a name in the legend to ask what they said.")
        view = gr.HTML(EMPTY, elem_id="reader", js_on_load=_VIEW_JS)
        names = gr.State([])
    choose.input(lambda s, a: reader_view(assistant, s, a), [choose, chat.answered],
                 [view, names], api_name=False)
    tab.select(refresh, [choose, chat.answered], [choose, view, names], api_name=False)
    chat.sources.select(open_cited, [chat.answered], [choose, view, names, tabs], api_name=False)
    return chat.answer_after(view.select(pick, [names], [chat.question, tabs], api_name=False))
