"""Hybrid search over chunks: dense (Chroma) and BM25 (llama-index), fused on their scaled
scores, then the leaders re-ranked by their best sentence's similarity to the question.

Names in the question are expanded to the spellings the articles use ("Peskov" also matches
"Peskow"); `speaker_names` adds the aliases the speaker registry holds for the person asked
about. Near-duplicate passages (a story syndicated with small edits) come back once, the
copies listed with it. `mode` selects "dense" or "bm25" alone, so all three can be measured
on one index in one run (bench/retrieval_modes.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.config import RETRIEVAL_MODES as MODES
from assistant.errors import AssistantError
from assistant.models.embedder import Embedder
from assistant.search.duplicates import collapse
from assistant.search.intent import speaker_question
from assistant.search.keyword import WORD, KeywordIndex
from assistant.search.snapshot import Snapshots
from assistant.store.chroma import Store
from assistant.store.filters import NO_FILTERS, Filters
from assistant.text.folding import fold_word
from assistant.text.stopwords import STOP_WORDS

if TYPE_CHECKING:
    from assistant.search.quote_index import QuoteIndex



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
    """A passage search found: chunk `id`, its `article` id, `source` and `title`, its
    offsets (`text == document(source).text[start:end]`) and its fused `score`."""

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


def search_text(question: str) -> str:
    """What is searched for: "What did X say about Y?" becomes "X said Y". The question's
    frame only adds noise: in BM25 "say" matches every "says", and it pulls the embedding
    towards any passage that quotes anyone (on PolNeAR train: BM25 MRR@10 0.805 -> 0.859,
    dense 0.487 -> 0.536)."""
    asked = speaker_question(question)
    return f"{asked.name} said {asked.topic}" if asked and asked.topic else question


class Retriever:
    """Hybrid search over the chunks of `store`. `snapshots` holds the keyword index;
    `quotes` (optional) the speaker registry, for the speaker boost of `Fusion`."""

    def __init__(self, store: Store, embedder: Embedder, snapshots: Snapshots,
                 candidates: int = 20, fusion: Fusion | None = None,
                 quotes: QuoteIndex | None = None, mode: str = "hybrid"):
        if mode not in MODES:
            raise AssistantError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
        self.mode = mode  # what search() uses unless told otherwise
        self.store = store
        self.embedder = embedder
        self.snapshots = snapshots
        self.candidates = candidates
        self.fusion = fusion or Fusion()
        self.quotes = quotes

    def keyword(self) -> KeywordIndex:
        """The keyword index of the index as it is now."""
        return self.snapshots.current().keyword

    def speaker_names(self, question: str) -> set[str]:
        """Folded surnames by which the articles may name the person a "what did X say"
        question asks about: X's spellings in the articles and the registry's aliases."""
        asked = speaker_question(question)
        if not asked:
            return set()
        names = {asked.name}
        people = self.quotes.people(asked.name) if self.quotes else []
        if people:
            names |= people[0].aliases | {people[0].name}
        surnames = {WORD.findall(n)[-1] for n in names if WORD.findall(n)}
        found = {fold_word(s) for s in surnames}
        for surname in surnames:
            found |= {fold_word(s) for s in self.keyword().expand(surname, any_case=True)}
        return {s for s in found if len(s) > 2 and s not in STOP_WORDS}

    def prepare(self, question: str, *also: str) -> None:
        """Encode the question's search text and `also` (a speaker question's topic) in one
        model call ahead of the searches that read them: two texts cost about 1.3 of one."""
        if self.mode != "bm25":
            self.embedder.encode_queries([search_text(question), *also])

    def search(
        self, question: str, k: int | None = None, filters: Filters = NO_FILTERS,
        mode: str | None = None,
    ) -> tuple[list[Hit], list[str]]:
        """Hits best first, near-duplicates collapsed, and the name spellings the question
        was expanded with. `mode`: "hybrid", "dense" or "bm25" (default: this retriever's)."""
        mode = mode or self.mode
        if mode not in MODES:
            raise AssistantError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
        k = k or self.candidates
        keyword = self.keyword()
        if not keyword.chunks:
            return [], []
        depth = max(k, self.fusion.depth) if mode == "hybrid" else k
        ranked = self.rankings(question, mode, depth, filters)
        similarity = dict(ranked.get("dense", []))
        scores = self.fuse(question, ranked) if mode == "hybrid" else dict(ranked[mode])
        hits = []
        # Twice k before collapsing, so that k remain when copies are folded away.
        for cid, score in sorted(scores.items(), key=lambda kv: -kv[1])[: 2 * k]:
            chunk = keyword.chunks.get(cid)
            if chunk is None:
                continue  # written by an update still running: visible once it completes
            ref = chunk.article
            hits.append(Hit(cid, ref.id, ref.source, ref.title, chunk.start, chunk.end, chunk.text,
                            score, similarity.get(cid), sentences=chunk.sentence_spans))
        return collapse(hits)[:k], keyword.expand(question)

    def rankings(
        self, question: str, mode: str, depth: int, filters: Filters = NO_FILTERS
    ) -> dict[str, list[tuple[str, float]]]:
        """(chunk id, score) best first from each list the mode uses: "dense" (cosine
        similarity) and "bm25"."""
        keyword = self.keyword()
        ranked: dict[str, list[tuple[str, float]]] = {}
        query = search_text(question)
        if mode in ("hybrid", "dense"):
            vector = self.embedder.encode_query(query)
            ranked["dense"] = self.store.nearest_chunks(vector, min(depth, len(keyword.chunks)), filters)
        if mode in ("hybrid", "bm25"):
            # BM25 has no filter of its own: look deeper and keep what the filters accept.
            found = keyword.search(" ".join([query, *keyword.expand(question)]),
                                   depth * 10 if filters.active else depth)
            ranked["bm25"] = [(c, s) for c, s in found if filters.accepts(keyword.chunks[c].article)][:depth]
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
                if cid in keyword.chunks and speaker & keyword.words(cid):
                    fused[cid] += fusion.speaker
        if fusion.sentences:
            self._rerank(question, fused, fusion)
        return fused

    def _rerank(self, question: str, fused: dict[str, float], fusion: Fusion) -> None:
        keyword = self.keyword()
        top = [c for c in sorted(fused, key=lambda c: -fused[c]) if c in keyword.chunks][: fusion.rerank]
        vectors = keyword.sentence_vectors(top, self.embedder.dimensions)
        top = [c for c in top if c in vectors]
        if len(top) < 2:
            return
        vector = self.embedder.encode_query(search_text(question))
        best = {c: float((vectors[c] @ vector).max()) for c in top}
        low, high = min(best.values()), max(best.values())
        for c in top:
            fused[c] += fusion.sentences * ((best[c] - low) / (high - low) if high > low else 0.0)
