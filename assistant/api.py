"""The public face: `Assistant(path)` opens an index and answers questions from it."""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer.compare import Comparison, compare, on_topic
from assistant.answer.extractive import Answer, compose
from assistant.answer.llm import chunk_passages, growing, llm_stream
from assistant.answer.speaker_answer import SpeakerAnswerer
from assistant.config import ANSWER_MODES, Settings
from assistant.errors import AssistantError, QuestionError
from assistant.indexing.report import IndexReport, Progress
from assistant.models.embedder import Embedder, chosen_dtype, shared_embedder
from assistant.models.llm import llm_url, make_llm
from assistant.quotes.model import Quote
from assistant.quotes.speakers import Person
from assistant.search.intent import speaker_question
from assistant.search.quote_index import QuoteIndex
from assistant.search.retriever import Hit, Retriever
from assistant.search.snapshot import Snapshots
from assistant.sources.documents import Article, find_files
from assistant.store.chroma import Store
from assistant.store.filters import NO_FILTERS, Filters
from assistant.store.locking import write_lock
from assistant.store.records import ArticleRecord, article_id
from assistant.store.write_errors import storage_errors, write_failure

if TYPE_CHECKING:
    from assistant.chat import Chat
    from assistant.indexing.workers import IndexWorkers

# "What did Trump say most recently about X?": newest articles first.
_LATEST = re.compile(r"\b(?:most recently|recently|latest|lately|last)\b", re.IGNORECASE)
# Article records kept for citations before the cache starts again.
_ARTICLE_CACHE = 20_000


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


