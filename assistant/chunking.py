"""Sentence-aware chunks that keep their exact character offsets into the article text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from llama_index.core.node_parser import SentenceSplitter

from .sentences import split_sentences


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    text: str  # == article_text[start:end]


def _locate(text: str, piece: str, cursor: int) -> tuple[int, int] | None:
    """Where `piece` sits in `text` at or after `cursor`; tolerant of whitespace changes."""
    at = text.find(piece, cursor)
    if at >= 0:
        return at, at + len(piece)
    words = piece.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    match = pattern.search(text, cursor)
    return (match.start(), match.end()) if match else None


def _windows(text: str, size: int) -> list[Chunk]:
    """Last resort for text the splitter refuses: fixed character windows."""
    return [Chunk(i, min(i + size, len(text)), text[i : i + size]) for i in range(0, len(text), size)]


class Chunker:
    def __init__(self, count_tokens: Callable[[str], list], chunk_tokens: int, overlap: int):
        self.chunk_tokens = chunk_tokens
        self.splitter = SentenceSplitter(
            chunk_size=chunk_tokens,
            chunk_overlap=overlap,
            tokenizer=count_tokens,
            include_metadata=False,
            include_prev_next_rel=False,
            # Our sentence spans keep quotations and "U.S." whole, so chunks never cut them.
            chunking_tokenizer_fn=split_sentences,
        )

    def chunks(self, text: str) -> list[Chunk]:
        try:
            pieces = self.splitter.split_text(text)
        except ValueError:
            # "Single token exceeded chunk size": an unbreakable run of symbols.
            return [c for c in _windows(text, self.chunk_tokens * 2) if c.text.strip()]
        out: list[Chunk] = []
        cursor = 0
        for piece in pieces:
            span = _locate(text, piece, cursor)
            if span is None:
                span = _locate(text, piece, 0)
            if span is None:
                continue  # cannot happen for splits of `text`; never cite unplaceable text
            start, end = span
            out.append(Chunk(start, end, text[start:end]))
            cursor = start + 1
        return out
