"""Every stored quote's speaker, article, place and vector, held in memory to choose quotes.

Chroma answers a query filtered by speaker by scanning metadata: 34 ms for one person's
quotes among 30k, and it grows with the collection. Choosing here (numpy over that person's
rows) and fetching only the chosen records by id keeps a speaker question's cost at the
size of the answer. Vectors are kept in 8 bits a dimension (about 0.4 kB a quote); the
table is rebuilt with the speaker registry when the index changes.
"""
from __future__ import annotations

import json

import numpy as np

from assistant.search.filters import Filters
from assistant.store.sentence_vectors import pack, quantize, unpack_codes

QUOTES_KEY = "quotes"  # in chunk metadata: the entries of the quotes the chunk carries
RECORD_KEY = "record"  # in a quote's metadata: all of it but the article id, as JSON
_PAGE = 10_000  # records read per call from the quotes collection


def record_fields(meta: dict) -> dict:
    """A quote record's metadata as one dict, whether packed (RECORD_KEY) or, in an index
    written before, one Chroma field each with its spans as JSON text ("" for none)."""
    if RECORD_KEY in meta:
        return {**json.loads(meta[RECORD_KEY]), "article": meta["article"]}
    return {**meta, **{k: json.loads(meta[k]) if meta[k] else None
                       for k in ("speaker_span", "cue", "contents")}}


def holders(chunks: list, quotes: list) -> list[int]:
    """For each quote, the chunk whose record carries its table entry: the one its start
    lies in, else the last chunk starting before it."""
    out = []
    for q in quotes:
        inside = [i for i, c in enumerate(chunks) if c.start <= q.start < c.end]
        before = [i for i, c in enumerate(chunks) if c.start <= q.start]
        out.append(inside[0] if inside else (before[-1] if before else 0))
    return out


def chunk_entries(chunks: list, quotes: list, vectors: list[np.ndarray]) -> list[str]:
    """Per chunk, the table entries of the quotes it carries (JSON): index in the article,
    speaker, role, start and the quote's vector packed as for sentences."""
    entries: list[list] = [[] for _ in chunks]
    for i, (q, holder) in enumerate(zip(quotes, holders(chunks, quotes))):
        entries[holder].append([i, q.speaker or "", q.role or "", q.start, pack(vectors[i][None, :])])
    return [json.dumps(e, ensure_ascii=False) for e in entries]


class QuoteTable:
    """Built from the entries chunk records carry (`from_chunks`, read with the keyword
    index in the same pass), or from the quotes collection for an index written before
    chunks carried them (`from_collection`)."""

    def __init__(self, ids, speakers, roles, article_of, starts, article_fields, codes, scales):
        self.ids, self.speakers, self.roles = ids, speakers, roles
        self.article_fields = article_fields  # what filters look at, per article
        self.article = np.asarray(article_of, dtype=np.int64)
        self.codes, self.scales = codes, scales
        self.by_speaker: dict[str, np.ndarray] = {}
        for row, name in enumerate(speakers):
            self.by_speaker.setdefault(name, []).append(row)
        self.by_speaker = {k: np.asarray(v, dtype=np.int64) for k, v in self.by_speaker.items()}
        # Article order (title, source, then place in the text) as one rank per row.
        order = sorted(range(len(ids)), key=lambda r: (
            article_fields[article_of[r]]["title"], article_fields[article_of[r]]["source"], starts[r]))
        self.place = np.empty(len(ids), dtype=np.int64)
        self.place[np.asarray(order, dtype=np.int64)] = np.arange(len(ids))
        self.day = np.asarray([f["day"] for f in article_fields], dtype=np.int64)

    @classmethod
    def from_chunks(cls, metas, dimensions: int) -> "QuoteTable":
        """`metas`: chunk metadata dicts; each one's entries are taken out of it (decoded
        here, they need not stay in memory twice)."""
        builder = _Builder()
        for meta in metas:
            raw = meta.pop(QUOTES_KEY, None)
            for i, speaker, role, start, packed in json.loads(raw) if raw else []:
                got = unpack_codes(packed, dimensions)
                if got is not None:
                    builder.add(f"{meta['article']}:q{i}", speaker, role, start, meta, got[0][0], got[1][0])
        return builder.table(dimensions)

    @classmethod
    def from_collection(cls, collection, dimensions: int) -> "QuoteTable":
        builder = _Builder()
        offset = 0
        while True:
            page = collection.get(limit=_PAGE, offset=offset, include=["metadatas", "embeddings"])
            if not len(page["ids"]):
                break
            codes, scales = quantize(page["embeddings"])
            for qid, meta, code, scale in zip(page["ids"], page["metadatas"], codes, scales):
                meta = record_fields(meta)
                builder.add(qid, meta["speaker"], meta["role"], meta["start"], meta, code, scale)
            offset += len(page["ids"])
            if len(page["ids"]) < _PAGE:
                break
        return builder.table(dimensions)

    def __len__(self) -> int:
        return len(self.ids)

    def rows(self, speakers: set[str] | None, filters: Filters) -> np.ndarray:
        """Rows of the quotes by any of `speakers` (every quote if None) that `filters` accept."""
        if speakers is None:
            rows = np.arange(len(self.ids))
        else:
            found = [self.by_speaker[s] for s in speakers if s in self.by_speaker]
            rows = np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
        if filters.active and len(rows):
            accepted = [i for i, f in enumerate(self.article_fields) if filters.accepts(f)]
            rows = rows[np.isin(self.article[rows], np.asarray(accepted, dtype=np.int64))]
        return rows

    def choose(self, rows: np.ndarray, vector: np.ndarray | None, k: int | None,
               latest: bool) -> list[str]:
        """Ids of up to `k` of `rows`: the nearest to `vector` first, or in article order;
        `latest` then puts the newest articles first (stable)."""
        if vector is not None:
            scores = (self.codes[rows] @ np.asarray(vector, dtype=np.float32)) * self.scales[rows]
            if k and k < len(rows):
                top = np.argpartition(-scores, k - 1)[:k]
                rows, scores = rows[top], scores[top]
            rows = rows[np.argsort(-scores, kind="stable")]
        else:
            rows = rows[np.argsort(self.place[rows], kind="stable")]
        if latest:
            rows = rows[np.argsort(-self.day[self.article[rows]], kind="stable")]
        return [self.ids[r] for r in (rows[:k] if k else rows)]


class _Builder:
    def __init__(self):
        self.ids, self.speakers, self.roles, self.article_of, self.starts = [], [], [], [], []
        self.articles: dict[str, int] = {}
        self.fields: list[dict] = []
        self.codes: list[np.ndarray] = []
        self.scales: list[float] = []

    def add(self, qid: str, speaker: str, role: str, start: int, meta: dict, code: np.ndarray,
            scale: float) -> None:
        aid = meta["article"]
        if aid not in self.articles:
            self.articles[aid] = len(self.fields)
            self.fields.append({"source": meta["source"], "source_key": meta.get("source_key", ""),
                                "day": meta.get("day", 0), "title": meta["title"]})
        self.ids.append(qid)
        self.speakers.append(speaker)
        self.roles.append(role)
        self.article_of.append(self.articles[aid])
        self.starts.append(start)
        self.codes.append(code)
        self.scales.append(scale)

    def table(self, dimensions: int) -> QuoteTable:
        codes = np.stack(self.codes) if self.codes else np.zeros((0, dimensions), dtype=np.int8)
        scales = np.asarray(self.scales, dtype=np.float32)
        return QuoteTable(self.ids, self.speakers, self.roles, self.article_of, self.starts,
                          self.fields, codes, scales)
