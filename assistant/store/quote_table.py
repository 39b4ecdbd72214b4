"""Every stored quote's speaker, article, place and vector, held as arrays to choose quotes.

Chroma answers a query filtered by speaker by scanning metadata: 34 ms for one person's
quotes among 30k, and it grows with the collection. Choosing here (numpy over that person's
rows) and fetching only the chosen records by id keeps a speaker question's cost at the
size of the answer. Vectors are kept in 8 bits a dimension (about 0.4 kB a quote).

The table is built from the entries chunk records carry (`records.QuoteEntry`) and saved as
arrays that a process memory-maps (`save`, `load`): opening it reads a few small lists
(article ids, distinct speakers, roles and parties), not a row per quote.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import astuple
from pathlib import Path
from typing import BinaryIO

import numpy as np

from assistant.store.filters import Filters
from assistant.store.packing import unpack_codes
from assistant.store.records import ArticleRef, ChunkRecord, QuoteRecord, article_id

_ARRAYS = ("article", "n", "starts", "ends", "place", "speaker_code", "role_code",
           "parties_code", "codes", "scales", "day")
_LISTS = "lists.json"
_ARTICLES = "articles.json"


class Coded(Sequence):
    """A column of repeated text as one code per row and the distinct values."""

    def __init__(self, codes: np.ndarray, values: list[str]):
        self.codes, self.values = codes, values

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row):
        return self.values[int(self.codes[row])]


class QuoteIds(Sequence):
    """Quote record ids ("<article id>:q<n>") of the rows, made when read."""

    def __init__(self, article: np.ndarray, n: np.ndarray, article_ids: list[str]):
        self.article, self.n, self.article_ids = article, n, article_ids

    def __len__(self) -> int:
        return len(self.n)

    def __getitem__(self, row) -> str:
        return QuoteRecord.make_id(self.article_ids[int(self.article[row])], int(self.n[row]))


def _encode(values: list[str]) -> tuple[np.ndarray, list[str]]:
    distinct: dict[str, int] = {}
    codes = np.asarray([distinct.setdefault(v, len(distinct)) for v in values], dtype=np.int32)
    return codes, list(distinct)


class QuoteTable:
    """Rows of quotes: `ids`, `speakers`, `roles`, `parties` ("|"-joined keys) as
    sequences, each row's article (an index into `articles`), its span, its place in
    article order, and its vector as int8 codes and a scale."""

    def __init__(self, arrays: dict[str, np.ndarray], lists: dict[str, list[str]],
                 articles: list[ArticleRef] | BinaryIO):
        for name in _ARRAYS:
            setattr(self, name, arrays[name])
        self.article_ids = lists["article_ids"]
        self.ids = QuoteIds(self.article, self.n, self.article_ids)
        self.speakers = Coded(self.speaker_code, lists["speakers"])
        self.roles = Coded(self.role_code, lists["roles"])
        self.parties = Coded(self.parties_code, lists["parties"])
        self._articles = articles
        self._reading = threading.Lock()
        self._by_speaker: dict[str, np.ndarray] | None = None
        self._by_article: tuple | None = None

    # ------------------------------------------------------------------ building
    @classmethod
    def from_chunks(cls, chunks: list[ChunkRecord], dimensions: int) -> "QuoteTable":
        """From the entries `chunks` carry; each chunk's entries are taken out of it (they
        need not stay in memory twice)."""
        article_of, ns, starts, ends, codes, scales = ([] for _ in range(6))
        speakers, roles, parties = [], [], []
        articles: dict[str, int] = {}
        refs: list[ArticleRef] = []
        for chunk in chunks:
            entries, chunk.quotes = chunk.quotes, []
            for entry in entries:
                got = unpack_codes(entry.packed, dimensions)
                if got is None:
                    continue
                if chunk.article.id not in articles:
                    articles[chunk.article.id] = len(refs)
                    refs.append(chunk.article)
                article_of.append(articles[chunk.article.id])
                ns.append(entry.n)
                speakers.append(entry.speaker)
                roles.append(entry.role)
                parties.append(entry.parties)
                starts.append(entry.start)
                ends.append(entry.end)
                codes.append(got[0][0])
                scales.append(got[1][0])
        # Article order (title, source, then place in the text) as one rank per row.
        order = sorted(range(len(ns)), key=lambda r: (
            refs[article_of[r]].title, refs[article_of[r]].source, starts[r]))
        place = np.empty(len(ns), dtype=np.int64)
        place[np.asarray(order, dtype=np.int64)] = np.arange(len(ns))
        arrays = {
            "article": np.asarray(article_of, dtype=np.int64), "n": np.asarray(ns, dtype=np.int32),
            "starts": np.asarray(starts, dtype=np.int64), "ends": np.asarray(ends, dtype=np.int64),
            "place": place, "codes": np.stack(codes) if codes else np.zeros((0, dimensions), dtype=np.int8),
            "scales": np.asarray(scales, dtype=np.float32),
            "day": np.asarray([a.day for a in refs], dtype=np.int64),
        }
        lists = {"article_ids": [a.id for a in refs]}
        for name, values in (("speaker", speakers), ("role", roles), ("parties", parties)):
            arrays[f"{name}_code"], lists[f"{name}s" if name != "parties" else name] = _encode(values)
        return cls(arrays, lists, refs)

    def save(self, folder: Path) -> None:
        """Write the table into `folder` (which `load` memory-maps)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", np.ascontiguousarray(getattr(self, name)))
        lists = {"article_ids": self.article_ids, "speakers": self.speakers.values,
                 "roles": self.roles.values, "parties": self.parties.values}
        (folder / _LISTS).write_text(json.dumps(lists, ensure_ascii=False), encoding="utf-8")
        (folder / _ARTICLES).write_text(
            json.dumps([astuple(a) for a in self.articles], ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "QuoteTable":
        """The table `save` wrote; its arrays stay on disk (memory-mapped, shared between
        processes), its article records are read on first use."""
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
        lists = json.loads((folder / _LISTS).read_text(encoding="utf-8"))
        # Opened now, read on first use: the writer of a newer generation may remove the
        # folder meanwhile, and an open file stays readable.
        return cls(arrays, lists, open(folder / _ARTICLES, "rb"))

    # ------------------------------------------------------------------ reading
    @property
    def articles(self) -> list[ArticleRef]:
        """The articles of the rows (read from the file when the table was loaded)."""
        with self._reading:
            if not isinstance(self._articles, list):
                with self._articles as file:
                    self._articles = [ArticleRef(*a) for a in json.load(file)]
        return self._articles

    def __len__(self) -> int:
        return len(self.n)

    @property
    def by_speaker(self) -> dict[str, np.ndarray]:
        """Rows of each speaker spelling, in row order (made on first use)."""
        if self._by_speaker is None:
            order = np.argsort(self.speaker_code, kind="stable")
            codes = np.asarray(self.speaker_code)[order]
            cuts = np.flatnonzero(np.diff(codes)) + 1
            self._by_speaker = {self.speakers.values[int(group[0])]: rows for group, rows in
                                zip(np.split(codes, cuts), np.split(order, cuts)) if len(rows)}
        return self._by_speaker

    def rows(self, speakers: set[str] | None, filters: Filters) -> np.ndarray:
        """Rows of the quotes by any of `speakers` (every quote if None) that `filters` accept."""
        if speakers is None:
            rows = np.arange(len(self))
        else:
            found = [self.by_speaker[s] for s in speakers if s in self.by_speaker]
            rows = np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
        if filters.active and len(rows):
            accepted = [i for i, a in enumerate(self.articles) if filters.accepts(a)]
            rows = rows[np.isin(self.article[rows], np.asarray(accepted, dtype=np.int64))]
        return rows

    def overlapping(self, source: str, start: int, end: int) -> list[int]:
        """Rows of the quotes of article `source` whose span overlaps [start, end), the
        most overlapping first (which quote a cited passage is)."""
        if self._by_article is None:  # made on first use: only who-questions need it
            order = np.argsort(self.article, kind="stable")
            bounds = np.searchsorted(np.asarray(self.article)[order], np.arange(len(self.article_ids) + 1))
            self._by_article = (order, bounds, {a: i for i, a in enumerate(self.article_ids)})
        order, bounds, index = self._by_article
        at = index.get(article_id(source))
        if at is None:
            return []
        rows = order[bounds[at]:bounds[at + 1]]
        overlap = np.minimum(self.ends[rows], end) - np.maximum(self.starts[rows], start)
        keep = overlap > 0
        return [int(r) for r in rows[keep][np.argsort(-overlap[keep], kind="stable")]]

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
