"""Marks: direct quotes found by a linear scan over quotation marks, as character spans.

The first stage of quote extraction; it needs no parse.
"""
from __future__ import annotations

import re

MAX_QUOTE_CHARS = 4000      # an opener not closed within this is a stray mark
_MARKS = re.compile(r"''|[\"“”«»„‘’]")
# double quotation marks only: what makes a passage a quotation rather than a scare quote
DOUBLE_MARK = re.compile(r"''|[\"“”«»„]")


def find_direct_quotes(text: str) -> list[list[tuple[int, int]]]:
    """Quoted passages as lists of (start, end) spans including the marks.

    A paragraph that ends inside a quote continues it when the next paragraph
    reopens with a quotation mark; such quotes get one span per paragraph.
    Unclosed quotes are dropped. Single quotes count only outside double
    quotes and not as apostrophes (don't, soldiers' lives).
    """
    found: list[list[tuple[int, int]]] = []
    segment = -1    # start of the open quote's current paragraph segment
    newline = -1    # first newline after segment (bounded search keeps this linear)
    closers = ""
    parts: list[tuple[int, int]] = []
    n = len(text)
    inner_closer = -1  # where a quotation nested with the same marks closes
    for m in _MARKS.finditer(text):
        ch, pos = m.group(), m.start()
        prev = text[pos - 1] if pos else " "
        nxt = text[m.end()] if m.end() < n else " "
        if pos == inner_closer:
            continue
        if segment >= 0 and ch == "“" and "”" in closers and (prev.isspace() or prev in "(["):
            inner_closer = _nested_closer(text, pos)
            if inner_closer >= 0:
                continue
        if segment >= 0:
            if 0 <= newline < pos:
                if ch in _OPENERS and not text[newline:pos].strip():
                    parts.append((segment, end_of_text(text, newline, segment)))
                    segment, closers = pos, _closer_for(ch)
                    newline = text.find("\n", pos, pos + MAX_QUOTE_CHARS)
                    continue
                segment, parts = -1, []
            elif pos - segment > MAX_QUOTE_CHARS:
                segment, parts = -1, []
            elif ch in closers and not (ch == "’" and (nxt.isalpha() or pos - segment > 150)) and not (
                    ch == "\"" and text[segment] != "\"" and not (
                        prev in _CLOSING_PUNCT or nxt == "\n" or m.end() == n)):
                found.append(parts + [(segment, m.end())])
                segment, parts = -1, []
                continue
            elif ch == "“" and closers == "”" and not prev.isspace() and (
                    nxt.isspace() or nxt in ".,;:!?)—–-" or m.end() == n):
                found.append(parts + [(segment, m.end())])  # “...“ typed with the wrong mark
                segment, parts = -1, []
                continue
            elif ch in "“«„" and closers == "”":
                parts = []  # a second opener: the first one was never closed
            else:
                continue
        if ch in "“«„" or (ch in ("\"", "''") and not nxt.isspace()) or (
                ch == "”" and nxt.isalpha() and _line_start(text, pos)) or (
                ch == "‘" and (prev.isspace() or prev in "([—–-") and nxt.isalpha()):
            segment, closers = pos, _closer_for(ch)
            newline = text.find("\n", pos, pos + MAX_QUOTE_CHARS)
    return [p for p in found if p[-1][1] - p[0][0] > 2]


def _nested_closer(text: str, pos: int) -> int:
    """Where “ at `pos`, inside an open “...”, closes as a quotation within it (“...calls
    “hell” than...”): its ”, when another ” follows in the paragraph with no new “ between;
    -1 when the outer quote rather ends there."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    inner = text.find("”", pos + 1, end)
    if inner < 0:
        return -1
    outer = text.find("”", inner + 1, end)
    return inner if outer >= 0 and "“" not in text[inner:outer] else -1


_OPENERS = frozenset({"“", "«", "„", "\"", "''", "‘", "”"})


def _line_start(text: str, pos: int) -> bool:
    """Only spaces between the last newline and pos (a closing mark opening a paragraph)."""
    j = pos - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n"


def end_of_text(text: str, end: int, lo: int) -> int:
    """Index after the last non-space character of text[lo:end] (lo if none)."""
    lo = max(0, lo)
    return lo + len(text[lo:end].rstrip())


def _closer_for(ch: str) -> str:
    # news text mixes straight and curly marks: “...," and "...” both close
    return {"“": "”\"", "”": "”\"", "«": "»", "„": "“”", "\"": "\"”", "''": "''",
            "‘": "’"}.get(ch, "”")


_CLOSING_PUNCT = frozenset(".,?!…—-")


def closing_punctuation(text: str, end: int) -> str:
    """The character before the closing marks of the quote ending at `end` ("?" of “...?’”)."""
    k = end - 1
    while k > 0 and text[k] in "\"”’'»":
        k -= 1
    return text[k]
