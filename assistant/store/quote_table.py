"""Every stored quote's speaker, article, place and vector, held in memory to choose quotes.

Chroma answers a query filtered by speaker by scanning metadata: 34 ms for one person's
quotes among 30k, and it grows with the collection. Choosing here (numpy over that person's
rows) and fetching only the chosen records by id keeps a speaker question's cost at the
size of the answer. Vectors are kept in 8 bits a dimension (about 0.4 kB a quote). The
table is built from the entries chunk records carry (`records.QuoteEntry`), in the same
read as the keyword index, and rebuilt with it when the index changes.
"""
from __future__ import annotations

import numpy as np

from assistant.store.filters import Filters
from assistant.store.packing import unpack_codes
from assistant.store.records import ArticleRef, ChunkRecord


class QuoteTable:
    """Rows of quotes: `ids`, `speakers`, `roles`, `parties` ("|"-joined keys), each row's
    article (an index into `articles`), its span, its place in article order, and its
    vector as int8 codes and a scale."""

    def __init__(self, ids, speakers, roles, parties, article_of, starts, ends,
                 articles: list[ArticleRef], codes, scales):
        self.ids, self.speakers, self.roles, self.parties = ids, speakers, roles, parties
        self.articles = articles
        self.article = np.asarray(article_of, dtype=np.int64)
        self.starts = np.asarray(starts, dtype=np.int64)
        self.ends = np.asarray(ends, dtype=np.int64)
        self._by_source: dict[str, np.ndarray] | None = None
        self.codes, self.scales = codes, scales
        by_speaker: dict[str, list[int]] = {}
        for row, name in enumerate(speakers):
            by_speaker.setdefault(name, []).append(row)
        self.by_speaker = {k: np.asarray(v, dtype=np.int64) for k, v in by_speaker.items()}
        # Article order (title, source, then place in the text) as one rank per row.
        order = sorted(range(len(ids)), key=lambda r: (
            articles[article_of[r]].title, articles[article_of[r]].source, starts[r]))
        self.place = np.empty(len(ids), dtype=np.int64)
        self.place[np.asarray(order, dtype=np.int64)] = np.arange(len(ids))
        self.day = np.asarray([a.day for a in articles], dtype=np.int64)

    @classmethod
    def from_chunks(cls, chunks: list[ChunkRecord], dimensions: int) -> "QuoteTable":
        """From the entries `chunks` carry; each chunk's entries are taken out of it (they
        need not stay in memory twice)."""
        ids, speakers, roles, parties, article_of, starts, ends, codes, scales = ([] for _ in range(9))
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
                ids.append(entry.quote_id(chunk.article.id))
                speakers.append(entry.speaker)
                roles.append(entry.role)
                parties.append(entry.parties)
                article_of.append(articles[chunk.article.id])
                starts.append(entry.start)
                ends.append(entry.end)
                codes.append(got[0][0])
                scales.append(got[1][0])
        codes = np.stack(codes) if codes else np.zeros((0, dimensions), dtype=np.int8)
        return cls(ids, speakers, roles, parties, article_of, starts, ends, refs, codes,
                   np.asarray(scales, dtype=np.float32))

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
            accepted = [i for i, a in enumerate(self.articles) if filters.accepts(a)]
            rows = rows[np.isin(self.article[rows], np.asarray(accepted, dtype=np.int64))]
        return rows

    def overlapping(self, source: str, start: int, end: int) -> list[int]:
        """Rows of the quotes of article `source` whose span overlaps [start, end), the
        most overlapping first (which quote a cited passage is)."""
        if self._by_source is None:  # made on first use: only who-questions need it
            by_source: dict[str, list[int]] = {}
            for row, article in enumerate(self.article):
                by_source.setdefault(self.articles[article].source, []).append(row)
            self._by_source = {k: np.asarray(v, dtype=np.int64) for k, v in by_source.items()}
        rows = self._by_source.get(source)
        if rows is None:
            return []
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
