"""Speaker names: folding spelling variants and keeping a registry of people.

News in several languages spells the same person differently ("Peskov",
"Peskow", "Песков"; "Zelensky", "Zelenskyy"), so names are compared on a
folded key rather than on the surface string.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from assistant.quotes.lexicon import ROLE_SYNONYMS, TITLES


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
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters: Gerassimov, Zelenskyy
    return t


@lru_cache(maxsize=20000)
def _tokens(name: str) -> tuple[str, ...]:
    s = unidecode(name or "").lower()
    s = re.sub(r"['’]s\b|\bu\.\s?s\.?(?=\s|$)", "", s)
    s = re.sub(r"[^a-z\- ]+", " ", s.replace(".", ". "))
    raw = [w.strip("-") for w in s.split() if w.strip("-")]
    kept = [w for w in raw if w not in TITLES]
    if not kept:  # "the Kremlin", "White House": keep the non-article words
        kept = [w for w in raw if w not in {"the", "of"}]
    return tuple(_fold_token(w) for w in kept)


def fold_name(name: str) -> str:
    """Comparison key: lower-case, ASCII, titles dropped, spelling variants folded."""
    return " ".join(_tokens(name))


def _similar(a: str, b: str, min_len: int = 6) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= min_len:
        return Levenshtein.distance(a, b) <= 1
    return False


def _last_compatible(a: str, b: str) -> bool:
    if _similar(a, b):
        return True
    # double-barrelled surnames: "Heinemann-Grüder" vs "Grüder"
    pa, pb = a.split("-"), b.split("-")
    if len(pa) > 1 or len(pb) > 1:
        return any(_similar(x, y) for x in pa for y in pb if len(x) > 2 and len(y) > 2)
    return False


def _first_compatible(a: str, b: str) -> bool:
    if a == b or a.startswith(b) or b.startswith(a):
        return True  # initials and short forms: "D" / "Dmitri"
    return min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) <= 1


def same_person(a: str | None, b: str | None) -> bool:
    """True when two name strings plausibly name the same person."""
    if not a or not b:
        return False
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    if not _last_compatible(ta[-1], tb[-1]):
        return False
    if len(ta) > 1 and len(tb) > 1:
        return _first_compatible(ta[0], tb[0])
    return True


def has_first_name(name: str) -> bool:
    return len(_tokens(name)) > 1


@dataclass
class Person:
    name: str
    aliases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    quote_count: int = 0

    def matches(self, name: str) -> bool:
        """Same person as every full-name alias; surname-only names match loosely."""
        names = self.aliases | {self.name}
        if not any(same_person(name, a) for a in names):
            return False
        if has_first_name(name):
            return all(same_person(name, a) for a in names if has_first_name(a))
        return True


class SpeakerRegistry:
    """People quoted across a collection, merged over spelling variants."""

    def __init__(self):
        self._people: list[Person] = []
        self._surnames = _Surnames()
        self._roles: list | None = None  # folded role words per person, made when resolving
        self._resolved: dict[str, list[Person]] = {}

    def add(self, name: str, role: str | None = None, count: int = 1) -> Person:
        self._roles, self._resolved = None, {}
        name = " ".join(name.split())
        tokens = _tokens(name)
        # Only people with a compatible surname can match (same_person checks it first).
        cands = [p for p in (self._surnames.find(tokens[-1]) if tokens else []) if p.matches(name)]
        if has_first_name(name):
            # never fold two people with a surname in common and different first names
            cands = [p for p in cands
                     if all(same_person(name, a) for a in p.aliases | {p.name})
                     or not any(has_first_name(a) for a in p.aliases | {p.name})]
        if cands:
            person = max(cands, key=lambda p: (has_first_name(p.name), p.quote_count))
        else:
            person = self._enroll(Person(name=name))
        person.aliases.add(name)
        self._surnames.add(person, name)
        if len(name) > len(person.name) and has_first_name(name):
            person.name = name
        if role:
            person.roles.add(role)
        person.quote_count += count
        return person

    def _enroll(self, person: Person) -> Person:
        """A new person, last in the registry, found by each of their names."""
        self._surnames.order[id(person)] = len(self._people)
        self._people.append(person)
        for alias in person.aliases | {person.name}:
            self._surnames.add(person, alias)
        return person

    def resolve(self, query: str) -> list[Person]:
        """People a query names, best first (name matches, then role matches); each query
        is worked out once per state of the registry."""
        query = (query or "").strip()
        if not query:
            return []
        if query not in self._resolved:
            if len(self._resolved) > 4096:
                self._resolved.clear()
            if self._roles is None:
                self._roles = [(p, roles) for p in self._people
                               if (roles := [rt for r in p.roles if (rt := set(fold_role(r).split()))])]
            self._resolved[query] = self._resolve(query)
        return list(self._resolved[query])

    def _resolve(self, query: str) -> list[Person]:
        lookup = self._surnames
        tokens = _tokens(query)
        named = lookup.find(tokens[-1]) if tokens else []
        exact = [p for p in named if any(same_person(query, a) for a in p.aliases | {p.name})]
        if has_first_name(query):
            strict = [p for p in exact if p.matches(query)]
            exact = strict or exact
        if not exact:
            # a query sentence: any folded word of it equal to a surname
            words = [w for w in re.findall(r"[^\W\d_][\w\-’']+", query) if len(w) > 2]
            keys = {fold_name(w) for w in words} - {""}
            found = {id(p): p for k in keys for p in lookup.find(k)}
            exact = sorted(found.values(), key=lambda p: lookup.order[id(p)])
        by_role = []
        q = set(fold_role(query).split())
        if q:
            chosen = {id(p) for p in exact}
            for p, roles in self._roles:
                if id(p) not in chosen and any(rt <= q or q <= rt for rt in roles):
                    by_role.append(p)
        key = lambda p: -p.quote_count  # noqa: E731
        return sorted(exact, key=key) + sorted(by_role, key=key)

    def people(self) -> list[Person]:
        return sorted(self._people, key=lambda p: -p.quote_count)

    def to_dict(self) -> dict:
        return {"people": [{"name": p.name, "aliases": sorted(p.aliases),
                            "roles": sorted(p.roles), "quote_count": p.quote_count}
                           for p in self._people]}

    @classmethod
    def from_dict(cls, d: dict) -> "SpeakerRegistry":
        reg = cls()
        for p in d.get("people", []):
            reg._enroll(Person(name=p["name"], aliases=set(p.get("aliases", [])),
                               roles=set(p.get("roles", [])), quote_count=int(p.get("quote_count", 0))))
        return reg


class _Surnames:
    """People by the last token of each of their names, kept as the registry grows."""

    def __init__(self):
        self.people: dict[str, list[Person]] = {}
        self.hyphenated: set[str] = set()
        self.order: dict[int, int] = {}  # id(person) -> place in the registry: ties keep it

    def add(self, person: Person, alias: str) -> None:
        tokens = _tokens(alias)
        if not tokens:
            return
        group = self.people.setdefault(tokens[-1], [])
        if all(p is not person for p in group):
            group.append(person)
        if "-" in tokens[-1]:
            self.hyphenated.add(tokens[-1])

    def find(self, last: str) -> list[Person]:
        """People with a name whose last token is compatible with `last` (_last_compatible),
        found by edit distance in C rather than by comparing with every name."""
        parts = [x for x in last.split("-") if len(x) > 2] if "-" in last else []
        keys = list(self.people)
        near = {m for part in [last, *parts]
                for m, _, _ in process.extract(part, keys, scorer=Levenshtein.distance,
                                               score_cutoff=1, limit=None)}
        found: dict[int, Person] = {}
        for key in near | self.hyphenated:
            if _last_compatible(last, key):
                for p in self.people[key]:
                    found.setdefault(id(p), p)
        return sorted(found.values(), key=lambda p: self.order[id(p)])


@lru_cache(maxsize=20000)
def fold_role(role: str) -> str:
    """Folded role words for role queries ("Kremlin spokesman" ~ "Kremlin spokesperson")."""
    words = re.findall(r"[a-z]+", unidecode(role or "").lower())
    stop = {"the", "a", "an", "of", "for", "who", "what", "did", "say", "said", "does"}
    return " ".join(ROLE_SYNONYMS.get(w, w) for w in words if w not in stop)


def __getattr__(name):
    # the per-article resolver lives in people.py; keep the old import path working
    if name in ("ArticlePeople", "name_runs"):
        from assistant.quotes import people
        return getattr(people, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
