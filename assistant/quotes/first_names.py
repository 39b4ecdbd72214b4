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
    """1 for a man's first name, -1 for a woman's, 0 when unknown or shared, or when the
    table's American or British column leans the other way ("Laurence" is a woman's name
    in France, a man's in Britain and America)."""
    if first.lower() in FEMALE_FIRST_NAMES:
        return -1
    detector = _detector()
    gender = {"male": 1, "female": -1}.get(detector.get_gender(first), 0)
    other = ("female", "mostly_female") if gender > 0 else ("male", "mostly_male")
    if gender and any(detector.get_gender(first, c) in other for c in ("usa", "great_britain")):
        return 0
    return gender


@lru_cache(maxsize=4096)
def is_first_name(word: str) -> bool:
    """Whether gender-guesser's table holds `word` as a first name, of either sex."""
    return _detector().get_gender(word) != "unknown"
