"""The Speaker tab: one person's page.

Their roles, the parties they speak for, the spellings the articles use and their quote
count (the Speakers tab's count), then what they said over time: one point per dated
statement on a date axis (hovering shows the words; a click opens the article below at that
span), the undated statements listed under it, all narrowed by topic words when given.
"Ask in chat" asks the chat what they said. At the foot of the page, the chat's export row
takes the statements shown out (Markdown, CSV, JSON), with the rows of an answer citing
them. A click on a row of the Speakers tab opens the page of that person.

Gradio's own scatter plot reports a dragged x range, not the point clicked, so the plot is
an inline SVG whose points carry their span; a click sends it back through the component's
`trigger`. Every piece of article text is HTML-escaped before it is placed in the SVG or
the page.
"""
# No postponed annotations here: Gradio reads `gr.EventData` off the signature.
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant import Answer, Assistant, Person, quotes_answer
from assistant.errors import AssistantError
from assistant.web.chat_tab import build_export_row
from assistant.web.render import _full
from assistant.web.speakers_tab import speaker_names

TAB_ID = "speaker"
NO_SPEAKER = "<p>Choose a person to see what they said over time.</p>"
NO_ARTICLE = "<p>Click a point (or an undated statement) to read it in its article.</p>"
# The plot's size and margins, in SVG units (it scales to the page's width); statements of
# one day stack STEP apart, the plot growing taller rather than letting points overlap.
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 900, 240, 50, 30, 20, 40
STEP, RADIUS, TICKS = 16, 6, 7

CSS = """
.timeline { width: 100%; max-width: 1000px; height: auto; }
.timeline .axis { stroke: #888; }
.timeline .tick { font-size: 11px; fill: #666; }
.timeline .point { fill: #d48806; fill-opacity: 0.75; stroke: #7a4e00; cursor: pointer; }
.timeline .point:hover, .timeline .point.picked { fill: #ff4d4f; stroke-width: 2; }
.hover-words { min-height: 1.5em; color: #333; font-style: italic; }
.undated li { cursor: pointer; margin: 4px 0; }
.undated li:hover { background: rgba(255, 229, 138, 0.3); }
.profile .label { color: #666; }
"""
ARTICLE_CSS = """
.article-text { max-height: 360px; overflow-y: auto; white-space: pre-wrap;
  border: 1px solid #ddd; padding: 6px; font-size: 0.9em; }
mark { background: #ffe58a; }
mark.cited { outline: 2px solid #d48806; }
.where { color: #666; font-size: 0.85em; }
"""
# A click on a point or an undated statement sends its span; hovering shows its words.
PLOT_JS = """
element.addEventListener('click', (ev) => {
  const item = ev.target instanceof Element ? ev.target.closest('[data-source]') : null;
  if (!item) return;
  element.querySelectorAll('.picked').forEach((e) => e.classList.remove('picked'));
  item.classList.add('picked');
  trigger('click', {source: item.dataset.source, start: Number(item.dataset.start),
                    end: Number(item.dataset.end)});
});
element.addEventListener('mouseover', (ev) => {
  const point = ev.target instanceof Element ? ev.target.closest('.point') : null;
  const words = element.querySelector('.hover-words');
  if (point && words) words.textContent = point.querySelector('title').textContent;
});
"""
# The article shown scrolls its highlighted span into view.
ARTICLE_JS = """
watch('value', () => {
  const mark = element.querySelector('mark.cited');
  const pane = element.querySelector('.article-text');
  if (!mark || !pane) return;
  const offset = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  pane.scrollTop += offset - pane.clientHeight / 3;
  element.scrollIntoView({block: 'nearest'});
});
"""


@dataclass
class Statement:
    """One thing the person said: the words, where they stand, the article's date, the
    role the article gives them there, and who they are (the page's person by their
    fullest name, as the chat names a quotation's speaker, whatever spelling the article
    used)."""

    text: str
    source: str
    start: int
    end: int
    date: str | None
    kind: str
    role: str | None = None
    speaker: str | None = None

    @property
    def day(self) -> date | None:
        """The date as a day, or None when the article has none that can be read."""
        try:
            return date.fromisoformat(self.date[:10]) if self.date else None
        except ValueError:
            return None


@dataclass
class SpeakerView:
    """What the page shows of one person: `dated` statements by date, `undated` apart
    (best first when a topic is given)."""

    person: Person | None
    topic: str = ""
    dated: list[Statement] = field(default_factory=list)
    undated: list[Statement] = field(default_factory=list)


def speaker_view(assistant: Assistant, name: str, topic: str = "") -> SpeakerView:
    """The page's data for the person named exactly `name` (as `Assistant.speakers()`
    lists them), their statements narrowed to those using the words of `topic`."""
    topic = " ".join((topic or "").split())
    person = next((p for p in assistant.speakers() if p.name == name), None) if name else None
    if person is None:
        return SpeakerView(None, topic)
    found = assistant.dated_quotes(person.name, about=topic or None)
    statements = [Statement(q.text, q.source, q.start, q.end, when, q.kind, q.role, person.name)
                  for q, when in found if q.speaker in person.aliases]
    dated = sorted((s for s in statements if s.day), key=lambda s: (s.day, s.source, s.start))
    return SpeakerView(person, topic, dated, [s for s in statements if not s.day])


