"""HTML for the web chat: answers with linked [n] markers and the cited passages.

Every piece of article or answer text goes through `html.escape` before it is placed in
markup: the page must show an article's `<script>` as text, never run it.
"""
from __future__ import annotations

import html
import re

from assistant.errors import AssistantError

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


def _full(text: str, spans: list[tuple[int, int, int]]) -> str:
    """The whole article, escaped, each cited span (start, end, n) marked with an id the page
    scrolls to. Spans overlapping an earlier one are left to that one's mark."""
    out, pos = [], 0
    for start, end, n in sorted(spans):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="cited" id="span-{n}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _where(c) -> str:
    parts = [p for p in (c.publisher, c.date) if p]
    parts.append((c.file or c.source) + (f", page {c.page}" if c.page else ""))
    parts.append(f"characters {c.start}–{c.end}")
    if c.also:
        parts.append(f"also in {', '.join(c.also)}")
    return " · ".join(parts)


def article_texts(assistant, citations) -> dict[str, str | None]:
    """Each cited article's text by source, read once (None when it has gone since)."""
    texts: dict[str, str | None] = {}
    for c in citations:
        if c.source not in texts:
            try:
                texts[c.source] = assistant.document(c.source).text
            except AssistantError:
                texts[c.source] = None
    return texts


def said_by(c, asked_about: str | None = None) -> str:
    """Whose words the passage is, above it: a quotation names its speaker and role; a
    mention is labelled as one, so a passage naming someone is not read as their words."""
    if c.kind == "mention":
        whom = asked_about or "the person asked about"
        return (f'<span class="said-by mention">Mention: names {html.escape(whom)}; '
                "not their words</span><br>")
    if c.kind == "quote" and c.speaker:
        who = ", ".join(p for p in (c.speaker, c.role) if p)
        return f'<span class="said-by quote">{html.escape(who)}</span><br>'
    return ""


def _blocks(assistant, answer) -> dict[int, str]:
    """One block per citation, by number: title, who said it, where it comes from, the
    passage in its paragraph. The first block of each article also holds the full article
    (folded), every passage cited from it marked; a click on any of its passages opens it."""
    texts = article_texts(assistant, answer.citations)
    # A citation is shown in its article only while the article still holds its exact text.
    good = [c for c in answer.citations
            if texts[c.source] is not None and texts[c.source][c.start:c.end] == c.text]
    articles = list(dict.fromkeys(c.source for c in good))
    blocks, opened = {}, set()
    for c in answer.citations:
        article, where = "", ""
        if c in good:
            body = _context(texts[c.source], c.start, c.end)
            k = articles.index(c.source)
            if c.source not in opened:
                opened.add(c.source)
                spans = [(o.start, o.end, o.n) for o in good if o.source == c.source]
                article = (f'<details class="article" id="article-{k}" data-cite="{c.n}">'
                           f'<summary>Full article</summary><div class="article-text">'
                           f'{_full(texts[c.source], spans)}</div></details>')
            where = f' data-article="{k}"'
        else:  # the article changed or went since the answer was made: show what was cited
            body = f"<mark>{html.escape(c.text)}</mark>"
        link = (f' · <a href="{html.escape(c.url)}" target="_blank" rel="noopener noreferrer">link</a>'
                if c.url and c.url.startswith(("http://", "https://")) else "")
        blocks[c.n] = (
            f'<div class="passage" id="cite-{c.n}" data-cite="{c.n}"{where}>'
            f'<b class="title">[{c.n}] {html.escape(c.title)}</b><br>'
            f'{said_by(c, answer.speaker)}'
            f'<span class="where">{html.escape(_where(c))}</span>{link}'
            f'<p class="context">{body}</p>{article}</div>'
        )
    return blocks


def _side(section, citations, blocks: dict[int, str]) -> str:
    """One party's column: its name, who speaks for it (with their roles), its passages, or
    that nothing of theirs answers the question."""
    roles = {c.speaker: c.role for c in citations if c.speaker and c.role}
    speakers = ", ".join(f"{n} ({roles[n]})" if roles.get(n) else n for n in section.speakers)
    shown = [blocks[n] for n in section.citations if n in blocks]
    if not (section.found and shown):
        shown = [f'<p class="nothing">Nothing from {html.escape(section.party)} on this in '
                 "the indexed articles.</p>"]
    who = f'<span class="speakers">{html.escape(speakers)}</span>' if speakers else ""
    return (f'<div class="side" data-party="{html.escape(section.party)}">'
            f'<b class="party">{html.escape(section.party)}</b>{who}{"".join(shown)}</div>')


def sources_html(assistant, answer) -> str:
    """The cited passages. For a question naming several parties ("Moscow and Kyiv"), one
    column per party side by side, so each side's words are read against the other's."""
    sections = answer.sections
    if not answer.citations and not sections:
        return NO_SOURCES
    blocks = _blocks(assistant, answer) if answer.citations else {}
    if not sections:
        return "\n".join(blocks.values())
    placed = {n for s in sections for n in s.citations}
    columns = "".join(_side(s, answer.citations, blocks) for s in sections)
    rest = "\n".join(b for n, b in blocks.items() if n not in placed)
    return f'<div class="sides">{columns}</div>{rest}'


def linked(text: str) -> str:
    """Answer text for the chat: escaped, each [n] a link to passage n in the sources panel."""
    return _MARKER.sub(r'<a href="#cite-\1" class="cite" data-cite="\1">[\1]</a>', html.escape(text))


def whole_markers(text: str) -> str:
    """Text cut while streaming, without a trailing partial marker such as "[1"."""
    cut = text.rfind("[")
    return text[:cut] if cut >= 0 and "]" not in text[cut:] else text
