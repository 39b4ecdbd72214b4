"""Chroma storage: embedded PersistentClient by default, HttpClient when a URL is set.

`Store` is the one place that calls Chroma: the rest of the assistant reads and writes
typed records (records.py) through its methods. Three collections per index: "chunks",
"quotes" and "articles" (what each record holds is in records.py). The index settings
(model, chunk size, schema version, generation) live in the chunks collection's metadata,
so they travel with the data whether Chroma is embedded or a server.

On a Chroma server each index is one Chroma *database* named after the index directory
(`indexes/news` -> database "news"), so several indexes share a server without their
collections colliding, and every process that opens `--index .../news` sees the same data.
"""
from __future__ import annotations

import os
import re
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator
from urllib.parse import urlparse

import numpy as np

from assistant.errors import AssistantError, IndexNotFound, IndexOutdated
from assistant.store.filters import Filters
from assistant.store.records import (
    SCHEMA_VERSION, ArticleRecord, ArticleRef, ChunkRecord, QuoteRecord,
)

if TYPE_CHECKING:
    from assistant.quotes.model import Quote

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

CHUNKS = "chunks"
ARTICLES = "articles"
QUOTES = "quotes"
_CHROMA_DIR = "chroma"
# Records per Chroma call when writing (its batch limit is larger) and ids per delete.
_WRITE_BATCH = 2000
_DELETE_BATCH = 500