def statements_answer(assistant: Assistant, view: SpeakerView) -> Answer | None:
    """The statements shown, in the page's order (dated ones by date, then the undated),
    as an answer citing them, so they are exported with an answer's rows; None when no
    person is shown."""
    if view.person is None:
        return None
    shown = view.dated + view.undated
    on = f" on “{view.topic}”" if view.topic else ""
    text = f"{view.person.name}: {len(shown)} statement{'' if len(shown) == 1 else 's'}{on}"
    return quotes_answer(shown, assistant.documents({s.source for s in shown}), text)


def _party(key: str) -> str:
    """"org:kremlin" → "Kremlin", "country:united states" → "United States"."""
    kind, _, name = key.partition(":")
    return " ".join(w[:1].upper() + w[1:] for w in (name or kind).split())


def profile_html(view: SpeakerView) -> str:
    """Name, roles, parties (with how many of their quotes speak for each), spellings and
    the quote count."""
    person = view.person
    if person is None:
        return NO_SPEAKER
    parties = sorted(person.parties.items(), key=lambda kv: -kv[1])
    rows = [("Roles", ", ".join(sorted(person.roles)) or "—"),
            ("Speaks for", ", ".join(f"{_party(k)} ({n})" for k, n in parties) or "—"),
            ("Also written", ", ".join(sorted(person.aliases - {person.name})) or "—"),
            ("Quotes", str(person.quote_count))]
    items = "".join(f'<li><span class="label">{html.escape(k)}:</span> '
                    f'<span data-field="{html.escape(k.lower())}">{html.escape(v)}</span></li>'
                    for k, v in rows)
    return f'<div class="profile"><h3>{html.escape(person.name)}</h3><ul>{items}</ul></div>'


def _span_attrs(s: Statement) -> str:
    return (f'data-source="{html.escape(s.source)}" data-start="{s.start}" '
            f'data-end="{s.end}" data-date="{html.escape(s.date or "")}"')


def _x(day: date, first: date, span_days: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span_days


def _axis(first: date, span_days: int, height: int) -> str:
    """The date axis with up to TICKS labelled days."""
    base = height - BOTTOM
    parts = [f'<line class="axis" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}"/>']
    count = min(TICKS, span_days + 1)
    for i in range(count):
        day = first + timedelta(days=round(i * span_days / max(1, count - 1)))
        x = _x(day, first, span_days)
        parts.append(f'<line class="axis" x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 5}"/>'
                     f'<text class="tick" x="{x:.1f}" y="{base + 18}" text-anchor="middle">'
                     f'{day.isoformat()}</text>')
    return "".join(parts)


def timeline_svg(statements: list[Statement]) -> str:
    """One circle per dated statement at its date; statements of one day stacked upwards.
    Each circle's <title> holds the date and the words (the browser shows it on hover)."""
    if not statements:
        return '<p class="nothing">No dated statement.</p>'
    first, last = statements[0].day, statements[-1].day
    if first == last:  # a single day sits in the middle of a week
        first, last = first - timedelta(days=3), last + timedelta(days=3)
    span_days = (last - first).days
    per_day: dict[date, int] = {}
    for s in statements:
        per_day[s.day] = per_day.get(s.day, 0) + 1
    height = max(HEIGHT, TOP + BOTTOM + RADIUS + STEP * max(per_day.values()))
    seen: dict[date, int] = {}
    circles = []
    for s in statements:
        seen[s.day] = seen.get(s.day, 0) + 1
        x, y = _x(s.day, first, span_days), height - BOTTOM - RADIUS - STEP * (seen[s.day] - 1)
        words = f"{s.date[:10]} — {s.text.strip()}"
        circles.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}" '
                       f'{_span_attrs(s)}><title>{html.escape(words)}</title></circle>')
    return (f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="Statements by date">{_axis(first, span_days, height)}'
            f'{"".join(circles)}</svg>')


def plot_html(view: SpeakerView) -> str:
    """The timeline, the line that shows the hovered words, and the undated statements."""
    if view.person is None:
        return ""
    on = f" on “{html.escape(view.topic)}”" if view.topic else ""
    head = (f"<p>{len(view.dated)} dated and {len(view.undated)} undated statement"
            f"{'s' if len(view.dated) + len(view.undated) != 1 else ''}{on}. "
            "Hover a point to read it; click it to open the article.</p>")
    undated = "".join(f'<li class="statement" {_span_attrs(s)}>{html.escape(s.text.strip())}</li>'
                      for s in view.undated)
    rest = (f'<h4>Undated</h4><ul class="undated">{undated}</ul>' if undated else "")
    return f'{head}{timeline_svg(view.dated)}<p class="hover-words"></p>{rest}'


