"""Keyword search: BM25 over every chunk, and the vocabulary of names the articles use, to
expand a question's names to their spellings ("Peskov" also matches "Peskow").

Built once into files (`build`) and opened from them (`KeywordIndex`): the BM25 matrix is
memory-mapped (bm25s), the chunk records are read by id from SQLite (chunk_files.py), so
opening costs the same for a thousand chunks as for a million, and processes serving the
same index share the pages.
"""
from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from assistant.search.chunk_files import ChunkFiles, write_chunks
from assistant.store.packing import unpack
from assistant.store.records import ChunkRecord
from assistant.text.folding import fold_word
from assistant.text.stopwords import STOP_WORDS

WORD = re.compile(r"[\w’'\-]+")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÞА-Я][\w’'\-]+")
_POSSESSIVE = re.compile(r"[’']s?$")
# Close enough to be the same name spelled another way, not another word.
_NAME_SIMILARITY = 80
# What BM25 counts as a word, and how it is reduced (as llama-index's BM25 retriever does).
_TOKENS = r"(?u)\b\w\w+\b"
_BM25_DIR = "bm25"
_NAMES = "names.json"
# Chunks whose folded words are kept for the speaker boost.
_WORDS_CACHED = 4096


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def build(chunks: list[ChunkRecord], folder: Path) -> None:
    """Write the keyword index of `chunks` into `folder`: BM25, names, chunk records."""
    import bm25s

    names: dict[str, str] = {}
    for chunk in chunks:
        for word in _CAPITALISED.findall(chunk.text):
            word = _POSSESSIVE.sub("", word)
            names.setdefault(fold_word(word), word)
    (folder / _NAMES).write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
    write_chunks(folder, chunks)
    tokens = bm25s.tokenize([c.text for c in chunks], stopwords="en", stemmer=_stemmer(),
                            token_pattern=_TOKENS, show_progress=False)
    if any(len(ids) for ids in tokens.ids):
        # bm25s cannot index a corpus without a single indexable word (only punctuation or
        # stop words); dense search still answers then.
        bm25 = bm25s.BM25()
        bm25.index(tokens, show_progress=False)
        bm25.save(str(folder / _BM25_DIR))


class KeywordIndex:
    """BM25 over the chunks (records by id in `chunks`), plus the names they use."""

    def __init__(self, folder: Path):
        self.chunks = ChunkFiles(folder)
        self.names: dict[str, str] = json.loads((folder / _NAMES).read_text(encoding="utf-8"))
        # Name keys by first letter: a spelling counts only when its first letter is the
        # name's, so each name is compared with its own letter's keys only.
        self._name_keys: dict[str, list[str]] = {}
        for key in self.names:
            self._name_keys.setdefault(key[:1], []).append(key)
        self._words: OrderedDict[str, frozenset[str]] = OrderedDict()
        self._lock = threading.Lock()
        self._bm25 = None
        self._stem = None
        if (folder / _BM25_DIR).is_dir():
            import bm25s

            self._bm25 = bm25s.BM25.load(str(folder / _BM25_DIR), mmap=True, load_corpus=False)
            self._stem = _stemmer()

    def close(self) -> None:
        self.chunks.close()

    def expand(self, text: str, any_case: bool = False) -> list[str]:
        """Spellings in the articles of the names in `text`, best match first.

        Only capitalised words count as names unless `any_case` (the text is known to be a name).
        """
        found: list[str] = []
        for word in (WORD if any_case else _CAPITALISED).findall(text):
            key = fold_word(word)
            if len(key) < 4 or key in STOP_WORDS:
                continue
            for match, score, _ in process.extract(
                key, self._name_keys.get(key[0], []), scorer=fuzz.ratio, limit=5,
                score_cutoff=_NAME_SIMILARITY,
            ):
                found.append(self.names[match])
        return found

    def sentence_vectors(self, cids: list[str], dimensions: int) -> dict[str, np.ndarray]:
        """Vectors of each chunk's sentences, as stored with the chunk at index time; a
        chunk whose vectors cannot be read is left out."""
        found = {}
        for cid, chunk in self.chunks.many(cids).items():
            vectors = unpack(chunk.sentence_vectors, dimensions) if chunk.sentence_vectors else None
            if vectors is not None:
                found[cid] = vectors
        return found

    def words(self, cid: str) -> frozenset[str]:
        """Folded words of a chunk (the most recently asked ones are kept)."""
        with self._lock:
            words = self._words.get(cid)
            if words is not None:
                self._words.move_to_end(cid)
        if words is None:
            words = frozenset(fold_word(w) for w in WORD.findall(self.chunks[cid].text))
            with self._lock:
                self._words[cid] = words
                while len(self._words) > _WORDS_CACHED:
                    self._words.popitem(last=False)
        return words

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score), best first."""
        if self._bm25 is None or not WORD.search(query) or k <= 0:
            return []
        import bm25s

        tokens = bm25s.tokenize([query], stopwords="en", stemmer=self._stem,
                                token_pattern=_TOKENS, return_ids=False, show_progress=False)
        known = [[t for t in tokens[0] if t in self._bm25.vocab_dict]]
        if not known[0]:
            return []
        scores = self._bm25.get_scores(known[0])
        # Only the chunks holding a query word score above 0. bm25s's own top-k partitions
        # every score, and a partition over that many equal zeros took 13 ms at 100k chunks
        # (0.7 ms over distinct values): take the best of the nonzero ones.
        rows = np.flatnonzero(scores)
        if len(rows) > k:
            rows = rows[np.argpartition(scores[rows], len(rows) - k)[len(rows) - k:]]
        rows = rows[np.lexsort((rows, -scores[rows]))]  # best first, ties by row
        pairs = [(int(r), float(scores[r])) for r in rows]
        ids = self.chunks.by_rows([r for r, _ in pairs])
        return [(ids[r], s) for r, s in pairs if r in ids]
