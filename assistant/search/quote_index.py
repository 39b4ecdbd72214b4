"""Quotes in their own Chroma collection, and the speaker registry rebuilt from them.

Each quote's vector is the mean of the sentences its words lie in (sentence_vectors.py), so
that "what did X say about Y?" ranks X's quotes by topic Y. The registry and the quote table
are derived from what the chunk records carry (or, for an older index, from the quotes
collection) rather than kept in a side file, so every process reading the same Chroma
(embedded or a server) sees the same people.
"""
from __future__ import annotations

import json
from collections import Counter

from assistant.models.embedder import Embedder
from assistant.search.filters import NO_FILTERS, Filters
from assistant.store.quote_table import RECORD_KEY, QuoteTable, record_fields
from assistant.quotes.extract import Quote, Span
from assistant.quotes.speakers import Person, SpeakerRegistry
from assistant.store.chroma import Store


_PARTICLES = {"de", "da", "del", "della", "der", "den", "van", "von", "bin", "al", "el", "la", "le", "du", "dos", "ter", "zu"}
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "many", "most", "several"}


def looks_like_person(name: str) -> bool:
    """A proper name ("Dmitri Peskow", "Andreas Heinemann-Grüder"), not a description
    ("a Microsoft spokeswoman", "the report"): only those are folded into people, since
    folding descriptions by their last word would merge every "report" into one."""
    words = name.split()
    if not 1 <= len(words) <= 5 or words[0].lower() in _DETERMINERS:
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and any(
        len(w.strip(".")) > 1 for w in words
    )


def _plain(name: str) -> str:
    """"The Mayor" and "mayor" are one key."""
    words = name.lower().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] in _DETERMINERS else words)


# What a quote record keeps of its article's metadata: what the quote table and filters
# read (url, path and the like are read from the article record).
ARTICLE_FIELDS = ("source", "title", "day", "source_key")


def records(base: dict, text: str, quotes: list[Quote]) -> dict:
    """Chroma add() arguments for an article's quotes (without embeddings); `base` is the
    article's metadata (ARTICLE_FIELDS are kept). A record is its article's id, which
    deletes and repairs filter on, and everything else, text included, in one JSON field
    (RECORD_KEY): Chroma writes a row and an index entry per metadata field and a trigram
    index per document, and on 60 BBC articles the quote write took 0.30 s that way
    against 0.08 s packed. Quotes are only ever read by id or all at once."""
    aid = base["article"]
    article = {k: base[k] for k in ARTICLE_FIELDS}
    metadatas = [{
        "article": aid,
        RECORD_KEY: json.dumps({
            **article,
            "speaker": q.speaker or "", "role": q.role or "", "kind": q.kind,
            "speaker_span": [q.speaker_span.start, q.speaker_span.end] if q.speaker_span else None,
            "cue": [q.cue.start, q.cue.end] if q.cue else None,
            "contents": [[s.start, s.end] for s in q.contents],
            "start": q.start, "end": q.end, "text": text[q.start : q.end],
        }, ensure_ascii=False),
    } for q in quotes]
    return {"ids": [f"{aid}:q{i}" for i in range(len(quotes))], "metadatas": metadatas}


def _span(pair: list | None) -> Span | None:
    return Span(*pair) if pair else None


def from_record(document: str | None, meta: dict) -> Quote:
    """`document` is the text of a record written before quotes carried it in metadata."""
    meta = record_fields(meta)
    return Quote(
        speaker=meta["speaker"] or None,
        speaker_span=_span(meta["speaker_span"]),
        cue=_span(meta["cue"]),
        contents=[Span(s, e) for s, e in meta["contents"]],
        kind=meta["kind"],
        role=meta["role"] or None,
        source=meta["source"],
        start=meta["start"],
        end=meta["end"],
        text=meta.get("text", document) or "",
    )


class QuoteIndex:
    """`keyword` gives the retriever's keyword index, whose chunk read brings the quote table."""

    def __init__(self, store: Store, embedder: Embedder, keyword=None):
        self.store = store
        self.embedder = embedder
        self._keyword = keyword
        self._registry: SpeakerRegistry | None = None
        self._table: QuoteTable | None = None
        self._others: dict[str, Person] = {}
        self._generation = None

    def registry(self) -> SpeakerRegistry:
        self._load()
        return self._registry

    def _load(self) -> QuoteTable:
        """The registry and the quote table, read again when the index has changed."""
        generation = self.store.settings().get("generation")
        if self._registry is None or generation != self._generation:
            carried = self._keyword().quotes if self._keyword else None
            table = carried if carried is not None else QuoteTable.from_collection(self.store.quotes, self.embedder.dimensions)
            # Each spelling is folded once, however many quotes it has.
            counts = Counter((name, role) for name, role in zip(table.speakers, table.roles) if name)
            registry = SpeakerRegistry()
            others: dict[str, Person] = {}
            for (name, role), count in sorted(counts.items(), key=lambda kv: -len(kv[0][0])):
                if looks_like_person(name):
                    registry.add(name, role or None, count)
                else:
                    other = others.setdefault(_plain(name), Person(name=name, aliases={name}))
                    other.aliases.add(name)
                    other.quote_count += count
            self._registry, self._table, self._others = registry, table, others
            self._generation = generation
        return self._table

    def people(self, name: str) -> list[Person]:
        """People the name refers to, best first; a source that is not a person's name
        ("the Kremlin", "a Reuters report") is matched by its exact words."""
        found = self.registry().resolve(name)
        if not found and _plain(name) in self._others:
            found = [self._others[_plain(name)]]
        return found

    def _rows(self, speaker: str | None, filters: Filters):
        """Table rows of the quotes `find` chooses from; None when nobody goes by that name."""
        table = self._load()
        if not speaker:
            return table.rows(None, filters)
        people = self.people(speaker)
        return table.rows(set(people[0].aliases), filters) if people else None

    def count(self, speaker: str | None = None, filters: Filters = NO_FILTERS) -> int:
        """How many quotes `find` chooses from."""
        rows = self._rows(speaker, filters)
        return 0 if rows is None else len(rows)

    def find(
        self, speaker: str | None = None, about: str | None = None, k: int | None = None,
        filters: Filters = NO_FILTERS, latest: bool = False,
    ) -> list[Quote]:
        """Quotes of the person `speaker` names (all people if None), ranked by topic `about`
        when given, else in article order; `latest` puts the newest articles first; at most
        `k`. Only the quotes returned are read from Chroma."""
        rows = self._rows(speaker, filters)
        if rows is None or not len(rows):
            return []
        vector = self.embedder.encode_query(about) if about else None
        ids = self._table.choose(rows, vector, k, latest)
        found: dict[str, Quote] = {}
        for at in range(0, len(ids), 5000):
            got = self.store.quotes.get(ids=ids[at : at + 5000], include=["documents", "metadatas"])
            for qid, document, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                found[qid] = from_record(document, meta)
        # In the chosen order; a quote removed since the table was read is left out.
        return [found[i] for i in ids if i in found]
