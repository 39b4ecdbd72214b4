"""Whether a first name is a man's or a woman's, for matching "he" and "she" to people.

gender-guesser's table (about 40,000 first names from many countries) answers; names it
marks only "mostly" one way, or both, give no hint. The article's own signals (titles,
pronouns near the name) are weighed elsewhere (people.py).
"""
from __future__ import annotations

from functools import lru_cache

from assistant.quotes.lexicon import FEMALE_FIRST_NAMES


@lru_cache(maxsize=1)
def _detector():
    # half a second to read the table: only processes that extract quotes pay for it
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def first_name_gender(first: str) -> int:
    """1 for a man's first name, -1 for a woman's, 0 when unknown or shared."""
    if first.lower() in FEMALE_FIRST_NAMES:
        return -1
    answer = _detector().get_gender(first)
    return {"male": 1, "female": -1}.get(answer, 0)


@lru_cache(maxsize=4096)
def is_first_name(word: str) -> bool:
    """Whether gender-guesser's table holds `word` as a first name, of either sex."""
    return _detector().get_gender(word) != "unknown"
