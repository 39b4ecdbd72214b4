"""Who a question means, decided before any quote is looked at.

A name resolves to a person only through its surname (or a spelling variant of it:
Peskov/Peskow, Zelensky/Selenskyj). A shared first name never does: "Donald Smithfield"
is nobody in the articles, whatever Donald Trump said. A matching surname with a first name
that clearly differs ("Mike Rendell" when only Ed Rendell is quoted) gives a suggestion,
not an answer. Institutions and places ("the Kremlin", "Moscow", "the Clinton campaign")
resolve to the people who speak for them, and to the sources that are the institution
itself ("the Kremlin said").
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from assistant.quotes.affiliations import holds_office, outside_government
from assistant.quotes.lexicon import (LEGISLATIVE_ROLES, MILITARY_ROLES, OFFICE_ROLES, PARTY_WORDS,
                                      ROLE_NOUNS, TITLES)
from assistant.quotes.names import has_first_name, name_tokens, same_person
from assistant.quotes.parse import MODEL
from assistant.quotes.parties import (CAMP_WORDS, GOVERNMENT_WORDS, ORG_HEADS, ORG_ROLE_NOUNS,
                                      Gazetteer, Party)
from assistant.quotes.speakers import Person, SpeakerRegistry

_PARTICLES = {"de", "da", "del", "della", "der", "den", "van", "von", "bin", "al", "el", "la", "le", "du", "dos", "ter", "zu"}
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "many", "most", "several"}
ROLE_WORDS = ROLE_NOUNS | TITLES | OFFICE_ROLES | MILITARY_ROLES
# Nouns that stand for people by what they do ("the spokesman", "officials", "the army"),
# as against the honorifics and place adjectives TITLES also holds ("Mr", "German"), and
# the names of institutions a country has one of ("the Treasury", "the Home Office").
_INSTITUTION_NOUNS = frozenset(
    "treasury department ministry agency office parliament senate house congress government "
    "embassy consulate cabinet court police customs intelligence".split())
_PERSON_NOUNS = (ROLE_NOUNS | OFFICE_ROLES | MILITARY_ROLES | ORG_ROLE_NOUNS | CAMP_WORDS
                 | GOVERNMENT_WORDS) - _INSTITUTION_NOUNS
# "Moscow and Kyiv", "Trump, Clinton and Sanders", "Trump & Pence", "Trump or Clinton"
_SEPARATORS = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+", re.IGNORECASE)


@dataclass
class Identity:
    """What one name of a question refers to.

    asked: the name as the question writes it.
    people: who the answer is about, best first (empty when nobody quoted is meant).
    suggestions: people the asker may have meant, offered and never answered for (the
        same surname with another first name; a first name alone).
    party: the institution or place asked about, whose people are `people`.
    surname_only: the people were matched by surname alone, the articles giving no
        first name to compare with the one asked.
    role: the role asked for with the party ("spokesman" in "the Kremlin spokesman"), held
        by each of `people`; None when the party itself is asked about.
    itself: those of `people` that are the party, written as its name ("the FBI decided"),
        not people speaking for it.
    """

    asked: str
    people: list[Person] = field(default_factory=list)
    suggestions: list[Person] = field(default_factory=list)
    party: Party | None = None
    surname_only: bool = False
    role: str | None = None
    itself: list[Person] = field(default_factory=list)


def split_parties(name: str) -> list[str]:
    """The parts of a name slot that names several parties ("Moscow and Kyiv")."""
    parts = [p.strip(" ,") for p in _SEPARATORS.split(name)]
    return [re.sub(r"^the\s+", "", p, flags=re.IGNORECASE) for p in parts if p]


def looks_like_person(name: str) -> bool:
    """A proper name ("Dmitri Peskow", "Andreas Heinemann-Grüder"), not a description
    ("a Microsoft spokeswoman", "the report", "Experts"): only those are folded into people,
    since folding descriptions by their last word would merge every "report" into one."""
    words = name.split()
    if not 1 <= len(words) <= 5 or words[0].lower() in _DETERMINERS:
        return False
    if unnamed_source(name):
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and any(
        len(w.strip(".")) > 1 for w in words
    )


def unnamed_source(name: str) -> bool:
    """A source written as one capitalised common noun for people the article does not
    name: a role ("Officials", "Analysts", "Spokesman") or any plural noun ("Critics",
    "Residents", "Sources"). A sentence-initial "Experts maintain ..." is capitalised by its
    place, not because it is a name; "Peskov", "Madonna" and "Jones" stay names, and a
    party's people ("Conservatives", "Democrats") are the party."""
    words = name.split()
    if len(words) != 1:
        return False
    word = words[0].strip(".,;:’'")
    if not word[:1].isupper() or not word.isalpha():
        return False
    low = word.lower()
    if low in PARTY_WORDS:
        return False  # "Conservatives", "Democrats": a party, named
    singulars = _singulars(low)
    if low in _PERSON_NOUNS or any(s in _PERSON_NOUNS for s in singulars):
        return True
    known = dictionary_words()
    # Names WordNet knows ("jones", "banks", "madonna") are listed as they are written; a
    # plain plural never is, only its singular ("critic", "resident").
    return low not in known and any(s in known for s in singulars)


