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
from assistant.search.snapshot import Snapshots
from assistant.store.chroma import Store
from assistant.store.filters import NO_FILTERS, Filters
from assistant.store.quote_table import QuoteTable

_PARTICLES = {"de", "da", "del", "della", "der", "den", "van", "von", "bin", "al", "el", "la", "le", "du", "dos", "ter", "zu"}
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "many", "most", "several"}


def looks_like_person(name: str) -> bool:
    """A proper name ("Dmitri Peskow", "Andreas Heinemann-Grüder"), not a description
    ("a Microsoft spokeswoman", "the report"): only those are folded into people, since
    folding descriptions by their last word would merge every "report" into one."""
    words = name.split()
    if not 1 <= len(words) <= 5 or words[0].lower() in _DETERMINERS:
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and any(
        len(w.strip(".")) > 1 for w in words
    )


def _plain(name: str) -> str:
    """"The Mayor" and "mayor" are one key."""
    words = name.lower().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] in _DETERMINERS else words)


class _People:
    """The registry of people built from one quote table, and the other sources (not
    people's names: "the Kremlin", "a Reuters report") by their plain words."""

    def __init__(self, table: QuoteTable):
        self.table = table
        # Each spelling is folded once, however many quotes it has.
        counts = Counter((name, role) for name, role in zip(table.speakers, table.roles) if name)
        self.registry = SpeakerRegistry()
        self.others: dict[str, Person] = {}
        for (name, role), count in sorted(counts.items(), key=lambda kv: -len(kv[0][0])):
            if looks_like_person(name):
                self.registry.add(name, role or None, count)
            else:
                other = self.others.setdefault(_plain(name), Person(name=name, aliases={name}))
                other.aliases.add(name)
                other.quote_count += count

    def resolve(self, name: str) -> list[Person]:
        found = self.registry.resolve(name)
        if not found and _plain(name) in self.others:
            found = [self.others[_plain(name)]]
        return found


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
                    self._people = _People(table)
                people = self._people
        return people

    def registry(self) -> SpeakerRegistry:
        return self._current().registry

    def people(self, name: str) -> list[Person]:
        """People the name refers to, best first; a source that is not a person's name
        ("the Kremlin", "a Reuters report") is matched by its exact words."""
        return self._current().resolve(name)

    def _rows(self, current: _People, speaker: str | None, filters: Filters):
        """Table rows of the quotes `find` chooses from; None when nobody goes by that name."""
        if not speaker:
            return current.table.rows(None, filters)
        people = current.resolve(speaker)
        return current.table.rows(set(people[0].aliases), filters) if people else None

    def count(self, speaker: str | None = None, filters: Filters = NO_FILTERS) -> int:
        """How many quotes `find` chooses from."""
        rows = self._rows(self._current(), speaker, filters)
        return 0 if rows is None else len(rows)

    def find(
        self, speaker: str | None = None, about: str | None = None, k: int | None = None,
        filters: Filters = NO_FILTERS, latest: bool = False,
    ) -> list[Quote]:
        """Quotes of the person `speaker` names (all people if None), ranked by topic `about`
        when given, else in article order; `latest` puts the newest articles first; at most
        `k`. Only the quotes returned are read from Chroma."""
        current = self._current()
        rows = self._rows(current, speaker, filters)
        if rows is None or not len(rows):
            return []
        vector = self.embedder.encode_query(about) if about else None
        ids = current.table.choose(rows, vector, k, latest)
        found = self.store.quotes(ids)
        # In the chosen order; a quote removed since the table was read is left out.
        return [found[i] for i in ids if i in found]
