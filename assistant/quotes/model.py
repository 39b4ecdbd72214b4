"""What quote extraction returns: quotes with character spans into the article."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A stretch of the article: ``text[start:end]`` (character offsets)."""

    start: int
    end: int


@dataclass
class Quote:
    """One attribution: who said what, and where in the article each part stands.

    speaker: the person's name, resolved to the fullest form the article gives
        ("Dmitri Peskow" for "Peskow", "he" or "the spokesman"), or the source phrase
        as written when no person is found ("the ministry"), or None when unknown.
    speaker_span: where the source is named for this quote ("he", "Peskov",
        "Kremlin spokesman Dmitri Peskow"), or None (a quote that goes on from the
        previous one without naming anyone).
    cue: the attributing word ("said", "according to", the colon after a name), or None.
    contents: what was said, one span per part (a quote running over several
        paragraphs has one per paragraph); direct quotes include their marks.
    kind: "direct" (in quotation marks), "indirect" (reported speech) or "mixed"
        (reported speech holding quoted words).
    role: the person's role as the article gives it ("Kremlin spokesman"), or None.
    source: the article's source, filled in by the caller (extraction leaves it "").
    start, end: the smallest span holding the contents, the speaker and the cue.
    text: ``article_text[start:end]``.
    parties: keys of the countries and organisations the speaker speaks for here
        ("org:kremlin", "country:germany"; see parties.py), from their role and the
        sentences around (affiliations.py).
    """

    speaker: str | None
    speaker_span: Span | None
    cue: Span | None
    contents: list[Span]
    kind: str
    role: str | None = None
    source: str = ""
    start: int = 0
    end: int = 0
    text: str = ""
    parties: list[str] = field(default_factory=list)
