"""Candidate edges of a draft quote's spans, described by features a model can score.

The rules give each quote a content span and a source span; annotators draw their edges
by conventions the rules only approximate (whether "that" or a closing period belongs to
what was said, whether a source takes its role or its appositive along). For each of the
four edges (content start and end, source start and end) the candidates are the token
boundaries near the rules' edge in the same parsed run of sentences, the rules' own edge
among them, and each candidate is described by the words, tags and dependencies around it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from assistant.quotes.model import Quote

WINDOW = 8  # tokens either side of the rules' edge
KINDS = ("content_start", "content_end", "source_start", "source_end")
# words whose identity matters at an edge; any other word is described by its tag
_EDGE_WORDS = frozenset(
    "that to whether if how what why when where who which whom and but or as for about "
    "on of in at by with from the a an this he she they it i we you his her their its "
    "said says told according also not".split())


@dataclass
class EdgeChoice:
    """Where one edge of one quote may go.

    quote: index of the quote in the draft list; kind: one of KINDS.
    positions: candidate character offsets; features: one list of feature names per
    candidate; rule: the offset the rules chose (always among the positions).
    """

    quote: int
    kind: str
    positions: list[int]
    features: list[list[str]]
    rule: int


class TokenMap:
    """The tokens of an article's parsed runs [(offset, doc)], found by character offset."""

    def __init__(self, docs):
        self.docs = [(o, d) for o, d in docs if len(d)]
        self.starts = [o for o, _ in self.docs]

    def token_at(self, pos: int):
        """(offset, token) of the token holding `pos`, or of the first one after it in
        the same run; None outside every run."""
        k = bisect.bisect_right(self.starts, pos) - 1
        if k < 0:
            return None
        offset, doc = self.docs[k]
        last = doc[-1]
        if pos >= offset + last.idx + len(last):
            return None
        idx = [t.idx for t in doc]
        i = max(bisect.bisect_right(idx, pos - offset) - 1, 0)
        if pos - offset >= doc[i].idx + len(doc[i]) and i + 1 < len(doc):
            i += 1
        return offset, doc[i]


def _word(tok) -> str:
    if tok is None:
        return "<none>"
    if tok.is_punct or not tok.text.strip():
        return "p:" + tok.text.strip()[:2]
    if tok.lower_ in _EDGE_WORDS:
        return "w:" + tok.lower_
    return "t:" + tok.tag_


def _within(tok, offset: int, span) -> bool:
    return span is not None and span.start <= offset + tok.idx < span.end


def _cue_children(doc, offset: int, cue) -> dict[int, str]:
    """Left and right edges of the cue word's dependents: {token index: "l:dep"/"r:dep"}."""
    out: dict[int, str] = {}
    if cue is None or not doc.has_annotation("DEP"):
        return out
    for tok in doc:
        if _within(tok, offset, cue) and tok.pos_ in ("VERB", "AUX", "NOUN", "ADP", "PUNCT"):
            for child in tok.children:
                out.setdefault(child.left_edge.i, "l:" + child.dep_)
                out.setdefault(child.right_edge.i, "r:" + child.dep_)
    return out