def _singulars(word: str) -> list[str]:
    """The singulars a lower-case English plural may have ("critics" → "critic",
    "agencies" → "agency", "witnesses" → "witness"); none for a word that is not plural."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return []
    forms = [word[:-1]]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    return forms


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Base forms of English words (nouns, verbs, adjectives, adverbs) from the index the
    spaCy model's lemmatizer ships, which is WordNet's. It is read as a plain file rather
    than through spaCy, whose import would cost a question-answering process seconds; an
    installation without it leaves the role nouns alone to tell sources from names."""
    spec = importlib.util.find_spec(MODEL)
    if spec is None or not spec.origin:
        return frozenset()
    found = sorted(Path(spec.origin).parent.glob("*/lemmatizer/lookups/lookups.bin"))
    if not found:
        return frozenset()
    import srsly

    index = srsly.read_msgpack(found[0]).get("lemma_index", {})
    return frozenset(w for words in index.values() if isinstance(words, list) for w in words)


def plain_words(name: str) -> str:
    """"The Mayor" and "mayor" are one key."""
    words = name.lower().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] in _DETERMINERS else words)


def _role_words(name: str) -> bool:
    """Every word of the name is a role word ("the spokesman", "foreign minister")."""
    words = plain_words(name).replace(".", " ").split()
    return bool(words) and all(w in ROLE_WORDS for w in words)


def _often(person: Person, key: str | None) -> bool:
    """At least a quarter of the person's quotes speak for the party: one sentence that
    mentions the FBI beside a candidate's words does not make her the FBI's voice."""
    return bool(key) and 4 * person.parties.get(key, 0) >= person.quote_count


# words of a role in a legislature rather than a government
_LEGISLATURE = LEGISLATIVE_ROLES | {"committee", "subcommittee"}


def _role_word_set(role: str) -> set[str]:
    """"Sen. John Smith" -> {"sen", "john", "smith"}."""
    return set(role.lower().replace(".", " ").split())


def speaks_for(person: Person, party: Party) -> bool:
    """The person spoke for the party: it is among their parties, or they hold an office
    of its country that belongs to the party's seat (a seat of the executive takes no
    generals, the Pentagon only them, Congress only lawmakers). An agency of a country
    ("the FBI", "the State Department") has no seat: only the people its name is given
    with speak for it, not every official of the country."""
    if _often(person, party.key):
        return True
    if party.seat is None or not _often(person, party.country):
        return False
    if party.seat == "legislature":
        return any(_role_word_set(r) & LEGISLATIVE_ROLES for r in person.roles)
    offices = [r for r in person.roles if holds_office(r)]
    military = [r for r in offices if any(w in MILITARY_ROLES for w in r.lower().split())]
    if party.seat == "military":
        return bool(military)
    # a party's, the opposition's, a city's office is not the government's
    civil = [r for r in offices if r not in military and not outside_government(r)]
    if party.seat == "executive":
        # nor is a lawmaker's or a parliamentary committee's ("Committee chairman" Edward
        # Leigh spoke for Downing Street)
        return any(not (_role_word_set(r) & _LEGISLATURE) for r in civil)
    return bool(civil or military)


