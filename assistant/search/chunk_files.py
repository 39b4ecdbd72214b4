"""The chunk records a question reads (text, offsets, sentence spans and vectors, article
reference) and the quote records it cites, in one SQLite file beside the index, so that a
process opens them in constant time and reads only the records a question cites. (Reading
quotes from Chroma instead made it load the quotes collection's vector index, about 1 GB
at 100k chunks, into every serving process.)

Row numbers are the chunks' places in the keyword index (bm25 documents), so a BM25 hit
is one lookup by row. A chunk's sentence vectors are read only when a question re-ranks it.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import astuple
from pathlib import Path

from assistant.quotes.model import Quote
from assistant.store.records import ArticleRef, ChunkRecord, QuoteRecord

FILE = "chunks.sqlite"
# Chunk records kept decoded after a question read them (a few hundred kB).
_CACHED = 2048
# The field of a quote record's Chroma metadata that holds the whole quote (one JSON text).
_RECORD = "record"


def write_quotes(folder: Path, records: Iterable[tuple[str, dict]]) -> None:
    """Write the quote records (id and Chroma metadata, as `Store.quote_metadata` yields
    them) into `folder`/chunks.sqlite, beside the chunks: each as the JSON text of its
    `record` field alone, so a read decodes it once."""
    db = sqlite3.connect(folder / FILE)
    try:
        db.execute("CREATE TABLE quotes (id TEXT PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT OR REPLACE INTO quotes VALUES (?, ?)",
                       ((qid, meta[_RECORD]) for qid, meta in records))
        db.commit()
    finally:
        db.close()


def write_chunks(folder: Path, chunks: list[ChunkRecord]) -> None:
    """Write `chunks` (in keyword-index order) and their articles to `folder`/chunks.sqlite."""
    db = sqlite3.connect(folder / FILE)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("CREATE TABLE articles (row INTEGER PRIMARY KEY, ref TEXT NOT NULL)")
        db.execute("CREATE TABLE chunks (row INTEGER PRIMARY KEY, id TEXT NOT NULL, "
                   "article INTEGER NOT NULL, n INTEGER, start INTEGER, end INTEGER, text TEXT, "
                   "spans TEXT, vectors TEXT)")
        articles: dict[str, int] = {}
        for chunk in chunks:
            if chunk.article.id not in articles:
                articles[chunk.article.id] = len(articles)
                db.execute("INSERT INTO articles VALUES (?, ?)",
                           (articles[chunk.article.id], json.dumps(astuple(chunk.article))))
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((row, c.id, articles[c.article.id], c.n, c.start, c.end, c.text,
              json.dumps(c.sentence_spans) if c.sentence_spans else None, c.sentence_vectors)
             for row, c in enumerate(chunks)))
        db.execute("CREATE UNIQUE INDEX chunk_ids ON chunks (id)")
        db.commit()
    finally:
        db.close()


class ChunkFiles(Mapping):
    """Chunk records by id, read from the file on demand (read-only; safe from threads).

    Behaves as the dict of every chunk the keyword index covers: `cid in chunks`,
    `chunks[cid]`, `chunks.get(cid)`, `len(chunks)`; `by_rows` reads BM25 hits. The
    `cached` records read most recently stay decoded.
    """

    def __init__(self, folder: Path, cached: int = _CACHED):
        self._db = sqlite3.connect(f"file:{folder / FILE}?mode=ro", uri=True,
                                   check_same_thread=False)
        # One lock for the connection and the cache: questions read them from many threads.
        self._lock = threading.Lock()
        self._count = self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        self._refs: dict[int, ArticleRef] = {}
        self._cache: OrderedDict[str, ChunkRecord] = OrderedDict()
        self._cached = cached

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            ids = [r[0] for r in self._db.execute("SELECT id FROM chunks ORDER BY row")]
        return iter(ids)

    def __getitem__(self, cid: str) -> ChunkRecord:
        found = self.many([cid])
        if cid not in found:
            raise KeyError(cid)
        return found[cid]

    def __contains__(self, cid: object) -> bool:
        return isinstance(cid, str) and cid in self.many([cid])

    def many(self, ids: list[str]) -> dict[str, ChunkRecord]:
        """The records of those of `ids` that exist, by id, in one query."""
        with self._lock:
            found = self._recall(ids)
            missing = [i for i in ids if i not in found]
            if missing:
                marks = ",".join("?" * len(missing))
                rows = self._db.execute(
                    f"SELECT id, article, n, start, end, text, spans, vectors FROM chunks "
                    f"WHERE id IN ({marks})", missing).fetchall()
                found.update(self._remember(rows))
            return found

    def quotes(self, ids: list[str]) -> dict[str, Quote]:
        """The quote records with these ids, by id (an id not in the files is left out)."""
        out: dict[str, Quote] = {}
        for at in range(0, len(ids), 500):
            part = ids[at : at + 500]
            with self._lock:
                rows = self._db.execute(
                    f"SELECT id, record FROM quotes WHERE id IN ({','.join('?' * len(part))})",
                    part).fetchall()
            out.update((qid, QuoteRecord.decode_quote({_RECORD: raw})) for qid, raw in rows)
        return out

    def by_rows(self, rows: list[int]) -> dict[int, str]:
        """Chunk ids of keyword-index rows, by row (reading their records too)."""
        if not rows:
            return {}
        with self._lock:
            marks = ",".join("?" * len(rows))
            got = self._db.execute(
                f"SELECT row, id, article, n, start, end, text, spans, vectors FROM chunks "
                f"WHERE row IN ({marks})", [int(r) for r in rows]).fetchall()
            self._remember([r[1:] for r in got])
        return {r[0]: r[1] for r in got}

    def _recall(self, ids: list[str]) -> dict[str, ChunkRecord]:
        """The records of `ids` kept decoded, each now the most recently used (the lock
        held): a record questions keep citing stays while others come and go."""
        found = {}
        for cid in ids:
            record = self._cache.get(cid)
            if record is not None:
                self._cache.move_to_end(cid)
                found[cid] = record
        return found

    def _remember(self, rows) -> dict[str, ChunkRecord]:
        """Decode `rows` and keep them as the most recently used (the lock held); the
        least recently used go beyond `cached`."""
        out = {}
        for cid, article, n, start, end, text, spans, vectors in rows:
            spans = [tuple(s) for s in json.loads(spans)] if spans else None
            out[cid] = ChunkRecord(self._ref(article), n, start, end, text, spans, vectors or "")
            self._cache[cid] = out[cid]
            self._cache.move_to_end(cid)
        while len(self._cache) > self._cached:
            self._cache.popitem(last=False)
        return out

    def _ref(self, row: int) -> ArticleRef:
        ref = self._refs.get(row)
        if ref is None:
            (raw,) = self._db.execute("SELECT ref FROM articles WHERE row = ?", (row,)).fetchone()
            ref = self._refs[row] = ArticleRef(*json.loads(raw))
        return ref