def article_html(assistant: Assistant, source: str, start: int, end: int) -> str:
    """The article `source` with [start, end) highlighted (render.py's full-article view);
    a span that is not in the article as it now stands is not marked."""
    try:
        article = assistant.document(str(source))
    except AssistantError as exc:
        return f'<p class="nothing">⚠️ {html.escape(str(exc))}</p>'
    text = article.text
    start, end = max(0, int(start)), min(len(text), int(end))
    spans = [(start, end, 1)] if start < end else []
    where = " · ".join(p for p in (article.date, str(article.path or source),
                                   f"characters {start}–{end}") if p)
    return (f'<h4 class="title">{html.escape(article.title or "")}</h4>'
            f'<span class="where">{html.escape(where)}</span>'
            f'<div class="article-text" data-source="{html.escape(str(source))}">'
            f'{_full(text, spans)}</div>')


def asked_about(name: str) -> str:
    """The chat question "Ask in chat" asks about the person."""
    return f"What did {name} say?"


@dataclass
class SpeakerPage:
    """The tab's controls and how it is drawn, for other tabs to open someone's page
    (`chosen`, then `draw_after`) or for its button to ask in the chat (`ask_in_chat`)."""

    name: object  # the person list
    topic: object
    ask: object  # the "Ask in chat" button, shown while a person's page is drawn
    show: Callable
    inputs: list  # the person, the topic and the export's folder
    outputs: list
    names: Callable[[], list[str]]
    tab_id: str = TAB_ID

    def chosen(self, name: str):
        """The person list with `name` chosen (its choices read afresh: the list is
        otherwise read only when the tab opens)."""
        import gradio as gr

        return gr.update(choices=self.names(), value=name)

    def draw_after(self, event):
        """Draw the page for the person and topic `event` has set."""
        return event.then(self.show, self.inputs, self.outputs, api_name=False)

    def ask_in_chat(self, chat, tabs, chat_tab: str = "chat"):
        """Wire "Ask in chat": the person's question goes into the chat (`chat_tab.ChatWiring`)
        of this session, which is shown and answers it."""
        import gradio as gr

        def question(name):
            if not name:  # the button is hidden then; a stale click asks nothing
                return gr.skip(), gr.skip()
            return asked_about(name), gr.update(selected=chat_tab)

        return chat.answer_after(self.ask.click(question, [self.name], [chat.question, tabs],
                                                api_name=False))


def build_speaker_page(assistant: Assistant) -> SpeakerPage:
    """Lay out the tab and wire it; returns the `SpeakerPage`, so another tab can open
    someone's page and the chat can be asked from it."""
    import gradio as gr

    def show(name, topic, folder):
        """The page, and the export of its statements (hidden with no person, or an error)."""
        try:
            view = speaker_view(assistant, name, topic)
            exported = statements_answer(assistant, view)
        except AssistantError as exc:
            return (f'<p class="nothing">⚠️ {html.escape(str(exc))}</p>', "", NO_ARTICLE,
                    gr.update(visible=False), *export.offer(None, folder))
        return (profile_html(view), plot_html(view), NO_ARTICLE,
                gr.update(visible=view.person is not None), *export.offer(exported, folder))

    def open_article(event: gr.EventData):
        data = getattr(event, "_data", None) or {}
        try:
            return article_html(assistant, data["source"], data["start"], data["end"])
        except (KeyError, TypeError, ValueError):
            return NO_ARTICLE

    with gr.Tab("Speaker", id=TAB_ID) as tab:
        with gr.Row():
            name = gr.Dropdown(choices=[], value=None, label="Person",  # read on opening
                               elem_id="speaker-pick")
            topic = gr.Textbox(label="Only statements about (topic words)",
                               placeholder="taxes", elem_id="speaker-topic")
        profile = gr.HTML(NO_SPEAKER, elem_id="speaker-profile", css_template=CSS, js_on_load=None)
        ask = gr.Button("Ask in chat", visible=False, size="sm", elem_id="speaker-ask")
        plot = gr.HTML("", elem_id="speaker-plot", css_template=CSS, js_on_load=PLOT_JS)
        article = gr.HTML(NO_ARTICLE, elem_id="speaker-article", css_template=ARTICLE_CSS,
                          js_on_load=ARTICLE_JS)
        export = build_export_row(TAB_ID, "Statements", "statements")  # not just the one opened
        inputs = [name, topic, export.folder]
        outputs = [profile, plot, article, ask, *export.outputs]
        # A person picked here; one set by another tab is drawn by `SpeakerPage.draw_after`.
        name.input(show, inputs, outputs, api_name=False)
        topic.submit(show, inputs, outputs, api_name=False)
        plot.click(open_article, None, [article], api_name=False)
        tab.select(lambda: gr.update(choices=speaker_names(assistant)), None, [name], api_name=False)
    return SpeakerPage(name, topic, ask, show, inputs, outputs,
                       lambda: speaker_names(assistant))
