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


def _within_reach(texts: list[str]) -> list[list[bool]]:
    """For each pair of folded texts, whether they can be near-duplicates at all. An
    insertion or deletion changes one character count by one and at most three counts of
    adjacent character pairs (hashed into buckets, which only lowers the distance), so the
    distance between two texts' character counts, and a third of that between their pair
    counts, are lower bounds on the edits `fuzz.ratio` counts. The character counts are
    compared for all pairs at once, the pair counts only for the pairs those leave: on
    PolNeAR speaker questions about one pair in 17 of a question's ~40 hits is left to
    compare as texts."""
    n = len(texts)
    if n == 0:
        return []
    codes = [np.frombuffer(t.encode("ascii", "replace"), dtype=np.uint8).astype(np.int64) & 127
             for t in texts]
    lengths = np.array([len(c) for c in codes], dtype=np.float64)
    allowed = (1 - NEAR_DUPLICATE / 100) * (lengths[:, None] + lengths[None, :]) + 1e-9
    singles = _counts(codes, 128)
    reach = np.abs(singles[:, None, :] - singles[None, :, :]).sum(-1) <= allowed
    first, second = np.nonzero(np.tril(reach, -1))
    if len(first):
        pairs = _counts([(c[:-1] * 131 + c[1:]) % _PAIR_BUCKETS for c in codes], _PAIR_BUCKETS)
        # The narrowest type that holds the counts: the rows gathered here are most of the cost.
        pairs = pairs.astype(np.int16 if lengths.max() < 2**15 else np.int32)
        distance = np.abs(pairs[first] - pairs[second]).sum(-1, dtype=np.int64)
        near = distance / 3 <= allowed[first, second]
        reach[first[~near], second[~near]] = False
        reach[second[~near], first[~near]] = False
    return reach.tolist()


def _counts(rows: list[np.ndarray], width: int) -> np.ndarray:
    """Counts of each value below `width` in each row, as one (rows, width) array."""
    row_of = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    return np.bincount(row_of * width + np.concatenate(rows),
                       minlength=len(rows) * width).reshape(len(rows), width)


def collapse(hits: list[Hit]) -> list[Hit]:
    """Hits best first with near-duplicates of a better hit from another article folded
    into it (its `copies`): the first kept hit that `near_duplicate` accepts. Only the
    pairs `_within_reach` leaves are compared."""
    texts = [_folded(hit.text) for hit in hits]
    reach = _within_reach(texts)
    kept: list[int] = []  # indexes into hits, best first
    for i, hit in enumerate(hits):
        near = reach[i]
        same = next((j for j in kept if near[j] and hits[j].article != hit.article
                     and _alike(texts[i], texts[j])), None)
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
