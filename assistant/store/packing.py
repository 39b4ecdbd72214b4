"""What the model embeds at index time: each chunk's sentences, once each.

A chunk's vector is the mean of its sentences' vectors, and a quote's the mean of the
sentences its words lie in, so one model pass over an article's sentences serves chunks,
quotes and the answer-time re-rank (the passage's best sentence against the question).
On questions built from PolNeAR train: dense-only MRR@10 0.538 with chunks embedded whole,
0.530 with the mean of their sentences; quotes ranked by topic 0.778 embedded by their own
words, 0.805 by their sentences. Sentence vectors pooled from the chunk's own token outputs
(no second pass) lost the re-rank's gain (MRR 0.866 -> 0.852 instead of 0.888).

The sentence vectors ride in the chunk's metadata, 8 bits a dimension with one scale per
sentence (about 0.4 kB a sentence; cosines change by under 0.01), so a search re-ranks its
candidates without calling the model and without a second collection.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.text.sentences import sentence_spans

if TYPE_CHECKING:
    from assistant.indexing.chunking import Chunk
    from assistant.quotes.extract import Quote

META_KEY = "sentence_vectors"
SPANS_KEY = "sentence_spans"  # "start-end,start-end" relative to the chunk's start


@dataclass
class SentencePlan:
    """An article's sentences to embed (absolute spans, each once) and which of them make up
    each chunk and each quote."""

    spans: list[tuple[int, int]]
    chunks: list[list[int]]  # per chunk, indexes into spans
    quotes: list[list[int]]  # per quote, indexes into spans

    def texts(self, text: str) -> list[str]:
        return [text[s:e] for s, e in self.spans]


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
    for quote in quotes:
        own = [i for i, (s, e) in enumerate(spans)
               if any(c.start < e and s < c.end for c in quote.contents)]
        if not own:  # words outside every chunk (cannot happen for chunked text): their own
            where[(quote.start, quote.end)] = len(spans)
            spans.append((quote.start, quote.end))
            own = [len(spans) - 1]
        per_quote.append(own)
    return SentencePlan(spans, per_chunk, per_quote)


def spans_text(plan: SentencePlan, chunk: int, chunk_start: int) -> str:
    return ",".join(f"{s - chunk_start}-{e - chunk_start}" for s, e in (plan.spans[i] for i in plan.chunks[chunk]))


def spans_from_text(raw: str | None, chunk_start: int) -> list[tuple[int, int]] | None:
    """Absolute sentence spans stored with a chunk; None when there are none to read."""
    if not raw:
        return None
    try:
        return [(chunk_start + int(s), chunk_start + int(e))
                for s, e in (pair.split("-") for pair in raw.split(","))]
    except ValueError:
        return None


def mean_unit(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    return (mean / norm).astype(np.float32)


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows in int8 and a float32 scale per row (its largest magnitude over 127)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    scales = np.abs(vectors).max(axis=1, keepdims=True) / 127.0
    scales[scales == 0] = 1.0
    return np.round(vectors / scales).astype(np.int8), scales[:, 0].astype(np.float32)


def pack(vectors: np.ndarray) -> str:
    """Rows of unit vectors as text: a float32 scale per row, then the rows in int8."""
    codes, scales = quantize(vectors)
    return base64.b64encode(scales.tobytes() + codes.tobytes()).decode("ascii")


def unpack_codes(raw: str, dimensions: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The int8 rows and their scales `pack` wrote, or None when `raw` does not hold rows
    of that width."""
    try:
        data = base64.b64decode(raw, validate=True)
    except (ValueError, TypeError):
        return None
    rows, rest = divmod(len(data), 4 + dimensions)
    if rest or not rows:
        return None
    scales = np.frombuffer(data[: 4 * rows], dtype=np.float32)
    codes = np.frombuffer(data[4 * rows :], dtype=np.int8).reshape(rows, dimensions)
    return codes, scales


def unpack(raw: str, dimensions: int) -> np.ndarray | None:
    """The rows `pack` wrote, as float32, or None when they cannot be read."""
    got = unpack_codes(raw, dimensions)
    return None if got is None else got[0].astype(np.float32) * got[1][:, None]
