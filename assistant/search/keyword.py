"""Keyword search: BM25 (llama-index) over every chunk, and the vocabulary of names the
articles use, to expand a question's names to their spellings ("Peskov" also matches
"Peskow")."""
from __future__ import annotations

import re

import numpy as np
from rapidfuzz import fuzz, process

from assistant.store.packing import unpack
from assistant.store.records import ChunkRecord
from assistant.text.folding import fold_word
from assistant.text.stopwords import STOP_WORDS

WORD = re.compile(r"[\w’'\-]+")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÞА-Я][\w’'\-]+")
_POSSESSIVE = re.compile(r"[’']s?$")
# Close enough to be the same name spelled another way, not another word.
_NAME_SIMILARITY = 80


class KeywordIndex:
    """BM25 over `chunks` (ChunkRecords by id in `chunks`), plus the names they use."""

    def __init__(self, chunks: list[ChunkRecord]):
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        self.chunks: dict[str, ChunkRecord] = {c.id: c for c in chunks}
        names: dict[str, str] = {}
        for chunk in chunks:
            for word in _CAPITALISED.findall(chunk.text):
                word = _POSSESSIVE.sub("", word)
                names.setdefault(fold_word(word), word)
        self.names = names
        self._words: dict[str, frozenset[str]] = {}
        self.retriever = None
        if chunks:
            nodes = [TextNode(id_=c.id, text=c.text) for c in chunks]
            try:
                self.retriever = BM25Retriever(nodes=nodes, similarity_top_k=min(20, len(nodes)))
            except ValueError:
                # bm25s fails on a corpus without a single indexable word (only punctuation
                # or stop words); dense search still answers.
                self.retriever = None

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
                key, list(self.names), scorer=fuzz.ratio, limit=5, score_cutoff=_NAME_SIMILARITY
            ):
                if match[0] == key[0]:
                    found.append(self.names[match])
        return found

    def sentence_vectors(self, cids: list[str], dimensions: int) -> dict[str, np.ndarray]:
        """Vectors of each chunk's sentences, as stored with the chunk at index time; a
        chunk whose vectors cannot be read is left out."""
        found = {}
        for cid in cids:
            raw = self.chunks[cid].sentence_vectors
            vectors = unpack(raw, dimensions) if raw else None
            if vectors is not None:
                found[cid] = vectors
        return found

    def words(self, cid: str) -> frozenset[str]:
        """Folded words of a chunk, computed once."""
        if cid not in self._words:
            self._words[cid] = frozenset(fold_word(w) for w in WORD.findall(self.chunks[cid].text))
        return self._words[cid]

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score), best first."""
        if self.retriever is None or not WORD.search(query):
            return []
        self.retriever.similarity_top_k = min(k, len(self.chunks))
        return [(n.node.node_id, n.score) for n in self.retriever.retrieve(query) if n.score > 0]
