"""Quotes in their own Chroma collection, and the speaker registry rebuilt from them.

Each quote is embedded by what was said (its content spans), so that "what did X say about
Y?" ranks X's quotes by topic Y. The registry is derived from the stored quotes' speaker
metadata rather than kept in a side file, so every process reading the same Chroma (embedded
or a server) sees the same people.
"""
from __future__ import annotations

import json
from collections import Counter

from .embedding import Embedder
from .quotes import Quote, Span
from .speakers import Person, SpeakerRegistry
from .store import Store


def content_text(text: str, quote: Quote) -> str:
    return " … ".join(text[s.start : s.end] for s in quote.contents)


def records(aid: str, source: str, title: str, text: str, quotes: list[Quote]) -> dict:
    """Chroma add() arguments for an article's quotes (without embeddings)."""
    metadatas = []
    for q in quotes:
        metadatas.append({
            "article": aid, "source": source, "title": title,
            "speaker": q.speaker or "", "role": q.role or "", "kind": q.kind,
            "speaker_span": json.dumps([q.speaker_span.start, q.speaker_span.end]) if q.speaker_span else "",
            "cue": json.dumps([q.cue.start, q.cue.end]) if q.cue else "",
            "contents": json.dumps([[s.start, s.end] for s in q.contents]),
            "start": q.start, "end": q.end,
        })
    return {
        "ids": [f"{aid}:q{i}" for i in range(len(quotes))],
        "documents": [text[q.start : q.end] for q in quotes],
        "metadatas": metadatas,
    }


def _span(raw: str) -> Span | None:
    return Span(*json.loads(raw)) if raw else None


def from_record(document: str, meta: dict) -> Quote:
    return Quote(
        speaker=meta["speaker"] or None,
        speaker_span=_span(meta["speaker_span"]),
        cue=_span(meta["cue"]),
        contents=[Span(s, e) for s, e in json.loads(meta["contents"])],
        kind=meta["kind"],
        role=meta["role"] or None,
        source=meta["source"],
        start=meta["start"],
        end=meta["end"],
        text=document,
    )


class QuoteIndex:
    def __init__(self, store: Store, embedder: Embedder):
        self.store = store
        self.embedder = embedder
        self._registry: SpeakerRegistry | None = None
        self._generation = None

    def registry(self) -> SpeakerRegistry:
        generation = self.store.settings().get("generation")
        if self._registry is None or generation != self._generation:
            metas = self.store.quotes.get(include=["metadatas"])["metadatas"] or []
            # Each spelling is folded once, however many quotes it has.
            counts = Counter((m["speaker"], m["role"]) for m in metas if m["speaker"])
            registry = SpeakerRegistry()
            for (name, role), count in sorted(counts.items(), key=lambda kv: -len(kv[0][0])):
                registry.add(name, role or None, count)
            self._registry, self._generation = registry, generation
        return self._registry

    def people(self, name: str) -> list[Person]:
        return self.registry().resolve(name)

    def find(self, speaker: str | None = None, about: str | None = None, k: int | None = None) -> list[Quote]:
        """Quotes of the person `speaker` names (all people if None), ranked by topic `about`
        when given, else in article order."""
        where = None
        if speaker:
            people = self.people(speaker)
            if not people:
                return []
            aliases = sorted(set().union(*(p.aliases for p in people[:1])))
            where = {"speaker": {"$in": aliases}}
        total = self.store.quotes.count()
        if total == 0:
            return []
        if about:
            vector = self.embedder.encode([about])[0]
            got = self.store.quotes.query(
                query_embeddings=[vector], n_results=min(k or total, total), where=where,
                include=["documents", "metadatas"],
            )
            pairs = zip(got["documents"][0], got["metadatas"][0])
        else:
            got = self.store.quotes.get(where=where, include=["documents", "metadatas"])
            pairs = sorted(zip(got["documents"], got["metadatas"]), key=lambda dm: (dm[1]["title"], dm[1]["source"], dm[1]["start"]))
        quotes = [from_record(d, m) for d, m in pairs]
        return quotes[:k] if k else quotes
