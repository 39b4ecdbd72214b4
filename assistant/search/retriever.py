"""Hybrid search over chunks: dense (Chroma) and BM25 (llama-index), fused on their scaled
scores, then the leaders re-ranked by their best sentence's similarity to the question.

Names in the question are expanded to the spellings the articles use ("Peskov" also matches
"Peskow"); `speaker_names` adds the aliases the speaker registry holds for the person asked
about. Near-duplicate passages (a story syndicated with small edits) come back once, the
copies listed with it. `mode` selects "dense" or "bm25" alone, so all three can be measured
on one index in one run (bench/retrieval_modes.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from unidecode import unidecode

from assistant.store import sentence_vectors
from assistant.models.embedder import Embedder
from assistant.errors import AssistantError
from assistant.search.filters import NO_FILTERS, Filters
from assistant.search.intent import speaker_question
from assistant.store.quote_table import QUOTES_KEY, QuoteTable
from assistant.text.sentences import sentence_spans
from assistant.text.stopwords import STOP_WORDS
from assistant.store.chroma import Store

MODES = ("hybrid", "dense", "bm25")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÞА-Я][\w’'\-]+")
_POSSESSIVE = re.compile(r"[’']s?$")
WORD = re.compile(r"[\w’'\-]+")
# Close enough to be the same name spelled another way, not another word.
_NAME_SIMILARITY = 80
# Near-duplicate text: at most ~10% of its characters edited (a syndicated copy with a
# changed word or headline), compared on folded words. Across 400 BBC politics and business
# articles, sentence pairs from different articles at >= 90 were the same sentence with a
# word changed; at 85-89 they were rewordings in follow-up stories ("said he has taken
# advice" / "had received advice"), which are different passages. Shorter texts must match
# exactly: ten percent of a short sentence is another sentence ("He said no." / "She said no.").
NEAR_DUPLICATE = 90
_NEAR_MIN_CHARS = 40
_SENTENCE_CACHE = 20_000  # chunks of an older index whose sentence vectors are kept (~12 kB each)


@dataclass(frozen=True)
class Fusion:
    """Weights of the hybrid ranking, tuned on questions built from PolNeAR train
    (bench/qa/build_polnear_qa.py --split train; bench/retrieval_modes.py --tune)."""

    # "relative": each list's scores min-max scaled, then summed with weights. It beat
    # reciprocal rank on the train set (RRF keeps ranks only, and lost to BM25 alone when a
    # rare topic word put one passage far ahead): see bench/retrieval_modes.py --tune.
    method: str = "relative"  # or "rrf"
    rrf_k: int = 60
    dense: float = 0.2
    bm25: float = 1.0
    # Added to a passage that names the person a "what did X say" question asks about. Off:
    # once the search text is "X said Y", BM25 already weighs the name and the boost only
    # cost MRR on the train set.
    speaker: float = 0.0
    depth: int = 50  # candidates read from each list before fusing
    # The fused top `rerank` passages also get `sentences` x their best sentence's cosine to
    # the question (min-max scaled among them): a chunk's one vector blurs the one sentence
    # that answers. On the train set MRR@10 0.862 -> 0.887 (BM25 alone 0.859).
    sentences: float = 1.0
    rerank: int = 20


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
    sentences: list[tuple[int, int]] | None = None  # absolute spans, when stored with the chunk
    copies: list["Hit"] = field(default_factory=list)  # near-duplicates collapsed into this one


def fold_word(word: str) -> str:
    """A word as compared: ASCII, lower case, no edge apostrophes or hyphens."""
    return unidecode(word).lower().strip("’'-")


@lru_cache(maxsize=65536)  # a speaker's quotes are compared pairwise: fold each once
def _folded(text: str) -> str:
    # The whole text through unidecode at once: word by word cost ~0.3 ms a passage.
    return " ".join(w.strip("’'-") for w in WORD.findall(unidecode(text).lower()))


def near_duplicate(a: str, b: str) -> bool:
    """The same passage with small edits (see NEAR_DUPLICATE)."""
    fa, fb = _folded(a), _folded(b)
    if min(len(fa), len(fb)) < _NEAR_MIN_CHARS:
        return fa == fb
    return fuzz.ratio(fa, fb, score_cutoff=NEAR_DUPLICATE) >= NEAR_DUPLICATE


def collapse(hits: list[Hit]) -> list[Hit]:
    """Hits best first with near-duplicates of a better hit from another article folded
    into it (its `copies`): the first kept hit that `near_duplicate` accepts, found with one
    C call per hit rather than a comparison per pair."""
    kept: list[Hit] = []
    folded: list[str] = []
    for hit in hits:
        text = _folded(hit.text)
        if len(text) < _NEAR_MIN_CHARS:
            similar = [i for i, other in enumerate(folded) if other == text]
        else:  # a short kept text is a near-duplicate only when equal
            similar = sorted(i for _, _, i in process.extract(
                text, folded, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, limit=None)
                if len(folded[i]) >= _NEAR_MIN_CHARS or folded[i] == text)
        same = next((kept[i] for i in similar if kept[i].article != hit.article), None)
        if same is None:
            kept.append(hit)
            folded.append(text)
        else:
            same.copies.append(hit)
    return kept


def search_text(question: str) -> str:
    """What is searched for: "What did X say about Y?" becomes "X said Y". The question's
    frame only adds noise: in BM25 "say" matches every "says", and it pulls the embedding
    towards any passage that quotes anyone (on PolNeAR train: BM25 MRR@10 0.805 -> 0.859,
    dense 0.487 -> 0.536)."""
    asked = speaker_question(question)
    return f"{asked.name} said {asked.topic}" if asked and asked.topic else question


class KeywordIndex:
    """BM25 over every chunk, plus the vocabulary of names used to expand questions."""

    def __init__(self, ids: list[str], texts: list[str], metadatas: list[dict],
                 quotes: QuoteTable | None = None):
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        self.meta = {i: (t, m) for i, t, m in zip(ids, texts, metadatas)}
        names: dict[str, str] = {}
        for text in texts:
            for word in _CAPITALISED.findall(text):
                word = _POSSESSIVE.sub("", word)
                names.setdefault(fold_word(word), word)
        self.names = names
        self._words: dict[str, frozenset[str]] = {}
        self._sentence_vectors: dict[str, object] = {}
        self.quotes = quotes  # the QuoteTable read with these chunks, when they carry one
        self.retriever = None
        if ids:
            nodes = [TextNode(id_=i, text=t) for i, t in zip(ids, texts)]
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

    def sentence_vectors(self, cids: list[str], embedder: Embedder) -> dict:
        """Vectors of each chunk's sentences: stored with the chunk at index time
        (sentence_vectors.py); a chunk written without them is embedded here, once."""
        import numpy as np

        found = {}
        missing = []
        for cid in cids:
            if cid in self._sentence_vectors:
                found[cid] = self._sentence_vectors[cid]
                continue
            raw = self.meta[cid][1].get(sentence_vectors.META_KEY)
            vectors = sentence_vectors.unpack(raw, embedder.dimensions) if raw else None
            if vectors is None:
                missing.append(cid)
            else:
                found[cid] = vectors
        if missing:
            if len(self._sentence_vectors) + len(missing) > _SENTENCE_CACHE:
                self._sentence_vectors.clear()  # bounded: a long-running server asks on
            spans = []
            for cid in missing:
                text = self.meta[cid][0]
                spans.append([text[s:e] for s, e in sentence_spans(text)] or [text])
            vectors = np.asarray(embedder.encode([t for texts in spans for t in texts]))
            at = 0
            for cid, texts in zip(missing, spans):
                found[cid] = self._sentence_vectors[cid] = vectors[at: at + len(texts)]
                at += len(texts)
        return found

    def words(self, cid: str) -> frozenset[str]:
        """Folded words of a chunk, computed once."""
        if cid not in self._words:
            self._words[cid] = frozenset(fold_word(w) for w in WORD.findall(self.meta[cid][0]))
        return self._words[cid]

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score), best first."""
        if self.retriever is None or not WORD.search(query):
            return []
        self.retriever.similarity_top_k = min(k, len(self.meta))
        return [(n.node.node_id, n.score) for n in self.retriever.retrieve(query) if n.score > 0]


