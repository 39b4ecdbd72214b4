"""Transcripts quoted as one passage: "PENCE: ...\n\n"WALLACE: ...". Each
speaker's turn is its own quote, named by the label that opens it.
"""
from __future__ import annotations

import re

# "PENCE:", "Chris Matthews:" right after the opening mark of a paragraph
_TURN = re.compile(r"[\"“”]?[ \t]*((?:[A-Z][A-Z.’'\-]+)(?:[ \t][A-Z][A-Z.’'\-]+){0,3}"
                   r"|[A-Z][a-z]+(?:[ \t][A-Z][\w.’'\-]+){1,3}):[ \t]+(?=\S)")


def split_turns(text: str, direct: list[list[tuple[int, int]]]):
    """Split the quoted passages `direct` (from find_direct_quotes) into transcript turns.

    Returns (passages that are no turns, turns as (label span, content spans)). A
    passage with no labelled paragraph is kept whole; in one with labels, each label
    starts a turn and unlabelled paragraphs continue the current turn (paragraphs
    before the first label are kept as passages of their own).
    """
    kept, turns = [], []
    for spans in direct:
        found = [_TURN.match(text, a, b) for a, b in spans]
        if not any(found):
            kept.append(spans)
            continue
        current = None
        for (a, b), m in zip(spans, found):
            if m:
                current = (m.span(1), [(m.end(), _strip_close(text, m.end(), b))])
                turns.append(current)
            elif current is not None:
                current[1].append((a, b))
            else:
                kept.append([(a, b)])
    return kept, turns


def _strip_close(text: str, a: int, b: int) -> int:
    """End of a turn without its closing mark (the label sits inside the quote)."""
    while b > a and text[b - 1] in "\"”’ \t":
        b -= 1
    return b
