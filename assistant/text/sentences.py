"""Sentences with character offsets, and the one list of abbreviations they respect.

Three splitters share the list, because each serves a different reader and merging them
would move sentence bounds that chunking or attribution depend on:

* ``sentence_spans`` (Punkt): whole-text sentences for chunks and citations; a quotation
  and its attribution stay one sentence.
* ``paragraph_sentence_spans``: cuts one paragraph completely into sentences that end at
  . ! ? before a capital letter or an opening mark; quote extraction decides sentence by
  sentence what to parse.
* ``sentence_bounds``: the sentence around a span of a quote, found within a window so
  that the cost stays constant on one-paragraph texts; it also stops at a newline.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# Abbreviations after which a period does not end a sentence in news text, as written there.
ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "St", "Jr", "Sr",
    "Sen", "Rep", "Gov", "Pres", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm",
    "No", "vs", "Corp", "Inc", "Co", "Ltd",
    "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "U.S", "U.K", "U.N", "E.U",
)
# The titles among them, which stand before a name.
NAME_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "Sen", "Rep", "Gov", "Pres", "Gen", "Lt",
               "Col", "Maj", "Capt", "Sgt", "Adm")
# Punkt splits after "Rev." (it was never given it): adding it would move chunk bounds.
_PUNKT_SPLITS_AFTER = frozenset({"Rev"})
# The quote splitters end a sentence after these: attribution was tuned with those bounds,
# which "Pres." or "Adm." before a name would move. Initials and dotted forms ("J.",
# "U.S.") they recognise by their shape.
_QUOTE_SPLITTERS_END_AFTER = frozenset({"Pres", "Maj", "Adm", "Inc", "Co", "Ltd", "Jan", "Feb",
                                        "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
                                        "U.S", "U.K", "U.N", "E.U"})
# Plural titles the quote splitters read through too ("lead Sens. Jon Tester and David
# Vitter to ..."): the sentence, and its speakers, used to end at "Sens."; the chunk
# splitter is left as it was. quotes/parse.py keeps them whole in spaCy's tokenizer too.
PLURAL_TITLES = ("Sens", "Reps", "Govs")
# A legislator's title the quote splitters read through as well ("said Del. Stacey Plaskett
# of the Virgin Islands"): ending the sentence there made "Del." the speaker. So are ranks
# and offices written before a name ("said Navy Cmdr. Jeff Davis").
QUOTE_TITLES = PLURAL_TITLES + ("Del", "Cmdr", "Cpl", "Pvt", "Spc", "Brig", "Amb", "Supt",
                                "Insp", "Det", "Atty", "Msgr")
_QUOTE_ABBREVIATIONS = tuple(a for a in ABBREVIATIONS if a not in _QUOTE_SPLITTERS_END_AFTER
                             ) + QUOTE_TITLES

# A sentence merged across an unbalanced quotation never grows past this.
_MAX_MERGED = 1200


@lru_cache(maxsize=1)
def _tokenizer() -> "PunktSentenceTokenizer":
    # nltk takes seconds to import: only a process that splits whole texts pays for it.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = {a.lower() for a in ABBREVIATIONS if a not in _PUNKT_SPLITS_AFTER}
    return PunktSentenceTokenizer(params)


def _quote_depth(text: str) -> int:
    """Open double quotation marks left at the end of `text` (curly, guillemets, straight)."""
    depth = 0
    straight_open = False
    for ch in text:
        if ch in "“«„":
            depth += 1
        elif ch in "”»" and depth:
            depth -= 1
        elif ch == '"':
            straight_open = not straight_open
    return depth + (1 if straight_open else 0)


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, shifted by `offset`.

    Punkt splits inside quotations ("“We must move toward peace. We need ...,” he said."):
    those pieces are joined back so that a quotation and its attribution stay one sentence.
    """
    spans: list[list[int]] = []
    for start, end in _tokenizer().span_tokenize(text):
        if spans and end - spans[-1][0] <= _MAX_MERGED and _quote_depth(text[spans[-1][0] : start]):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(s + offset, e + offset) for s, e in spans]


def split_sentences(text: str) -> list[str]:
    """Sentences as strings that concatenate back to `text` (for the chunk splitter)."""
    starts = [start for start, _ in sentence_spans(text)]
    if not starts:
        return [text]
    cuts = [0, *starts[1:], len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def _not_after_abbreviation() -> str:
    """Lookbehinds refusing a sentence end right after an abbreviation (Python's
    lookbehinds are fixed-width: one per abbreviation length)."""
    by_length: dict[int, list[str]] = {}
    for abbreviation in _QUOTE_ABBREVIATIONS:
        by_length.setdefault(len(abbreviation), []).append(abbreviation)
    return "".join(rf"(?<!\b(?:{'|'.join(words)}))" for _, words in sorted(by_length.items()))


# A sentence ends at . ! ? (and a closing mark) before a capital or an opening mark, not
# after an initial ("J."), a dotted form ("U.S.") or an abbreviation ("Sen."); the last
# sentence runs to the end of the paragraph.
_PARAGRAPH_SENTENCE = re.compile(rf".+?(?:(?<!\b[A-Z]){_not_after_abbreviation()}"
                                 r"(?<!\.[A-Z])[.!?][\"”’]?(?=\s+[\"“A-Z])|$)")


def paragraph_sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph (no newlines); together they cover
    it, each sentence after the first starting with the spaces before it."""
    return [m.span() for m in _PARAGRAPH_SENTENCE.finditer(paragraph)]


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
# a period that closes an abbreviation, an initial or a dotted form ("Sen.", "J.", "U.S.")
_ABBREVIATED = re.compile(rf"(?:\b(?:{'|'.join(_QUOTE_ABBREVIATIONS)}|[A-Z])|\.[A-Za-z])\.$")
_WINDOW = 400  # how far sentence_bounds looks either side of the span


def sentence_bounds(text: str, lo: int, hi: int) -> tuple[int, int]:
    """(start, end) of the sentence around text[lo:hi].

    It starts right after the last newline, or the last . ? ! followed by a space (after
    an abbreviation too), before `lo`, so with that space. It ends after the first . ! ?
    after `hi` that is followed by a space and closes no abbreviation, or at the next
    newline. Each side looks at most _WINDOW characters away. A period inside a closing
    mark (“...done.”) ends nothing.
    """
    window = max(0, lo - _WINDOW)  # windows keep this constant-time on one-paragraph texts
    start = max(text.rfind("\n", window, lo), window - 1,
                max(text.rfind(p, window, lo) for p in (". ", "? ", "! ")))
    newline = text.find("\n", hi, hi + _WINDOW)
    newline = len(text) if newline < 0 else newline
    end = min(newline, hi + _WINDOW)
    for m in _SENTENCE_END.finditer(text, hi, end):
        if not _ABBREVIATED.search(text, max(0, m.start() - 5), m.start() + 1):
            end = m.end()
            break
    return start + 1, end