class Retriever:
    def __init__(self, store: Store, embedder: Embedder, candidates: int = 20,
                 fusion: Fusion | None = None, mode: str = "hybrid"):
        self.store = store
        self.embedder = embedder
        self.candidates = candidates
        self.fusion = fusion or Fusion()
        self.mode = mode  # the default of search(); evaluation switches it
        self._keyword: KeywordIndex | None = None
        self._generation = None
        self._quotes = None

    def keyword(self) -> KeywordIndex:
        # Rebuilt when the index has changed since it was built (another process may write).
        generation = self.store.settings().get("generation")
        if self._keyword is None or generation != self._generation:
            got = self.store.chunks.get(include=["documents", "metadatas"])
            metas = got["metadatas"] or []
            # The quote table comes in the same read (chunks carry their quotes' entries),
            # unless the index was written before they did.
            quotes = (QuoteTable.from_chunks(metas, self.embedder.dimensions)
                      if metas and QUOTES_KEY in metas[0] else None)
            self._keyword = KeywordIndex(got["ids"], got["documents"], metas, quotes)
            self._generation = generation
        return self._keyword

    def speaker_names(self, question: str) -> set[str]:
        """Folded surnames by which the articles may name the person a "what did X say"
        question asks about: X's spellings in the articles and the registry's aliases."""
        asked = speaker_question(question)
        if not asked:
            return set()
        from assistant.search.quote_index import QuoteIndex  # the registry is built from stored quotes

        if self._quotes is None:
            self._quotes = QuoteIndex(self.store, self.embedder, self.keyword)
        names = {asked.name}
        people = self._quotes.people(asked.name)
        if people:
            names |= people[0].aliases | {people[0].name}
        surnames = {WORD.findall(n)[-1] for n in names if WORD.findall(n)}
        found = {fold_word(s) for s in surnames}
        for surname in surnames:
            found |= {fold_word(s) for s in self.keyword().expand(surname, any_case=True)}
        return {s for s in found if len(s) > 2 and s not in STOP_WORDS}

    def search(
        self, question: str, k: int | None = None, filters: Filters = NO_FILTERS,
        mode: str | None = None,
    ) -> tuple[list[Hit], list[str]]:
        """Hits best first, near-duplicates collapsed, and the name spellings the question
        was expanded with. `mode`: "hybrid" (default), "dense" or "bm25"."""
        mode = mode or self.mode
        if mode not in MODES:
            raise AssistantError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
        k = k or self.candidates
        keyword = self.keyword()
        total = len(keyword.meta)
        if total == 0:
            return [], []
        depth = max(k, self.fusion.depth) if mode == "hybrid" else k
        ranked = self.rankings(question, mode, depth, filters)
        similarity = dict(ranked.get("dense", []))
        scores = self.fuse(question, ranked) if mode == "hybrid" else dict(ranked[mode])
        hits = []
        # Twice k before collapsing, so that k remain when copies are folded away.
        for cid, score in sorted(scores.items(), key=lambda kv: -kv[1])[: 2 * k]:
            if cid not in keyword.meta:
                continue  # written by an update still running: visible once it completes
            text, meta = keyword.meta[cid]
            hits.append(
                Hit(cid, meta["article"], meta["source"], meta["title"], meta["start"],
                    meta["end"], text, score, similarity.get(cid),
                    sentences=sentence_vectors.spans_from_text(meta.get(sentence_vectors.SPANS_KEY), meta["start"]))
            )
        return collapse(hits)[:k], keyword.expand(question)

    def rankings(
        self, question: str, mode: str, depth: int, filters: Filters = NO_FILTERS
    ) -> dict[str, list[tuple[str, float]]]:
        """(chunk id, score) best first from each list the mode uses: "dense" (cosine
        similarity) and "bm25"."""
        keyword = self.keyword()
        total = len(keyword.meta)
        ranked: dict[str, list[tuple[str, float]]] = {}
        query = search_text(question)
        if mode in ("hybrid", "dense"):
            vector = self.embedder.encode_query(query)
            dense = self.store.chunks.query(
                query_embeddings=[vector], n_results=min(depth, total), where=filters.where(),
                include=["distances"],
            )
            ranked["dense"] = [(i, 1.0 - d) for i, d in zip(dense["ids"][0], dense["distances"][0])]
        if mode in ("hybrid", "bm25"):
            # BM25 has no filter of its own: look deeper and keep what the filters accept.
            found = keyword.search(" ".join([query, *keyword.expand(question)]),
                                   depth * 10 if filters.active else depth)
            ranked["bm25"] = [(c, s) for c, s in found if filters.accepts(keyword.meta[c][1])][:depth]
        return ranked

    def fuse(
        self, question: str, ranked: dict[str, list[tuple[str, float]]], fusion: Fusion | None = None
    ) -> dict[str, float]:
        """Weighted fusion of the lists (by rank or by relative score), plus the speaker boost."""
        fusion = fusion or self.fusion
        keyword = self.keyword()
        weights = {"dense": fusion.dense, "bm25": fusion.bm25}
        fused: dict[str, float] = {}
        for name, pairs in ranked.items():
            if fusion.method == "rrf":
                parts = [(cid, 1.0 / (fusion.rrf_k + rank)) for rank, (cid, _) in enumerate(pairs)]
            else:  # min-max within the list: keeps how far ahead BM25's best match is
                low, high = min((s for _, s in pairs), default=0.0), max((s for _, s in pairs), default=0.0)
                parts = [(cid, (s - low) / (high - low) if high > low else 1.0) for cid, s in pairs]
            for cid, value in parts:
                fused[cid] = fused.get(cid, 0.0) + weights[name] * value
        speaker = self.speaker_names(question) if fusion.speaker else set()
        if speaker:
            for cid in fused:
                if cid in keyword.meta and speaker & keyword.words(cid):
                    fused[cid] += fusion.speaker
        if fusion.sentences:
            self._rerank(question, fused, fusion)
        return fused

    def _rerank(self, question: str, fused: dict[str, float], fusion: Fusion) -> None:
        keyword = self.keyword()
        top = [c for c in sorted(fused, key=lambda c: -fused[c]) if c in keyword.meta][: fusion.rerank]
        if len(top) < 2:
            return
        vector = self.embedder.encode_query(search_text(question))
        vectors = keyword.sentence_vectors(top, self.embedder)
        best = {c: float((vectors[c] @ vector).max()) for c in top}
        low, high = min(best.values()), max(best.values())
        for c in top:
            fused[c] += fusion.sentences * ((best[c] - low) / (high - low) if high > low else 0.0)
