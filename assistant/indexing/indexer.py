"""Build and update an index: diff files against what is stored by path and content hash.

A run reads each file, queues what changed, builds it (here or in index workers) and
writes it through the store, article by article in order. The store's settings carry the
fingerprint of what the vectors depend on (model, chunking, schema): when it changes, every
article is rebuilt, so vectors of two kinds are never mixed. When only the rules that read
quotes changed, the articles a run does not rebuild have their quotes read again
(requote.py), without the model.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

from assistant.config import Settings
from assistant.errors import SourceError
from assistant.indexing.article_build import ArticleBuilder, Built, Parsed
from assistant.indexing.article_records import RecordBatch, add_article
from assistant.indexing.report import IndexReport, Progress
from assistant.indexing.requote import Requoter
from assistant.indexing.workers import BrokenProcessPool, IndexWorkers, groups
from assistant.models.embedder import MODEL_NAME, Embedder
from assistant.quotes.rules_version import rules_version
from assistant.sources.documents import Article, find_files, load_file, read_file, resolved, sha256_hex
from assistant.store.chroma import Store
from assistant.store.records import SCHEMA_VERSION, ArticleRecord, article_id


@dataclass
class _Pending:
    """An article waiting to be written: to build, built, or a copy of another article."""

    article: Article
    replaces: bool  # an older version is stored and goes when this one is written
    text_sha: str
    copy_of: str = ""  # id of the article with the same text, which holds the chunks
    parsed: Parsed | None = None  # chunked and quotes found here, waiting for the model
    built: Built | None = None

    @property
    def ready(self) -> bool:
        return bool(self.copy_of) or self.built is not None


@dataclass
class _Run:
    """One run's view of the index: its settings, what is stored by file, whether it is
    stale, and the files seen so far."""

    saved: dict  # the store's settings as the run found them
    stored: dict[str, list[ArticleRecord]]
    stale: bool
    seen: set[str]


class Indexer:
    """Indexes files into `store`. `embedder` is called for the model only when something
    has to be embedded; `workers` is the pool a large run hands its articles to."""

    def __init__(self, store: Store, embedder: Callable[[], Embedder], settings: Settings,
                 workers: IndexWorkers | None = None):
        self.store = store
        self._embedder_factory = embedder
        self.settings = settings
        self.workers = workers
        self._use_workers = bool(workers and workers.running)
        self._queued = 0  # articles this run has had to build so far
        # text hash -> id of the stored article that holds the chunks of that text
        self._texts: dict[str, str] = {}

    @cached_property
    def embedder(self) -> Embedder:
        # Loaded only when something has to be embedded: an unchanged folder costs no model.
        return self._embedder_factory()

    @cached_property
    def builder(self) -> ArticleBuilder:
        return ArticleBuilder(self.embedder, self.settings)

    @cached_property
    def rules(self) -> str:
        """The version of the rules that read quotes with these settings."""
        return rules_version(self.settings.extract_quotes, self.settings.learned_attribution)

    def fingerprint(self) -> dict:
        """What the stored vectors depend on: a change means every article is rebuilt."""
        return {"model": MODEL_NAME, "chunk_tokens": self.settings.chunk_tokens,
                "chunk_overlap": self.settings.chunk_overlap, "schema": SCHEMA_VERSION}

    def index(self, paths: list[str | Path], found=None, progress: Progress | None = None,
              prune: bool = False) -> IndexReport:
        """Add new, update changed and remove deleted articles of `paths`. `found` is
        find_files(paths) when the caller has already run it; `progress` is called after
        each file is read, and once at the end, with (files done, files in all, chunks
        written); `prune` removes every indexed article whose file is not among `paths`."""
        files, skipped = found or find_files(paths)
        report = IndexReport(skipped=skipped)
        run = self._begin(report)
        pending: list[_Pending] = []
        for done, path in enumerate(files, 1):
            self._visit(path, run, pending, report)
            self._advance(pending, report)
            if progress:
                progress(done, len(files), report.chunks)
        self._sweep(paths, run, prune, pending, report)
        self._finish(pending, report)
        if progress and files:
            progress(len(files), len(files), report.chunks)  # with what the last writes added
        self._promote_copies(report)
        if not run.stale:  # else every article was built with the rules of now
            self._requote(run, report, progress, len(files))
        self._end(run, report)
        return report

    def _begin(self, report: IndexReport) -> _Run:
        """Mark the index as being written, after removing what a run cut short left."""
        saved = self.store.settings()
        if saved.get("writing"):
            # The last run stopped part-way (killed, power cut): drop what it left half-done.
            report.repaired = self.store.delete_orphans()
        stored: dict[str, list[ArticleRecord]] = {}
        for record in self.store.articles():
            stored.setdefault(record.ref.path, []).append(record)
        stale = any(saved.get(k) != v for k, v in self.fingerprint().items())
        mark = {"writing": uuid.uuid4().hex}
        if not stored:
            # Nothing stored can be of another kind: say now what this run writes, so that
            # if it is killed, the next run keeps the articles it finished (an import of a
            # whole archive resumes rather than restarts).
            mark.update(self.fingerprint())
            stale = False
        self.store.save_settings(mark)
        self._texts = {} if stale else self._originals()
        return _Run(saved, stored, stale, set())

    def _requote(self, run: _Run, report: IndexReport, progress: Progress | None, files: int) -> None:
        """Read again the quotes of the articles whose quotes older rules read (progress
        goes on from the files' count); an article whose stored sentence vectors cannot be
        read is built again instead. Articles written by this run have the rules of now,
        so when none found at its start was older, none is: no second read of them."""
        if all(r.copy_of or r.rules == self.rules for rs in run.stored.values() for r in rs):
            return
        requoter = Requoter(self.store, self.settings, self.rules, self.workers)
        stale = requoter.stale()
        if not stale:
            return
        step = (lambda done: progress(files + done, files + len(stale), report.chunks)) if progress else None
        result = requoter.run(stale, step)
        report.requoted.extend(result.requoted)
        if result.unreadable:
            report.requoted.extend(self._rebuild(result.unreadable, report))

    def _end(self, run: _Run, report: IndexReport) -> None:
        values = {**self.fingerprint(), "writing": ""}
        if (report.changed or report.requoted or run.stale or report.repaired
                or "generation" not in run.saved):
            # Readers in other processes compare this to know that what they built is old.
            values["generation"] = uuid.uuid4().hex
        self.store.save_settings(values)

    def _sweep(self, paths, run: _Run, prune: bool, pending: list, report: IndexReport) -> None:
        """A folder indexed again is the truth about its contents: files gone from it go.
        With `prune`, the given paths are the whole truth: anything else goes too. After a
        change of model or chunking, articles outside the given paths are rebuilt from
        their stored text, so no vectors of two kinds are ever mixed."""
        folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
        for path, records in run.stored.items():
            if path in run.seen:
                continue
            if prune or any(Path(path).is_relative_to(f) for f in folders):
                self.store.delete_articles(r.id for r in records)
                report.removed.extend(r.ref.source for r in records)
            elif run.stale:
                for article in self._stored_articles(records):
                    pending.append(self._pending(article, True))

    def _visit(self, path: Path, run: _Run, pending: list, report: IndexReport) -> None:
        """Read one file and queue what changed in it (`_advance` builds it); unchanged or
        unreadable files keep what is indexed."""
        where = resolved(path)
        run.seen.add(where)
        old = {r.ref.source: r for r in run.stored.get(where, [])}
        try:
            data = read_file(path)
            digest = sha256_hex(data)
            if old and not run.stale and all(r.ref.sha256 == digest for r in old.values()):
                report.unchanged.extend(old)
                return
            articles, failed = load_file(path, data, self.settings.json_fields)
        except SourceError as exc:
            report.failed.append((str(path), str(exc)))
            return
        report.failed.extend(failed)
        current = {a.source for a in articles} | {src for src, _ in failed}
        gone = [source for source in old if source not in current]  # taken out of a JSON file
        self.store.delete_articles(old[s].id for s in gone)
        report.removed.extend(gone)
        for article in articles:
            if article.source in old and old[article.source].corrections:
                # A person's corrections outlive a new version of the file.
                article.meta["corrections"] = old[article.source].corrections
            pending.append(self._pending(article, article.source in old))

    def _originals(self) -> dict[str, str]:
        """text hash -> id of the stored article that holds chunks for that text."""
        return {r.text_sha: r.id for r in self.store.originals()}

    def _pending(self, article: Article, replaces: bool) -> _Pending:
        text_sha = sha256_hex(article.text.encode("utf-8"))
        aid = article_id(article.source)
        original = self._texts.setdefault(text_sha, aid)
        # The same text under another path is stored once and cited under both.
        copy_of = original if original != aid else ""
        self._queued += not copy_of
        return _Pending(article, replaces, text_sha, copy_of)

    def _stored_articles(self, records: list[ArticleRecord]) -> list[Article]:
        return [r.to_article() for r in self.store.articles([r.id for r in records], with_text=True)]

    def _promote_copies(self, report: IndexReport) -> None:
        """A copy whose original went away or changed becomes an article of its own."""
        copies = self.store.copies()
        if not copies:
            return
        self._texts = self._originals()
        orphans = [r for r in copies if self._texts.get(r.text_sha) != r.copy_of]
        # The first orphan of a text becomes its original; the next ones its copies.
        self._rebuild(orphans, report)

    def _rebuild(self, records: list[ArticleRecord], report: IndexReport) -> list[str]:
        """Build these stored articles again from their stored text; returns their sources.
        Not a change of their files: `report.updated` stays as it was."""
        pending = [self._pending(article, True) for article in self._stored_articles(records)]
        before = list(report.updated)
        self._finish(pending, report)
        rebuilt = report.updated[len(before):]
        report.updated[:] = before
        return rebuilt

    def _advance(self, pending: list[_Pending], report: IndexReport) -> None:
        """After each file: in this process, chunk and extract quotes of what it queued, and
        embed and write once `index_batch` sentences wait; with index workers, hand them a
        window of `start_at` articles at a time. A run that has queued `start_at` articles
        is large: the workers are started for the rest of it."""
        fresh = [p for p in pending if not p.ready and p.parsed is None]
        if not self._use_workers and self.workers and self._queued >= self.workers.start_at:
            self._use_workers = self.workers.start()
        if self._use_workers:
            if len(fresh) >= self.workers.start_at:
                self._finish(pending, report)
            return
        for p in fresh:
            p.parsed = self.builder.parse(p.article.text)
        if sum(p.parsed.sentences for p in pending if p.parsed and not p.ready) >= self.settings.index_batch:
            self._finish(pending, report)

    def _finish(self, pending: list[_Pending], report: IndexReport) -> None:
        """Build and write every pending article: in the index workers when this run has
        them and there is an article for each, else here (also what is left if a worker
        dies)."""
        fresh = [p for p in pending if not p.ready and p.parsed is None]
        if self._use_workers and len(fresh) >= max(2, self.settings.index_workers):
            try:
                self._build_in_workers(fresh, pending, report)
            except BrokenProcessPool:
                self.workers.stop(wait=False)
                self._use_workers = False
        waiting: list[_Pending] = []
        sentences = 0
        for p in [p for p in pending if not p.ready]:
            if p.parsed is None:
                p.parsed = self.builder.parse(p.article.text)
            waiting.append(p)
            sentences += p.parsed.sentences
            if sentences >= self.settings.index_batch:
                self._embed(waiting)
                self._write_ready(pending, report)
                sentences = 0
        self._embed(waiting)
        self._write_ready(pending, report)

    def _embed(self, waiting: list[_Pending]) -> None:
        """One model call for the sentences of several articles (the model batches them by length)."""
        if not waiting:  # nothing to embed: the model is not loaded for nothing
            return
        for p, built in zip(waiting, self.builder.embed([p.parsed for p in waiting])):
            p.built, p.parsed = built, None
        waiting.clear()

    def _build_in_workers(self, todo: list[_Pending], pending: list[_Pending], report: IndexReport) -> None:
        """Articles go out in groups (`groups`); each group's results are written while the
        workers go on with the next."""
        shares = groups(todo, [len(p.article.text) for p in todo], self.settings.index_workers)
        running = [(g, self.workers.submit([p.article.text for p in g])) for g in shares]
        for group, future in running:
            for p, built in zip(group, future.result()):
                p.built = built
            self._write_ready(pending, report)

    def _write_ready(self, pending: list[_Pending], report: IndexReport) -> None:
        """Write the built articles at the head of `pending`: in order, so that a copy never
        lands before its original."""
        n = 0
        while n < len(pending) and pending[n].ready:
            n += 1
        if not n:
            return
        self._write(pending[:n], report)
        del pending[:n]

    def _write(self, items: list[_Pending], report: IndexReport) -> None:
        """The older versions of these articles go, then their records are written."""
        self.store.delete_articles(article_id(p.article.source) for p in items if p.replaces)
        batch = RecordBatch()
        for p in items:
            report.chunks += add_article(batch, p.article, p.text_sha, p.copy_of, p.built,
                                         lambda: self.embedder.dimensions, self.rules)
            (report.updated if p.replaces else report.added).append(p.article.source)
        self.store.write(batch.chunks, batch.quotes, batch.articles)

    def correct(self, source: str, values: dict) -> ArticleRecord | None:
        """Set the date or publisher of one article (corrections.checked `values`) in all
        its records; None if it is not in the index. A new generation: readers rebuild
        their search files, whose filters and timelines read these fields."""
        found = self.store.articles([article_id(source)])
        if not found:
            return None
        record = found[0]
        record.corrections = {**record.corrections, **values}
        record.ref = record.ref.corrected(values)
        self.store.save_settings({"writing": uuid.uuid4().hex})
        try:
            self.store.rewrite_article(record)
        finally:
            # Even after a failed write: readers then read what the records now hold.
            self.store.save_settings({"writing": "", "generation": uuid.uuid4().hex})
        return record

    def remove(self, source: str) -> bool:
        """Take one article out of the index; False if it was not there."""
        if not self.store.has_article(article_id(source)):
            return False
        self.store.save_settings({"writing": uuid.uuid4().hex})
        self.store.delete_articles([article_id(source)])
        self._promote_copies(IndexReport())
        self.store.save_settings({"writing": "", "generation": uuid.uuid4().hex})
        return True
