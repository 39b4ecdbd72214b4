"""Every stored quote's speaker, article, place and vector, held in memory to choose quotes.

Chroma answers a query filtered by speaker by scanning metadata: 34 ms for one person's
quotes among 30k, and it grows with the collection. Choosing here (numpy over that person's
rows) and fetching only the chosen records by id keeps a speaker question's cost at the
size of the answer. Vectors are kept in 8 bits a dimension (about 0.4 kB a quote); the
table is rebuilt with the speaker registry when the index changes.
"""
from __future__ import annotations

import numpy as np

from .filters import Filters

_PAGE = 10_000  # records read per call, so no full-size float copy is ever held


class QuoteTable:
    def __init__(self, collection):
        ids: list[str] = []
        speakers: list[str] = []
        roles: list[str] = []
        articles: dict[str, int] = {}
        self.article_fields: list[dict] = []  # what filters look at, per article
        article_of, starts, titles, codes, scales = [], [], [], [], []
        offset = 0
        while True:
            page = collection.get(limit=_PAGE, offset=offset, include=["metadatas", "embeddings"])
            for qid, meta in zip(page["ids"], page["metadatas"]):
                ids.append(qid)
                speakers.append(meta["speaker"])
                roles.append(meta["role"])
                aid = meta["article"]
                if aid not in articles:
                    articles[aid] = len(self.article_fields)
                    self.article_fields.append({
                        "source": meta["source"], "source_key": meta.get("source_key", ""),
                        "day": meta.get("day", 0), "title": meta["title"],
                    })
                article_of.append(articles[aid])
                starts.append(meta["start"])
            if len(page["ids"]):
                vectors = np.asarray(page["embeddings"], dtype=np.float32)
                scale = np.abs(vectors).max(axis=1, keepdims=True) / 127.0
                scale[scale == 0] = 1.0
                codes.append(np.round(vectors / scale).astype(np.int8))
                scales.append(scale[:, 0].astype(np.float32))
            offset += len(page["ids"])
            if len(page["ids"]) < _PAGE:
                break
        self.ids, self.speakers, self.roles = ids, speakers, roles
        self.article = np.asarray(article_of, dtype=np.int64)
        dims = codes[0].shape[1] if codes else 0
        self.codes = np.concatenate(codes) if codes else np.zeros((0, dims), dtype=np.int8)
        self.scales = np.concatenate(scales) if scales else np.zeros(0, dtype=np.float32)
        self.by_speaker: dict[str, np.ndarray] = {}
        for row, name in enumerate(speakers):
            self.by_speaker.setdefault(name, []).append(row)
        self.by_speaker = {k: np.asarray(v, dtype=np.int64) for k, v in self.by_speaker.items()}
        # Article order (title, source, then place in the text) as one rank per row.
        order = sorted(range(len(ids)), key=lambda r: (
            self.article_fields[article_of[r]]["title"], self.article_fields[article_of[r]]["source"], starts[r]))
        self.place = np.empty(len(ids), dtype=np.int64)
        self.place[np.asarray(order, dtype=np.int64)] = np.arange(len(ids))
        self.day = np.asarray([f["day"] for f in self.article_fields], dtype=np.int64)

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
