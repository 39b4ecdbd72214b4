"""The registry of people quoted across a collection, merged over spelling variants.

Names are compared with the folding of names.py ("Peskov" = "Peskow" = "Песков"); the
folding functions are importable from here as well.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from assistant.quotes.names import (fold_name, fold_role, has_first_name, last_names_compatible,
                                    looks_like_group, name_tokens, same_person)

__all__ = ["Person", "SpeakerRegistry", "fold_name", "fold_role", "has_first_name",
           "same_person"]


@dataclass
class Person:
    """One person quoted in the collection.

    name: the spelling to show them by (see `_shown_first`: a first name, no role or
        party glued on), as written.
    aliases: every spelling the person was added under ("Peskov", "Dmitri Peskow").
    roles: the roles articles gave them ("Kremlin spokesman"), as written.
    quote_count: how many quotes are attributed to them.
    parties: the countries and organisations they spoke for ("org:kremlin",
        "country:russia"; see quotes/parties.py), with how many of their quotes say so.
    """

    name: str
    aliases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    quote_count: int = 0
    parties: dict[str, int] = field(default_factory=dict)

    def add_quotes(self, count: int, parties: tuple[str, ...] = ()) -> None:
        """Count `count` more quotes, each speaking for `parties`."""
        self.quote_count += count
        for key in parties:
            self.parties[key] = self.parties.get(key, 0) + count

    def given_names(self) -> list[tuple[str, ...]]:
        """The folded words before the surname in each full-name spelling: ("dmitri",),
        ("homeland", "security", "jeh") for "Homeland Security Secretary Jeh Johnson"."""
        return [t[:-1] for a in self.aliases | {self.name} if len(t := name_tokens(a)) > 1]

    def spelled_with_surname(self, surname: str, full: bool = False) -> bool:
        """Whether a spelling of theirs ends in the folded `surname` exactly (not a variant
        of it); with `full`, one that has a first name too."""
        return any(tokens[-1] == surname and (len(tokens) > 1 or not full)
                   for a in self.aliases | {self.name} if (tokens := name_tokens(a)))

    @property
    def is_group(self) -> bool:
        """Every spelling names an organisation or a group ("Home Office", "Senior Tories"),
        none a person: listed apart from people."""
        return all(looks_like_group(a) for a in self.aliases | {self.name})

    def matches(self, name: str) -> bool:
        """Same person as every full-name alias; surname-only names match loosely."""
        names = self.aliases | {self.name}
        if not any(same_person(name, a) for a in names):
            return False
        if has_first_name(name):
            return all(same_person(name, a) for a in names if has_first_name(a))
        return True


class SpeakerRegistry:
    """People quoted across a collection, merged over spelling variants.

    ``add`` files a speaker's name under an existing person when the names match (the
    same surname and no conflicting first name), else enrols a new person; ``resolve``
    finds the people a query names, by name first and then by role; ``people`` lists
    them, most quoted first. People are kept in the order they were enrolled, which
    breaks ties between equally quoted people.
    """

    def __init__(self):
        self._people: list[Person] = []
        self._surnames = _Surnames()
        self._roles: list | None = None  # folded role words per person, made when resolving
        self._resolved: dict[str, list[Person]] = {}

    def add(self, name: str, role: str | None = None, count: int = 1,
            parties: tuple[str, ...] = ()) -> Person:
        """The person `name` is filed under (new or existing), with `role`, `count`
        quotes and the `parties` those quotes speak for added."""
        self._roles, self._resolved = None, {}
        name = " ".join(name.split())
        tokens = name_tokens(name)
        # Only people with a compatible surname can match (same_person checks it first).
        cands = [p for p in (self._surnames.find(tokens[-1]) if tokens else []) if p.matches(name)]
        if has_first_name(name):
            # never fold two people with a surname in common and different first names
            cands = [p for p in cands
                     if all(same_person(name, a) for a in p.aliases | {p.name})
                     or not any(has_first_name(a) for a in p.aliases | {p.name})]
        elif cands:
            # A surname alone goes only to someone of that very surname, as folded (Peskov
            # and Peskow are one): a surname one letter apart is another name as often as
            # a variant ("Gartner" is not Simon Gardner, "Goldman" not James Goodman,
            # "Tories" not Gabriele Dorries), and its article gives no first name to check.
            cands = [p for p in cands if p.spelled_with_surname(tokens[-1])]
        if cands:
            person = max(cands, key=lambda p: (has_first_name(p.name), p.quote_count))
        else:
            person = self._enroll(Person(name=name))
        person.aliases.add(name)
        self._surnames.add(person, name)
        if has_first_name(name) and _shown_first(name, person.name):
            person.name = name
        if role:
            person.roles.add(role)
        person.add_quotes(count, parties)
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
            self._resolved[query] = self._resolve(query)
        return list(self._resolved[query])

    def _resolve(self, query: str) -> list[Person]:
        """People whose names match the query (or a surname in a query sentence), then
        people whose roles match it, each group most quoted first."""
        lookup = self._surnames
        tokens = name_tokens(query)
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
        chosen = {id(p) for p in exact}
        by_role = [p for p in self.by_role(query) if id(p) not in chosen]
        return sorted(exact, key=lambda p: -p.quote_count) + by_role

    def by_role(self, query: str, whole: bool = False) -> list[Person]:
        """People with a role the query's role words name ("the Kremlin spokesperson"),
        most quoted first; with `whole`, only roles holding every word of the query
        ("Charlotte Mayor" is not any mayor)."""
        if self._roles is None:
            self._roles = [(p, roles) for p in self._people
                           if (roles := [rt for r in p.roles if (rt := set(fold_role(r).split()))])]
        query_roles = set(fold_role(query).split())
        if not query_roles:
            return []
        found = [p for p, roles in self._roles
                 if any(query_roles <= rt or (rt <= query_roles and not whole) for rt in roles)]
        return sorted(found, key=lambda p: -p.quote_count)

    def people(self) -> list[Person]:
        """Everyone in the registry, most quoted first."""
        return sorted(self._people, key=lambda p: -p.quote_count)

    def by_surname(self, surname: str) -> list[Person]:
        """People with a name whose folded last word may be `surname` (spelling variants
        and transliterations included), in registry order."""
        return self._surnames.find(surname)


def _shown_first(name: str, than: str) -> bool:
    """Whether `name` is the better of two spellings to show a person by: one with a first
    name; then the fewest name words, so a role or party glued on by the article
    ("Exchequer Gordon Brown", "Tory Party Liam Fox") gives way to the bare name; then the
    fullest words ("Vincent Cable" over "Vince Cable")."""
    def rank(spelling: str) -> tuple:
        tokens = name_tokens(spelling)
        return (not has_first_name(spelling), len(tokens), -sum(map(len, tokens)), len(spelling))

    return rank(name) < rank(than)


class _Surnames:
    """People by the last token of each of their names, kept as the registry grows."""

    def __init__(self):
        self.people: dict[str, list[Person]] = {}
        self.by_length: dict[int, list[str]] = {}  # surnames by length: one edit moves it by one
        # the parts of double-barrelled surnames ("campbell" of "campbell-savours"), each
        # to the surnames holding it: a part is how another spelling may match them
        self.parts: dict[str, set[str]] = {}
        self.order: dict[int, int] = {}  # id(person) -> place in the registry: ties keep it

    def add(self, person: Person, alias: str) -> None:
        tokens = name_tokens(alias)
        if not tokens:
            return
        if tokens[-1] not in self.people:
            self.by_length.setdefault(len(tokens[-1]), []).append(tokens[-1])
        group = self.people.setdefault(tokens[-1], [])
        if all(p is not person for p in group):
            group.append(person)
        if "-" in tokens[-1]:
            for part in tokens[-1].split("-"):
                if len(part) > 2:
                    self.parts.setdefault(part, set()).add(tokens[-1])

    def _of_length(self, n: int) -> list[str]:
        return [k for m in (n - 1, n, n + 1) for k in self.by_length.get(m, ())]

    def find(self, last: str) -> list[Person]:
        """People with a name whose last token is compatible with `last` (last_names_compatible),
        found by edit distance in C rather than by comparing with every name: surnames
        within one edit of `last` or of its parts, and double-barrelled surnames with a
        part within one edit of them."""
        parts = [x for x in last.split("-") if len(x) > 2] if "-" in last else []
        near = {m for part in [last, *parts]
                for m, _, _ in process.extract(part, self._of_length(len(part)),
                                               scorer=Levenshtein.distance, score_cutoff=1,
                                               limit=None)}
        near |= {key for part in [last, *parts]
                 for m, _, _ in process.extract(part, list(self.parts), scorer=Levenshtein.distance,
                                                score_cutoff=1, limit=None)
                 for key in self.parts[m]}
        found: dict[int, Person] = {}
        for key in near:
            if last_names_compatible(last, key):
                for p in self.people[key]:
                    found.setdefault(id(p), p)
        return sorted(found.values(), key=lambda p: self.order[id(p)])
