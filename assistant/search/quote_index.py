"""Speaker questions: the quotes of the person a name refers to, ranked by topic.

Each quote's vector is the mean of the sentences its words lie in, so that "what did X say
about Y?" ranks X's quotes by topic Y. The speaker registry and the quote table are derived
from what the chunk records carry rather than kept in a side file, so every process reading
the same Chroma (embedded or a server) sees the same people.
"""
from __future__ import annotations

import threading
from collections import Counter

import numpy as np

from assistant.models.embedder import Embedder
from assistant.quotes.model import Quote
from assistant.quotes.names import has_first_name, name_tokens
from assistant.quotes.speakers import Person, SpeakerRegistry
from assistant.quotes.parties import Gazetteer, gazetteer
from assistant.search.identity import (Identifier, Identity, looks_like_person, plain_words,
                                       unnamed_source)
from assistant.search.snapshot import Snapshot, Snapshots
from assistant.store.chroma import Store
from assistant.store.filters import NO_FILTERS, Filters
from assistant.store.quote_table import QuoteTable


def _repeated(table: QuoteTable) -> np.ndarray:
    """Rows (as a mask) that say nothing their speaker does not say in another quote of the
    same article: a span inside a longer span of the same speaker spelling, or the same span
    again. Extraction reads a cue phrase as reported speech too ("Spokesperson Dmitri Peskow
    conveyed reluctance" inside the sentence quoting him); one thing said counts once."""
    if not len(table):
        return np.zeros(0, dtype=bool)
    article = np.asarray(table.article, dtype=np.int64)
    speaker = np.asarray(table.speaker_code, dtype=np.int64)
    starts = np.asarray(table.starts, dtype=np.int64)
    ends = np.asarray(table.ends, dtype=np.int64)
    # By article and speaker, then by start, the longer of two spans with one start first.
    order = np.lexsort((-ends, starts, speaker, article))
    group = np.concatenate([[0], np.cumsum((np.diff(article[order]) != 0)
                                           | (np.diff(speaker[order]) != 0))])
    # The furthest end reached so far in the group: lifting each group above the last lets
    # one running maximum serve them all.
    lift = group * (int(ends.max()) + 1)
    reach = np.maximum.accumulate(ends[order] + lift) - lift
    inside = np.zeros(len(order), dtype=bool)
    same = group[1:] == group[:-1]
    inside[1:] = same & (reach[:-1] >= ends[order][1:])
    repeated = np.zeros(len(order), dtype=bool)
    repeated[order] = inside
    return repeated


