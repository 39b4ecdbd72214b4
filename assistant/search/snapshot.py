"""What a question needs besides Chroma's own queries: the keyword index, the chunk
records and the quote table, kept as files beside the index ("search files") and stamped
with the index generation they were built from.

A process opens the files of the current generation in constant time (memory-mapped arrays,
SQLite, bm25s): start-up does not grow with the archive, and processes serving the same
index share the pages. The files are a cache of Chroma: when they are missing or stale
(another process or machine wrote since), they are rebuilt from one read of the chunk
records, one line on stderr says so, and a snapshot is never read across two generations.
The writer builds them at the end of each run, so readers normally find them ready.
"""
from __future__ import annotations

import atexit
import json
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.search import keyword
from assistant.search.chunk_files import write_quotes
from assistant.search.keyword import KeywordIndex
from assistant.store.chroma import Store
from assistant.store.quote_table import QuoteTable
from assistant.store.records import SCHEMA_VERSION

FOLDER = "search"
_STAMP = "stamp.json"
_QUOTES = "quotes"
# Changes whenever the layout of the search files does (3: a quote record is stored as
# its one JSON field, not as Chroma's metadata around it).
FILES_VERSION = 3
# Times a reader tries to open the files of the generation it reads before building them.
_ATTEMPTS = 3
# A build folder this old was left by a process that stopped (or read during a write).
_ABANDONED = 3600


@dataclass
class Snapshot:
    generation: str | None
    keyword: KeywordIndex
    quotes: QuoteTable


class Snapshots:
    """Owns the current `Snapshot` of one store, and its files under `folder` (default
    `<index>/search`; a Chroma server's readers each keep their own)."""

    def __init__(self, store: Store, dimensions: int, folder: Path | None = None):
        self.store = store
        self.dimensions = dimensions
        self.folder = Path(folder) if folder else store.index_dir / FOLDER
        self._current: Snapshot | None = None
        self._lock = threading.Lock()
        self._pinned = threading.local()

    @contextmanager
    def pinned(self) -> Iterator[Snapshot]:
        """Within the block this thread reads one snapshot: a question sees one generation
        from start to end, and asks Chroma for it once rather than at every step."""
        if getattr(self._pinned, "snapshot", None) is not None:
            yield self._pinned.snapshot
            return
        self._pinned.snapshot = self.current()
        try:
            yield self._pinned.snapshot
        finally:
            self._pinned.snapshot = None

    def current(self, announce: bool = True) -> Snapshot:
        """The snapshot of the index's current generation (the pinned one inside `pinned`).
        `announce`: say on stderr when its files have to be built (a reader; the index run
        that writes them says nothing)."""
        pinned = getattr(self._pinned, "snapshot", None)
        if pinned is not None:
            return pinned
        generation = self.store.generation()
        snapshot = self._current
        if snapshot is not None and snapshot.generation == generation:
            return snapshot
        with self._lock:
            if self._current is None or self._current.generation != generation:
                self._current = self._open(generation, announce)
            return self._current

    def _stamp(self, generation: str | None) -> dict:
        return {"generation": generation, "schema": SCHEMA_VERSION, "files": FILES_VERSION,
                "dimensions": self.dimensions}

    def _target(self, generation: str | None) -> Path:
        return self.folder / f"g-{generation or 'none'}"

    def _open(self, generation: str | None, announce: bool) -> Snapshot:
        for attempt in range(_ATTEMPTS):
            target = self._target(generation)
            found = self._ready(target, generation)
            folder = target if found else self._build(generation, target, announce,
                                                      share=attempt < _ATTEMPTS - 1)
            try:
                return self._load(generation, folder)
            except (OSError, sqlite3.Error):
                if attempt == _ATTEMPTS - 1:
                    raise
                # Removed between the check and the open by the writer of a newer
                # generation: that generation's files are the ones to read.
                generation = self.store.generation()
        raise AssertionError("no attempt")  # the loop returns or raises

    @staticmethod
    def _load(generation: str | None, folder: Path) -> Snapshot:
        return Snapshot(generation, KeywordIndex(folder), QuoteTable.load(folder / _QUOTES))

    def _ready(self, target: Path, generation: str | None) -> bool:
        try:
            return json.loads((target / _STAMP).read_text()) == self._stamp(generation)
        except (OSError, ValueError):
            return False

    def _build(self, generation: str | None, target: Path, announce: bool, share: bool = True) -> Path:
        """Build the files from Chroma; returns where they are. They take the generation's
        name (`share`) only when no write was under way while the chunks and quotes were
        read; when another process named its own first, those are used and these dropped."""
        before = self.store.settings()
        if announce:
            print(f"assistant: building the search files of {self.store.index_dir} "
                  f"(generation {generation or 'none'}) from the stored chunks",
                  file=sys.stderr, flush=True)
        work = self._workspace()
        self._write(work)
        # Taken after the quote records too: the table and the records a question reads
        # with it are of one generation only if no write began before both were read.
        after = self.store.settings()
        steady = (not before.get("writing") and not after.get("writing")
                  and before.get("generation") == after.get("generation") == generation)
        if not (steady and share) or work.parent != self.folder:
            return work
        (work / _STAMP).write_text(json.dumps(self._stamp(generation)))
        if target.exists() and not self._ready(target, generation):
            # Stale files under this generation's name (another layout): set aside.
            aside = Path(tempfile.mkdtemp(prefix="build-stale-", dir=self.folder))
            target.rename(aside / "old")
            shutil.rmtree(aside, ignore_errors=True)
        try:
            work.rename(target)
        except OSError:  # another process finished the same generation first: use theirs
            shutil.rmtree(work, ignore_errors=True)
        self._drop_others(target)
        return target

    def _workspace(self) -> Path:
        """A new empty folder to build files in, beside the generations' when it can be."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix="build-", dir=self.folder))
        except OSError:  # a read-only index: the files live as long as this process
            work = Path(tempfile.mkdtemp(prefix="assistant-search-"))
            atexit.register(shutil.rmtree, work, True)
            return work

    def _write(self, work: Path) -> None:
        """Write into `work` the files of what Chroma holds now: the quote table and the
        keyword index from one read of the chunks, then the quote records."""
        chunks = self.store.chunks()
        QuoteTable.from_chunks(chunks, self.dimensions).save(work / _QUOTES)
        keyword.build(chunks, work)
        del chunks
        write_quotes(work, self.store.quote_metadata())

    def _drop_others(self, keep: Path) -> None:
        """Files of older generations go (a process still reading them keeps its open
        files: removing a file does not take it from who has it open)."""
        now = time.time()
        for other in self.folder.iterdir():
            old = other.name.startswith("g-") or (
                other.name.startswith("build-") and now - other.stat().st_mtime > _ABANDONED)
            if other != keep and other.is_dir() and old:
                shutil.rmtree(other, ignore_errors=True)