class Identifier:
    """Names of questions to people, over one registry (see the module docstring)."""

    def __init__(self, registry: SpeakerRegistry, others: dict[str, Person], places: Gazetteer,
                 called_by: Callable[[Person, tuple[str, ...]], bool] | None = None):
        self.registry = registry
        self.others = others  # sources that are not people ("the Kremlin"), by plain words
        self.places = places
        # whether the articles name a person by these folded name words alone, as their
        # quotes are introduced ("Mr. Ban said" for Ban Ki-moon)
        self.called_by = called_by or (lambda person, words: False)
        self._named: dict[int, tuple[Person, Party]] | None = None

    def identify(self, name: str) -> Identity:
        found = self._identify(name)
        if found.people or found.suggestions:
            return found
        # Nobody by that name or for that party: an organisation may still speak through
        # a source phrase that names it ("a complaint filed by the Securities and Exchange
        # Commission", "research conducted by the Center for Media and Public Affairs")
        sources = self._sources_naming(name)
        return replace(found, people=sources, itself=sources) if sources else found

    def _sources_naming(self, name: str) -> list[Person]:
        """Sources other than people whose phrase names the organisation `name` as who
        speaks: at its start ("The GOP's complaint"), after "by" or "including", or as the
        start of its full name ("Roper Center" for "the Roper Center for Public Opinion
        Research"). A one-word name counts only when it is an acronym ("GOP")."""
        asked = org_words(name)
        if not asked or (len(asked) == 1 and not name.strip().split()[-1].isupper()):
            return []
        others = list(self.others.values())
        not_people = {id(o) for o in others}
        # initials name organisations, never people ("Frank Arnesen" is not "the FA")
        return _most_quoted([o for o in [*others, *self.registry.people()]
                             if names_as_agent(words := org_words(o.name), asked)
                             or _full_name_of(asked, words)
                             or (id(o) in not_people and _abbreviated(name, o.name))])

    def _identify(self, name: str) -> Identity:
        office = self._office(name)
        if office is not None and office.people:
            # "the Russian spokesman", "the Ukrainian president": the party's people who
            # hold that role, not everyone who speaks for the party
            return office
        party = self.places.asked(name)
        if party is not None:
            return self._institution(name, party)
        acronym = _acronym(name)
        if acronym:
            # "the CBI": its own words under any of its names, and its people's ("CBI
            # director general Sir Digby Jones")
            found = self._institution(name, Party(f"org:{acronym.lower()}", acronym, None))
            staff = [p for p in self.registry.people() if _works_for(p, acronym)
                     and all(p is not q for q in found.people)]
            found.people += staff
            if found.people:
                return found
        other = self.others.get(plain_words(name))
        if other is not None:  # "Politifact", "the newspaper": as the articles write it
            return Identity(name, [other])
        surname = self._surname(name)
        if _role_words(name) and not surname:  # "the spokesman", "the foreign minister"
            return Identity(name, self.registry.by_role(name))
        if office is not None:
            return office
        if _role_words(name.split()[-1]) and not surname:  # "Charlotte Mayor": a role the articles give in full
            holders = self.registry.by_role(name, whole=True)
            if holders:
                return Identity(name, holders)
        tokens = name_tokens(name)
        if not tokens or _an_organisations_name(name):
            # "the Bank of England" is no one surnamed England (the England team)
            return Identity(name)
        candidates = self.registry.by_surname(tokens[-1])
        if len(tokens) == 1:
            if candidates:
                return Identity(name, _most_quoted(candidates))
            by_first = [p for p in self.registry.people()
                        if any(given[-1:] == tokens for given in p.given_names())]
            # a family name written first ("Ban Ki-moon", "Xi Jinping") is the name the
            # articles call them by alone ("Mr. Ban"); a first name alone never is
            family = [p for p in by_first if self.called_by(p, tokens)]
            if family:
                return Identity(name, _most_quoted(family))
            return Identity(name, suggestions=by_first[:3])
        same = [p for p in candidates
                if any(same_person(name, a) for a in p.aliases | {p.name} if len(name_tokens(a)) > 1)]
        unnamed = [p for p in candidates if not p.given_names()]
        if same:
            return Identity(name, _most_quoted(same))
        if unnamed:  # "Rendell" only: it may be them, and the answer says so
            return Identity(name, _most_quoted(unnamed), surname_only=True)
        return Identity(name, suggestions=_most_quoted(candidates)[:3])

    def _surname(self, name: str) -> bool:
        """A capitalised title word that is somebody's surname as the articles write it in
        full ("King" for Larry King, "Major" for John Major): a name, not a role."""
        words = name.split()
        if len(words) != 1 or not words[0][:1].isupper():
            return False
        key = name_tokens(name)
        return any(len(t := name_tokens(a)) > 1 and t[-1:] == key
                   for p in self.registry.by_surname(key[-1]) for a in p.aliases | {p.name})

    def _office(self, name: str) -> Identity | None:
        """"The Kremlin spokesman", "White House press secretary": an institution and a
        role; its people who hold that role (None when the name is not of that form)."""
        words = name.split()
        cut = len(words)
        while cut > 1 and _role_words(words[cut - 1]):
            cut -= 1
        if cut == len(words):
            return None
        party = self.places.asked(" ".join(words[:cut]))
        if party is None:
            return None
        role = " ".join(words[cut:])
        holders = {id(p) for p in self.registry.by_role(role)}
        found = self._institution(name, party)
        found.people = [p for p in found.people if id(p) in holders]
        found.itself = [p for p in found.itself if id(p) in holders]
        found.role = role
        return found

    def _institution(self, name: str, party: Party) -> Identity:
        people = [p for p in self.registry.people() if speaks_for(p, party)
                  and not (party.seat and self._no_voice_of_state(p))]
        exact = [p for p in people if party.key in p.parties]
        people = exact + [p for p in people if party.key not in p.parties]
        # "The GOP's complaint", "a statement issued by the FBI": the institution too
        written = self.others.get(plain_words(name)) if _acronym(name) else None  # "the CBI said"
        sources = list({id(s): s for s in self._sources_that_are(party) + self._sources_naming(name)
                        + ([written] if written else [])}.values())
        return Identity(name, sources + [p for p in people if all(p is not s for s in sources)],
                        party=party, itself=sources)

    def _sources_that_are(self, party: Party) -> list[Person]:
        """Sources written as the institution itself: "the Kremlin said" (filed among the
        other sources) or "the Tax Foundation estimates" (named like a person, so filed in
        the registry). A country's people ("Americans say") are not its government: they
        answer for "the Americans", not for "Washington"."""
        return _most_quoted([source for source, found in self._named_parties().values()
                             if found.key == party.key and (party.seat is None or found.seat is not None)])

    def _no_voice_of_state(self, person: Person) -> bool:
        """The source cannot speak for a country's government: a nation's people, or a
        source with no personal name, no office and no name of an institution (a stray
        "Museum" an article calls American)."""
        if self._a_people(person):
            return True
        return (not any(has_first_name(a) for a in person.aliases | {person.name})
                and not any(holds_office(r) for r in person.roles)
                and id(person) not in self._named_parties())

    def _a_people(self, person: Person) -> bool:
        """The source is a nation's people ("Americans", "African Americans", "many
        Russians"), not a person: its name (asked once, `_named_parties`), another
        spelling, or its last word if plural, names a country without a seat."""
        named = self._named_parties().get(id(person))
        last = person.name.split()[-1] if person.name.split() else ""
        others = (person.aliases - {person.name}) | ({last} if last.endswith("s") else set())
        found = [named[1]] if named else []
        found += [f for f in map(self.places.asked, others) if f is not None]
        return any(f.seat is None and f.key == f.country for f in found)

    def _named_parties(self) -> dict[int, tuple[Person, Party]]:
        """Sources whose name itself names a party, with that party, by the source's id
        (made once for the registry)."""
        if self._named is None:
            self._named = {}
            for source in [*self.others.values(), *self.registry.people()]:
                found = self.places.asked(source.name)
                if found is not None:
                    self._named[id(source)] = (source, found)
        return self._named


