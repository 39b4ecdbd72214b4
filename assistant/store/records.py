"""Every record an index holds, each with one encode (to what Chroma stores) and one decode.

Three collections (their names are in chroma.py):
- chunks:   `ChunkRecord`, one per chunk: its text, offsets, vector (the mean of its
  sentences'), its sentences' spans and packed vectors for the re-rank, and the table
  entries (`QuoteEntry`) of the quotes whose start lies in it;
- quotes:   `QuoteRecord`, one per quotation: the article id as a field, everything else
  (text, speaker, cue and content spans) as one JSON field. Chroma writes a row and an
  index entry per metadata field, so one field made the quote write ~4x faster;
- articles: `ArticleRecord`, one per article: its whole text and metadata; written last,
  so an article is visible only once its chunks and quotes are.
Every chunk and quote record repeats what filters and citations read of its article
(`ArticleRef`). Chroma metadata holds scalars only, so lists travel as JSON text.

`SCHEMA_VERSION` changes whenever any of this does; an index written with another one is
rebuilt by `assistant index`, never read by older code paths.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from assistant.quotes.model import Quote, Span
from assistant.sources.documents import Article
from assistant.text.dates import day_number

SCHEMA_VERSION = 10

# Metadata keys shared by every record of an article.
_REF_KEYS = ("article", "source", "title", "date", "day", "source_key", "source_name", "url",
             "path", "sha256")
_QUOTE_KEY = "record"  # a quote record's one JSON field


def article_id(source: str) -> str:
    """The id of an article's records: a hash of its source (path, plus "#key" in JSON)."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class ArticleRef:
    """What each record repeats of its article: its identity, and what filters and
    citations read (date as ISO text and as a day number, publisher, url, file, hash)."""

    id: str
    source: str
    title: str
    date: str = ""
    day: int = 0  # 20250312 for 2025-03-12; 0 when undated
    publisher: str = ""
    url: str = ""
    path: str = ""
    sha256: str = ""

    @classmethod
    def of(cls, article: Article) -> "ArticleRef":
        date = article.date or ""
        ref = cls(article_id(article.source), article.source, article.title, date,
                  day_number(date), article.meta.get("source_name") or "",
                  article.meta.get("url") or "", article.path, article.sha256)
        return ref.corrected(article.meta.get("corrections") or {})

    def encode(self) -> dict:
        return {"article": self.id, "source": self.source, "title": self.title,
                "date": self.date, "day": self.day, "source_key": self.publisher.lower(),
                "source_name": self.publisher, "url": self.url, "path": self.path,
                "sha256": self.sha256}

    @classmethod
    def decode(cls, meta: dict) -> "ArticleRef":
        return cls(meta["article"], meta["source"], meta["title"], meta.get("date", ""),
                   meta.get("day", 0), meta.get("source_name", ""), meta.get("url", ""),
                   meta.get("path", ""), meta.get("sha256", ""))

    def corrected(self, values: dict) -> "ArticleRef":
        """This ref with a person's corrections ({"date": ISO or "", "source_name": ...})."""
        changed = self
        if "date" in values:
            changed = replace(changed, date=values["date"], day=day_number(values["date"]))
        if "source_name" in values:
            changed = replace(changed, publisher=values["source_name"])
        return changed


class QuoteEntry(NamedTuple):
    """What a chunk record carries of a quote for the in-memory quote table: the quote's
    number in its article, speaker, role, start and end offsets, its vector packed in 8
    bits (store.packing) and the parties its speaker speaks for ("|"-joined keys), so the
    table comes with the one read of the chunks. (A tuple: tens of thousands are decoded
    when an index is opened.)"""

    n: int
    speaker: str
    role: str
    start: int
    end: int
    packed: str
    parties: str

    def quote_id(self, article: str) -> str:
        return QuoteRecord.make_id(article, self.n)


@dataclass(slots=True)
class ChunkRecord:
    """One chunk: `text == article_text[start:end]`. `sentence_spans` are absolute offsets
    of its sentences, `sentence_vectors` their vectors packed in the same order."""

    article: ArticleRef
    n: int  # the chunk's place in its article
    start: int
    end: int
    text: str
    sentence_spans: list[tuple[int, int]] | None = None
    sentence_vectors: str = ""
    quotes: list[QuoteEntry] = field(default_factory=list)
    vector: np.ndarray | None = None  # written; not read back

    @property
    def id(self) -> str:
        return f"{self.article.id}:{self.n}"

    def encode(self) -> tuple[str, np.ndarray | None, str, dict]:
        spans = ",".join(f"{s - self.start}-{e - self.start}" for s, e in self.sentence_spans or [])
        entries = [list(q) for q in self.quotes]
        meta = {**self.article.encode(), "start": self.start, "end": self.end, "n": self.n,
                "sentence_spans": spans, "sentence_vectors": self.sentence_vectors,
                "quote_entries": json.dumps(entries, ensure_ascii=False)}
        return self.id, self.vector, self.text, meta

    @staticmethod
    def reencode(meta: dict, ref: ArticleRef) -> dict:
        """A stored chunk record's metadata with what it repeats of `ref` written anew."""
        return {**meta, **ref.encode()}

    @classmethod
    def decode(cls, document: str, meta: dict, article: ArticleRef | None = None) -> "ChunkRecord":
        """`article`: the ref when the caller already decoded it (one per article, shared)."""
        start = meta["start"]
        entries = json.loads(meta.get("quote_entries") or "[]")
        return cls(article or ArticleRef.decode(meta), meta["n"], start, meta["end"], document,
                   _spans(meta.get("sentence_spans"), start), meta.get("sentence_vectors", ""),
                   [QuoteEntry(*e) for e in entries])


