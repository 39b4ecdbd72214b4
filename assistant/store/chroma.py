"""Chroma storage: embedded PersistentClient by default, HttpClient when a URL is set.

Three collections per index:
- "chunks":   one record per chunk (embedding, text, article id, start/end offsets)
- "quotes":   one record per quotation (embedding of what was said, speaker, cue and content
  spans as metadata)
- "articles": one record per article (full text, metadata); its embedding is the mean of its
  chunks', so it can later serve article-level search.
The index settings (model, chunk size) live in the chunks collection's metadata, so they
travel with the data whether Chroma is embedded or a server.

On a Chroma server each index is one Chroma *database* named after the index directory
(`indexes/news` -> database "news"), so several indexes share a server without their
collections colliding, and every process that opens `--index .../news` sees the same data.
"""
from __future__ import annotations

import os
import re
from functools import wraps
from pathlib import Path
from urllib.parse import urlparse

from assistant.errors import AssistantError, IndexNotFound

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

CHUNKS = "chunks"
ARTICLES = "articles"
QUOTES = "quotes"
_CHROMA_DIR = "chroma"


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
    """Opens the Chroma collections of one index. `chroma_url` defaults to
    ASSISTANT_CHROMA_URL, so the same code talks to an embedded Chroma or a server."""

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
        self.chunks, self.articles, self.quotes = chunks, articles, quotes

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

    def settings(self) -> dict:
        """Read afresh: another process (or machine, with a server) may have written since."""
        try:
            fresh = self.client.get_collection(CHUNKS, embedding_function=None)
        except _transport_errors() as exc:
            raise _unavailable(self.chroma_url, exc) from None
        return dict(fresh.metadata or {})

    def save_settings(self, values: dict) -> None:
        meta = {k: v for k, v in self.settings().items() if not k.startswith("hnsw:")}
        meta.update(values)
        self.chunks.modify(metadata=meta)
