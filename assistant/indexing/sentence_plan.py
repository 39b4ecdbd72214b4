"""What the model embeds at index time: each chunk's sentences, once each.

A chunk's vector is the mean of its sentences' vectors, and a quote's the mean of the
sentences its words lie in, so one model pass over an article's sentences serves chunks,
quotes and the answer-time re-rank (the passage's best sentence against the question).
On questions built from PolNeAR train: dense-only MRR@10 0.538 with chunks embedded whole,
0.530 with the mean of their sentences; quotes ranked by topic 0.778 embedded by their own
words, 0.805 by their sentences. Sentence vectors pooled from the chunk's own token outputs
(no second pass) lost the re-rank's gain (MRR 0.866 -> 0.852 instead of 0.888).

The sentence vectors are stored with the chunk (store.records.ChunkRecord), so a search
re-ranks its candidates without calling the model.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.text.sentences import sentence_spans

if TYPE_CHECKING:
    from assistant.indexing.chunking import Chunk
    from assistant.quotes.model import Quote


@dataclass
class SentencePlan:
    """An article's sentences to embed (absolute spans, each once) and which of them make up
    each chunk and each quote."""

    spans: list[tuple[int, int]]
    chunks: list[list[int]]  # per chunk, indexes into spans
    quotes: list[list[int]]  # per quote, indexes into spans

    def texts(self, text: str) -> list[str]:
        return [text[s:e] for s, e in self.spans]

    def chunk_spans(self, chunk: int) -> list[tuple[int, int]]:
        """Absolute spans of one chunk's sentences."""
        return [self.spans[i] for i in self.chunks[chunk]]


def plan(text: str, chunks: list[Chunk], quotes: list[Quote]) -> SentencePlan:
    """Sentences are found within each chunk (as the answer cites them); a sentence two
    overlapping chunks share is embedded once."""
    spans: list[tuple[int, int]] = []
    where: dict[tuple[int, int], int] = {}
    per_chunk = []
    for chunk in chunks:
        found = [s for s in sentence_spans(chunk.text, chunk.start) if text[s[0]:s[1]].strip()]
        own = []
        for span in found or [(chunk.start, chunk.end)]:
            if span not in where:
                where[span] = len(spans)
                spans.append(span)
            own.append(where[span])
        per_chunk.append(own)
    per_quote = []
    for quote, own in zip(quotes, quote_sentences(spans, quotes)):
        if not own:  # words outside every chunk (cannot happen for chunked text): their own
            where[(quote.start, quote.end)] = len(spans)
            spans.append((quote.start, quote.end))
            own = [len(spans) - 1]
        per_quote.append(own)
    return SentencePlan(spans, per_chunk, per_quote)


def quote_sentences(spans: list[tuple[int, int]], quotes: list[Quote]) -> list[list[int]]:
    """Per quote, the indexes of the sentences (`spans`) its words lie in."""
    return [[i for i, (s, e) in enumerate(spans)
             if any(c.start < e and s < c.end for c in quote.contents)]
            for quote in quotes]


def mean_unit(vectors: np.ndarray) -> np.ndarray:
    """The normalised mean of rows: a chunk's or a quote's vector from its sentences'."""
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    return (mean / norm).astype(np.float32)
