"""Sentence-aware chunks that keep their exact character offsets into the article text."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from llama_index.core.node_parser import SentenceSplitter
from tokenizers import Tokenizer

from assistant.text.sentences import split_sentences


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


def _edge(text: str, at: int) -> bool:
    """True where a word cannot continue across `at` (tokenising either side alone gives
    the same wordpieces as tokenising them together)."""
    return at <= 0 or at >= len(text) or not (text[at - 1].isalnum() and text[at].isalnum())


class _Wordpieces:
    """An article tokenised once, answering how many wordpieces a piece of it holds. The
    splitter counts every sentence, and tokenising each alone cost five times the whole
    text's tokenisation. A piece not found, or cut inside a word, is tokenised alone."""

    def __init__(self, backend, text: str):
        encoding = backend.encode(text, add_special_tokens=False)
        self.text = text
        self.starts = [s for s, _ in encoding.offsets]
        self.ends = [e for _, e in encoding.offsets]
        self.cursor = 0

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Indexes [i, j) of the wordpieces that make up text[start:end]; None if a
        wordpiece crosses either edge or the edges are inside a word."""
        if not (_edge(self.text, start) and _edge(self.text, end)):
            return None
        i, j = bisect_left(self.starts, start), bisect_left(self.starts, end)
        if (i > 0 and self.ends[i - 1] > start) or (j > i and self.ends[j - 1] > end):
            return None
        return i, j

    def count(self, piece: str) -> int | None:
        # Pieces are asked for in text order, so the search starts at the last one found.
        at = self.text.find(piece, self.cursor)
        if at < 0:
            at = self.text.find(piece)
        found = self.span(at, at + len(piece)) if at >= 0 else None
        if found is None:
            return None
        self.cursor = at
        return found[1] - found[0]


class Chunker:
    """`tokenizer` is the model's (Hugging Face, fast): chunk sizes are in its wordpieces."""

    def __init__(self, tokenizer, chunk_tokens: int, overlap: int):
        self.tokenizer = tokenizer
        self.chunk_tokens = chunk_tokens
        self.overlap = overlap
        self._article: _Wordpieces | None = None
        # A copy of the tokenizer's Rust core: the model's calls set truncation on the
        # original, and an article must be counted whole.
        self._backend = Tokenizer.from_str(tokenizer.backend_tokenizer.to_str())
        self._backend.no_truncation()
        self._backend.no_padding()
        self.splitter = SentenceSplitter(
            chunk_size=chunk_tokens,
            chunk_overlap=overlap,
            tokenizer=self._wordpieces,
            include_metadata=False,
            include_prev_next_rel=False,
            # Our sentence spans keep quotations and "U.S." whole, so chunks never cut them.
            chunking_tokenizer_fn=split_sentences,
        )

    def _wordpieces(self, piece: str):
        """The splitter's token counter: only the length of what it returns is used."""
        count = self._article.count(piece) if self._article else None
        return range(count) if count is not None else self.tokenizer.tokenize(piece)

    def _overlap_start(self, text: str, start: int, end: int) -> int:
        """Earliest place the next chunk can start: it repeats at most `overlap` wordpieces
        of this one. Searching from there keeps repetitive text from being misplaced."""
        found = self._article.span(start, end) if self._article else None
        if found is not None:
            starts = self._article.starts[found[0] : found[1]]
        else:
            offsets = self.tokenizer(
                text[start:end], add_special_tokens=False, return_offsets_mapping=True
            )["offset_mapping"]
            starts = [start + s for s, _ in offsets]
        if len(starts) <= self.overlap:
            return start + 1
        return starts[len(starts) - self.overlap - 1]

    def chunks(self, text: str) -> list[Chunk]:
        self._article = _Wordpieces(self._backend, text)
        try:
            return self._chunks(text)
        finally:
            self._article = None

    def _chunks(self, text: str) -> list[Chunk]:
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
