"""HTML for the web chat: answers with linked [n] markers and the cited passages.

Every piece of article or answer text goes through `html.escape` before it is placed in
markup: the page must show an article's `<script>` as text, never run it.
"""
from __future__ import annotations

import html
import re

from .errors import AssistantError

# Characters of the article shown around a cited passage.
_CONTEXT = 240
_MARKER = re.compile(r"\[(\d{1,3})\]")
NO_SOURCES = "<p>No passage cited.</p>"
EMPTY_SOURCES = "<p>Ask a question to see its sources here.</p>"


def _context(text: str, start: int, end: int) -> str:
    """The cited span inside its surroundings, span highlighted, all of it escaped."""
    # The whole paragraph when it is short enough, else _CONTEXT characters each side.
    para_left = text.rfind("\n", 0, start) + 1
    para_right = text.find("\n", end)
    para_right = len(text) if para_right < 0 else para_right
    left = para_left if start - para_left <= _CONTEXT else start - _CONTEXT
    right = para_right if para_right - end <= _CONTEXT else end + _CONTEXT
    before = ("…" if left > para_left else "") + text[left:start]
    after = text[end:right] + ("…" if right < para_right else "")
    return f"{html.escape(before)}<mark>{html.escape(text[start:end])}</mark>{html.escape(after)}"


def _full(text: str, start: int, end: int, n: int) -> str:
    """The whole article, escaped, with the cited span marked so the page can scroll to it."""
    return (f"{html.escape(text[:start])}<mark class=\"cited\" id=\"span-{n}\">"
            f"{html.escape(text[start:end])}</mark>{html.escape(text[end:])}")


def _where(c) -> str:
    parts = [p for p in (c.publisher, c.date) if p]
    parts.append((c.file or c.source) + (f", page {c.page}" if c.page else ""))
    parts.append(f"characters {c.start}–{c.end}")
    if c.also:
        parts.append(f"also in {', '.join(c.also)}")
    return " · ".join(parts)


def sources_html(assistant, answer) -> str:
    """One block per citation: title, where it comes from, the passage in its paragraph, and
    the full article (folded) with the passage marked."""
    if not answer.citations:
        return NO_SOURCES
    texts: dict[str, str | None] = {}
    parts = []
    for c in answer.citations:
        if c.source not in texts:
            try:
                texts[c.source] = assistant.document(c.source).text
            except AssistantError:
                texts[c.source] = None
        text = texts[c.source]
        if text is not None and text[c.start:c.end] == c.text:
            body = _context(text, c.start, c.end)
            article = (f'<details class="article" data-cite="{c.n}"><summary>Full article</summary>'
                       f'<div class="article-text">{_full(text, c.start, c.end, c.n)}</div></details>')
        else:  # the article changed or went since the answer was made: show what was cited
            body, article = f"<mark>{html.escape(c.text)}</mark>", ""
        link = (f' · <a href="{html.escape(c.url)}" target="_blank" rel="noopener noreferrer">link</a>'
                if c.url and c.url.startswith(("http://", "https://")) else "")
        parts.append(
            f'<div class="passage" id="cite-{c.n}" data-cite="{c.n}">'
            f'<b class="title">[{c.n}] {html.escape(c.title)}</b><br>'
            f'<span class="where">{html.escape(_where(c))}</span>{link}'
            f'<p class="context">{body}</p>{article}</div>'
        )
    return "\n".join(parts)


def linked(text: str) -> str:
    """Answer text for the chat: escaped, each [n] a link to passage n in the sources panel."""
    return _MARKER.sub(r'<a href="#cite-\1" class="cite" data-cite="\1">[\1]</a>', html.escape(text))


def whole_markers(text: str) -> str:
    """Text cut while streaming, without a trailing partial marker such as "[1"."""
    cut = text.rfind("[")
    return text[:cut] if cut >= 0 and "]" not in text[cut:] else text
