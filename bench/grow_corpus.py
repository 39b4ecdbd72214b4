"""Grow an index built from real BBC articles to N chunks by inserting copies of its
records, without the model: each copy is a new article (new source and ids) whose text has
its digits shifted (same length, so every offset still holds) and whose vectors carry a
little noise, so no two records are identical. Quotes and article records are copied too,
so the keyword index and the speaker registry grow with the chunks."""
from __future__ import annotations

import json
import uuid

import numpy as np

from common import ROOT  # noqa: F401

from assistant.indexing.indexer import article_id
from assistant.store.quote_table import RECORD_KEY
from assistant.store.chroma import Store

_BATCH = 2000


def _shift_digits(text: str, k: int) -> str:
    table = str.maketrans("0123456789", "".join(str((d + k) % 10) for d in range(10)))
    return text.translate(table)


class Grower:
    def __init__(self, index):
        self.store = Store(index)
        self.base = {name: getattr(self.store, name).get(include=["embeddings", "documents", "metadatas"])
                     for name in ("chunks", "quotes", "articles")}
        self.by_article = {name: {} for name in ("chunks", "quotes")}
        for name in ("chunks", "quotes"):
            got = self.base[name]
            for i, meta in enumerate(got["metadatas"]):
                self.by_article[name].setdefault(meta["article"], []).append(i)
        self.rng = np.random.default_rng(7)
        self.copy = 0

    def count(self) -> int:
        return self.store.chunks.count()

    def grow_to(self, target: int) -> int:
        """Add copies, article by article, until the chunks collection holds `target`."""
        pending = {"chunks": _Batch(), "quotes": _Batch(), "articles": _Batch()}
        have = self.count()
        articles = self.base["articles"]
        while have < target:
            self.copy += 1
            for i, meta in enumerate(articles["metadatas"]):
                if have >= target:
                    break
                if meta.get("copy_of"):
                    continue
                have += self._copy_article(i, meta, pending)
                if len(pending["quotes"].ids) >= _BATCH:
                    self._write(pending)
        self._write(pending)
        # Readers rebuild their keyword index and registry when this changes.
        self.store.save_settings({"generation": uuid.uuid4().hex})
        return self.count()

    def _copy_article(self, i: int, meta: dict, pending: dict) -> int:
        k = self.copy
        source = f"{meta['source']}#copy{k}"
        aid = article_id(source)
        changes = {"article": aid, "source": source, "path": f"{meta['path']}#copy{k}"}
        for name in ("chunks", "quotes"):
            got = self.base[name]
            for j in self.by_article[name].get(meta["article"], []):
                suffix = got["ids"][j].split(":", 1)[1]
                document, copied = got["documents"][j], {**got["metadatas"][j], **changes}
                if RECORD_KEY in copied:  # a quote: everything but its article id is in one field
                    record = json.loads(copied.pop(RECORD_KEY))
                    record.update(source=source, text=_shift_digits(record["text"], k))
                    copied = {"article": aid, RECORD_KEY: json.dumps(record, ensure_ascii=False)}
                pending[name].add(f"{aid}:{suffix}", self._noisy(got["embeddings"][j]),
                                  _shift_digits(document, k) if document is not None else None, copied)
        art = self.base["articles"]
        pending["articles"].add(aid, self._noisy(art["embeddings"][i]), _shift_digits(art["documents"][i], k),
                                {**meta, **changes, "text_sha": f"{meta['text_sha']}-{k}"})
        return len(self.by_article["chunks"].get(meta["article"], []))

    def _noisy(self, vector) -> np.ndarray:
        v = np.asarray(vector, dtype=np.float32) + self.rng.normal(0, 0.01, len(vector)).astype(np.float32)
        return v / np.linalg.norm(v)

    def _write(self, pending: dict) -> None:
        for name in ("quotes", "chunks", "articles"):  # article records last, as indexing does
            batch = pending[name]
            for at in range(0, len(batch.ids), _BATCH):
                documents = batch.documents[at : at + _BATCH]
                getattr(self.store, name).add(
                    ids=batch.ids[at : at + _BATCH], embeddings=np.array(batch.vectors[at : at + _BATCH]),
                    metadatas=batch.metadatas[at : at + _BATCH],
                    # quote records carry their text in metadata
                    **({"documents": documents} if all(d is not None for d in documents) else {}),
                )
            pending[name] = _Batch()


class _Batch:
    def __init__(self):
        self.ids, self.vectors, self.documents, self.metadatas = [], [], [], []

    def add(self, id_, vector, document, metadata) -> None:
        self.ids.append(id_)
        self.vectors.append(vector)
        self.documents.append(document)
        self.metadatas.append(metadata)
