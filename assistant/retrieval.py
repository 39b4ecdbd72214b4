"""Hybrid search over chunks: dense (Chroma) and BM25 (llama-index), fused by reciprocal rank.

Names in the question are expanded to the spellings the articles use ("Peskov" also matches
"Peskow"), so that a user can type the common spelling of a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from unidecode import unidecode

from .embedding import Embedder
from .filters import NO_FILTERS, Filters
from .stopwords import STOP_WORDS
from .store import Store

_RRF_K = 60
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÞА-Я][\w’'\-]+")
_POSSESSIVE = re.compile(r"[’']s?$")
WORD = re.compile(r"[\w’'\-]+")
# Close enough to be the same name spelled another way, not another word.
_NAME_SIMILARITY = 80


@dataclass
class Hit:
    id: str
    article: str
    source: str
    title: str
    start: int
    end: int
    text: str
    score: float
    dense: float | None = None  # cosine similarity, when the dense search found it


def fold_word(word: str) -> str:
    """A word as compared: ASCII, lower case, no edge apostrophes or hyphens."""
    return unidecode(word).lower().strip("’'-")


class KeywordIndex:
    """BM25 over every chunk, plus the vocabulary of names used to expand questions."""

    def __init__(self, ids: list[str], texts: list[str], metadatas: list[dict]):
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        self.meta = {i: (t, m) for i, t, m in zip(ids, texts, metadatas)}
        names: dict[str, str] = {}
        for text in texts:
            for word in _CAPITALISED.findall(text):
                word = _POSSESSIVE.sub("", word)
                names.setdefault(fold_word(word), word)
        self.names = names
        self.retriever = None
        if ids:
            nodes = [TextNode(id_=i, text=t) for i, t in zip(ids, texts)]
            self.retriever = BM25Retriever(nodes=nodes, similarity_top_k=min(20, len(nodes)))

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

    def search(self, query: str, k: int) -> list[str]:
        if self.retriever is None or not WORD.search(query):
            return []
        self.retriever.similarity_top_k = min(k, len(self.meta))
        return [n.node.node_id for n in self.retriever.retrieve(query) if n.score > 0]


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, candidates: int = 20):
        self.store = store
        self.embedder = embedder
        self.candidates = candidates
        self._keyword: KeywordIndex | None = None
        self._generation = None

    def keyword(self) -> KeywordIndex:
        # Rebuilt when the index has changed since it was built (another process may write).
        generation = self.store.settings().get("generation")
        if self._keyword is None or generation != self._generation:
            got = self.store.chunks.get(include=["documents", "metadatas"])
            self._keyword = KeywordIndex(got["ids"], got["documents"], got["metadatas"])
            self._generation = generation
        return self._keyword

    def search(
        self, question: str, k: int | None = None, filters: Filters = NO_FILTERS
    ) -> tuple[list[Hit], list[str]]:
        """Fused hits, best first, and the name spellings the question was expanded with."""
        k = k or self.candidates
        keyword = self.keyword()
        total = len(keyword.meta)
        if total == 0:
            return [], []
        names = keyword.expand(question)
        vector = self.embedder.encode([question])[0]
        dense = self.store.chunks.query(
            query_embeddings=[vector],
            n_results=min(k, total),
            where=filters.where(),
            include=["documents", "metadatas", "distances"],
        )
        similarity = {i: 1.0 - d for i, d in zip(dense["ids"][0], dense["distances"][0])}
        fused: dict[str, float] = {}
        for rank, cid in enumerate(dense["ids"][0]):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (_RRF_K + rank)
        # BM25 has no filter of its own: look deeper and keep what the filters accept.
        found = keyword.search(" ".join([question, *names]), k * 10 if filters.active else k)
        allowed = [c for c in found if c in keyword.meta and filters.accepts(keyword.meta[c][1])]
        for rank, cid in enumerate(allowed[:k]):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (_RRF_K + rank)
        hits = []
        for cid, score in sorted(fused.items(), key=lambda kv: -kv[1])[:k]:
            if cid not in keyword.meta:
                continue  # written by an update still running: visible once it completes
            text, meta = keyword.meta[cid]
            hits.append(
                Hit(cid, meta["article"], meta["source"], meta["title"], meta["start"],
                    meta["end"], text, score, similarity.get(cid))
            )
        return hits, names
