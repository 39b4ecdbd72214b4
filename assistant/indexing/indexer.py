"""Build and update an index: diff files against what is stored by path and content hash."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

import numpy as np

from assistant.indexing import workers as index_workers
from assistant.search import quote_index as quote_store
from assistant.store import quote_table
from assistant.store import sentence_vectors
from assistant.indexing.article_build import ArticleBuilder, Built, Parsed
from assistant.config import Settings
from assistant.sources.documents import (
    Article, find_files, load_file, meta_for_store, meta_from_store, read_file, resolved,
    sha256_hex,
)
from assistant.models.embedder import MODEL_NAME, Embedder, chosen_dtype
from assistant.search.filters import day_number
from assistant.errors import SourceError
from assistant.store.chroma import Store

Progress = Callable[[int, int, int], None]
# Bumped when what is stored per chunk changes, so that old indexes are rebuilt.
SCHEMA_VERSION = 8


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks: int = 0
    repaired: int = 0  # records left by an interrupted run, removed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        line = (
            f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, failed {len(self.failed)}, "
            f"skipped {len(self.skipped)} ({self.chunks} chunks written)"
        )
        if self.repaired:
            line += f"\nrepaired: removed {self.repaired} records left by an interrupted run"
        reasons = [f"  failed: {reason}" for _, reason in self.failed]
        reasons += [f"  skipped: {p}: {reason}" for p, reason in self.skipped]
        return "\n".join([line, *reasons])

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "chunks": self.chunks,
            "repaired": self.repaired,
        }


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


class _Records:
    """Records for one Chroma collection, gathered over several articles, written in as
    few calls as Chroma's batch limit allows."""

    def __init__(self):
        self.fields: dict[str, list] = {"ids": [], "embeddings": [], "documents": [], "metadatas": []}

    def extend(self, **fields) -> None:
        for key, values in fields.items():
            self.fields[key].extend(values)

    def write(self, method, size: int = 2000) -> None:
        # A field no record has (quotes carry their text in metadata) is left out.
        fields = {k: v for k, v in self.fields.items() if v}
        for at in range(0, len(self.fields["ids"]), size):
            part = {k: v[at : at + size] for k, v in fields.items()}
            part["embeddings"] = np.asarray(part["embeddings"], dtype=np.float32)
            method(**part)


def article_id(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:24]


