"""Near-duplicate passages: a story syndicated with small edits comes back once, its copies
listed with it."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

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


@lru_cache(maxsize=65536)  # a speaker's quotes are compared pairwise: fold each once
def _folded(text: str) -> str:
    # The whole text folded at once: word by word cost ~0.3 ms a passage.
    return " ".join(w.strip("’'-") for w in WORD.findall(ascii_lower(text)))


def near_duplicate(a: str, b: str) -> bool:
    """The same passage with small edits (see NEAR_DUPLICATE)."""
    fa, fb = _folded(a), _folded(b)
    if min(len(fa), len(fb)) < _NEAR_MIN_CHARS:
        return fa == fb
    return fuzz.ratio(fa, fb, score_cutoff=NEAR_DUPLICATE) >= NEAR_DUPLICATE


def collapse(hits: list[Hit]) -> list[Hit]:
    """Hits best first with near-duplicates of a better hit from another article folded
    into it (its `copies`): the first kept hit that `near_duplicate` accepts, found with one
    C call per hit rather than a comparison per pair."""
    kept: list[Hit] = []
    folded: list[str] = []
    for hit in hits:
        text = _folded(hit.text)
        if len(text) < _NEAR_MIN_CHARS:
            similar = [i for i, other in enumerate(folded) if other == text]
        else:  # a short kept text is a near-duplicate only when equal
            similar = sorted(i for _, _, i in process.extract(
                text, folded, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, limit=None)
                if len(folded[i]) >= _NEAR_MIN_CHARS or folded[i] == text)
        same = next((kept[i] for i in similar if kept[i].article != hit.article), None)
        if same is None:
            kept.append(hit)
            folded.append(text)
        else:
            same.copies.append(hit)
    return kept
