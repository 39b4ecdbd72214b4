"""Sentence spans with offsets, kept whole across quotations and common abbreviations."""
from __future__ import annotations

from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

# Abbreviations after which a period does not end a sentence in news text.
_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "e.u", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt",
    "sen", "rep", "gov", "pres", "prof", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no",
    "vs", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "adm", "maj",
}
# A sentence merged across an unbalanced quotation never grows past this.
_MAX_MERGED = 1200


@lru_cache(maxsize=1)
def _tokenizer() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
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
