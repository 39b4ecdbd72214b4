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

WINDOW = 5  # tokens either side of the rules' edge
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


class _Run:
    """One parsed run with what the features read of each token, worked out once."""

    def __init__(self, offset: int, doc):
        self.offset = offset
        self.tokens = list(doc)  # made once: doc[i] makes a new Token object each time
        self.idx = [t.idx for t in self.tokens]
        self.end = offset + self.idx[-1] + len(self.tokens[-1])
        self._words: list[str | None] = [None] * len(self.tokens)
        self.parsed = doc.has_annotation("DEP")
        self.sentences = doc.has_annotation("SENT_START")
        self.static: dict[tuple[int, bool, str], list[str]] = {}
        self.cues: dict[tuple[int, int], dict[int, str]] = {}

    def word(self, i: int) -> str:
        """How token i is described at an edge (worked out on first use)."""
        w = self._words[i]
        if w is None:
            w = self._words[i] = _word(self.tokens[i])
        return w

    def index_at(self, pos: int) -> int:
        """Index of the token holding `pos`, or of the first one after it."""
        i = max(bisect.bisect_right(self.idx, pos - self.offset) - 1, 0)
        if pos - self.offset >= self.idx[i] + len(self.tokens[i]) and i + 1 < len(self.tokens):
            i += 1
        return i

    def features(self, i: int, at_start: bool, kind: str) -> list[str]:
        """The features of the boundary before token i (a start) or after it (an end)
        that depend on the words around it only."""
        key = (i, at_start, kind)
        if key not in self.static:
            self.static[key] = self._features(i, at_start, kind)
        return self.static[key]

    def _features(self, i: int, at_start: bool, kind: str) -> list[str]:
        tokens, word, n = self.tokens, self.word, len(self.tokens)
        step = -1 if at_start else 1  # outward
        o, far, inward = i + step, i + 2 * step, i - step
        tok = tokens[i]
        outer = tokens[o] if 0 <= o < n else None
        inner_word = word(i)
        outer_word = word(o) if outer is not None else "<none>"
        inner2 = word(inward) if 0 <= inward < n else "<none>"
        outer2 = word(far) if 0 <= far < n else "<none>"
        f = [f"in={inner_word}", f"out={outer_word}",
             f"io={inner_word}|{outer_word}", f"k={kind}|in={inner_word}",
             f"k={kind}|out={outer_word}", f"k={kind}|io={inner_word}|{outer_word}",
             f"in2={inner_word}|{inner2}", f"out2={outer_word}|{outer2}",
             f"dep={tok.dep_}", f"odep={outer.dep_ if outer is not None else '<none>'}",
             f"tag={tok.tag_}"]
        if outer is None:
            f.append("run_edge")
        elif self.sentences and (tok.is_sent_start if at_start else outer.is_sent_start):
            f.append("sentence_edge")
        return f

    def cue_children(self, cue) -> dict[int, str]:
        """Left and right edges of the cue words' dependents: {token index: "l:dep"/"r:dep"}."""
        if cue is None or not self.parsed or not (self.offset <= cue.start < self.end):
            return {}
        key = (cue.start, cue.end)
        if key not in self.cues:
            self.cues[key] = self._cue_children(cue)
        return self.cues[key]

    def _cue_children(self, cue) -> dict[int, str]:
        out: dict[int, str] = {}
        i = self.index_at(cue.start)
        while i < len(self.tokens) and self.offset + self.idx[i] < cue.end:
            tok = self.tokens[i]
            if tok.tag_[:2] in ("VB", "NN", "IN", ":"):
                for child in tok.children:
                    out.setdefault(child.left_edge.i, "l:" + child.dep_)
                    out.setdefault(child.right_edge.i, "r:" + child.dep_)
            i += 1
        return out


class TokenMap:
    """The tokens of an article's parsed runs [(offset, doc)], found by character offset."""

    def __init__(self, docs):
        self.docs = [(o, d) for o, d in docs if len(d)]
        self.starts = [o for o, _ in self.docs]
        self.runs: dict[int, _Run] = {}

    def token_at(self, pos: int) -> tuple[_Run, int] | None:
        """(run, token index) of the token holding `pos`, or of the first one after it
        in the same run; None outside every run."""
        k = bisect.bisect_right(self.starts, pos) - 1
        if k < 0:
            return None
        if k not in self.runs:
            self.runs[k] = _Run(*self.docs[k])
        run = self.runs[k]
        return (run, run.index_at(pos)) if pos < run.end else None