def _features(doc, offset: int, i: int, at_start: bool, d: int, quote: Quote,
              edges: dict[int, str], family: str) -> list[str]:
    """Features of the boundary before token i (a start) or after it (an end)."""
    tok = doc[i]
    outer = doc[i - 1] if at_start and i > 0 else (doc[i + 1] if not at_start and i + 1 < len(doc) else None)
    inner_word, outer_word = _word(tok), _word(outer)
    step = -1 if at_start else 1  # outward
    far = i + 2 * step
    inner2 = _word(doc[i - step]) if 0 <= i - step < len(doc) else "<none>"
    outer2 = _word(doc[far]) if 0 <= far < len(doc) else "<none>"
    kind = quote.kind if family == "content" else "source"
    dist = f"d={max(-WINDOW, min(WINDOW, d))}"
    f = [dist, f"k={kind}|{dist}", f"in={inner_word}", f"out={outer_word}",
         f"io={inner_word}|{outer_word}", f"k={kind}|in={inner_word}",
         f"k={kind}|out={outer_word}", f"k={kind}|io={inner_word}|{outer_word}",
         f"in2={inner_word}|{inner2}", f"out2={outer_word}|{outer2}",
         f"dep={tok.dep_}", f"odep={outer.dep_ if outer is not None else '<none>'}",
         f"tag={tok.tag_}"]
    if outer is None:
        f.append("run_edge")
    elif doc.has_annotation("SENT_START") and (tok.is_sent_start if at_start else outer.is_sent_start):
        f.append("sentence_edge")
    if outer is not None and _within(outer, offset, quote.cue):
        f.append("beside_cue")
    if _within(tok, offset, quote.cue):
        f.append("on_cue")
    if outer is not None and _within(outer, offset, quote.speaker_span):
        f.append("beside_source")
    if i in edges:
        f.append(f"cue_child={edges[i]}")
        f.append(f"k={kind}|cue_child={edges[i]}")
    if d == 0:
        f.append(f"k={kind}|rule")
    return f


def _move(doc, r: int, i: int, at_start: bool, rule_words: list[str]) -> list[str]:
    """What moving the edge from token r to token i takes in or leaves out, with the
    words at the rules' edge."""
    if i == r:
        return [f"{w}|stay" for w in rule_words]
    if at_start:
        way, moved = ("out", doc[r:i]) if i > r else ("in", doc[i:r])
    else:
        way, moved = ("in", doc[r + 1:i + 1]) if i > r else ("out", doc[i + 1:r + 1])
    return [f"{w}|{way}" for w in rule_words] + sorted({f"{way}={_word(x)}" for x in moved})


def _choice(tokens: TokenMap, quote: Quote, index: int, kind: str, rule: int,
            at_start: bool) -> EdgeChoice | None:
    found = tokens.token_at(rule if at_start else rule - 1)
    if found is None:
        return None
    offset, tok = found
    doc = tok.doc
    edges = _cue_children(doc, offset, quote.cue)
    family = kind.split("_")[0]
    positions, features = [rule], [["rule", f"k={quote.kind if family == 'content' else 'source'}|rule"]]
    here = _features(doc, offset, tok.i, at_start, 0, quote, edges, family)
    kind_of = quote.kind if family == "content" else "source"
    rule_words = [f"k={kind_of}|rule_{x}" for x in here[2:4]]
    for i in range(max(0, tok.i - WINDOW), min(len(doc), tok.i + WINDOW + 1)):
        t = doc[i]
        pos = offset + (t.idx if at_start else t.idx + len(t))
        f = _features(doc, offset, i, at_start, i - tok.i, quote, edges, family)
        f += _move(doc, tok.i, i, at_start, rule_words)
        if pos == rule:
            features[0] = features[0] + f
        elif t.text.strip():
            positions.append(pos)
            features.append(f)
    return EdgeChoice(index, kind, positions, features, rule)


def edge_choices(quotes: list[Quote], docs) -> list[EdgeChoice]:
    """The choices for every edge of every quote that lies in a parsed run."""
    tokens = TokenMap(docs)
    out = []
    for n, q in enumerate(quotes):
        if q.contents:
            spans = sorted(q.contents, key=lambda s: s.start)
            for kind, rule, at_start in (("content_start", spans[0].start, True),
                                         ("content_end", spans[-1].end, False)):
                c = _choice(tokens, q, n, kind, rule, at_start)
                if c:
                    out.append(c)
        if q.speaker_span is not None:
            for kind, rule, at_start in (("source_start", q.speaker_span.start, True),
                                         ("source_end", q.speaker_span.end, False)):
                c = _choice(tokens, q, n, kind, rule, at_start)
                if c:
                    out.append(c)
    return out