# words before an organisation's name in a source phrase that make it the one speaking
_AGENT_MARKERS = frozenset({"by", "including", "from"})
# words that join an organisation's head to the rest of its full name ("Center for ...")
_NAME_JOINERS = frozenset({"for", "of", "on", "to", "at"})


def _an_organisations_name(name: str) -> bool:
    """An institution's word joined to more of its name ("Bank of England", "Council on
    Foreign Relations", "Committee for a Responsible Federal Budget"): not a person's."""
    words = plain_words(name).replace(".", " ").split()
    return any(w in ORG_HEADS and nxt in _NAME_JOINERS
               for w, nxt in zip(words, words[1:]))


def org_words(name: str) -> list[str]:
    """A name's words for comparing organisations: lower case, without determiners,
    possessives or punctuation ("The GOP’s complaint" -> ["gop", "complaint"])."""
    words = re.sub(r"['’]s\b", " ", name.lower())
    words = re.sub(r"[^\w\s/-]+", " ", words).split()
    return [w for w in words if w not in _DETERMINERS]


def names_as_agent(phrase: list[str], org: list[str]) -> bool:
    """The phrase holds the organisation's words at its start or after "by", "including"
    or "from", as what speaks: not "a complaint to the Board" (to whom), nor "officials
    who criticised the Board"."""
    n = len(org)
    return any(phrase[i:i + n] == org and (i == 0 or phrase[i - 1] in _AGENT_MARKERS)
               for i in range(len(phrase) - n + 1))


