"""The public face: `Assistant(path)` opens an index and answers questions from it."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer.extractive import NOT_FOUND, Answer, compose, compose_quotes
from assistant.config import ANSWER_MODES, Settings
from assistant.sources.documents import Article, find_files, meta_from_store
from assistant.models.embedder import Embedder, shared_embedder
from assistant.errors import AssistantError, QuestionError
from assistant.search.filters import NO_FILTERS, Filters
from assistant.indexing.indexer import IndexReport, Indexer, Progress, article_id
from assistant.search.intent import speaker_question
from assistant.store.locking import write_lock
from assistant.search.quote_index import QuoteIndex
from assistant.quotes.extract import Quote
from assistant.models.llm import llm_url, make_llm
from assistant.answer.llm import chunk_passages, growing, llm_stream
from assistant.search.retriever import Retriever
from assistant.quotes.speakers import Person
from assistant.store.chroma import Store
from assistant.store.write_errors import storage_errors, write_failure

if TYPE_CHECKING:
    from assistant.chat import Chat


def clean_question(question: str, limit: int) -> str:
    """Control characters dropped and whitespace collapsed; empty or oversized is refused."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in question)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > limit:
        raise QuestionError(
            f"the question is {len(text):,} characters long; the limit is {limit:,}"
        )
    return text


# "What did Trump say most recently about X?": newest articles first.
_LATEST = re.compile(r"\b(?:most recently|recently|latest|lately|last)\b", re.IGNORECASE)


def _within(quote: Quote, spans: set) -> bool:
    """The quote lies inside a passage already shown."""
    return any(src == quote.source and s <= quote.start and quote.end <= e for src, s, e in spans)


