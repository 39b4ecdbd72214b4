"""Word folding: how text is made comparable across scripts, accents and case.

Two levels, each a building block for the next:

* ``ascii_lower``: the text transliterated to ASCII and lower-cased ("Bühler" -> "buhler",
  "Песков" -> "peskov"). Used wherever words are compared regardless of script.
* ``fold_word``: one word as keyword search compares it, ``ascii_lower`` without the
  apostrophes and hyphens at its edges ("Peskov’s" keeps its "s", "-based" loses its dash).

Person names need more than this (transliteration variants such as Peskov/Peskow, titles
dropped); that folding is ``assistant.quotes.names.fold_name``, built on ``ascii_lower``.
"""
from __future__ import annotations

from functools import lru_cache

from unidecode import unidecode


def ascii_lower(text: str) -> str:
    """``text`` in lower-case ASCII: every character transliterated by unidecode."""
    return unidecode(text).lower()


@lru_cache(maxsize=1 << 17)  # every sentence of every candidate passage is folded per question
def fold_word(word: str) -> str:
    """A word as compared: ASCII, lower case, no edge apostrophes or hyphens."""
    return unidecode(word).lower().strip("’'-")  # ascii_lower inlined: called per word
