"""Quotes read again, without embedding again, when the rules that read them changed.

An article's text, chunks and vectors depend on the model and the chunking (the index
fingerprint); its quotes also on the extraction rules (quotes.rules_version), which change
more often. Each article record keeps the version that read its quotes; an index run gives
the articles it did not rebuild and whose version differs to `Requoter`, which reads their
quotes from their stored text and takes each quote's vector from the stored vectors of the
sentences its words lie in, as a build does (sentence_plan.py), so no model is loaded.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from assistant.config import Settings
from assistant.indexing.article_build import article_quotes
from assistant.indexing.article_records import quote_entries
from assistant.indexing.sentence_plan import mean_unit, quote_sentences
from assistant.indexing.workers import IndexWorkers, groups
from assistant.quotes.model import Quote
from assistant.store.chroma import Store
from assistant.store.packing import unpack_rows
from assistant.store.records import ArticleRecord, ChunkRecord, QuoteRecord

# Articles read from Chroma and written back at a time in this process.
_BATCH = 32


@dataclass
class RequoteResult:
    requoted: list[str]  # sources whose quotes were read again
    unreadable: list[ArticleRecord]  # no stored sentence vectors: to rebuild in full


class Requoter:
    def __init__(self, store: Store, settings: Settings, rules: str,
                 workers: IndexWorkers | None = None):
        self.store = store
        self.settings = settings
        self.rules = rules
        self.workers = workers

    def stale(self) -> list[ArticleRecord]:
        """Articles holding their own chunks whose quotes older rules read."""
        return [r for r in self.store.originals() if r.rules != self.rules]

    def run(self, records: list[ArticleRecord],
            progress: Callable[[int], None] | None = None) -> RequoteResult:
        """Read the quotes of `records` again and write them; `progress(articles done)`."""
        result = RequoteResult([], [])
        use_workers = bool(self.workers and len(records) >= self.workers.start_at
                           and self.workers.start())
        batches = self._batches(records, use_workers)
        done = 0
        for batch, quotes in (self._in_workers(batches) if use_workers else self._here(batches)):
            self._write(batch, quotes, result)
            done += len(batch)
            if progress:
                progress(done)
        return result

    def _batches(self, records: list[ArticleRecord], use_workers: bool):
        """Batches of articles with their text read: with workers, a share for each."""
        step = _BATCH * (max(1, self.settings.index_workers) if use_workers else 1)
        for at in range(0, len(records), step):
            yield self.store.articles([r.id for r in records[at : at + step]], with_text=True)

    def _here(self, batches):
        for batch in batches:
            yield batch, [article_quotes(r.text or "", self.settings) for r in batch]

    def _in_workers(self, batches):
        """Each batch split among the workers; the next batch goes out while this one's
        results are written (at most two in flight)."""
        flight: deque = deque()
        for batch in batches:
            shares = groups(batch, [len(r.text or "") for r in batch], self.settings.index_workers)
            flight.append((batch, [self.workers.submit_quotes([r.text or "" for r in g]) for g in shares]))
            if len(flight) > 1:
                yield self._collect(*flight.popleft())
        while flight:
            yield self._collect(*flight.popleft())

    @staticmethod
    def _collect(batch, futures):
        return batch, [q for f in futures for q in f.result()]

    def _write(self, batch: list[ArticleRecord], quotes: list[list[Quote]],
               result: RequoteResult) -> None:
        chunks_of = self.store.article_chunks([r.id for r in batch])
        articles, chunks, records = [], [], []
        for record, found in zip(batch, quotes):
            own = chunks_of.get(record.id, [])
            vectors = _quote_vectors(own, found)
            if vectors is None:
                result.unreadable.append(record)
                continue
            for chunk, entries in zip(own, quote_entries(own, found, vectors)):
                chunk.quotes = entries
            chunks.extend(own)
            records.extend(QuoteRecord(record.ref, n, q, v) for n, (q, v) in enumerate(zip(found, vectors)))
            articles.append(replace(record, text=None, quote_count=len(found), rules=self.rules))
            result.requoted.append(record.ref.source)
        self.store.replace_quotes(articles, chunks, records)


def _quote_vectors(chunks: list[ChunkRecord], quotes: list[Quote]) -> list[np.ndarray] | None:
    """Each quote's vector: the normalised mean of the stored vectors of the sentences its
    words lie in (the sentences in the order a build embedded them, each once). None when
    the chunks hold no readable sentence vectors."""
    spans: list[tuple[int, int]] = []
    rows: list[np.ndarray] = []
    seen: set[tuple[int, int]] = set()
    for chunk in chunks:
        own = chunk.sentence_spans or []
        vectors = unpack_rows(chunk.sentence_vectors, len(own)) if own else None
        if vectors is None:
            return None
        for span, vector in zip(own, vectors):
            if span not in seen:
                seen.add(span)
                spans.append(span)
                rows.append(vector)
    if not chunks:
        return None if quotes else []
    out = []
    for quote, members in zip(quotes, quote_sentences(spans, quotes)):
        if not members:  # words outside every sentence: the sentences around their start
            members = [i for i, (s, _) in enumerate(spans) if s <= quote.start][-1:] or [0]
        out.append(mean_unit(np.stack([rows[i] for i in members])))
    return out