def _full_name_of(asked: list[str], source: list[str]) -> bool:
    """The source is the start of the asked name up to a joining word: "Roper Center" of
    "Roper Center for Public Opinion Research" (two words at least)."""
    n = len(source)
    return n >= 2 and len(asked) > n and asked[:n] == source and asked[n] in _NAME_JOINERS


def _acronym(name: str) -> str | None:
    """"CBI" of "the CBI": an organisation's initials, or None."""
    word = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return word if 2 <= len(word) <= 6 and word.isalpha() and word.isupper() else None


def _works_for(person: Person, acronym: str) -> bool:
    """A role of the person names the organisation by its initials or in full ("Welsh
    secretary of the British Medical Association (BMA)" for "BMA")."""
    return any(re.search(rf"\b{acronym}\b", r) for r in person.roles) or any(
        _abbreviated(acronym, key.removeprefix("org:").title()) for key in person.parties
        if key.startswith("org:"))


# Small words an organisation's initials leave out ("Institute for Fiscal Studies": IFS).
_NOT_INITIALLED = frozenset({"the", "of", "for", "and", "on", "to", "at", "in", "&"})


def _abbreviated(asked: str, name: str) -> bool:
    """The asked name is the source's initials ("CBI" for "the Confederation of British
    Industry", or "... (CBI)" as the article writes it)."""
    acronym = _acronym(asked)
    if not acronym:
        return False
    if name == acronym or re.search(rf"\({re.escape(acronym)}\)", name):
        return True
    words = [w for w in re.sub(r"\(.*?\)", " ", name).split()
             if w[:1].isupper() and w.lower() not in _NOT_INITIALLED]
    return "".join(w[0] for w in words) == acronym


def _most_quoted(people: list[Person]) -> list[Person]:
    return sorted(people, key=lambda p: -p.quote_count)
