"""Which cue, if any, introduces each direct quote."""
from __future__ import annotations

import bisect
import re

from assistant.quotes.cues import _colon_cue
from assistant.quotes.marks import _end_of_text

_SENT_END = re.compile(r"[.!?](?=\s|$)")
_ABBREV = re.compile(r"(?:\b(?:Gov|Sen|Rep|Mr|Mrs|Ms|Dr|St|Lt|Gen|Col|Jr|Sr|Sgt|Capt|Prof|Rev|"
                     r"No|vs|[A-Z])|\.[A-Za-z])\.$")


def _sentence_bounds(text, lo, hi):
    """Region of the sentence around [lo, hi): stops at . ! ? outside the span, newlines."""
    w = max(0, lo - 400)  # windows keep this constant-time on one-paragraph texts
    a = max(text.rfind("\n", w, lo), w - 1,
            max(text.rfind(p, w, lo) for p in (". ", "? ", "! ")))
    b_nl = text.find("\n", hi, hi + 400)
    b_nl = len(text) if b_nl < 0 else b_nl
    b = min(b_nl, hi + 400)
    for m in _SENT_END.finditer(text, hi, b):
        if not _ABBREV.search(text, max(0, m.start() - 5), m.start() + 1):
            b = m.end()
            break
    return a + 1, b


def _assign(quote_spans, cues, text, docs=()):
    """Pick the cue of each direct quote: in the content, after it, or before it."""
    by_pos = sorted(cues, key=lambda c: c.span[0])
    starts = [c.span[0] for c in by_pos]
    doc_starts = [o for o, _ in docs]
    result = []
    for spans in quote_spans:
        qs, qe = spans[0][0], spans[-1][1]
        a, b = _sentence_bounds(text, qs, qe)
        chosen = None
        inner = text[qe - 2:qe - 1]
        tail_ok = inner in ",?!—-" or re.match(r"\s*[,a-z]", text[qe:qe + 3] or "") is not None
        i = bisect.bisect_left(starts, qe)
        nxt_q = text.find("“", qe, b)
        tail_end = b if nxt_q < 0 else nxt_q
        for c in by_pos[i:]:
            if c.span[0] >= tail_end:
                break
            if c.subj is None or c.used:
                continue
            lead = min(c.span[0], c.subj_span[0] if c.subj_span else c.span[0])
            if lead > qe and re.search(r"[^\W\d_]", text[qe:lead]):
                break  # “...,” when Clinton blasted him: not the quote's own cue
            # “...” Trump said.  -- a cue with nothing to report after it
            if tail_ok or c.content is None or c.content[0] < c.span[0]:
                chosen = c
            break
        if chosen is None:
            chosen = _head_cue(by_pos, starts, a, qs)
        if chosen is None:
            chosen = _adjacent_cue(by_pos, starts, text, a, qs)
        if chosen is None and text[a:qs].strip() == "":
            # "Cruz continued:\n\n“...”": cue at the end of the previous paragraph
            prev_end = _end_of_text(text, a, a - 400)
            if prev_end and text[prev_end - 1] in ":,":
                pa, _ = _sentence_bounds(text, prev_end - 1, prev_end - 1)
                chosen = _head_cue(by_pos, starts, pa, prev_end)
        if chosen is None:
            colon = _end_of_text(text, qs, qs - 10) - 1
            if colon >= 0 and text[colon] == ":" and qs - colon < 4:
                chosen = _colon_cue(docs, doc_starts, colon, text)
        result.append(chosen)
    return result


_LEAD_IN = re.compile(r"[\s,:]*(?:that\s+)?")


def _adjacent_cue(by_pos, starts, text, a, qs):
    """A man yelled “Stay there!”: a cue right before the quote, nothing between."""
    j = bisect.bisect_left(starts, qs) - 1
    if j < 0:
        return None
    c = by_pos[j]
    if c.span[0] < a or c.subj is None or c.used:
        return None
    return c if _LEAD_IN.fullmatch(text, c.span[1], qs) else None


def _head_cue(by_pos, starts, a, qs):
    """Last cue with a speaker between a and qs whose content reaches the quote."""
    j = bisect.bisect_left(starts, qs) - 1
    lo = bisect.bisect_left(starts, a)
    for c in by_pos[lo:j + 1]:
        # the outermost cue whose reported content holds the quote
        if c.subj is not None and c.content and c.content[0] <= qs < c.content[1] + 3:
            return c
    while j >= 0 and by_pos[j].span[0] >= a:
        c = by_pos[j]
        if c.subj is not None and (c.content is None or c.content[1] >= qs - 3
                                   or c.content[1] <= c.span[0]):
            return c
        j -= 1
    return None
