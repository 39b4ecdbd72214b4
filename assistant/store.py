"""Chroma storage: embedded PersistentClient by default, HttpClient when a URL is set.

Three collections per index:
- "chunks":   one record per chunk (embedding, text, article id, start/end offsets)
- "quotes":   one record per quotation (embedding of what was said, speaker, cue and content
  spans as metadata)
- "articles": one record per article (full text, metadata); its embedding is the mean of its
  chunks', so it can later serve article-level search.
The index settings (model, chunk size) live in the chunks collection's metadata, so they
travel with the data whether Chroma is embedded or a server.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from .errors import IndexNotFound

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

CHUNKS = "chunks"
ARTICLES = "articles"
QUOTES = "quotes"
_CHROMA_DIR = "chroma"


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class Store:
    """Opens the Chroma collections of one index."""

    def __init__(self, index_dir: Path, chroma_url: str | None = None, create: bool = False):
        import chromadb

        self.index_dir = Path(index_dir)
        self.chroma_url = chroma_url
        if chroma_url:
            url = urlparse(chroma_url)
            self.client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=_chroma_settings(),
            )
        else:
            path = self.index_dir / _CHROMA_DIR
            if not create and not path.is_dir():
                raise IndexNotFound(
                    f"{self.index_dir}: no index here; build one with "
                    f"`assistant index PATH --index {self.index_dir}`"
                )
            path.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        self.chunks = self._collection(CHUNKS, create)
        self.articles = self._collection(ARTICLES, create)
        self.quotes = self._collection(QUOTES, create)

    def _collection(self, name: str, create: bool):
        if create:
            return self.client.get_or_create_collection(
                name, embedding_function=None, metadata={"hnsw:space": "cosine"}
            )
        try:
            return self.client.get_collection(name, embedding_function=None)
        except Exception:
            raise IndexNotFound(
                f"{self.index_dir}: the index is empty or incomplete; rebuild it with "
                f"`assistant index PATH --index {self.index_dir}`"
            ) from None

    def settings(self) -> dict:
        return dict(self.chunks.metadata or {})

    def save_settings(self, values: dict) -> None:
        meta = {k: v for k, v in self.settings().items() if not k.startswith("hnsw:")}
        meta.update(values)
        self.chunks.modify(metadata=meta)
