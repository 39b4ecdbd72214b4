"""What the attribution stages share about one article while they build its quotes."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from assistant.quotes.cues import Cue
from assistant.quotes.model import Quote, Span
from assistant.quotes.people import ArticlePeople


@dataclass
class Passage:
    """A direct quote being attributed.

    spans: its (start, end) spans including the marks, one per paragraph.
    contents: the same as Span objects.
    start, end: from its first mark to its last.
    paragraph: index of the paragraph it starts in; paragraph_start is where that
        paragraph starts, paragraph_end the first newline after the quote (or the end
        of the text when none follows within 400 characters).
    """

    spans: list[tuple[int, int]]
    contents: list[Span]
    start: int
    end: int
    paragraph: int
    paragraph_start: int
    paragraph_end: int


@dataclass
class ArticleContext:
    """One article as the attribution stages see it.

    text: the article.
    docs: its parsed runs of sentences [(offset, doc)].
    people: the people it names, for resolving speakers.
    cues: its cues, sorted by position; cue_starts their start offsets.
    paragraph_starts: where each non-empty line starts.
    quotes: the quotes made so far, in the order they were made.
    last: the direct quote attributed most recently, whose speaker may go on speaking.
    labelled: the quotes of paragraphs that open with their speaker's label (labelled.py).
    """

    text: str
    docs: list
    people: ArticlePeople
    cues: list[Cue]
    cue_starts: list[int] = field(default_factory=list)
    paragraph_starts: list[int] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    last: Quote | None = None
    labelled: list[Quote] = field(default_factory=list)

    def __post_init__(self):
        self.cue_starts = [c.span[0] for c in self.cues]
        self.paragraph_starts = [m.start() for m in re.finditer(r"[^\n]+", self.text)]

    def paragraph_of(self, pos: int) -> int:
        """Index of the paragraph holding `pos` (-1 before the first)."""
        return bisect.bisect_right(self.paragraph_starts, pos) - 1

    def passage(self, spans: list[tuple[int, int]]) -> Passage:
        """The direct quote with these spans, placed in its paragraph."""
        start, end = spans[0][0], spans[-1][1]
        paragraph = self.paragraph_of(start)
        paragraph_start = self.paragraph_starts[paragraph] if paragraph >= 0 else 0
        paragraph_end = self.text.find("\n", end, end + 400)
        paragraph_end = len(self.text) if paragraph_end < 0 else paragraph_end
        return Passage(spans, [Span(a, b) for a, b in spans], start, end, paragraph,
                       paragraph_start, paragraph_end)

    def add(self, quote: Quote) -> None:
        """Keep `quote` as the latest direct attribution."""
        self.quotes.append(quote)
        self.last = quote

    def cues_with_speaker(self, lo: int, hi: int) -> list[Cue]:
        """Cues that start in [lo, hi) and have a speaker, in text order."""
        first, stop = bisect.bisect_left(self.cue_starts, lo), bisect.bisect_left(self.cue_starts, hi)
        return [c for c in self.cues[first:stop] if c.subject is not None]

    def quote_from_cue(self, cue: Cue, contents: list[Span], kind: str) -> Quote:
        """A quote of `contents` by the cue's speaker, resolved to the person named."""
        span = cue.subject_span
        name, role = self.people.resolve(cue.subject, cue.offset, span)
        return Quote(name, Span(*span) if span else None, Span(*cue.span), contents, kind, role)
