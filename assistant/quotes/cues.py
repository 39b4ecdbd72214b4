"""Attribution cues from spaCy's dependency parse: cue verbs, their speakers
and the reported content of indirect speech.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from assistant.quotes import lexicon as cw

PIECE_CHARS = 3000          # spaCy input size: bounded so long texts stay linear
# NER costs as much as tagging and parsing together; names come from proper-noun
# runs instead (people.name_runs). Set USE_NER to trade speed for accuracy.
USE_NER = False
_UNUSED_PIPES = ("lemmatizer", "attribute_ruler") + (() if USE_NER else ("ner",))


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


def _has_cue(piece: str) -> bool:
    words = set(re.findall(r"[a-z]+", piece.lower()))
    return bool(words & cw.CUE_FORMS) or "according" in words


def _worth_parsing(piece: str) -> bool:
    """Paragraphs with cue words or a full name (antecedents) get parsed."""
    return bool(_FULL_NAME.search(piece)) or _has_cue(piece)


_MARK = re.compile(r"[\"“”«»„]")
# a sentence ends at . ! ? before a capital or an opening mark, not after a title,
# an initial or an abbreviation ("Sen.", "J.", "U.S.")
_SENT = re.compile(r".+?(?:(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|St|Lt|Jr|Sr|No|vs))"
                   r"(?<!\b(?:Mrs|Sen|Rep|Gov|Gen|Col|Sgt|Rev))(?<!\b(?:Capt|Prof|Corp))"
                   r"(?<!\.[A-Z])[.!?][\"”’]?(?=\s+[\"“A-Z])|$)")
PARSE, TAG, SKIP = 2, 1, 0


def _sentence_kind(sent: str) -> int:
    if _has_cue(sent) or _MARK.search(sent) or sent.rstrip().endswith(":"):
        return PARSE
    return TAG if _FULL_NAME.search(sent) else SKIP


def _sentence_runs(pieces):
    """Cut paragraphs into runs of neighbouring sentences of one kind (PARSE,
    TAG); SKIP runs are left out. Returns [(offset, text)] and their kinds."""
    out, kinds = [], []
    for off, p in pieces:
        runs = []  # [kind, start, end]
        for m in _SENT.finditer(p):
            kind = _sentence_kind(m.group())
            if runs and runs[-1][0] == kind:
                runs[-1][2] = m.end()
            else:
                runs.append([kind, m.start(), m.end()])
        for kind, a, b in runs:
            if kind != SKIP:
                out.append((off + a, p[a:b]))
                kinds.append(kind)
    return out, kinds


def _docs(text: str, nlp):
    """(offset, doc) per run of sentences worth parsing, in text order.

    Runs with a cue word, a quotation mark or a closing colon, or that name
    people (antecedents for later pronouns and surnames) are tagged; the
    dependency parser, which costs about as much as the rest of the pipeline,
    then runs only on those with a quotation mark, a closing colon, "according
    to" or a cue word tagged as a verb. Other sentences are skipped.
    """
    pieces = [(o, p) for o, p in _pieces(text) if p.strip() and _worth_parsing(p)]
    pieces, kinds = _sentence_runs(pieces)
    disable = [p for p in _UNUSED_PIPES if p in nlp.pipe_names]
    docs = list(nlp.pipe((p for _, p in pieces), batch_size=64, disable=disable + ["parser"]))
    need = [k for k, d in enumerate(docs) if kinds[k] == PARSE and _needs_parse(d)]
    if need and "parser" in nlp.pipe_names:
        # the parser reads the tagged docs' tok2vec output (doc.tensor)
        parsed = nlp.get_pipe("parser").pipe((docs[k] for k in need), batch_size=64)
        for k, d in zip(need, parsed):
            docs[k] = d
    return [(o, d) for (o, _), d in zip(pieces, docs)]


def _needs_parse(doc) -> bool:
    if _MARK.search(doc.text) or doc.text.rstrip().endswith(":"):
        return True
    return any((t.tag_[:2] == "VB" and t.lower_ in cw.CUE_FORMS) or t.lower_ == "according"
               for t in doc)


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
    if v.tag_ == "VBG" and v.i > 0 and v.doc[v.i - 1].tag_ in ("NNP", "NNPS") and (
            v.doc[v.i - 1].dep_ in ("pobj", "dobj", "appos")):
        # "footage of Hillary Clinton asking, “...”": the name before the participle speaks
        return v.doc[v.i - 1]
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
        if t.tag_ in ("NN", "NNS") and t.dep_ != "compound" and doc[t.i - 1].tag_ in ("DT", "PRP$"):
            return t  # “...?” asked the boy / said a spokesman
        if t.is_punct:
            break
    return None


def _name_after_closer(v):
    """“...,” Ramos, 58, told AFP: the first name between a closing quote and the cue."""
    doc = v.doc
    lo = max(0, v.i - 14)
    k = v.i - 1
    while k >= lo and doc[k].text not in ("”", "\"", "''"):
        if doc[k].text in (".", "!", "?"):
            return None
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


_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "january", "february", "march", "april", "june", "july", "august",
               "september", "october", "november", "december", "today", "yesterday",
               "tomorrow", "tonight"}


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
            if subj is not None and subj.lower_ in _TIME_WORDS:
                subj = None  # "Saturday would have been ...": a date is nobody's voice
            span = (off + t.idx, off + t.idx + len(t))
            content = None if low in cw.QUOTE_ONLY_FORMS else _content_of(t, off, text)
            sp = _np_span(subj, off, text) if subj is not None else None
            if sp and subj.i < t.i and sp[0] < span[0] < sp[1]:
                sp = _trim(text, sp[0], span[0]) or (off + subj.idx, off + subj.idx + len(subj))
            cues.append(_Cue(t, span, subj, sp, content, off))
    return cues


def _np_span(tok, off, text):
    """Source span: the subject's phrase without a trailing relative clause."""
    sub = list(tok.subtree)
    inside = {x.i for x in sub}  # (one pass: the subtree is rebuilt on each access)
    toks = [x for x in sub if x.dep_ != "relcl" and not any(
        a.dep_ == "relcl" for a in x.ancestors if a.i in inside)]
    toks = [x for x in toks if x.i >= tok.left_edge.i]
    if not toks:
        return None
    return _trim(text, off + toks[0].idx, off + toks[-1].idx + len(toks[-1])) or (
        off + tok.idx, off + tok.idx + len(tok))


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
    if not doc.has_annotation("DEP"):
        return None
    subj = _nearest_subject(tok.sent.root)
    if subj is None or subj.i > tok.i:
        names = [t for t in tok.sent if t.i < tok.i and t.tag_ in ("NNP", "NNPS")]
        subj = names[-1] if names else None
    if subj is None:
        return None
    return _Cue(tok, (off + tok.idx, off + tok.idx + 1), subj, _np_span(subj, off, text), None, off)