def _spans(raw: str | None, start: int) -> list[tuple[int, int]] | None:
    """Absolute sentence spans from "s-e,s-e" relative to the chunk's start."""
    if not raw:
        return None
    try:
        return [(start + int(s), start + int(e)) for s, e in (p.split("-") for p in raw.split(","))]
    except ValueError:
        return None


@dataclass
class QuoteRecord:
    """One quotation of an article (`quote.text == article_text[quote.start:quote.end]`)."""

    article: ArticleRef
    n: int  # the quote's place in its article
    quote: Quote
    vector: np.ndarray | None = None  # written; read only through the quote table

    @staticmethod
    def make_id(article: str, n: int) -> str:
        return f"{article}:q{n}"

    @property
    def id(self) -> str:
        return self.make_id(self.article.id, self.n)

    def encode(self) -> tuple[str, np.ndarray | None, None, dict]:
        q, ref = self.quote, self.article
        packed = {
            "source": ref.source, "title": ref.title, "day": ref.day,
            "source_key": ref.publisher.lower(),
            "speaker": q.speaker or "", "role": q.role or "", "kind": q.kind,
            "speaker_span": [q.speaker_span.start, q.speaker_span.end] if q.speaker_span else None,
            "cue": [q.cue.start, q.cue.end] if q.cue else None,
            "contents": [[s.start, s.end] for s in q.contents],
            "start": q.start, "end": q.end, "text": q.text, "parties": q.parties,
        }
        return self.id, self.vector, None, {"article": ref.id, _QUOTE_KEY: json.dumps(packed, ensure_ascii=False)}

    @staticmethod
    def reencode(meta: dict, ref: ArticleRef) -> dict:
        """A stored quote record's metadata with what it repeats of `ref` written anew."""
        packed = {**json.loads(meta[_QUOTE_KEY]), "source": ref.source, "title": ref.title,
                  "day": ref.day, "source_key": ref.publisher.lower()}
        return {**meta, "article": ref.id, _QUOTE_KEY: json.dumps(packed, ensure_ascii=False)}

    @staticmethod
    def decode_quote(meta: dict) -> Quote:
        """The `Quote` a record holds, its `source` set to its article's."""
        r = json.loads(meta[_QUOTE_KEY])
        return Quote(
            speaker=r["speaker"] or None,
            speaker_span=Span(*r["speaker_span"]) if r["speaker_span"] else None,
            cue=Span(*r["cue"]) if r["cue"] else None,
            contents=[Span(s, e) for s, e in r["contents"]],
            kind=r["kind"], role=r["role"] or None, source=r["source"],
            start=r["start"], end=r["end"], text=r["text"], parties=r["parties"],
        )


@dataclass
class ArticleRecord:
    """One article: its whole text (`text`, None when not read), its PDF page starts, how
    many chunks and quotes it has, the hash of its text, for the same text under another
    path the id of the article that holds the chunks (`copy_of`), and the version of the
    rules that read its quotes (`rules`, quotes.rules_version; "" from before it was kept)."""

    ref: ArticleRef
    text: str | None
    text_sha: str
    copy_of: str = ""
    chunk_count: int = 0
    quote_count: int = 0
    pages: list[int] | None = None
    vector: np.ndarray | None = None  # written; not read back
    # Date and publisher as a person set them (Assistant.correct): they win over the
    # file's own and outlive re-indexing.
    corrections: dict = field(default_factory=dict)
    rules: str = ""

    @property
    def id(self) -> str:
        return self.ref.id

    @classmethod
    def of(cls, article: Article, text_sha: str, copy_of: str = "", rules: str = "") -> "ArticleRecord":
        return cls(ArticleRef.of(article), article.text, text_sha, copy_of,
                   pages=article.meta.get("pages"),
                   corrections=dict(article.meta.get("corrections") or {}), rules=rules)

    def encode(self) -> tuple[str, np.ndarray | None, str | None, dict]:
        meta = {**self.ref.encode(), "text_sha": self.text_sha, "copy_of": self.copy_of,
                "chunk_count": self.chunk_count, "quote_count": self.quote_count,
                "rules": self.rules}
        if self.pages:
            meta["pages"] = json.dumps(self.pages)
        if self.corrections:
            meta["corrections"] = json.dumps(self.corrections, ensure_ascii=False)
        return self.id, self.vector, self.text, meta

    @classmethod
    def decode(cls, document: str | None, meta: dict) -> "ArticleRecord":
        pages = json.loads(meta["pages"]) if meta.get("pages") else None
        corrections = json.loads(meta["corrections"]) if meta.get("corrections") else {}
        return cls(ArticleRef.decode(meta), document, meta.get("text_sha", ""),
                   meta.get("copy_of", ""), meta.get("chunk_count", 0),
                   meta.get("quote_count", 0), pages, corrections=corrections,
                   rules=meta.get("rules", ""))

    def to_article(self) -> Article:
        """The article as it was indexed (needs the text read)."""
        ref = self.ref
        meta = {"date": ref.date, "source_name": ref.publisher, "url": ref.url, "pages": self.pages,
                "corrections": self.corrections}
        return Article(ref.source, ref.title, self.text or "", ref.sha256, ref.path,
                       {k: v for k, v in meta.items() if v})

    def listing(self) -> dict:
        """What `Assistant.documents()` lists of the article."""
        ref = self.ref
        return {"source": ref.source, "title": ref.title, "date": ref.date,
                "source_name": ref.publisher, "url": ref.url, "path": ref.path,
                "sha256": ref.sha256, "chunks": self.chunk_count, "quotes": self.quote_count,
                "copy_of": self.copy_of, "corrected": sorted(self.corrections)}
