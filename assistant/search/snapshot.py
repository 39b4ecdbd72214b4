"""What a question needs besides Chroma's own queries, built from one read of the chunk
records: the keyword index and the quote table. Rebuilt when the index's generation
changes (another process, or machine, may have written), under a lock: the web page asks
from several threads at once."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from assistant.search.keyword import KeywordIndex
from assistant.store.chroma import Store
from assistant.store.quote_table import QuoteTable


@dataclass
class Snapshot:
    generation: str | None
    keyword: KeywordIndex
    quotes: QuoteTable


class Snapshots:
    """Owns the current `Snapshot` of one store."""

    def __init__(self, store: Store, dimensions: int):
        self.store = store
        self.dimensions = dimensions
        self._current: Snapshot | None = None
        self._lock = threading.Lock()

    def current(self) -> Snapshot:
        generation = self.store.generation()
        snapshot = self._current
        if snapshot is not None and snapshot.generation == generation:
            return snapshot
        with self._lock:
            if self._current is None or self._current.generation != generation:
                chunks = self.store.chunks()
                # The table takes the quote entries out of the chunk records it reads.
                quotes = QuoteTable.from_chunks(chunks, self.dimensions)
                self._current = Snapshot(generation, KeywordIndex(chunks), quotes)
            return self._current
