"""What indexing makes of an article's text before it is stored: chunks, quotes, and their
vectors from one model pass over the article's sentences (sentence_plan.py). The same code
runs in the indexing process and in index workers (workers.py)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.indexing.chunking import Chunk, Chunker
from assistant.config import Settings
from assistant.models.embedder import Embedder
from assistant.quotes.extract import Quote, extract_quotes
from assistant.indexing.sentence_plan import SentencePlan, mean_unit, plan
from assistant.store.packing import pack


@dataclass
class Parsed:
    """An article chunked and its quotes extracted, waiting for its sentences' vectors."""

    text: str
    chunks: list[Chunk]
    quotes: list[Quote]
    plan: SentencePlan

    @property
    def sentences(self) -> int:
        return len(self.plan.spans)


@dataclass
class Built:
    """An article ready to be written: chunk vectors (the mean of their sentences), quote
    vectors, and each chunk's sentence vectors packed for its metadata."""

    chunks: list[Chunk]
    quotes: list[Quote]
    plan: SentencePlan
    chunk_vectors: np.ndarray
    quote_vectors: list[np.ndarray]
    packed: list[str]


def article_quotes(text: str, settings: Settings) -> list[Quote]:
    """An article's quotes as `settings` ask (none when extraction is off)."""
    if not settings.extract_quotes:
        return []
    return extract_quotes(text, learned=settings.learned_attribution)


class ArticleBuilder:
    def __init__(self, embedder: Embedder, settings: Settings):
        self.embedder = embedder
        self.settings = settings
        self.chunker = Chunker(embedder.tokenizer, settings.chunk_tokens, settings.chunk_overlap)

    def parse(self, text: str) -> Parsed:
        chunks = self.chunker.chunks(text)
        quotes = article_quotes(text, self.settings)
        return Parsed(text, chunks, quotes, plan(text, chunks, quotes))

    def embed(self, parsed: list[Parsed]) -> list[Built]:
        """One model call for the sentences of all `parsed` (the model batches by length)."""
        texts = [t for p in parsed for t in p.plan.texts(p.text)]
        vectors = self.embedder.encode(texts, self.settings.embed_batch)
        out, at = [], 0
        for p in parsed:
            own = vectors[at : at + p.sentences]
            at += p.sentences
            chunks = [mean_unit(own[i]) for i in p.plan.chunks]
            out.append(Built(
                p.chunks, p.quotes, p.plan,
                np.asarray(chunks, dtype=np.float32).reshape(-1, self.embedder.dimensions),
                [mean_unit(own[i]) for i in p.plan.quotes],
                [pack(own[i]) for i in p.plan.chunks],
            ))
        return out

    def build(self, texts: list[str]) -> list[Built]:
        return self.embed([self.parse(t) for t in texts])
