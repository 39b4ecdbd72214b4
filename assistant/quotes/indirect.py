"""Indirect speech: the content of each cue that no direct quote took."""
from __future__ import annotations

import bisect

from assistant.quotes.context import ArticleContext
from assistant.quotes.marks import DOUBLE_MARK
from assistant.quotes.model import Span


def add_indirect_quotes(article: ArticleContext) -> None:
    """Add one quote per unused cue with a speaker and content to article.quotes, unless
    the quotes made so far already hold that content (all of it, or over 60%)."""
    text = article.text
    covered = sorted((s.start, s.end) for q in article.quotes for s in q.contents)
    covered_starts = [a for a, _ in covered]
    for cue in article.cues:
        if cue.used or cue.content is None or cue.subject is None:
            continue
        start, end = cue.content
        k = bisect.bisect_left(covered_starts, end)
        overlapping = [(a, b) for a, b in covered[max(0, k - 20):k] if a < end and start < b]
        if any(a <= start and end <= b for a, b in overlapping):
            continue
        if overlapping and sum(b - a for a, b in overlapping) > 0.6 * (end - start):
            continue
        kind = "mixed" if DOUBLE_MARK.search(text, start, end) else "indirect"
        article.quotes.append(article.quote_from_cue(cue, [Span(start, end)], kind))
