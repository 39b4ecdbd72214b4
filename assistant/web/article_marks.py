"""HTML for the Article tab: a whole article with each quotation marked in its speaker's colour.

Quotations may nest or overlap ("“…,” said Army Chief Syrskyj, hinting at retreat" holds
two quotes of one sentence), and HTML elements may only nest. So the text is cut at every
boundary of a quote, a cue, a speaker or a cited span into segments that no span crosses,
and each segment is wrapped in the elements of all the spans covering it. A quotation is
then the run of elements carrying its `data-q`, and each one's text is exactly
``text[start:end]``. Every piece of article text is HTML-escaped: an article holding
`<script>` shows it as text.
"""
from __future__ import annotations

import hashlib
import html
from collections import Counter
from dataclasses import dataclass

# The colour of quotes nobody is named for, and the legend's word for them.
NEUTRAL = "hsl(0, 0%, 85%)"
UNNAMED = "unnamed"

CSS = """
#reader .reader-meta { color: #666; font-size: 0.9em; }
#reader .legend { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; padding: 0;
  list-style: none; }
#reader .legend li { padding: 2px 8px; border-radius: 10px; font-size: 0.9em; color: #111; }
#reader .legend li.ask { cursor: pointer; }
#reader .legend li.ask:hover { outline: 1px solid #555; }
#reader .article-body { white-space: pre-wrap; line-height: 1.6; max-height: 640px;
  overflow-y: auto; border: 1px solid #ddd; padding: 8px 12px; }
#reader mark.quote { color: inherit; padding: 1px 0; }
#reader mark.quote .who { font-weight: 600; font-size: inherit; }
#reader u.cue { text-decoration-thickness: 2px; }
#reader .cited { border-bottom: 3px solid #d48806; background: rgba(255, 229, 138, 0.6); }
"""


@dataclass(frozen=True)
class _Span:
    """One span to wrap the segments it covers in: a quote (`q` its number), a cue or a
    speaker of quote `q`, or a cited passage (`q` its citation number)."""

    kind: str  # "quote", "cue", "who" or "cited"
    start: int
    end: int
    q: int


def speaker_colour(speaker: str | None) -> str:
    """A light colour for `speaker`, the same in every article and every process (a hash
    of the name, not Python's salted `hash`), so a reader learns who is who at a glance."""
    if not speaker:
        return NEUTRAL
    digest = hashlib.sha1(" ".join(speaker.lower().split()).encode("utf-8")).digest()
    # Three shades of each hue: two names of one article rarely share a colour.
    hue = int.from_bytes(digest[:2], "big") % 360
    light = (76, 83, 90)[digest[2] % 3]
    return f"hsl({hue}, 80%, {light}%)"


def legend(quotes) -> list[tuple[str | None, int]]:
    """Who speaks in the article and how many quotations each has, most first; None stands
    for the unattributed quotes, listed last."""
    counts = Counter(q.speaker or None for q in quotes)
    named = sorted(((n, c) for n, c in counts.items() if n), key=lambda p: (-p[1], p[0].lower()))
    return named + ([(None, counts[None])] if counts[None] else [])


def legend_html(quotes) -> str:
    """The legend: one entry per speaker in their colour with their quote count. A named
    entry carries the name in `data-name`, so a click can ask what that person said."""
    items = []
    for i, (name, count) in enumerate(legend(quotes)):
        shown = html.escape(name or UNNAMED)
        ask = (f' class="ask" data-i="{i}" data-name="{html.escape(name)}" '
               f'title="What did {shown} say?"' if name else ' class="unnamed"')
        items.append(f'<li{ask} style="background-color: {speaker_colour(name)}">'
                     f'{shown} ({count})</li>')
    if not items:
        return '<p class="legend">No quotation found.</p>'
    return f'<ul class="legend">{"".join(items)}</ul>'


def _spans(length: int, quotes, cited) -> list[_Span]:
    """Every span to mark, clipped to the text; empty ones left out."""
    spans = []

    def add(kind, start, end, q):
        start, end = max(0, start), min(length, end)
        if start < end:
            spans.append(_Span(kind, start, end, q))

    for i, quote in enumerate(quotes):
        add("quote", quote.start, quote.end, i)
        if quote.cue is not None:
            add("cue", quote.cue.start, quote.cue.end, i)
        if quote.speaker_span is not None:
            add("who", quote.speaker_span.start, quote.speaker_span.end, i)
    for start, end, n in cited:
        add("cited", start, end, n)
    return spans


def _segments(length: int, spans: list[_Span]):
    """The text cut at every span's edge: (start, end, spans covering it) in text order."""
    edges = sorted({0, length} | {s.start for s in spans} | {s.end for s in spans})
    for start, end in zip(edges, edges[1:]):
        yield start, end, [s for s in spans if s.start <= start and end <= s.end]


def _open(span: _Span, quotes) -> str:
    if span.kind == "cited":
        return f'<span class="cited" data-cite="{span.q}">'
    if span.kind == "cue":
        return "<u class=\"cue\">"
    if span.kind == "who":
        return '<span class="who">'
    quote = quotes[span.q]
    name = quote.speaker or ""
    unnamed = "" if name else " unnamed"
    return (f'<mark class="quote{unnamed}" data-q="{span.q}" data-speaker="{html.escape(name)}" '
            f'data-start="{quote.start}" data-end="{quote.end}" '
            f'data-kind="{html.escape(quote.kind or "")}" '
            f'style="background-color: {speaker_colour(quote.speaker)}" '
            f'title="{html.escape(name or UNNAMED)}">')


_CLOSE = {"cited": "</span>", "cue": "</u>", "who": "</span>", "quote": "</mark>"}
# Outer to inner: the cited span, the quotes (outermost first), the speaker, the cue.
_ORDER = {"cited": 0, "quote": 1, "who": 2, "cue": 3}


def marked_text(text: str, quotes, cited=()) -> str:
    """The whole article, escaped, each quotation in a `<mark class="quote">` of its
    speaker's colour (`data-speaker`, `data-q` its number in `quotes`), the speaker's name
    in bold, the cue underlined, and each cited span (start, end, n) of `cited` in a
    `<span class="cited">`."""
    spans = _spans(len(text), quotes, cited)
    out = []
    for start, end, covering in _segments(len(text), spans):
        # Wider quotes outside narrower ones, so the innermost speaker's colour shows.
        covering.sort(key=lambda s: (_ORDER[s.kind], s.start, -s.end, s.q))
        out.extend(_open(s, quotes) for s in covering)
        out.append(html.escape(text[start:end]))
        out.extend(_CLOSE[s.kind] for s in reversed(covering))
    return "".join(out)


def article_html(title: str, meta: str, text: str, quotes, cited=()) -> str:
    """The Article tab's view: title, a line about the article, the legend and the marked
    text (see `marked_text`); all of it escaped."""
    return (f'<h3 class="reader-title">{html.escape(title)}</h3>'
            f'<div class="reader-meta">{html.escape(meta)}</div>'
            f'{legend_html(quotes)}'
            f'<div class="article-body">{marked_text(text, quotes, cited)}</div>')