def _word(tok) -> str:
    if tok.is_punct or not tok.text.strip():
        return "p:" + tok.text.strip()[:2]
    if tok.lower_ in _EDGE_WORDS:
        return "w:" + tok.lower_
    return "t:" + tok.tag_


def _within(run: _Run, i: int, span) -> bool:
    return span is not None and span.start <= run.offset + run.idx[i] < span.end


def _moves(run: _Run, r: int, lo: int, hi: int, at_start: bool) -> dict[int, list[str]]:
    """For each candidate token i in [lo, hi): the words moving the edge from token r to
    i takes in or leaves out, as "in=..."/"out=..." features."""
    out: dict[int, list[str]] = {r: []}
    for direction in (1, -1):
        seen: set[str] = set()
        i = r + direction
        while lo <= i < hi:
            if at_start:  # a start moving right leaves token i-1 out; left takes token i in
                way, moved = ("out", i - 1) if direction > 0 else ("in", i)
            else:  # an end moving right takes token i in; left leaves token i+1 out
                way, moved = ("in", i) if direction > 0 else ("out", i + 1)
            seen.add(f"{way}={run.word(moved)}")
            out[i] = sorted(seen)
            i += direction
    return out


def _choice(tokens: TokenMap, quote: Quote, index: int, kind: str, rule: int,
            at_start: bool) -> EdgeChoice | None:
    found = tokens.token_at(rule if at_start else rule - 1)
    if found is None:
        return None
    run, r = found
    tokens = run.tokens
    family = kind.split("_")[0]
    kind_of = quote.kind if family == "content" else "source"
    edges = run.cue_children(quote.cue)
    here = run.features(r, at_start, kind_of)
    rule_words = [f"k={kind_of}|rule_{x}" for x in here[:2]]
    lo, hi = max(0, r - WINDOW), min(len(tokens), r + WINDOW + 1)
    moves = _moves(run, r, lo, hi, at_start)
    positions, features = [rule], [["rule", f"k={kind_of}|rule"]]
    for i in range(lo, hi):
        t = tokens[i]
        pos = run.offset + (run.idx[i] if at_start else run.idx[i] + len(t))
        dist = f"d={max(-WINDOW, min(WINDOW, i - r))}"
        f = [dist, f"k={kind_of}|{dist}", *run.features(i, at_start, kind_of)]
        outer = i - 1 if at_start else i + 1
        if 0 <= outer < len(tokens):
            if _within(run, outer, quote.cue):
                f.append("beside_cue")
            if _within(run, outer, quote.speaker_span):
                f.append("beside_source")
        if _within(run, i, quote.cue):
            f.append("on_cue")
        if i in edges:
            f += [f"cue_child={edges[i]}", f"k={kind_of}|cue_child={edges[i]}"]
        if i == r:
            f.append(f"k={kind_of}|rule")
            f += [f"{w}|stay" for w in rule_words]
        else:
            way = ("out" if i > r else "in") if at_start else ("in" if i > r else "out")
            f += [f"{w}|{way}" for w in rule_words] + moves[i]
        if pos == rule:
            features[0] = features[0] + f
        elif t.text.strip():
            positions.append(pos)
            features.append(f)
    return EdgeChoice(index, kind, positions, features, rule)


def edge_choices(quotes: list[Quote], docs) -> list[EdgeChoice]:
    """The choices for every edge of every quote that lies in a parsed run (but the
    content edges of direct quotes)."""
    tokens = TokenMap(docs)
    out = []
    for n, q in enumerate(quotes):
        edges = []
        if q.contents and q.kind != "direct":
            # a direct quote's edges are its quotation marks: annotators move under 4%
            # of them on PolNeAR train, not worth what scoring every quote would cost
            spans = sorted(q.contents, key=lambda s: s.start)
            edges += [("content_start", spans[0].start, True), ("content_end", spans[-1].end, False)]
        if q.speaker_span is not None:
            edges += [("source_start", q.speaker_span.start, True),
                      ("source_end", q.speaker_span.end, False)]
        for kind, rule, at_start in edges:
            c = _choice(tokens, q, n, kind, rule, at_start)
            if c:
                out.append(c)
    return out
