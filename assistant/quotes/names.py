"""Person names compared across spellings: one folded key per name.

News in several languages spells the same person differently ("Peskov", "Peskow",
"Песков"; "Zelensky", "Zelenskyy"), so names are compared on folded tokens rather than
on the surface string. Both the people of one article (people.py) and the registry
across articles (speakers.py) compare names through these functions.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from assistant.quotes.lexicon import (FORMS_OF_ADDRESS, GROUP_HEADS, NAME_SUFFIXES,
                                      ROLE_QUERY_FILLER, ROLE_SYNONYMS, SURNAME_TITLES, TITLES)
from assistant.text.folding import ascii_lower


def _fold_token(tok: str) -> str:
    """Normalise transliteration variants of one name token."""
    t = tok
    for a, b in (("tsch", "ch"), ("sch", "sh"), ("zh", "j"), ("kh", "h"),
                 ("ue", "u"), ("oe", "o"), ("ae", "a")):
        t = t.replace(a, b)
    if t.startswith("ye"):
        t = "e" + t[2:]
    # j before a vowel at the start is a German/Polish transliteration of y
    t = re.sub(r"^j(?=[aeiou])", "y", t)
    # endings: -ow/-ew/-ff -> -ov/-ev/-v ; -yy/-iy/-yj/-ij/-ii/-yi/-i -> -y
    t = re.sub(r"(?:ff|w)$", "v", t)
    t = re.sub(r"(?:yy|iy|yj|ij|ii|yi|ji|i|j)$", "y", t) if len(t) > 3 else t
    if len(t) > 3:  # doubled letters: Gerassimov, Zelenskyy; not "BBC" into "BCC"
        t = re.sub(r"(.)\1+", r"\1", t)
    return t


@lru_cache(maxsize=20000)
def name_tokens(name: str) -> tuple[str, ...]:
    """The folded words of a name, titles left out: "Gen. Valery Gerassimov" ->
    ("valery", "gerasimov"); "the Kremlin" keeps its non-article words."""
    s = ascii_lower(name or "")
    s = re.sub(r"['’]s\b|\bu\.\s?s\.?(?=\s|$)", "", s)
    s = re.sub(r"[^a-z\- ]+", " ", s.replace(".", ". "))
    raw = [w.strip("-") for w in s.split() if w.strip("-")]
    surname = _title_as_surname(name, raw)
    kept = [w for k, w in enumerate(raw) if w not in TITLES or k == surname]
    if not kept:  # "the Kremlin", "White House": keep the non-article words
        kept = [w for w in raw if w not in {"the", "of"}]
    return tuple(_fold_token(w) for w in kept)


def _title_as_surname(name: str, raw: list[str]) -> int:
    """Where a title word is a surname ("Larry King", "Mr. King", "John Major"): the last
    word, capitalised, one of the titles people are named, after a first name or a form of
    address; -1 when none is. "Secretary of State" or "Ukrainian President" stay titles."""
    words = [w for w in raw if w not in NAME_SUFFIXES]
    if len(words) < 2 or words[-1] not in SURNAME_TITLES:
        return -1
    before = words[-2]
    if before in TITLES and before not in FORMS_OF_ADDRESS:
        return -1
    written = re.findall(r"[^\W\d_]+", name)
    last = next((w for w in reversed(written) if ascii_lower(w) == words[-1]), "")
    return len(raw) - 1 - raw[::-1].index(words[-1]) if last[:1].isupper() else -1


def fold_name(name: str) -> str:
    """Comparison key: lower-case, ASCII, titles dropped, spelling variants folded."""
    return " ".join(name_tokens(name))


@lru_cache(maxsize=20000)
def fold_role(role: str) -> str:
    """Folded role words for role queries ("Kremlin spokesman" ~ "Kremlin spokesperson")."""
    words = re.findall(r"[a-z]+", ascii_lower(role or ""))
    return " ".join(ROLE_SYNONYMS.get(w, w) for w in words if w not in ROLE_QUERY_FILLER)


def _similar(a: str, b: str, min_len: int = 6) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= min_len:
        return Levenshtein.distance(a, b) <= 1
    return False


def last_names_compatible(a: str, b: str) -> bool:
    """Two folded surnames that may be one: equal, one edit apart when long, or sharing a
    part of a double-barrelled name ("heinemann-gruder" / "gruder")."""
    if _similar(a, b):
        return True
    pa, pb = a.split("-"), b.split("-")
    if len(pa) > 1 or len(pb) > 1:
        return any(_similar(x, y) for x in pa for y in pb if len(x) > 2 and len(y) > 2)
    return False


def first_names_compatible(a: str, b: str) -> bool:
    """Two folded first names that may be one ("ed"/"edward", "d"/"dmitri"); a letter
    transliterated another way ("mikhail"/"mikhayl") but not a letter more, which makes
    another name ("ivana"/"ivanka")."""
    if a == b or a.startswith(b) or b.startswith(a):
        return True  # initials and short forms: "D" / "Dmitri"
    return len(a) == len(b) >= 5 and Levenshtein.distance(a, b) <= 1


def same_person(a: str | None, b: str | None) -> bool:
    """True when two name strings plausibly name the same person."""
    if not a or not b:
        return False
    if _organisation(a) or _organisation(b):
        # an organisation has no surname: "the National Audit Office" is not "the Foreign
        # Office", however their last words agree ("Senior Tories" are still Tories)
        return _group_words(a) == _group_words(b)
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if not last_names_compatible(ta[-1], tb[-1]):
        return False
    if len(ta) > 1 and len(tb) > 1:
        # A place or party before the name stays in its tokens ("Vermont Sen. Bernie
        # Sanders", "Democrat Hillary Clinton"): the first name is the word before the
        # surname, or the first word of a name with a middle one ("Hillary Rodham Clinton").
        na, nb = _nearest_given(ta), _nearest_given(tb)
        return (first_names_compatible(na, nb) or first_names_compatible(ta[0], nb)
                or first_names_compatible(tb[0], na))
    return True


def _nearest_given(tokens: tuple[str, ...]) -> str:
    """The word before the surname, skipping middle initials ("donald" in "Donald J. Trump")."""
    given = tokens[:-1]
    return next((t for t in reversed(given) if len(t) > 1), given[-1])


def has_first_name(name: str) -> bool:
    """More than one folded name word: "Dmitry Peskov" has one, "Peskov" has not."""
    return len(name_tokens(name)) > 1


# last words of groups of people, whose words before are who among them ("Senior Tories")
_PEOPLE_GROUPS = frozenset({"tories", "democrats", "republicans", "dems", "conservatives",
                            "liberals", "mps", "peers"})


def _organisation(name: str) -> bool:
    words = name.split()
    return looks_like_group(name) and ascii_lower(words[-1].strip(".,’'")) not in _PEOPLE_GROUPS


def _group_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[a-z0-9]+", ascii_lower(name).replace(".", "")) if w != "the")


def looks_like_group(name: str) -> bool:
    """An organisation's or a group's name, not a person's: acronyms only ("EU", "UK BAA",
    "IBM") or a last word that names a body ("Home Office", "Senior Tories", "Lib Dems")."""
    words = [w.strip(".,’'") for w in name.split()]
    words = [w for w in words if w]
    if not words:
        return False
    if all(2 <= len(w) <= 5 and w.isalpha() and w.isupper() for w in words):
        return True
    return ascii_lower(words[-1]) in GROUP_HEADS