class Assistant:
    """Opens (or, on first `index`, creates) the index at `path`.

    Reading never creates anything: asking a missing index is an error that says how to
    build it, and leaves the disk as it was.
    """

    def __init__(self, path: str | Path | None = None, settings: Settings | None = None):
        self.settings = settings or Settings.from_env(index_dir=path)
        self._store: Store | None = None
        self._retriever: Retriever | None = None
        self._quotes: QuoteIndex | None = None
        self._llm = None  # the language model client, made when first asked in LLM mode
        self._article_cache: dict[str, tuple[dict, list[str]]] = {}
        self._cache_generation = None

    @property
    def path(self) -> Path:
        return self.settings.index_dir

    def _embedder(self) -> Embedder:
        return shared_embedder()

    def _open(self, create: bool = False) -> Store:
        if self._store is None:
            self._store = Store(self.path, self.settings.chroma_url, create=create)
        return self._store

    def index(
        self, paths: list[str | Path] | str | Path, progress: Progress | None = None,
        prune: bool = False,
    ) -> IndexReport:
        """Add new, update changed and remove deleted articles; `progress(files_done,
        files_total, chunks_written)` is called as files are read. Articles of files gone
        from a folder given again are removed; with `prune`, every article whose file is
        not among `paths` is."""
        if isinstance(paths, (str, Path)):
            paths = [paths]
        if not paths:
            raise AssistantError("nothing to index: give one or more files or folders")
        found = find_files(paths)  # every path must exist before the index is created or touched
        try:
            with write_lock(self.path, self.settings.lock_wait):
                store = self._open(create=True)
                return Indexer(store, self._embedder, self.settings).index(paths, found, progress, prune)
        except storage_errors() as exc:  # a full disk, a damaged database: say which
            raise write_failure(self.path, exc) from exc

    def remove(self, source: str) -> None:
        """Take one article out of the index (its chunks and quotes with it)."""
        with write_lock(self.path, self.settings.lock_wait):
            if not Indexer(self._open(), self._embedder, self.settings).remove(str(source)):
                raise AssistantError(f"{source}: not in the index {self.path}")

    def _retrieval(self) -> Retriever:
        if self._retriever is None:
            self._retriever = Retriever(self._open(), self._embedder(), self.settings.candidates)
        return self._retriever

    def ask_ready(self) -> None:
        """Open the index and load the model now, so the first question is answered fast."""
        self._retrieval().keyword()
        self._embedder()

    def _quote_index(self) -> QuoteIndex:
        if self._quotes is None:
            self._quotes = QuoteIndex(self._open(), self._embedder(), self._retrieval().keyword)
        return self._quotes

    def ask(
        self, question: str, exclude: set | None = None, filters: Filters = NO_FILTERS,
        mode: str | None = None, top_k: int | None = None,
    ) -> Answer:
        """Answer with cited passages. `exclude` holds (source, start, end) of passages
        already shown (a chat's "what else did he say?"); `filters` limit what is cited
        (Filters.build(source=, since=, until=, article=)); `mode` is "extractive" or
        "llm" (default: settings.answer_mode); `top_k` passages at most."""
        *_, answer = self._ask(question, exclude, filters, mode, top_k, stream=False)
        return answer

    def ask_stream(
        self, question: str, exclude: set | None = None, filters: Filters = NO_FILTERS,
        mode: str | None = None, top_k: int | None = None,
    ) -> Iterator[str | Answer]:
        """Like `ask`, as it is written: the text so far (whole sentences, never cut inside
        an [n] marker), then the final Answer. Bad questions are refused before it starts."""
        return self._ask(question, exclude, filters, mode, top_k, stream=True)

    def llm_available(self) -> bool:
        """Whether a language model is configured (ASSISTANT_LLM); the server is not contacted."""
        return bool(self.settings.llm)

    def _mode(self, mode: str | None) -> str:
        mode = mode or self.settings.answer_mode
        if mode not in ANSWER_MODES:
            raise AssistantError(f"the answer mode must be extractive or llm, got {mode!r}")
        if mode == "llm" and not self.llm_available():
            raise AssistantError(
                "answer mode llm needs a language model: set ASSISTANT_LLM to openai or ollama, "
                "with ASSISTANT_LLM_URL and ASSISTANT_LLM_MODEL"
            )
        return mode

    def _ask(self, question, exclude, filters, mode, top_k, stream: bool) -> Iterator[str | Answer]:
        question = clean_question(question, self.settings.max_question_chars)
        mode = self._mode(mode)
        passages: list | None = [] if mode == "llm" else None
        answer = self._answer(question, exclude or set(), filters, top_k, passages)
        if mode == "llm":
            if self._llm is None:
                self._llm = make_llm(self.settings)
            steps = llm_stream(self._llm, llm_url(self.settings), question, passages, answer, stream=stream)
        else:
            steps = growing(answer) if stream else iter([answer])
        return self._annotated(steps)

    def _annotated(self, steps: Iterator[str | Answer]) -> Iterator[str | Answer]:
        for step in steps:
            if isinstance(step, Answer):
                self._annotate(step)
            yield step

    def chat(self) -> "Chat":
        """A conversation: follow-up questions resolve against earlier turns."""
        from assistant.chat import Chat

        return Chat(self)

    def _articles(self, sources: set[str]) -> dict[str, tuple[dict, list[str]]]:
        """By article id: the article's metadata and the sources of its copies (the same text
        under other paths); kept until the index changes, so a question citing articles
        cited before costs no reads."""
        store = self._open()
        generation = store.settings().get("generation")
        if generation != self._cache_generation or len(self._article_cache) > 20_000:
            self._article_cache, self._cache_generation = {}, generation
        cache = self._article_cache
        aids = sorted({article_id(s) for s in sources})
        missing = [a for a in aids if a not in cache]
        if missing:
            metas = {m["article"]: m for m in store.articles.get(ids=missing, include=["metadatas"])["metadatas"]}
            copies: dict[str, list[str]] = {}
            got = store.articles.get(where={"copy_of": {"$in": missing}}, include=["metadatas"])
            for meta in got["metadatas"]:
                copies.setdefault(meta["copy_of"], []).append(meta["source"])
            for aid in missing:
                cache[aid] = (metas.get(aid, {}), copies.get(aid, []))
        return {a: cache[a] for a in aids}

    def _titles(self, sources: set[str]) -> dict[str, str]:
        return {m["source"]: m["title"] for m, _ in self._articles(sources).values() if m}

    def _annotate(self, answer: Answer) -> None:
        """Give each citation its article's date, publisher, url, file, hash and page, and
        the other files that hold the same article."""
        if not answer.citations:
            return
        articles = self._articles({c.source for c in answer.citations})
        for c in answer.citations:
            meta, copies = articles[article_id(c.source)]
            c.also = sorted(set(c.also) | set(copies))  # near-duplicates kept
            c.date = meta.get("date") or None
            c.publisher, c.url = meta.get("source_name") or None, meta.get("url") or None
            c.file, c.sha256 = meta.get("path"), meta.get("sha256")
            pages = meta_from_store(meta).get("pages")
            c.page = max(i for i, s in enumerate(pages) if s <= c.start) + 1 if pages else None

    def _answer(
        self, question: str, exclude: set, filters: Filters, top_k: int | None = None,
        passages: list | None = None,
    ) -> Answer:
        """The extractive answer; a `passages` list is filled with what a model would be
        given: the quotes cited, or the best chunks."""
        top_k = top_k or self.settings.top_k
        asked = speaker_question(question)
        if asked:
            quote_index = self._quote_index()
            people = quote_index.people(asked.name)
            if people:
                # Enough to fill the answer when some were shown already or are copies of
                # one another, without reading every quote of a much-quoted person.
                limit = 4 * top_k + len(exclude)
                found = quote_index.find(
                    asked.name, asked.topic, k=limit, filters=filters,
                    latest=bool(_LATEST.search(question)),
                )
                quotes = [q for q in found if not _within(q, exclude)]
                if found and not quotes:
                    return Answer(question, NOT_FOUND, speaker=people[0].name)  # all shown
                if quotes:
                    titles = self._titles({q.source for q in quotes})
                    # All of them unless the search stopped at the limit.
                    total = quote_index.count(asked.name, filters) if len(found) >= limit else None
                    answer = compose_quotes(question, people[0], quotes, titles, top_k, asked.topic, total)
                    if passages is not None:
                        passages.extend(answer.citations)
                    return answer
        # Not a speaker question, or nobody quoted by that name: answer from the chunks,
        # still requiring the name when one was asked about.
        retriever = self._retrieval()
        hits, _ = retriever.search(question, filters=filters)
        speaker = asked.name if asked else None
        spellings = retriever.keyword().expand(speaker, any_case=True) if speaker else []
        if speaker and not spellings and speaker.islower():
            spellings = speaker.split()  # a role ("the mayor"), matched as written
        if passages is not None and not (speaker and not spellings):
            passages.extend(chunk_passages(hits, spellings, exclude, top_k))
        return compose(question, hits, speaker, spellings, top_k, exclude)

    def quotes(
        self, speaker: str | None = None, about: str | None = None, filters: Filters = NO_FILTERS
    ) -> list[Quote]:
        """Every quote attributed to the person `speaker` names (any spelling), ranked by
        topic `about` when given; all quotes when no speaker is given."""
        return self._quote_index().find(speaker, about, filters=filters)

    def speakers(self) -> list[Person]:
        """Everyone quoted in the index, with aliases, roles and quote counts."""
        return self._quote_index().registry().people()

    def document(self, source: str) -> Article:
        store = self._open()
        got = store.articles.get(ids=[article_id(str(source))], include=["documents", "metadatas"])
        if not got["ids"]:
            raise AssistantError(f"{source}: not in the index {self.path}")
        meta = got["metadatas"][0]
        return Article(
            source=meta["source"], title=meta["title"], text=got["documents"][0],
            sha256=meta["sha256"], path=meta["path"], meta=meta_from_store(meta),
        )

    def documents(self) -> list[dict]:
        """Metadata of every indexed article, by title."""
        got = self._open().articles.get(include=["metadatas"])
        return sorted(got["metadatas"] or [], key=lambda m: (m["title"], m["source"]))