class Indexer:
    def __init__(self, store: Store, embedder: Callable[[], Embedder], settings: Settings):
        self.store = store
        self._embedder_factory = embedder
        self.settings = settings
        # The index workers this run uses (None: this process does all), and how many
        # articles it has had to build so far.
        self._pool = None
        self._queued = 0

    @cached_property
    def embedder(self) -> Embedder:
        # Loaded only when something has to be embedded: an unchanged folder costs no model.
        return self._embedder_factory()

    @cached_property
    def builder(self) -> ArticleBuilder:
        return ArticleBuilder(self.embedder, self.settings)

    def fingerprint(self) -> dict:
        """What the stored vectors depend on: a change means every article is rebuilt."""
        return {
            "model": MODEL_NAME,
            "chunk_tokens": self.settings.chunk_tokens,
            "chunk_overlap": self.settings.chunk_overlap,
            "schema": SCHEMA_VERSION,
        }

    def repair(self) -> int:
        """Delete chunks and quotes whose article record is missing: the article record is
        written last, so those belong to an article whose writing was cut short (it is
        indexed again by this run, as new). Returns how many records went."""
        live = set(self.store.articles.get(include=[])["ids"])
        removed = 0
        for collection in (self.store.chunks, self.store.quotes):
            metas = collection.get(include=["metadatas"])
            orphans = [i for i, m in zip(metas["ids"], metas["metadatas"]) if m["article"] not in live]
            for at in range(0, len(orphans), 5000):
                collection.delete(ids=orphans[at : at + 5000])
            removed += len(orphans)
        return removed

    def _stored(self) -> dict[str, list[dict]]:
        """Stored articles' metadata, grouped by the file they came from."""
        by_path: dict[str, list[dict]] = {}
        for meta in self.store.articles.get(include=["metadatas"])["metadatas"] or []:
            by_path.setdefault(meta["path"], []).append(meta)
        return by_path

    def index(
        self, paths: list[str | Path], found=None, progress: Progress | None = None,
        prune: bool = False,
    ) -> IndexReport:
        """`found` is find_files(paths) when the caller has already run it; `progress` is
        called after each file is read, and once at the end, with (files done, files in
        all, chunks written); `prune`
        removes every indexed article whose file is not among `paths`."""
        files, skipped = found or find_files(paths)
        folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
        report = IndexReport(skipped=skipped)
        saved = self.store.settings()
        if saved.get("writing"):
            # The last run stopped part-way (killed, power cut): drop what it left half-done.
            report.repaired = self.repair()
        self.store.save_settings({"writing": uuid.uuid4().hex})
        stored = self._stored()
        stale = any(saved.get(k) != v for k, v in self.fingerprint().items())
        self._seen_texts = {} if stale else self._originals()
        seen: set[str] = set()
        pending: list[_Pending] = []
        self._pool = index_workers.get(self.settings, chosen_dtype(), start=False)
        for done, path in enumerate(files, 1):
            self._visit(path, stored, stale, seen, pending, report)
            self._advance(pending, report)
            if progress:
                progress(done, len(files), report.chunks)
        # A folder indexed again is the truth about its contents: files gone from it go.
        # With `prune`, the given paths are the whole truth: anything else goes too.
        # After a change of model or chunking, articles outside the given paths are
        # rebuilt from their stored text, so no vectors of two kinds are ever mixed.
        for path, metas in stored.items():
            if path in seen:
                continue
            if prune or any(Path(path).is_relative_to(f) for f in folders):
                for meta in metas:
                    self._remove(meta["source"])
                    report.removed.append(meta["source"])
            elif stale:
                for article in self._stored_articles(metas):
                    pending.append(self._pending(article, True))
        self._finish(pending, report)
        if progress and files:
            progress(len(files), len(files), report.chunks)  # with what the last writes added
        self._promote_copies(report)
        values = {**self.fingerprint(), "writing": ""}
        if report.changed or stale or report.repaired or "generation" not in saved:
            # Readers in other processes compare this to know their keyword index is old.
            values["generation"] = uuid.uuid4().hex
        self.store.save_settings(values)
        return report

    def _visit(self, path: Path, stored, stale: bool, seen: set, pending: list, report: IndexReport) -> None:
        """Read one file and queue what changed in it (`_advance` builds it); unchanged or
        unreadable files keep what is indexed."""
        where = resolved(path)
        seen.add(where)
        old = {m["source"]: m for m in stored.get(where, [])}
        try:
            data = read_file(path)
            digest = sha256_hex(data)
            if old and not stale and all(m["sha256"] == digest for m in old.values()):
                report.unchanged.extend(old)
                return
            articles, failed = load_file(path, data, self.settings.json_fields)
        except SourceError as exc:
            report.failed.append((str(path), str(exc)))
            return
        report.failed.extend(failed)
        current = {a.source for a in articles} | {src for src, _ in failed}
        for source in old:
            if source not in current:  # an article taken out of a JSON file
                self._remove(source)
                report.removed.append(source)
        for article in articles:
            pending.append(self._pending(article, article.source in old))

    def _originals(self) -> dict[str, str]:
        """text hash -> id of the stored article that holds chunks for that text."""
        got = self.store.articles.get(where={"copy_of": ""}, include=["metadatas"])
        return {m["text_sha"]: i for i, m in zip(got["ids"], got["metadatas"])}

    def _pending(self, article: Article, replaces: bool) -> _Pending:
        text_sha = sha256_hex(article.text.encode("utf-8"))
        aid = article_id(article.source)
        original = self._seen_texts.setdefault(text_sha, aid)
        # The same text under another path is stored once and cited under both.
        copy_of = original if original != aid else ""
        self._queued += not copy_of
        return _Pending(article, replaces, text_sha, copy_of)

    def _stored_articles(self, metas: list[dict]) -> list[Article]:
        if not metas:
            return []
        got = self.store.articles.get(ids=[m["article"] for m in metas], include=["documents", "metadatas"])
        return [
            Article(m["source"], m["title"], text, m["sha256"], m["path"], meta_from_store(m))
            for m, text in zip(got["metadatas"], got["documents"])
        ]

    def _promote_copies(self, report: IndexReport) -> None:
        """A copy whose original went away or changed becomes an article of its own."""
        copies = self.store.articles.get(where={"copy_of": {"$ne": ""}}, include=["metadatas"])
        if not copies["ids"]:
            return
        self._seen_texts = self._originals()
        orphans = [m for m in copies["metadatas"] if self._seen_texts.get(m["text_sha"]) != m["copy_of"]]
        # The first orphan of a text becomes its original; the next ones its copies.
        pending = [self._pending(article, True) for article in self._stored_articles(orphans)]
        before = list(report.updated)
        self._finish(pending, report)
        report.updated[:] = before  # a promotion is not a change of the file

    def _advance(self, pending: list[_Pending], report: IndexReport) -> None:
        """After each file: in this process, chunk and extract quotes of what it queued, and
        embed and write once `index_batch` sentences wait; with index workers, hand them a
        window of `START_AT` articles at a time. A run that has queued `START_AT` articles
        is large: the workers are started for the rest of it."""
        fresh = [p for p in pending if not p.ready and p.parsed is None]
        if self._pool is None and self._queued >= index_workers.START_AT:
            self._pool = index_workers.get(self.settings, chosen_dtype(), start=True)
        if self._pool is not None:
            if len(fresh) >= index_workers.START_AT:
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
        if self._pool is not None and len(fresh) >= max(2, self.settings.index_workers):
            try:
                self._build_in_workers(self._pool, fresh, pending, report)
            except index_workers.BrokenProcessPool:
                index_workers.stop(wait=False)
                self._pool = None
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
        for p, built in zip(waiting, self.builder.embed([p.parsed for p in waiting])):
            p.built, p.parsed = built, None
        waiting.clear()

    def _build_in_workers(self, pool, todo: list[_Pending], pending: list[_Pending], report: IndexReport) -> None:
        """Articles go out in groups (index_workers.groups); each group's results are
        written while the workers go on with the next."""
        groups = index_workers.groups(todo, [len(p.article.text) for p in todo], self.settings.index_workers)
        running = [(g, index_workers.submit(pool, [p.article.text for p in g])) for g in groups]
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
        """One Chroma call per collection: quotes and chunks first, the article records
        last, so an article is visible only once it is whole."""
        self._remove_many([p.article.source for p in items if p.replaces])
        records = {"quotes": _Records(), "chunks": _Records(), "articles": _Records()}
        for p in items:
            self._records(p, records)
            report.chunks += len(p.built.chunks) if p.built else 0
            (report.updated if p.replaces else report.added).append(p.article.source)
        records["quotes"].write(self.store.quotes.add)
        records["chunks"].write(self.store.chunks.add)
        records["articles"].write(self.store.articles.upsert)

    def _records(self, p: _Pending, records: dict) -> None:
        """Add one article's quote, chunk and article records to `records`."""
        article, built = p.article, p.built
        chunks, quotes = (built.chunks, built.quotes) if built else ([], [])
        aid = article_id(article.source)
        # A copy (nothing built: its original holds the chunks) stores a placeholder vector.
        vectors = built.chunk_vectors if built else np.ones((1, self.embedder.dimensions), dtype=np.float32)
        base = {
            "article": aid, "source": article.source, "title": article.title,
            "date": article.date or "", "day": day_number(article.date),
            "source_key": (article.meta.get("source_name") or "").lower(),
            "source_name": article.meta.get("source_name") or "", "url": article.meta.get("url") or "",
            "path": article.path, "sha256": article.sha256,
        }
        if quotes:
            records["quotes"].extend(embeddings=built.quote_vectors, **quote_store.records(base, article.text, quotes))
        if chunks:
            carried = quote_table.chunk_entries(chunks, quotes, built.quote_vectors)
            records["chunks"].extend(
                ids=[f"{aid}:{i}" for i in range(len(chunks))],
                embeddings=vectors,
                documents=[c.text for c in chunks],
                metadatas=[{**base, "start": c.start, "end": c.end, "n": i,
                            sentence_vectors.META_KEY: built.packed[i],
                            sentence_vectors.SPANS_KEY: sentence_vectors.spans_text(built.plan, i, c.start),
                            quote_table.QUOTES_KEY: carried[i]}
                           for i, c in enumerate(chunks)],
            )
        whole = sentence_vectors.mean_unit(vectors if len(vectors) else np.ones((1, self.embedder.dimensions)))
        records["articles"].extend(
            ids=[aid],
            embeddings=[whole],
            documents=[article.text],
            metadatas=[{**base, **meta_for_store(article),
                        "chunks": len(chunks), "quotes": len(quotes),
                        "text_sha": p.text_sha, "copy_of": p.copy_of}],
        )

    def remove(self, source: str) -> bool:
        """Take one article out of the index; False if it was not there."""
        if not self.store.articles.get(ids=[article_id(source)], include=[])["ids"]:
            return False
        self.store.save_settings({"writing": uuid.uuid4().hex})
        self._remove(source)
        self._promote_copies(IndexReport())
        self.store.save_settings({"writing": "", "generation": uuid.uuid4().hex})
        return True

    def _remove(self, source: str) -> None:
        self._remove_many([source])

    def _remove_many(self, sources: list[str]) -> None:
        """The article records go first: what is left of an article is then an orphan
        that the next run's repair removes."""
        for at in range(0, len(sources), 500):
            aids = [article_id(s) for s in sources[at : at + 500]]
            self.store.articles.delete(ids=aids)
            self.store.chunks.delete(where={"article": {"$in": aids}})
            self.store.quotes.delete(where={"article": {"$in": aids}})
