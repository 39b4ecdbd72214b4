"""Near-duplicate passages: a story syndicated with small edits comes back once, its copies
listed with it."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz

from assistant.search.keyword import WORD
from assistant.text.folding import ascii_lower

if TYPE_CHECKING:
    from assistant.search.retriever import Hit

# Near-duplicate text: at most ~10% of its characters edited (a syndicated copy with a
# changed word or headline), compared on folded words. Across 400 BBC politics and business
# articles, sentence pairs from different articles at >= 90 were the same sentence with a
# word changed; at 85-89 they were rewordings in follow-up stories ("said he has taken
# advice" / "had received advice"), which are different passages. Shorter texts must match
# exactly: ten percent of a short sentence is another sentence ("He said no." / "She said no.").
NEAR_DUPLICATE = 90
_NEAR_MIN_CHARS = 40
_PAIR_BUCKETS = 4096  # character pairs hashed: merging buckets keeps the bound a bound


@lru_cache(maxsize=65536)  # a speaker's quotes are compared pairwise: fold each once
def _folded(text: str) -> str:
    # The whole text folded at once: word by word cost ~0.3 ms a passage.
    return " ".join(w.strip("’'-") for w in WORD.findall(ascii_lower(text)))


def near_duplicate(a: str, b: str) -> bool:
    """The same passage with small edits (see NEAR_DUPLICATE)."""
    return _alike(_folded(a), _folded(b))


class _Histograms:
    """Character and character-pair counts of folded texts, for a cheap test of whether
    two of them can be near-duplicates at all: an insertion or deletion changes one
    character count by one and at most three pair counts, so the distance of the
    character histograms (and a third of that of the pair histograms, hashed into
    buckets, which only lowers it) is a lower bound on the edits `fuzz.ratio` counts.
    On BBC questions this rules out ~90% of pairs before any comparison of the texts."""

    def __init__(self, texts: list[str]):
        self.singles = np.zeros((len(texts), 128), dtype=np.int32)
        self.pairs = np.zeros((len(texts), _PAIR_BUCKETS), dtype=np.int32)
        for i, text in enumerate(texts):
            codes = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8).astype(np.int32) & 127
            self.singles[i] = np.bincount(codes, minlength=128)
            if len(codes) > 1:
                self.pairs[i] = np.bincount((codes[:-1] * 131 + codes[1:]) % _PAIR_BUCKETS,
                                            minlength=_PAIR_BUCKETS)
        self.lengths = np.array([len(t) for t in texts], dtype=np.float64)

    def within_reach(self, i: int, others: list[int]) -> list[int]:
        """Those of `others` that text `i` may be a near-duplicate of."""
        if not others:
            return []
        rows = np.asarray(others)
        allowed = (1 - NEAR_DUPLICATE / 100) * (self.lengths[i] + self.lengths[rows]) + 1e-9
        # The character counts first: they are cheaper and rule out most pairs.
        near = np.abs(self.singles[rows] - self.singles[i]).sum(1) <= allowed
        rows, allowed = rows[near], allowed[near]
        near = np.abs(self.pairs[rows] - self.pairs[i]).sum(1) / 3 <= allowed
        return rows[near].tolist()


def collapse(hits: list[Hit]) -> list[Hit]:
    """Hits best first with near-duplicates of a better hit from another article folded
    into it (its `copies`): the first kept hit that `near_duplicate` accepts. Only the
    pairs `_Histograms` leaves are compared."""
    texts = [_folded(hit.text) for hit in hits]
    counts = _Histograms(texts)
    kept: list[int] = []  # indexes into hits, best first
    for i, hit in enumerate(hits):
        same = next((j for j in counts.within_reach(i, kept)
                     if hits[j].article != hit.article and _alike(texts[i], texts[j])), None)
        if same is None:
            kept.append(i)
        else:
            hits[same].copies.append(hit)
    return [hits[i] for i in kept]


def _alike(a: str, b: str) -> bool:
    """`near_duplicate` on texts already folded."""
    if min(len(a), len(b)) < _NEAR_MIN_CHARS:
        return a == b
    return fuzz.ratio(a, b, score_cutoff=NEAR_DUPLICATE) >= NEAR_DUPLICATE