class ChromaUnavailable(AssistantError):
    """The Chroma server did not answer (stopped, restarting, unreachable)."""


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def database_name(index_dir: Path) -> str:
    """The Chroma database that holds an index on a server: the directory's name, reduced
    to the characters Chroma accepts (3-63 of letters, digits, '-' and '_')."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(index_dir).resolve().name).strip("-_")
    return (name or "index").ljust(3, "_")[:63]


def _transport_errors() -> tuple[type[BaseException], ...]:
    import httpx

    return (httpx.TransportError,)


class _Collection:
    """A Chroma collection with two additions: `get()` of everything (no ids, no limit) is
    read in pages, since one call over ~100k records fails in Chroma ("too many SQL
    variables"); and, on a server, a dead connection becomes one clear error naming it (the
    next call after the server is back simply works: httpx reconnects)."""

    PAGE = 10_000

    def __init__(self, collection, url: str | None):
        self._collection = collection
        self._url = url

    def __getattr__(self, name):
        value = getattr(self._collection, name)
        if not callable(value):
            return value
        if name == "get":
            value = self._paged_get
        if not self._url:
            return value

        @wraps(value)
        def call(*args, **kwargs):
            try:
                return value(*args, **kwargs)
            except _transport_errors() as exc:
                raise _unavailable(self._url, exc) from None

        return call

    def _paged_get(self, ids=None, where=None, limit=None, offset=None, **kwargs):
        get = self._collection.get
        if ids is not None or limit is not None or offset is not None:
            return get(ids=ids, where=where, limit=limit, offset=offset, **kwargs)
        pages = []
        while True:
            page = get(where=where, limit=self.PAGE, offset=len(pages) * self.PAGE, **kwargs)
            pages.append(page)
            if len(page["ids"]) < self.PAGE:
                break
        if len(pages) == 1:
            return pages[0]
        merged = dict(pages[0])
        for key, value in pages[0].items():
            if isinstance(value, list):
                merged[key] = [item for page in pages for item in page[key]]
            elif value is not None and hasattr(value, "shape"):  # embeddings as an array
                import numpy as np

                merged[key] = np.concatenate([page[key] for page in pages])
        return merged


def _unavailable(url: str, exc: BaseException) -> ChromaUnavailable:
    return ChromaUnavailable(
        f"the Chroma server at {url} is not answering ({type(exc).__name__}: {exc}); "
        "start it (`chroma run`) or check ASSISTANT_CHROMA_URL, then try again"
    )


class Store:
    """The Chroma collections of one index. `chroma_url` defaults to ASSISTANT_CHROMA_URL,
    so the same code talks to an embedded Chroma or a server.

    Opening an index for reading (`create=False`) checks its schema version: an index
    written by another version raises IndexOutdated, which says to rebuild it.
    """

    def __init__(self, index_dir: Path, chroma_url: str | None = None, create: bool = False):
        self.index_dir = Path(index_dir)
        self.chroma_url = chroma_url or os.environ.get("ASSISTANT_CHROMA_URL") or None
        if self.chroma_url:
            try:
                self.client = self._server_client(create)
                self._open_collections(create)
            except _transport_errors() as exc:
                raise _unavailable(self.chroma_url, exc) from None
        else:
            self.client = self._embedded_client(create)
            self._open_collections(create)
        if not create:
            self._check_schema()

    # ------------------------------------------------------------------ opening
    def _embedded_client(self, create: bool):
        import chromadb

        path = self.index_dir / _CHROMA_DIR
        if not create and not path.is_dir():
            raise IndexNotFound(
                f"{self.index_dir}: no index here; build one with "
                f"`assistant index PATH --index {self.index_dir}`"
            )
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())

    def _server_client(self, create: bool):
        import chromadb
        from chromadb.errors import NotFoundError

        url = urlparse(self.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise AssistantError(
                f"ASSISTANT_CHROMA_URL must look like http://host:8000, got {self.chroma_url!r}"
            )
        where = dict(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                     ssl=url.scheme == "https")
        self.database = database_name(self.index_dir)
        admin_settings = _chroma_settings()
        admin_settings.chroma_api_impl = "chromadb.api.fastapi.FastAPI"
        admin_settings.chroma_server_host = where["host"]
        admin_settings.chroma_server_http_port = where["port"]
        admin_settings.chroma_server_ssl_enabled = where["ssl"]
        admin = chromadb.AdminClient(admin_settings)
        try:
            admin.get_database(self.database)
        except NotFoundError:
            if not create:
                raise IndexNotFound(
                    f"{self.index_dir}: no index named {self.database!r} on the Chroma server at "
                    f"{self.chroma_url}; build one with `assistant index PATH --index {self.index_dir}`"
                ) from None
            admin.create_database(self.database)
        return chromadb.HttpClient(**where, database=self.database, settings=_chroma_settings())

    def _open_collections(self, create: bool) -> None:
        chunks = self._collection(CHUNKS, create)
        articles = self._collection(ARTICLES, create)
        quotes = self._collection(QUOTES, create)
        chunks, articles, quotes = (_Collection(c, self.chroma_url) for c in (chunks, articles, quotes))
        self._chunks, self._articles, self._quotes = chunks, articles, quotes

    def _collection(self, name: str, create: bool):
        if create:
            return self.client.get_or_create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
        try:
            return self.client.get_collection(name, embedding_function=None)
        except _transport_errors():
            raise
        except Exception:
            raise IndexNotFound(
                f"{self.index_dir}: the index is empty or incomplete; rebuild it with "
                f"`assistant index PATH --index {self.index_dir}`"
            ) from None

    def _check_schema(self) -> None:
        schema = self.settings().get("schema")
        if schema is not None and schema != SCHEMA_VERSION:
            raise IndexOutdated(
                f"{self.index_dir}: this index was written in an older form (schema {schema}, "
                f"now {SCHEMA_VERSION}); rebuild it with `assistant index PATH --index {self.index_dir}`"
            )

    # ------------------------------------------------------------------ settings
    def settings(self) -> dict:
        """The index settings (model, chunking, schema, generation, an unfinished run's
        mark), read afresh: another process (or machine, with a server) may have written."""
        try:
            fresh = self.client.get_collection(CHUNKS, embedding_function=None)
        except _transport_errors() as exc:
            raise _unavailable(self.chroma_url, exc) from None
        return {k: v for k, v in (fresh.metadata or {}).items() if not k.startswith("hnsw:")}

    def save_settings(self, values: dict) -> None:
        self._chunks.modify(metadata={**self.settings(), **values})

    def generation(self) -> str | None:
        """Changes with every write that changes what the index holds: readers compare it
        to know that what they built from the records is stale."""
        return self.settings().get("generation")

    # ------------------------------------------------------------------ writing
    def write(self, chunks: list[ChunkRecord], quotes: list[QuoteRecord],
              articles: list[ArticleRecord]) -> None:
        """Quotes and chunks first, the article records last, so that an article is visible
        only once it is whole; as few Chroma calls as its batch limit allows."""
        self._add(self._quotes.add, quotes)
        self._add(self._chunks.add, chunks)
        self._add(self._articles.upsert, articles)

    @staticmethod
    def _add(method, records: list) -> None:
        for at in range(0, len(records), _WRITE_BATCH):
            ids, vectors, documents, metas = zip(*(r.encode() for r in records[at : at + _WRITE_BATCH]))
            fields = {"ids": list(ids), "embeddings": np.asarray(vectors, dtype=np.float32),
                      "metadatas": list(metas)}
            if documents[0] is not None:  # quotes carry their text in metadata
                fields["documents"] = list(documents)
            method(**fields)

    def delete_articles(self, ids: Iterable[str]) -> None:
        """The article records go first: what is left of an article if this is cut short
        is an orphan that `delete_orphans` removes."""
        ids = list(ids)
        for at in range(0, len(ids), _DELETE_BATCH):
            part = ids[at : at + _DELETE_BATCH]
            self._articles.delete(ids=part)
            self._chunks.delete(where={"article": {"$in": part}})
            self._quotes.delete(where={"article": {"$in": part}})

    def rewrite_article(self, record: ArticleRecord) -> None:
        """Write `record`'s ref into every record of its article (its chunks and quotes
        repeat it for filters and citations), the article record last. Metadata only: the
        text and vectors stay as they are."""
        for collection, rewrite in ((self._quotes, QuoteRecord.reencode),
                                    (self._chunks, ChunkRecord.reencode)):
            got = collection.get(where={"article": record.id}, include=["metadatas"])
            for at in range(0, len(got["ids"]), _WRITE_BATCH):
                collection.update(ids=got["ids"][at : at + _WRITE_BATCH],
                                  metadatas=[rewrite(m, record.ref)
                                             for m in got["metadatas"][at : at + _WRITE_BATCH]])
        _, _, _, meta = record.encode()
        self._articles.update(ids=[record.id], metadatas=[meta])

    def replace_quotes(self, articles: list[ArticleRecord], chunks: list[ChunkRecord],
                       quotes: list[QuoteRecord]) -> None:
        """Write the quotes of `articles` read anew: their quote records (`quotes`, all of
        each article's), the table entries their `chunks` carry (metadata only: text and
        vectors stay), and, last, the article records (quote count, rules). Cut short, an
        article keeps the rules it had, so the next run reads its quotes again."""
        ids = [a.id for a in articles]
        # Deleted and added rather than upserted: Chroma updates a vector in place ~5x
        # slower than it adds one.
        for at in range(0, len(ids), _DELETE_BATCH):
            self._quotes.delete(where={"article": {"$in": ids[at : at + _DELETE_BATCH]}})
        self._add(self._quotes.add, quotes)
        for at in range(0, len(chunks), _WRITE_BATCH):
            part = chunks[at : at + _WRITE_BATCH]
            self._chunks.update(ids=[c.id for c in part], metadatas=[c.encode()[3] for c in part])
        if articles:
            self._articles.update(ids=ids, metadatas=[a.encode()[3] for a in articles])

    def delete_orphans(self) -> int:
        """Delete chunks and quotes whose article record is missing (their article's writing
        was cut short); returns how many went."""
        live = set(self._articles.get(include=[])["ids"])
        removed = 0
        for collection in (self._chunks, self._quotes):
            got = collection.get(include=["metadatas"])
            orphans = [i for i, m in zip(got["ids"], got["metadatas"]) if m["article"] not in live]
            for at in range(0, len(orphans), 5000):
                collection.delete(ids=orphans[at : at + 5000])
            removed += len(orphans)
        return removed

    # ------------------------------------------------------------------ reading
    def articles(self, ids: list[str] | None = None, with_text: bool = False) -> list[ArticleRecord]:
        """Article records (all when `ids` is None), in Chroma's order; missing ids are left out."""
        include = ["documents", "metadatas"] if with_text else ["metadatas"]
        if ids is not None and not ids:
            return []
        got = self._articles.get(ids=ids, include=include)
        documents = got.get("documents") if with_text else None
        return [ArticleRecord.decode(documents[i] if documents else None, m)
                for i, m in enumerate(got["metadatas"] or [])]

    def originals(self) -> list[ArticleRecord]:
        """Articles that hold their own chunks (not copies of another's text)."""
        got = self._articles.get(where={"copy_of": ""}, include=["metadatas"])
        return [ArticleRecord.decode(None, m) for m in got["metadatas"] or []]

    def copies(self, of: list[str] | None = None) -> list[ArticleRecord]:
        """Articles whose text another article holds: of the articles `of`, or all."""
        where = {"copy_of": {"$in": of}} if of is not None else {"copy_of": {"$ne": ""}}
        if of is not None and not of:
            return []
        got = self._articles.get(where=where, include=["metadatas"])
        return [ArticleRecord.decode(None, m) for m in got["metadatas"] or []]

    def has_article(self, aid: str) -> bool:
        return bool(self._articles.get(ids=[aid], include=[])["ids"])

    def counts(self) -> dict[str, int]:
        """Records per collection: {"articles": n, "chunks": n, "quotes": n}."""
        return {ARTICLES: self._articles.count(), CHUNKS: self._chunks.count(),
                QUOTES: self._quotes.count()}

    def chunks(self) -> list[ChunkRecord]:
        """Every chunk record, each article's `ArticleRef` decoded once and shared."""
        got = self._chunks.get(include=["documents", "metadatas"])
        refs: dict[str, ArticleRef] = {}
        out = []
        for document, meta in zip(got["documents"] or [], got["metadatas"] or []):
            ref = refs.get(meta["article"])
            if ref is None:
                ref = refs[meta["article"]] = ArticleRef.decode(meta)
            out.append(ChunkRecord.decode(document, meta, ref))
        return out

    def article_chunks(self, ids: list[str]) -> dict[str, list[ChunkRecord]]:
        """The chunk records of these articles (metadata only: `text` is ""), by article id,
        each article's in order."""
        if not ids:
            return {}
        got = self._chunks.get(where={"article": {"$in": list(ids)}}, include=["metadatas"])
        out: dict[str, list[ChunkRecord]] = {}
        for meta in got["metadatas"] or []:
            out.setdefault(meta["article"], []).append(ChunkRecord.decode("", meta))
        for records in out.values():
            records.sort(key=lambda c: c.n)
        return out

    def nearest_chunks(self, vector, n: int, filters: Filters) -> list[tuple[str, float]]:
        """Up to `n` (chunk id, cosine similarity) nearest to `vector`, best first, among
        the chunks `filters` accept."""
        if n <= 0:
            return []
        found = self._chunks.query(query_embeddings=[vector], n_results=n,
                                   where=filters.where(), include=["distances"])
        return [(i, 1.0 - d) for i, d in zip(found["ids"][0], found["distances"][0])]

    def quote_metadata(self) -> Iterator[tuple[str, dict]]:
        """(id, metadata) of every quote record, as stored, a page at a time."""
        at = 0
        while True:
            got = self._quotes.get(include=["metadatas"], limit=_Collection.PAGE, offset=at)
            yield from zip(got["ids"], got["metadatas"])
            if len(got["ids"]) < _Collection.PAGE:
                return
            at += _Collection.PAGE

    def all_quotes(self) -> dict[str, "Quote"]:
        """Every quote record, by id."""
        got = self._quotes.get(include=["metadatas"])
        return {i: QuoteRecord.decode_quote(m) for i, m in zip(got["ids"], got["metadatas"])}

    def vectors(self, collection: str) -> dict[str, np.ndarray]:
        """Every stored vector of one collection ("chunks", "quotes" or "articles"), by
        record id."""
        got = self._by_name(collection).get(include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"]))

    def _by_name(self, collection: str):
        found = {CHUNKS: self._chunks, QUOTES: self._quotes, ARTICLES: self._articles}.get(collection)
        if found is None:
            raise AssistantError(f"no collection {collection!r}; use chunks, quotes or articles")
        return found

    def record_articles(self) -> dict[str, dict[str, list[str]]]:
        """For consistency checks: per collection, the article id of every record by record id."""
        out = {}
        for name, collection in ((CHUNKS, self._chunks), (QUOTES, self._quotes)):
            got = collection.get(include=["metadatas"])
            out[name] = {i: m["article"] for i, m in zip(got["ids"], got["metadatas"])}
        return out
