"""Assignment: which cue, if any, introduces each direct quote."""
from __future__ import annotations

import bisect
import re

from assistant.quotes.cues import Cue, colon_cue
from assistant.quotes.marks import closing_punctuation, end_of_text
from assistant.text.sentences import sentence_bounds

# what may stand between a cue and its quote: "yelled “...”", "said that “...”"
_LEAD_IN = re.compile(r"[\s,:]*(?:that\s+)?")


def assign_cues(quote_spans: list[list[tuple[int, int]]], cues: list[Cue], text: str,
                docs=()) -> list[Cue | None]:
    """The cue of each direct quote (or None), in the order of `quote_spans`.

    `cues` are the article's cues sorted by position, none used yet; `docs` its parsed
    runs [(offset, doc)], where a colon before a quote can become a cue. A quote's cue
    is looked for, in this order: right after it in its sentence, in the sentence
    before it (one whose content holds the quote first), right before it, at the end
    of the previous paragraph when the quote opens its own, and at a colon before it.
    """
    starts = [c.span[0] for c in cues]
    doc_starts = [o for o, _ in docs]
    result = []
    for spans in quote_spans:
        start, end = spans[0][0], spans[-1][1]
        sentence_start, sentence_end = sentence_bounds(text, start, end)
        chosen = _cue_after(cues, starts, text, end, sentence_end)
        if chosen is not None and text[end - 2:end - 1] in ".!?":
            # Hayek said, “America has a problem.” The star then recalled ...: a quote that
            # ends its sentence inside the marks belongs to the cue right before it
            chosen = _adjacent_cue(cues, starts, text, sentence_start, start) or chosen
        if chosen is None:
            chosen = _head_cue(cues, starts, sentence_start, start)
        if chosen is None:
            chosen = _adjacent_cue(cues, starts, text, sentence_start, start)
        if chosen is None and text[sentence_start:start].strip() == "":
            chosen = _cue_ending_previous_paragraph(cues, starts, text, sentence_start)
        if chosen is None:
            colon = end_of_text(text, start, start - 10) - 1
            if colon >= 0 and text[colon] == ":" and start - colon < 4:
                chosen = colon_cue(docs, doc_starts, colon, text)
        result.append(chosen)
    return result


def _cue_after(cues, starts, text, end, sentence_end):
    """“...,” Trump said: the first cue with a speaker after the quote, in its sentence
    and before the next quote, with no other words between."""
    # a quote ending in , ? ! or a dash, or one the sentence goes on after, is followed
    # by its cue; one ending in a period takes only a cue with nothing to report after it
    tail_ok = text[end - 2:end - 1] in ",?!—-" or re.match(r"\s*[,a-z]", text[end:end + 3] or "") is not None
    next_quote = _next_quote(text, end, sentence_end)
    tail_end = sentence_end if next_quote < 0 else next_quote
    for c in cues[bisect.bisect_left(starts, end):]:
        if c.span[0] >= tail_end:
            break
        if c.subject is None:
            continue
        lead = min(c.span[0], c.subject_span[0] if c.subject_span else c.span[0])
        if lead > end and re.search(r"[^\W\d_]", text[end:lead]) and not (
                text[end - 2:end - 1] not in ".!?" and _only_nouns(c, end, lead)) and not (
                _NAME_WORD.fullmatch(text, end, lead) and closing_punctuation(text, end) in ",?!"):
            # “...,” when Clinton blasted him / “...” The implication, according to:
            # not the quote's own cue
            return None
        # “...” Trump said.  -- a cue with nothing to report after it
        if tail_ok or c.content is None or c.content[0] < c.span[0]:
            return c
        return None
    return None


# one capitalised word between a quote and its cue's subject: the start of the name the
# tagger read as something else ("...?’" Will Estrada, ..., said: "Will" as a modal)
_NAME_WORD = re.compile(r"\s+[A-Z][\w’'-]*\s+")


def _next_quote(text, start, end):
    """Where the next quotation in text[start:end] opens, or -1; a name of up to three
    words in marks (“Ted Cruz” campaign pins) is passed over."""
    at = text.find("“", start, end)
    while at >= 0:
        close = text.find("”", at, end)
        if close < 0 or len(text[at:close].split()) > 3:
            return at
        at = text.find("“", close, end)
    return -1


# Tags of a noun phrase standing between a quote and its cue's subject (“...,” another
# friend, Mariam Emara told CNN); a verb or a conjunction there (“...,” when Clinton
# blasted him) starts a clause of its own. (The parse sets tags, not coarse parts of speech.)
_NOUN_PHRASE_TAGS = frozenset({"DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD",
                               "PRP$", "POS", "HYPH", ",", "_SP", "IN", "TO"})
# ... prepositions may stand there too (“...” for the victory, Sanders said), not the
# subordinators tagged like them
_SUBORDINATORS = frozenset("""as while because after before if since although though until
when whereas unless that whether once than""".split())


def _only_nouns(cue, start, end):
    """Whether text[start:end] of the cue's doc is a noun phrase (no verb, no conjunction)."""
    toks = [t for t in cue.token.doc if start <= cue.offset + t.idx < end]
    return bool(toks) and all(t.tag_ in _NOUN_PHRASE_TAGS and t.lower_ not in _SUBORDINATORS
                              for t in toks)


def _cue_ending_previous_paragraph(cues, starts, text, paragraph_start):
    """"Cruz continued:\n\n“...”": the cue of the sentence ending the previous paragraph
    with a colon or comma."""
    prev_end = end_of_text(text, paragraph_start, paragraph_start - 400)
    if prev_end and text[prev_end - 1] in ":,":
        sentence_start, _ = sentence_bounds(text, prev_end - 1, prev_end - 1)
        return _head_cue(cues, starts, sentence_start, prev_end)
    return None


def _adjacent_cue(cues, starts, text, sentence_start, quote_start):
    """A man yelled “Stay there!”: a cue right before the quote, nothing between."""
    j = bisect.bisect_left(starts, quote_start) - 1
    if j < 0:
        return None
    c = cues[j]
    if c.span[0] < sentence_start or c.subject is None:
        return None
    return c if _LEAD_IN.fullmatch(text, c.span[1], quote_start) else None


def _head_cue(cues, starts, sentence_start, quote_start):
    """Last cue with a speaker between sentence_start and quote_start whose content
    reaches the quote."""
    j = bisect.bisect_left(starts, quote_start) - 1
    lo = bisect.bisect_left(starts, sentence_start)
    for c in cues[lo:j + 1]:
        # the outermost cue whose reported content holds the quote
        if c.subject is not None and c.content and c.content[0] <= quote_start < c.content[1] + 3:
            return c
    while j >= 0 and cues[j].span[0] >= sentence_start:
        c = cues[j]
        if c.subject is not None and (c.content is None or c.content[1] >= quote_start - 3
                                      or c.content[1] <= c.span[0]):
            return c
        j -= 1
    return None
