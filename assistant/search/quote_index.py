"""Speaker questions: the quotes of the person a name refers to, ranked by topic.

Each quote's vector is the mean of the sentences its words lie in, so that "what did X say
about Y?" ranks X's quotes by topic Y. The speaker registry and the quote table are derived
from what the chunk records carry rather than kept in a side file, so every process reading
the same Chroma (embedded or a server) sees the same people.
"""
from __future__ import annotations

import threading
from collections import Counter

from assistant.models.embedder import Embedder
from assistant.quotes.model import Quote
from assistant.quotes.speakers import Person, SpeakerRegistry
from assistant.quotes.parties import Gazetteer, gazetteer
from assistant.search.identity import Identifier, Identity, looks_like_person, plain_words
from assistant.search.snapshot import Snapshots
from assistant.store.chroma import Store
from assistant.store.filters import NO_FILTERS, Filters
from assistant.store.quote_table import QuoteTable

class _People:
    """The registry of people built from one quote table, the other sources (not people's
    names: "the Kremlin", "a Reuters report") by their plain words, and the `Identifier`
    that reads questions' names against both."""

    def __init__(self, table: QuoteTable, places: Gazetteer):
        self.table = table
        # Each spelling is folded once, however many quotes it has.
        counts = Counter(
            (name, role, parties)
            for name, role, parties in zip(table.speakers, table.roles, table.parties) if name)
        self.registry = SpeakerRegistry()
        self.others: dict[str, Person] = {}
        for (name, role, parties), count in sorted(counts.items(), key=lambda kv: -len(kv[0][0])):
            keys = tuple(k for k in parties.split("|") if k)
            if looks_like_person(name):
                self.registry.add(name, role or None, count, keys)
            else:
                other = self.others.setdefault(plain_words(name), Person(name=name, aliases={name}))
                other.aliases.add(name)
                other.add_quotes(count, keys)
        self.identifier = Identifier(self.registry, self.others, places)
        self._identities: dict[str, Identity] = {}
        self._by_spelling: dict[str, Person] | None = None

    def identify(self, name: str) -> Identity:
        """Who `name` refers to; each name is worked out once per table."""
        found = self._identities.get(name)
        if found is None:
            if len(self._identities) > 4096:
                self._identities.clear()
            found = self._identities[name] = self.identifier.identify(name)
        return found

    def resolve(self, name: str) -> list[Person]:
        return list(self.identify(name).people)

    def speakers_of(self, name: str) -> list[Person]:
        """Whose quotes answer for `name`: the person it names, or everyone who speaks for
        the institution it names."""
        identity = self.identify(name)
        return identity.people if identity.party else identity.people[:1]

    def person_named(self, spelling: str) -> Person | None:
        """The person (or other source) a quote's speaker spelling was filed under."""
        if self._by_spelling is None:
            self._by_spelling = {a: p for p in [*self.registry.people(), *self.others.values()]
                                 for a in p.aliases | {p.name}}
        return self._by_spelling.get(spelling)


class QuoteIndex:
    """Quotes by speaker and topic, from the quote table of the current `Snapshots`."""

    def __init__(self, store: Store, embedder: Embedder, snapshots: Snapshots):
        self.store = store
        self.embedder = embedder
        self.snapshots = snapshots
        self._people: _People | None = None
        self._lock = threading.Lock()

    def _current(self) -> _People:
        """The people of the current quote table, rebuilt when the table is."""
        table = self.snapshots.current().quotes
        people = self._people
        if people is None or people.table is not table:
            with self._lock:
                if self._people is None or self._people.table is not table:
                    self._people = _People(table, gazetteer())
                people = self._people
        return people

    def registry(self) -> SpeakerRegistry:
        return self._current().registry

    def people(self, name: str) -> list[Person]:
        """People the name refers to, best first (see `identify`)."""
        return self._current().resolve(name)

    def identify(self, name: str) -> Identity:
        """Who a question's name refers to: people, suggestions, an institution
        (search/identity.py)."""
        return self._current().identify(name)

    def _rows(self, current: _People, speaker: str | list[Person] | None, filters: Filters):
        """Table rows of the quotes `find` chooses from; None when nobody goes by that name."""
        if speaker is None:
            return current.table.rows(None, filters)
        people = speaker if isinstance(speaker, list) else current.speakers_of(speaker)
        if not people:
            return None
        return current.table.rows({a for p in people for a in p.aliases}, filters)

    def count(self, speaker: str | list[Person] | None = None, filters: Filters = NO_FILTERS) -> int:
        """How many quotes `find` chooses from."""
        rows = self._rows(self._current(), speaker, filters)
        return 0 if rows is None else len(rows)

    def find(
        self, speaker: str | list[Person] | None = None, about: str | None = None,
        k: int | None = None, filters: Filters = NO_FILTERS, latest: bool = False,
    ) -> list[Quote]:
        """Quotes of the person `speaker` names (of all people an institution names; of the
        `Person`s given; of everyone if None), ranked by topic `about` when given, else in
        article order; `latest` puts the newest articles first; at most `k`. Only the
        quotes returned are read from Chroma."""
        current = self._current()
        rows = self._rows(current, speaker, filters)
        if rows is None or not len(rows):
            return []
        vector = self.embedder.encode_query(about) if about else None
        ids = current.table.choose(rows, vector, k, latest)
        found = self.store.quotes(ids)
        # In the chosen order; a quote removed since the table was read is left out.
        return [found[i] for i in ids if i in found]

    def within(self, hits: list, people: list[Person], k: int) -> list[Quote]:
        """The people's quotes lying in the passages `hits` (anything with source, start and
        end), in the order of the hits; at most `k`."""
        current = self._current()
        spellings = {a for p in people for a in p.aliases}
        ids: list[str] = []
        for hit in hits:
            for row in current.table.overlapping(hit.source, hit.start, hit.end):
                quote_id = current.table.ids[row]
                if current.table.speakers[row] in spellings and quote_id not in ids:
                    ids.append(quote_id)
        found = self.store.quotes(ids[:k])
        return [found[i] for i in ids[:k] if i in found]

    def speaker_at(self, source: str, start: int, end: int) -> tuple[Person, str] | None:
        """The person (and the role given there) whose quote the passage [start, end) of
        article `source` is, or None when it is nobody's quote."""
        current = self._current()
        for row in current.table.overlapping(source, start, end):
            person = current.person_named(current.table.speakers[row])
            if person is not None:
                return person, current.table.roles[row]
        return None