class _People:
    """The registry of people built from the quote table of one snapshot, the other sources
    (not people's names: "the Kremlin", "a Reuters report", "Experts") by their plain words,
    and the `Identifier` that reads questions' names against both.

    Every count here is of the same quotes `QuoteIndex` chooses from (`counted`): a person's
    count in the Speakers tab, the count an answer about them gives and the quotes listed
    for them are one set. The quotes chosen are read from the same snapshot (`quotes`): a
    write between choosing and reading cannot drop or change them.
    """

    def __init__(self, snapshot: Snapshot, places: Gazetteer):
        self.snapshot = snapshot
        self.table = snapshot.quotes
        self.counted = ~_repeated(self.table)
        self.registry = SpeakerRegistry()
        self.others: dict[str, Person] = {}
        # Longest names first: full names are enrolled before the single words that may be
        # their surnames ("Bernie Sanders" before "Sanders").
        for (name, role, parties), count in sorted(self._spellings().items(),
                                                   key=lambda kv: -len(kv[0][0])):
            keys = tuple(k for k in parties.split("|") if k)
            if self._is_person(name):
                self.registry.add(name, role or None, count, keys)
            else:
                other = self.others.setdefault(plain_words(name), Person(name=name, aliases={name}))
                other.aliases.add(name)
                other.add_quotes(count, keys)
        self.identifier = Identifier(self.registry, self.others, places, self._called_by)
        self._identities: dict[str, Identity] = {}
        self._by_spelling: dict[str, Person] | None = None

    def _spellings(self) -> Counter:
        """How many counted quotes each (speaker, role, parties) has; each spelling is then
        folded once, however many quotes it has."""
        table = self.table
        rows = np.flatnonzero(self.counted)
        codes = np.stack([np.asarray(table.speaker_code)[rows], np.asarray(table.role_code)[rows],
                          np.asarray(table.parties_code)[rows]])
        if not codes.shape[1]:
            return Counter()
        found, counts = np.unique(codes, axis=1, return_counts=True)
        spelled = Counter()
        for (speaker, role, parties), count in zip(found.T.tolist(), counts.tolist()):
            name = table.speakers.values[speaker]
            if name:
                key = (name, table.roles.values[role], table.parties.values[parties])
                spelled[key] += count
        return spelled

    def _called_by(self, person: Person, words: tuple[str, ...], most: int = 40) -> bool:
        """Whether a quote of `person` names them by the folded name `words` alone where it
        is introduced ("Mr. Ban said" for Ban Ki-moon); reads at most `most` quotes."""
        rows = self.table.rows(person.aliases | {person.name}, NO_FILTERS)
        for q in self.quotes([self.table.ids[r] for r in rows[:most]]):
            span = q.speaker_span
            written = q.text[span.start - q.start:span.end - q.start] if span else ""
            if written and name_tokens(written) == words:
                return True
        return False

    def _is_person(self, name: str) -> bool:
        """A personal name; a single common noun ("Experts", "King") only when it is, as
        spelled, the surname of someone the articles name in full: a spelling variant is
        not enough ("Tories" is not Nadine Dorries, "Analysts" not Mr Analysis)."""
        if looks_like_person(name):
            return True
        if not unnamed_source(name):
            return False
        surname = name_tokens(name)[-1]
        return any(p.spelled_with_surname(surname, full=True)
                   for p in self.registry.by_surname(surname))

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

    def quotes(self, ids: list[str]) -> list[Quote]:
        """The quote records of `ids` (rows of this table), in that order."""
        found = self.snapshot.keyword.chunks.quotes(ids)
        # An id without a record is left out: files built while a write was under way
        # (kept by this process only) may hold a quote in one and not the other.
        return [found[i] for i in ids if i in found]

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
        """The people of the current snapshot, rebuilt when the snapshot is. One call per
        request: the table and the records it cites then come from one generation, even
        outside a pinned snapshot while the index is written."""
        snapshot = self.snapshots.current()
        people = self._people
        if people is None or people.snapshot is not snapshot:
            with self._lock:
                if self._people is None or self._people.snapshot is not snapshot:
                    self._people = _People(snapshot, gazetteer())
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
            rows = current.table.rows(None, filters)
        else:
            people = speaker if isinstance(speaker, list) else current.speakers_of(speaker)
            if not people:
                return None
            rows = current.table.rows({a for p in people for a in p.aliases}, filters)
        return rows[current.counted[rows]]

    def count(self, speaker: str | list[Person] | None = None, filters: Filters = NO_FILTERS) -> int:
        """How many quotes `find` chooses from."""
        rows = self._rows(self._current(), speaker, filters)
        return 0 if rows is None else len(rows)

    def sources_of(self, people: list[Person], filters: Filters = NO_FILTERS) -> set[str]:
        """The articles (by source) holding a quote of any of `people`."""
        current = self._current()
        rows = self._rows(current, people, filters)
        if rows is None:
            return set()
        table = current.table
        return {table.articles[i].source for i in set(np.asarray(table.article)[rows].tolist())}

    def count_by_source(self) -> dict[str, int]:
        """How many quotes `find` chooses from in each article, by source (articles without
        any are left out)."""
        current = self._current()
        table = current.table
        per_article = np.bincount(np.asarray(table.article)[current.counted],
                                  minlength=len(table.article_ids))
        return {table.articles[i].source: int(n) for i, n in enumerate(per_article) if n}

    def find(
        self, speaker: str | list[Person] | None = None, about: str | None = None,
        k: int | None = None, filters: Filters = NO_FILTERS, latest: bool = False,
    ) -> list[Quote]:
        """Quotes of the person `speaker` names (of all people an institution names; of the
        `Person`s given; of everyone if None), ranked by topic `about` when given, else in
        article order; `latest` puts the newest articles first; at most `k`. Only the
        quotes returned are read (from the search files)."""
        current = self._current()
        rows = self._rows(current, speaker, filters)
        if rows is None or not len(rows):
            return []
        vector = self.embedder.encode_query(about) if about else None
        return current.quotes(current.table.choose(rows, vector, k, latest))

    def within(self, hits: list, people: list[Person], k: int) -> list[Quote]:
        """The people's quotes lying in the passages `hits` (anything with source, start and
        end), in the order of the hits; at most `k`."""
        current = self._current()
        spellings = {a for p in people for a in p.aliases}
        ids: list[str] = []
        for hit in hits:
            for row in current.table.overlapping(hit.source, hit.start, hit.end):
                quote_id = current.table.ids[row]
                counted = current.counted[row] and current.table.speakers[row] in spellings
                if counted and quote_id not in ids:
                    ids.append(quote_id)
        return current.quotes(ids[:k])

    def speaker_at(self, source: str, start: int, end: int) -> tuple[Person, str] | None:
        """The person (and the role given there) whose quote the passage [start, end) of
        article `source` is, or None when it is nobody's quote."""
        current = self._current()
        for row in current.table.overlapping(source, start, end):
            spelled = current.table.speakers[row]
            person = current.person_named(spelled)
            if person is not None:
                if not has_first_name(spelled) and has_first_name(person.name):
                    # its article gives no first name: named as written ("Browne" may
                    # not be Des Browne), as an answer about the person labels it
                    person = Person(name=spelled, aliases={spelled})
                return person, current.table.roles[row]
        return None
