"""The store layer: records that read back as written, the schema check on open, and the
filter grammar's Chroma query and in-memory test agreeing."""
from __future__ import annotations

import numpy as np
import pytest

from assistant import Assistant
from assistant.errors import IndexOutdated
from assistant.quotes.model import Quote, Span
from assistant.sources.documents import Article
from assistant.store.chroma import Store
from assistant.store.filters import Filters
from assistant.store.records import (
    SCHEMA_VERSION, ArticleRecord, ArticleRef, ChunkRecord, QuoteEntry, QuoteRecord, article_id,
)
from conftest import SEEDS

TEXT = "Peskov said: “We will study it.” The talks go on. Rubio added that sanctions stay."


def _article(source="/news/a.txt", **meta) -> Article:
    return Article(source, "Talks", TEXT, "ab" * 32, source, {"date": "2025-03-12", **meta})


def _records(article: Article, vector) -> tuple[ChunkRecord, QuoteRecord, ArticleRecord]:
    ref = ArticleRef.of(article)
    quote = Quote("Peskov", Span(0, 6), Span(7, 11), [Span(13, 32)], "direct", None,
                  article.source, 0, 32, TEXT[:32])
    entry = QuoteEntry(0, "Peskov", "", 0, 32, "", "org:kremlin")
    chunk = ChunkRecord(ref, 0, 0, len(TEXT), TEXT, [(0, 32), (33, 50)], "", [entry], vector)
    record = ArticleRecord.of(article, "cd" * 32)
    record.chunk_count, record.quote_count, record.vector = 1, 1, vector
    return chunk, QuoteRecord(ref, 0, quote, vector), record


def test_records_read_back_as_written(tmp_path):
    article = _article(source_name="Example News", url="https://news.example/a", pages=[0, 40])
    vector = np.full(384, 1 / 384 ** 0.5, dtype=np.float32)
    chunk, quote, record = _records(article, vector)
    store = Store(tmp_path / "index", create=True)
    store.write([chunk], [quote], [record])

    [back] = store.chunks()
    assert (back.id, back.text, back.start, back.end) == (chunk.id, TEXT, 0, len(TEXT))
    assert back.sentence_spans == [(0, 32), (33, 50)] and back.quotes == chunk.quotes
    assert back.article == chunk.article and back.article.day == 20250312
    assert back.article.publisher == "Example News"
    assert store.all_quotes() == {quote.id: quote.quote}
    [stored] = store.articles(with_text=True)
    assert stored.to_article() == article
    assert (stored.chunk_count, stored.quote_count, stored.copy_of) == (1, 1, "")
    assert store.counts() == {"articles": 1, "chunks": 1, "quotes": 1}

    store.delete_articles([article_id(article.source)])
    assert store.counts() == {"articles": 0, "chunks": 0, "quotes": 0}


def test_orphans_of_a_cut_short_write_are_removed(tmp_path):
    vector = np.full(384, 1 / 384 ** 0.5, dtype=np.float32)
    chunk, quote, _ = _records(_article(), vector)
    store = Store(tmp_path / "index", create=True)
    store.write([chunk], [quote], [])  # the article record never came
    assert store.delete_orphans() == 2
    assert store.counts() == {"articles": 0, "chunks": 0, "quotes": 0}


def test_an_index_of_another_schema_is_refused_then_rebuilt(tmp_path):
    index = tmp_path / "index"
    Assistant(index).index([SEEDS])
    Store(index).save_settings({"schema": SCHEMA_VERSION - 1})
    with pytest.raises(IndexOutdated) as refused:
        Assistant(index).ask("What did Peskov say?")
    message = str(refused.value)
    assert "\n" not in message and f"schema {SCHEMA_VERSION - 1}" in message
    assert f"assistant index PATH --index {index}" in message
    report = Assistant(index).index([SEEDS])
    assert len(report.updated) == 1 and not report.unchanged  # rebuilt, not read
    assert Store(index).settings()["schema"] == SCHEMA_VERSION
    assert Assistant(index).ask("What did Peskov say?").citations


@pytest.mark.parametrize("filters", [
    Filters.build(source="example news"), Filters.build(source="Other"),
    Filters.build(since="2025-03-12"), Filters.build(until="2025-03-11"),
    Filters.build(article="/news/a.txt"), Filters.build(article="/news/b.txt"),
    Filters.build(source="Example News", since="2025-01-01", until="2025-12-31"),
])
def test_the_chroma_query_and_the_in_memory_test_agree(tmp_path, filters):
    vector = np.full(384, 1 / 384 ** 0.5, dtype=np.float32)
    chunk, quote, record = _records(_article(source_name="Example News"), vector)
    store = Store(tmp_path / "index", create=True)
    store.write([chunk], [quote], [record])
    found = [cid for cid, _ in store.nearest_chunks(vector, 1, filters)]
    assert found == ([chunk.id] if filters.accepts(chunk.article) else [])
