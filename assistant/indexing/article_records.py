"""The records one built article is stored as (store.records): its chunks, its quotes, the
quote-table entries its chunks carry, and the article record itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from assistant.indexing.article_build import Built
from assistant.indexing.sentence_plan import mean_unit
from assistant.quotes.model import Quote
from assistant.sources.documents import Article
from assistant.store.packing import pack
from assistant.store.records import ArticleRecord, ArticleRef, ChunkRecord, QuoteEntry, QuoteRecord


@dataclass
class RecordBatch:
    """Records of several articles, written together (`Store.write`)."""

    chunks: list[ChunkRecord] = field(default_factory=list)
    quotes: list[QuoteRecord] = field(default_factory=list)
    articles: list[ArticleRecord] = field(default_factory=list)


def holders(chunks: list, quotes: list) -> list[int]:
    """For each quote, the chunk whose record carries its table entry: the one its start
    lies in, else the last chunk starting before it."""
    out = []
    for q in quotes:
        inside = [i for i, c in enumerate(chunks) if c.start <= q.start < c.end]
        before = [i for i, c in enumerate(chunks) if c.start <= q.start]
        out.append(inside[0] if inside else (before[-1] if before else 0))
    return out


def add_article(batch: RecordBatch, article: Article, text_sha: str, copy_of: str,
                built: Built | None, dimensions: Callable[[], int], rules: str = "") -> int:
    """Add one article's records to `batch`; returns how many chunks it has. A copy
    (`copy_of` set, nothing built: its original holds the chunks) gets only its article
    record, with a placeholder vector of `dimensions()` (asked only then: with index
    workers this process need not load the model). `rules`: the version of the rules that
    read its quotes (quotes.rules_version)."""
    record = ArticleRecord.of(article, text_sha, copy_of, rules)
    ref = record.ref
    if built is None:
        record.vector = mean_unit(np.ones((1, dimensions()), dtype=np.float32))
        batch.articles.append(record)
        return 0
    for n, (quote, vector) in enumerate(zip(built.quotes, built.quote_vectors)):
        batch.quotes.append(QuoteRecord(ref, n, quote, vector))
    batch.chunks.extend(_chunk_records(ref, built))
    vectors = built.chunk_vectors if len(built.chunk_vectors) else np.ones((1, dimensions()))
    record.vector = mean_unit(vectors)
    record.chunk_count, record.quote_count = len(built.chunks), len(built.quotes)
    batch.articles.append(record)
    return len(built.chunks)


def quote_entries(chunks: list, quotes: list[Quote], vectors: list[np.ndarray]) -> list[list[QuoteEntry]]:
    """Per chunk, the table entries of the quotes it holds (`holders`)."""
    entries: list[list[QuoteEntry]] = [[] for _ in chunks]
    for n, (q, holder) in enumerate(zip(quotes, holders(chunks, quotes))):
        entries[holder].append(QuoteEntry(n, q.speaker or "", q.role or "", q.start, q.end,
                                          pack(vectors[n][None, :]), "|".join(q.parties)))
    return entries


def _chunk_records(ref: ArticleRef, built: Built) -> list[ChunkRecord]:
    entries = quote_entries(built.chunks, built.quotes, built.quote_vectors)
    return [
        ChunkRecord(ref, n, c.start, c.end, c.text, built.plan.chunk_spans(n), built.packed[n],
                    entries[n], built.chunk_vectors[n])
        for n, c in enumerate(built.chunks)
    ]
