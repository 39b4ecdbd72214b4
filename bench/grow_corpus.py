"""Grow an index built from real BBC articles to N chunks by inserting copies of its
records, without the model: each copy is a new article (new source and ids) whose text has
its digits shifted (same length, so every offset still holds) and whose vectors carry a
little noise, so no two records are identical. Quotes and article records are copied too,
so the keyword index and the speaker registry grow with the chunks."""
from __future__ import annotations

import uuid
from dataclasses import replace

import numpy as np

from common import ROOT  # noqa: F401

from assistant.store.chroma import Store
from assistant.store.records import ChunkRecord, QuoteRecord, article_id

_BATCH = 2000  # quote records gathered before a write


def _shift_digits(text: str, k: int) -> str:
    table = str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10)))
    return text.translate(table)


class Grower:
    def __init__(self, index):
        self.store = Store(index)
        self.articles = [r for r in self.store.articles(with_text=True) if not r.copy_of]
        self.vectors = {name: self.store.vectors(name) for name in ("chunks", "quotes", "articles")}
        self.chunks: dict[str, list[ChunkRecord]] = {}
        for chunk in self.store.chunks():
            self.chunks.setdefault(chunk.article.id, []).append(chunk)
        self.quotes: dict[str, list[tuple[int, object]]] = {}
        for qid, quote in self.store.all_quotes().items():
            aid, n = qid.rsplit(":q", 1)
            self.quotes.setdefault(aid, []).append((int(n), quote))
        self.rng = np.random.default_rng(7)
        self.copy = 0

    def count(self) -> int:
        return self.store.counts()["chunks"]

    def grow_to(self, target: int) -> int:
        """Add copies, article by article, until the chunks collection holds `target`."""
        pending = ([], [], [])  # chunks, quotes, articles
        have = self.count()
        while have < target:
            self.copy += 1
            for record in self.articles:
                if have >= target:
                    break
                have += self._copy_article(record, pending)
                if len(pending[1]) >= _BATCH:
                    self._write(pending)
        self._write(pending)
        # Readers rebuild their keyword index and registry when this changes.
        self.store.save_settings({"generation": uuid.uuid4().hex})
        return self.count()

    def _copy_article(self, record, pending) -> int:
        k, old = self.copy, record.ref
        source = f"{old.source}#copy{k}"
        ref = replace(old, id=article_id(source), source=source, path=f"{old.path}#copy{k}")
        chunks, quotes, articles = pending
        for chunk in self.chunks.get(old.id, []):
            copied = replace(chunk, article=ref, text=_shift_digits(chunk.text, k),
                             vector=self._noisy(self.vectors["chunks"][chunk.id]))
            chunks.append(copied)
        for n, quote in self.quotes.get(old.id, []):
            copied = replace(quote, source=source, text=_shift_digits(quote.text, k))
            vector = self._noisy(self.vectors["quotes"][QuoteRecord.make_id(old.id, n)])
            quotes.append(QuoteRecord(ref, n, copied, vector))
        articles.append(replace(record, ref=ref, text=_shift_digits(record.text, k),
                                text_sha=f"{record.text_sha}-{k}",
                                vector=self._noisy(self.vectors["articles"][old.id])))
        return len(self.chunks.get(old.id, []))

    def _noisy(self, vector) -> np.ndarray:
        v = np.asarray(vector, dtype=np.float32) + self.rng.normal(0, 0.01, len(vector)).astype(np.float32)
        return v / np.linalg.norm(v)

    def _write(self, pending) -> None:
        """Through the store's own write: quotes and chunks first, article records last."""
        self.store.write(*(list(p) for p in pending))
        for p in pending:
            p.clear()


__all__ = ["Grower"]