class Assistant:
    """Opens (or, on first `index`, creates) the index at `path`.

    Reading never creates anything: asking a missing index is an error that says how to
    build it, and leaves the disk as it was. One `Assistant` may be used from several
    threads at once (the web page does); writes to one index are one at a time, across
    processes too.

    :param path: the index folder (default `Settings.index_dir`, ASSISTANT_INDEX).
    :param settings: every other setting (its `index_dir` when `path` is not given); default
        `Settings.from_env(index_dir=path)`.
    :param workers: an `IndexWorkers` pool to share with other assistants; by default each
        assistant starts its own when a large run needs it, and stops it in `close()`.
    :raises AssistantError: (on use, not here) for a missing or outdated index, a bad
        question or setting, a full disk; the message names the file or field.
    """

    def __init__(self, path: str | Path | None = None, settings: Settings | None = None,
                 workers: IndexWorkers | None = None):
        if settings is not None and path is not None:  # the folder named wins
            settings = replace(settings, index_dir=Path(path))
        self.settings = settings or Settings.from_env(index_dir=path)
        self._own_workers = workers is None
        self._workers = workers
        self._lock = threading.RLock()  # guards the lazily made parts below
        self._store: Store | None = None
        self._snapshots: Snapshots | None = None
        self._retriever: Retriever | None = None
        self._quotes: QuoteIndex | None = None
        self._llm = None  # the language model client, made when first asked in LLM mode
        self._article_cache: dict[str, tuple[ArticleRecord | None, list[str]]] = {}
        self._cache_generation = None

    @property
    def path(self) -> Path:
        """The index folder."""
        return self.settings.index_dir

    @property
    def workers(self) -> IndexWorkers:
        """The index workers this assistant indexes with (started only for a large run)."""
        with self._lock:
            if self._workers is None:
                from assistant.indexing.workers import IndexWorkers

                self._workers = IndexWorkers(self.settings, chosen_dtype())
            return self._workers

    def close(self) -> None:
        """Stop the index workers this assistant started (they also end with the process)."""
        if self._own_workers and self._workers is not None:
            self._workers.stop()

    def __enter__(self) -> "Assistant":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ parts
    def _embedder(self) -> Embedder:
        return shared_embedder()

    def _open(self, create: bool = False) -> Store:
        with self._lock:
            if self._store is None:
                self._store = Store(self.path, self.settings.chroma_url, create=create)
            return self._store

    def _snapshot_holder(self) -> Snapshots:
        with self._lock:
            if self._snapshots is None:
                self._snapshots = Snapshots(self._open(), self._embedder().dimensions)
            return self._snapshots

    def _quote_index(self) -> QuoteIndex:
        with self._lock:
            if self._quotes is None:
                self._quotes = QuoteIndex(self._open(), self._embedder(), self._snapshot_holder())
            return self._quotes

    def _retrieval(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                self._retriever = Retriever(
                    self._open(), self._embedder(), self._snapshot_holder(),
                    self.settings.candidates, quotes=self._quote_index(),
                    mode=self.settings.retrieval)
            return self._retriever

    # ------------------------------------------------------------------ writing
    def _indexer(self, store: Store, workers: "IndexWorkers | None" = None):
        # Imported here: the chunker and the quote extraction cost seconds at start-up,
        # which a process that only answers never needs.
        from assistant.indexing.indexer import Indexer

        return Indexer(store, self._embedder, self.settings, workers)

    def index(
        self, paths: list[str | Path] | str | Path, progress: Progress | None = None,
        prune: bool = False,
    ) -> IndexReport:
        """Add new, update changed and remove deleted articles.

        :param paths: files and folders; a folder given again is the truth about its
            contents (articles of files gone from it are removed).
        :param progress: called as files are read, with (files done, files in all, chunks
            written).
        :param prune: also remove every article whose file is not among `paths`.
        :returns: an `IndexReport` of what was added, updated, removed, unchanged, failed
            and skipped (each failed file with its reason).
        :raises SourceError: a path that does not exist (nothing is touched).
        :raises AssistantError: another process is writing, the disk is full, the Chroma
            server does not answer; what was indexed before is kept.
        """
        if isinstance(paths, (str, Path)):
            paths = [paths]
        if not paths:
            raise AssistantError("nothing to index: give one or more files or folders")
        found = find_files(paths)  # every path must exist before the index is created or touched
        try:
            with write_lock(self.path, self.settings.lock_wait):
                store = self._open(create=True)
                indexer = self._indexer(store, self.workers)
                report = indexer.index(paths, found, progress, prune)
                # Readers then open the new generation's search files instead of building them.
                self._snapshot_holder().current(announce=False)
        except storage_errors() as exc:  # a full disk, a damaged database: say which
            raise write_failure(self.path, exc) from exc
        # once per model: a process that then only answers questions loads no torch
        self._embedder().export_for_questions()
        return report

    def remove(self, source: str) -> None:
        """Take one article out of the index (its chunks and quotes with it).

        :raises AssistantError: `source` is not in the index.
        """
        with write_lock(self.path, self.settings.lock_wait):
            if not self._indexer(self._open()).remove(str(source)):
                raise AssistantError(f"{source}: not in the index {self.path}")
            self._snapshot_holder().current(announce=False)

    def correct(self, source: str, date: str | None = None, publisher: str | None = None) -> dict:
        """Set or correct one article's date and publisher; they then win over the file's
        own, in filters, dates shown, timelines and exports, and after re-indexing the file.

        :param date: an ISO date (other forms dateutil reads are accepted), "" for undated,
            None to leave it.
        :param publisher: the publisher's name, "" for none, None to leave it.
        :returns: the article as `documents()` lists it, with "corrected" naming the fields
            set by hand.
        :raises AssistantError: `source` is not in the index, nothing is given, or the date
            cannot be read (nothing is changed).
        """
        from assistant.indexing.corrections import checked

        values = checked(str(source), date, publisher)
        with write_lock(self.path, self.settings.lock_wait):
            record = self._indexer(self._open()).correct(str(source), values)
            if record is None:
                raise AssistantError(f"{source}: not in the index {self.path}")
            self._snapshot_holder().current(announce=False)
        return record.listing()

    # ------------------------------------------------------------------ asking
    def ask_ready(self) -> None:
        """Open the index and load the model now, so the first question is answered fast."""
        self._snapshot_holder().current()
        self._embedder().load_for_questions()

    def ask(
        self, question: str, exclude: set | None = None, filters: Filters = NO_FILTERS,
        mode: str | None = None, top_k: int | None = None,
    ) -> Answer:
        """Answer with cited passages.

        :param question: up to `Settings.max_question_chars` characters.
        :param exclude: (source, start, end) of passages already shown (a chat's "what else
            did he say?").
        :param filters: limit what is cited (`Filters.build(source=, since=, until=, article=)`).
        :param mode: "extractive" or "llm" (default `Settings.answer_mode`).
        :param top_k: passages at most (default `Settings.top_k`).
        :returns: an `Answer`; `answer.found` is False when nothing in the articles answers.
        :raises QuestionError: an empty or oversized question.
        :raises AssistantError: a missing or outdated index; mode "llm" with no LLM configured.
        """
        # One snapshot for the answer and its annotation: the generation is asked once.
        with self._snapshot_holder().pinned():
            *_, answer = self._ask(question, exclude, filters, mode, top_k, stream=False)
        return answer

    def ask_stream(
        self, question: str, exclude: set | None = None, filters: Filters = NO_FILTERS,
        mode: str | None = None, top_k: int | None = None,
    ) -> Iterator[str | Answer]:
        """Like `ask`, as it is written: the text so far (whole sentences, never cut inside
        an [n] marker), then the final Answer. Bad questions are refused before it starts."""
        return self._ask(question, exclude, filters, mode, top_k, stream=True)

    def search(self, question: str, k: int | None = None, filters: Filters = NO_FILTERS) -> list[Hit]:
        """The passages the question finds, best first, without composing an answer.

        :param k: how many (default `Settings.candidates`).
        :returns: `Hit`s with chunk id, source, title, start, end, text and score.
        """
        question = clean_question(question, self.settings.max_question_chars)
        hits, _ = self._retrieval().search(question, k=k, filters=filters)
        return hits

    def llm_available(self) -> bool:
        """Whether a language model is configured (ASSISTANT_LLM); the server is not contacted."""
        return bool(self.settings.llm)

    def chat(self) -> "Chat":
        """A conversation: follow-up questions resolve against earlier turns."""
        from assistant.chat import Chat

        return Chat(self)

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
            with self._lock:
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

    def _answer(self, question: str, exclude: set, filters: Filters, top_k: int | None = None,
                passages: list | None = None) -> Answer:
        """The extractive answer; a `passages` list is filled with what a model would be
        given: the quotes cited, or the best chunks."""
        with self._snapshot_holder().pinned():
            return self._answer_pinned(question, exclude, filters, top_k, passages)

    def _answer_pinned(self, question: str, exclude: set, filters: Filters,
                       top_k: int | None, passages: list | None) -> Answer:
        top_k = top_k or self.settings.top_k
        asked = speaker_question(question)
        if asked:
            answerer = SpeakerAnswerer(self._quote_index(), self._retrieval(), self._titles)
            answer = answerer.answer(question, asked, exclude, filters, top_k,
                                     latest=bool(_LATEST.search(question)))
            if passages is not None:
                passages.extend(answer.citations)
            return answer
        hits, _ = self._retrieval().search(question, filters=filters)
        answer = compose(question, hits, top_k, exclude, speaker_at=self._quote_index().speaker_at)
        if passages is not None:
            passages.extend(chunk_passages(hits, exclude, top_k))
        return answer

    def _titles(self, sources: set[str]) -> dict[str, str]:
        """Article titles by source."""
        return {r.ref.source: r.ref.title for r, _ in self._articles(sources).values() if r}

    def _articles(self, sources: set[str]) -> dict[str, tuple[ArticleRecord | None, list[str]]]:
        """By article id: the article's record and the sources of its copies (the same text
        under other paths); kept until the index changes, so a question citing articles
        cited before costs no reads."""
        store = self._open()
        generation = self._snapshot_holder().current().generation
        aids = sorted({article_id(s) for s in sources})
        with self._lock:
            if generation != self._cache_generation or len(self._article_cache) > _ARTICLE_CACHE:
                self._article_cache, self._cache_generation = {}, generation
            cache = self._article_cache
            missing = [a for a in aids if a not in cache]
        if missing:
            records = {r.id: r for r in store.articles(missing)}
            copies: dict[str, list[str]] = {}
            for copy in store.copies(missing):
                copies.setdefault(copy.copy_of, []).append(copy.ref.source)
            with self._lock:
                for aid in missing:
                    cache[aid] = (records.get(aid), copies.get(aid, []))
        return {a: cache[a] for a in aids}

    def _annotate(self, answer: Answer) -> None:
        """Give each citation its article's date, publisher, url, file, hash and page, and
        the other files that hold the same article."""
        if not answer.citations:
            return
        articles = self._articles({c.source for c in answer.citations})
        for c in answer.citations:
            record, copies = articles[article_id(c.source)]
            c.also = sorted(set(c.also) | set(copies))  # near-duplicates kept
            if record is None:
                continue
            ref = record.ref
            c.date, c.publisher, c.url = ref.date or None, ref.publisher or None, ref.url or None
            c.file, c.sha256 = ref.path, ref.sha256
            pages = record.pages
            c.page = max(i for i, s in enumerate(pages) if s <= c.start) + 1 if pages else None

    # ------------------------------------------------------------------ reading
    def quotes(
        self, speaker: str | None = None, about: str | None = None, filters: Filters = NO_FILTERS
    ) -> list[Quote]:
        """Every quote attributed to the person `speaker` names (any spelling), ranked by
        topic `about` when given; all quotes when no speaker is given.

        :returns: `Quote`s, each with `text == document(source).text[start:end]`; empty
            when nobody quoted goes by that name.
        """
        return self._quote_index().find(speaker, about, filters=filters)

    def compare(
        self, topic: str, parties: list[str], k: int = 5, filters: Filters = NO_FILTERS
    ) -> Comparison:
        """What each of several people or parties said on `topic`, one column per party,
        decided as a question naming them all is ("What did Trump and Clinton say about
        taxes?"): an unknown name is not quoted (with suggestions), an institution speaks
        through its people.

        :param topic: what they spoke about (empty: anything).
        :param parties: two or more names ("Trump", "the Kremlin"; "Trump and Pence" is two).
        :param k: statements per party at most.
        :returns: a `Comparison`; each statement cited to its exact span and dated.
        :raises QuestionError: fewer than two parties, too many, or an overlong topic.
        """
        limit = self.settings.max_question_chars
        if isinstance(parties, str):  # "Trump, Clinton": split as a question's names are
            parties = [parties]
        topic = clean_question(topic, limit) if topic and topic.strip() else ""
        parties = [clean_question(p, limit) for p in parties if isinstance(p, str) and p.strip()]
        answerer = SpeakerAnswerer(self._quote_index(), self._retrieval(), self._titles)
        return compare(answerer, topic, parties, k, filters, annotate=self._annotate)

    def dated_quotes(
        self, speaker: str, about: str | None = None, filters: Filters = NO_FILTERS
    ) -> list[tuple[Quote, str | None]]:
        """`quotes(speaker, about)`, each with its article's date (ISO, or None), for a
        timeline of what someone said; with `about`, only the quotes that use its words."""
        found = self.quotes(speaker, about, filters)
        if about:
            found = [q for q in found if on_topic(q.text, about)]
        articles = self._articles({q.source for q in found})
        dates = {aid: (record.ref.date or None) if record else None
                 for aid, (record, _) in articles.items()}
        return [(q, dates.get(article_id(q.source))) for q in found]

    def speakers(self) -> list[Person]:
        """Everyone quoted in the index, with aliases, roles and quote counts."""
        return self._quote_index().registry().people()

    def totals(self) -> dict:
        """What the index holds, counted the way the rest of this API counts: "articles"
        (as `documents()` lists them), "people" (as `speakers()` lists them), "quotes" (as
        `quotes()` returns them: a fragment its speaker also says within a longer quote
        counts once), "chunks", and "quotes_by_article" (quotes by article source), so that
        a page's totals, a person's count and an article's count never disagree."""
        quotes = self._quote_index()
        by_article = quotes.count_by_source()
        stored = self._open().counts()
        return {"articles": stored["articles"], "people": len(quotes.registry().people()),
                "quotes": sum(by_article.values()), "chunks": stored["chunks"],
                "quotes_by_article": by_article}

    def document(self, source: str) -> Article:
        """The article `source` names, with the text every citation's offsets point into.

        :raises AssistantError: `source` is not in the index.
        """
        found = self._open().articles([article_id(str(source))], with_text=True)
        if not found:
            raise AssistantError(f"{source}: not in the index {self.path}")
        return found[0].to_article()

    def documents(self, sources: Iterable[str] | None = None) -> list[dict]:
        """Every indexed article by title (or those of `sources`, read by id: a page citing
        a few articles need not read them all): source, title, date, source_name, url,
        path, sha256, chunks, quotes, copy_of (the article holding the same text, or "")
        and corrected (the fields set by hand)."""
        ids = None if sources is None else sorted({article_id(str(s)) for s in sources})
        listed = [r.listing() for r in self._open().articles(ids)]
        return sorted(listed, key=lambda m: (m["title"], m["source"]))
