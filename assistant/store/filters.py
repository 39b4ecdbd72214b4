"""Filters on what an answer may cite: the publisher, a date range, one article.

The store's filter grammar: `where()` is its one translation into a Chroma query, and
`accepts()` the same test on an article's `ArticleRef`, for results that do not come from
a Chroma query (keyword search, the quote table)."""
from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.text.dates import day_number, typed_date

if TYPE_CHECKING:
    from assistant.store.records import ArticleRef


@dataclass(frozen=True)
class Filters:
    source: str | None = None  # publisher or site, as the articles name it (any case)
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    article: str | None = None  # an article's source id (its path)

    @classmethod
    def build(cls, source=None, since=None, until=None, article=None) -> "Filters":
        """Checked filters: a date that cannot be read is refused, naming the field."""
        dates = {name: typed_date(value, name) for name, value in (("since", since), ("until", until))}
        if dates["since"] and dates["until"] and dates["since"] > dates["until"]:
            raise AssistantError(f"since ({dates['since']}) is after until ({dates['until']})")
        return cls((source or "").strip() or None, dates["since"], dates["until"], article or None)

    @property
    def active(self) -> bool:
        return any((self.source, self.since, self.until, self.article))

    def clauses(self) -> list[dict]:
        out = []
        if self.source:
            out.append({"source_key": self.source.lower()})
        if self.since:
            out.append({"day": {"$gte": day_number(self.since)}})
        if self.until:
            out.append({"day": {"$lte": day_number(self.until)}})
        if self.article:
            out.append({"source": self.article})
        return out

    def where(self, *extra: dict) -> dict | None:
        """A Chroma `where` for these filters, and-ed with `extra` clauses."""
        clauses = [*self.clauses(), *extra]
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, article: ArticleRef) -> bool:
        """The same test as `where()`, on one article."""
        if self.source and article.publisher.lower() != self.source.lower():
            return False
        if self.since and article.day < day_number(self.since):
            return False
        if self.until and article.day > day_number(self.until):
            return False
        return not (self.article and article.source != self.article)


NO_FILTERS = Filters()
