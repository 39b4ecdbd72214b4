"""Sentence-aware chunks that keep their exact character offsets into the article text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from llama_index.core.node_parser import SentenceSplitter

from .sentences import split_sentences


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    text: str  # == article_text[start:end]


def _locate(text: str, piece: str, cursor: int, min_end: int) -> tuple[int, int] | None:
    """Where `piece` sits in `text`: the first place at or after `cursor` that ends past
    `min_end` (each chunk reaches further than the one before it, even in repetitive text).
    Tolerant of whitespace changes."""
    at = text.find(piece, cursor)
    while at >= 0:
        if at + len(piece) > min_end:
            return at, at + len(piece)
        at = text.find(piece, at + 1)
    words = piece.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    for match in pattern.finditer(text, cursor):
        if match.end() > min_end:
            return match.start(), match.end()
    return None


def _windows(text: str, size: int) -> list[Chunk]:
    """Last resort for text the splitter refuses: fixed character windows."""
    return [Chunk(i, min(i + size, len(text)), text[i : i + size]) for i in range(0, len(text), size)]


class Chunker:
    """`tokenizer` is the model's (Hugging Face, fast): chunk sizes are in its wordpieces."""

    def __init__(self, tokenizer, chunk_tokens: int, overlap: int):
        self.tokenizer = tokenizer
        self.chunk_tokens = chunk_tokens
        self.overlap = overlap
        self.splitter = SentenceSplitter(
            chunk_size=chunk_tokens,
            chunk_overlap=overlap,
            tokenizer=tokenizer.tokenize,
            include_metadata=False,
            include_prev_next_rel=False,
            # Our sentence spans keep quotations and "U.S." whole, so chunks never cut them.
            chunking_tokenizer_fn=split_sentences,
        )

    def _overlap_start(self, text: str, start: int, end: int) -> int:
        """Earliest place the next chunk can start: it repeats at most `overlap` wordpieces
        of this one. Searching from there keeps repetitive text from being misplaced."""
        offsets = self.tokenizer(
            text[start:end], add_special_tokens=False, return_offsets_mapping=True
        )["offset_mapping"]
        if len(offsets) <= self.overlap:
            return start + 1
        return start + offsets[len(offsets) - self.overlap - 1][0]

    def chunks(self, text: str) -> list[Chunk]:
        try:
            pieces = self.splitter.split_text(text)
        except ValueError:
            # "Single token exceeded chunk size": an unbreakable run of symbols.
            return [c for c in _windows(text, self.chunk_tokens * 2) if c.text.strip()]
        out: list[Chunk] = []
        cursor = last_end = 0
        tail = len(text.rstrip())
        for i, piece in enumerate(pieces):
            if i == len(pieces) - 1 and text.endswith(piece, 0, tail):
                span = (tail - len(piece), tail)  # the last chunk ends where the text does
            else:
                span = _locate(text, piece, cursor, last_end)
            if span is None:
                continue  # cannot happen for splits of `text`; never cite unplaceable text
            start, end = span
            out.append(Chunk(start, end, text[start:end]))
            cursor, last_end = self._overlap_start(text, start, end), end
        return out
