"""Direct quotes given speakers: the rules that turn each quoted passage, with the cue
assignment chose for it, into a quote (or drop it as a title or scare quote).

Rules run in this order, the first that applies wins: a signature line after the quote;
a name and a colon before it ("Trump: “...”"; a paragraph that opens so is labelled.py's);
for a quote with a cue, quoted words inside the cue's indirect speech (mixed) or the cue's
own quote; for one without, the speaker of the previous quote going on, the cue ending the
previous paragraph, the named speaker earlier in the paragraph, and last the speaker of the
passage.
"""
from __future__ import annotations

import re

from assistant.quotes.context import ArticleContext, Passage
from assistant.quotes.cues import Cue, trim_span
from assistant.quotes.marks import DOUBLE_MARK, closing_punctuation
from assistant.quotes.model import Quote, Span
from assistant.text.sentences import sentence_bounds

# "Trump: ‘...’", "- More from Jones: “...”": a name and a colon before the quote
_LABEL = re.compile(r"(?:.*?[-—–]\s|^)\s*([A-Z][\w.’'\- ]{1,60}?)\s*:\s*$", re.M)
# 'Clinton: "...ISIS." Bush: "..."': labelled quotes in a row, the next label right after
# the last quote's end
_LABEL_AFTER_QUOTE = re.compile(
    r"[.!?][\"”’][ \t]+([A-Z][\w.’'\-]*(?:[ \t][A-Z][\w.’'\-]*){0,3})[ \t]*:[ \t]*$")
# "Pollsters agree - Carl Bialik: “...”": a label after a dash names the speaker even
# where the words before it hold a cue
_DASHED_LABEL = re.compile(r"\s[-—–]\s+[A-Z][\w.’'\- ]{1,60}?\s*:\s*$")
# a signature line after the quote: "” ― Jorge Falcon", "”\n\n- Sanders."
_BYLINE = re.compile(r"[^\S\n]*\n?\s*[―—–-][^\S\n]*((?:[A-Z][\w’'\-]*\.?[^\S\n]?){1,5}?)"
                     r"[^\S\n]*\.?[^\S\n]*(?=\n|$)")
# a quoted title inside a phrase: "on CBS's “Face the Nation,”", "of “Fox News Sunday,”"
_NAMED_BY_PHRASE = re.compile(r"(?:\b(?:on|of|in|at|from|for|with|by)|['’]s)\s+$",
                              re.I)
# between a cue and the second part of its quote: an end, another quote or a new clause
_NOT_AN_ASIDE = re.compile(r"[!?;“”\"]|\b(?:and|but|or|as|while|when|because|after|before)\b")
# what may come right before a quote that opens its sentence: an end, a colon, a comma
_SENTENCE_LEAD = re.compile(r"(?:^|[.!?:\n]|,)\s*$")


def quotes_of_turns(article: ArticleContext, turns) -> None:
    """One direct quote per transcript turn [(label span, content spans)], spoken by
    the person the label names ("PENCE" -> "Mike Pence" when the article names him)."""
    text, people = article.text, article.people
    for (label_start, label_end), spans in turns:
        label = text[label_start:label_end]
        written = label.title() if label.isupper() else label
        person = people.find(written, label_start)
        name = people.canonical(person) if person >= 0 else written
        article.quotes.append(Quote(name, Span(label_start, label_end),
                                    Span(label_end, label_end + 1),
                                    [Span(a, b) for a, b in spans if b > a], "direct"))


def attribute_direct_quote(article: ArticleContext, spans: list[tuple[int, int]],
                           cue: Cue | None) -> None:
    """Add the quote that the quoted passage `spans` makes, given its assigned `cue`,
    to article.quotes (or extend the previous quote, or drop the passage)."""
    passage = article.passage(spans)
    for quote in [*article.labelled, *article.quotes[-3:]]:
        for k, part in enumerate(quote.contents):
            if part.start <= passage.start < part.end:
                # already inside a mixed quote (its clause may stop short of the mark)
                quote.contents[k] = Span(part.start, max(part.end, passage.end))
                return
    if _names_a_title(article, passage, cue):
        return
    quote = _signed_quote(article, passage)
    if quote is None and (cue is None or _DASHED_LABEL.search(
            article.text, max(passage.paragraph_start, passage.start - 120), passage.start)):
        quote = _labelled_quote(article, passage)
    if quote is not None:
        article.add(quote)
    elif cue is not None and _second_part(article, passage, cue):
        return
    elif cue is not None:
        _split_colon_part(article, passage, cue)
        article.add(_mixed_quote(article, passage, cue) or _cued_quote(article, passage, cue))
    elif not _is_title(article.text[passage.start:passage.end]):  # titles are nobody's words
        _attribute_without_cue(article, passage)


def _names_a_title(article: ArticleContext, passage: Passage, cue: Cue | None) -> bool:
    """In an interview on CBS's “Face the Nation,” Ryan said ...: capitalised words in
    marks after a preposition or a possessive name a show or a book, not speech. Not in
    what the cue reports ("proclaimed a goal of “Peace Through Strength”": a slogan),
    nor in a headline ("Graham: Trump's ‘Incredibly Hateful Rhetoric’"), where every
    word is capitalised."""
    text = article.text
    if not (_is_title(text[passage.start:passage.end])
            and _NAMED_BY_PHRASE.search(text, max(0, passage.start - 20), passage.start)):
        return False
    line_start = text.rfind("\n", 0, passage.start) + 1
    if not any(w[:1].islower() for w in text[max(line_start, passage.start - 60):passage.start].split()):
        return False
    return cue is None or not _reported_by(cue, passage)


def _reported_by(cue: Cue, passage: Passage) -> bool:
    """Whether the passage lies in what the cue reports: its content, or the phrase of its
    object or complement (not a prepositional phrase hung on it: "said on “Meet the
    Press”")."""
    if cue.content and cue.content[0] <= passage.start < cue.content[1]:
        return True
    verb = cue.token
    inside = next((t for t in verb.doc if t.idx + cue.offset >= passage.start and not t.is_punct),
                  None)
    if inside is None or inside.idx + cue.offset >= passage.end:
        return False
    for tok in [inside, *inside.ancestors]:
        if tok.head.i == verb.i and tok.i != verb.i:
            return tok.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd", "dative")
    return False


def _signed_quote(article: ArticleContext, passage: Passage) -> Quote | None:
    """“...” ― Sonya Herridge / “...”\n\n- Bernie Sanders.: the name signs the quote."""
    byline = _BYLINE.match(article.text, passage.end, passage.end + 80)
    if not byline:
        return None
    name = byline.group(1).rstrip(" \t\xa0.")
    span = (byline.start(1), byline.start(1) + len(name))
    people = article.people
    return Quote(people.name_at(*span) or name, Span(*span), None, passage.contents,
                 "direct", people.role_at(*span))


def _labelled_quote(article: ArticleContext, passage: Passage) -> Quote | None:
    """"Trump: ‘...’" in transcripts and lists: the name right before the colon speaks.
    (A paragraph "Name: words ‘quoted’" is labelled.py's.)"""
    text, people = article.text, article.people
    lead = max(passage.paragraph_start, passage.start - 120)
    label = _LABEL.fullmatch(text, lead, passage.start)
    after_quote = label is None
    if after_quote:
        label = _LABEL_AFTER_QUOTE.search(text, lead, passage.start)
        if label is None:
            return None
    span = label.span(1)
    name = people.name_at(*span)
    if after_quote and name is None:
        return None  # after another labelled quote, only a name the article knows is a label
    return Quote(name or label.group(1), Span(*span),
                 Span(label.end(1), label.end(1) + 1), passage.contents, "direct",
                 people.role_at(*span))


def _split_colon_part(article: ArticleContext, passage: Passage, cue: Cue) -> None:
    """"asserted that France had lost its identity: “...”": the indirect part and the
    quote that illustrates it are two attributions; the cue keeps no content."""
    text, content = article.text, cue.content
    lead = text[max(0, passage.start - 3):passage.start].rstrip()
    if content and content[0] < passage.start - 1 < content[1] and lead.endswith(":"):
        part = trim_span(text, content[0], passage.start)
        if part and part[1] - part[0] > 10 and not DOUBLE_MARK.search(text, *part):
            article.quotes.append(article.quote_from_cue(cue, [Span(*part)], "indirect"))
        cue.content = None


def _second_part(article: ArticleContext, passage: Passage, cue: Cue) -> bool:
    """“Every time you say that,” Tester said, referring to ..., “you give ammunition
    ...”: both passages hang on one cue, so they are one quote; add this one to it."""
    last = article.last
    if last is None or last.kind != "direct" or last.cue != Span(*cue.span):
        return False
    first_end, text = last.contents[-1].end, article.text
    if not first_end <= cue.span[0] < cue.span[1] <= passage.start:
        return False  # the cue stands between the two parts
    # the first part breaks off ("...,”"), and nothing but an aside follows the cue
    broken_off = closing_punctuation(text, first_end) in ",—–-"
    aside = text[cue.span[1]:passage.start]
    if not broken_off or len(aside) > 80 or _NOT_AN_ASIDE.search(aside):
        return False
    last.contents.extend(passage.contents)
    return True


def _mixed_quote(article: ArticleContext, passage: Passage, cue: Cue) -> Quote | None:
    """Quoted words inside the cue's indirect speech: one mixed quote of both."""
    content = cue.content
    if not (content and content[1] > passage.start and (
            content[0] < passage.start - 1
            or (content[0] <= passage.start + 1 and content[1] > passage.end + 10))):
        return None
    cue.used = True
    start, end = min(content[0], passage.start), max(content[1], passage.end)
    return article.quote_from_cue(cue, [Span(start, end)], "mixed")


def _cued_quote(article: ArticleContext, passage: Passage, cue: Cue) -> Quote:
    """The cue's direct quote; a few quoted words inside a sentence are the clause
    around them instead (mixed)."""
    cue.used = True
    words = article.text[passage.start:passage.end].split()
    clause = _paraphrase(article.text, passage.spans, cue) if len(words) <= 5 else None
    if clause is None:
        return article.quote_from_cue(cue, passage.contents, "direct")
    return article.quote_from_cue(cue, [Span(*clause)], "mixed")


def _attribute_without_cue(article: ArticleContext, passage: Passage) -> None:
    """A quote no cue introduces: the speaker goes on from before, or is found in the
    previous or the same paragraph, or is the passage's speaker; short ones are dropped."""
    if _continues_last_quote(article, passage):
        return
    quote = _quote_after_speaker_paragraph(article, passage)
    if quote is None:
        if len(article.text[passage.start:passage.end].split()) < 5:
            return  # scare quotes and titles
        quote = _quote_after_named_speaker(article, passage) or _passage_speaker_quote(
            article, passage)
    article.add(quote)


def _opens_paragraph(article: ArticleContext, passage: Passage) -> bool:
    """Nothing but spaces before the quote in its paragraph."""
    start, paragraph_start = passage.start, passage.paragraph_start
    return start - paragraph_start < 400 and not article.text[paragraph_start:start].strip()


def _continues_last_quote(article: ArticleContext, passage: Passage) -> bool:
    """“...,” he said. “...”: the same speaker goes on in the same paragraph, or in a
    paragraph that is only the quote, after the speaker's previous paragraph."""
    last = article.last
    if last is None:
        return False
    last_paragraph = article.paragraph_of(last.contents[-1].start)
    if not (last_paragraph == passage.paragraph or (
            _opens_paragraph(article, passage) and last_paragraph == passage.paragraph - 1
            and len(last.contents) < 4)):
        return False
    if last_paragraph == passage.paragraph or not article.text[
            passage.end:passage.paragraph_end].strip():
        last.contents.extend(passage.contents)
    else:
        # a paragraph that goes on after the quote is a new attribution
        article.add(Quote(last.speaker, last.speaker_span, last.cue, passage.contents,
                          "direct", last.role))
    return True


def _quote_after_speaker_paragraph(article: ArticleContext, passage: Passage) -> Quote | None:
    """“Cruz continued:\n\n“...”: a quote paragraph after its speaker's paragraph."""
    if not _opens_paragraph(article, passage):
        return None
    index = passage.paragraph
    previous_start = article.paragraph_starts[index - 1] if index > 0 else 0
    cues = article.cues_with_speaker(previous_start, passage.paragraph_start)
    return article.quote_from_cue(cues[-1], passage.contents, "direct") if cues else None


def _quote_after_named_speaker(article: ArticleContext, passage: Passage) -> Quote | None:
    """"Trump said ... “...”": the paragraph's earlier speaker, named or a pronoun."""
    cues = article.cues_with_speaker(passage.paragraph_start, passage.start)
    if cues and cues[-1].subject.tag_ in ("NNP", "NNPS", "PRP"):
        return article.quote_from_cue(cues[-1], passage.contents, "direct")
    return None


def _passage_speaker_quote(article: ArticleContext, passage: Passage) -> Quote:
    """A free-standing quote paragraph: the speaker of the passage (a quote at most
    three paragraphs back) goes on; else nobody known."""
    last = article.last
    if last is not None and last.speaker and _opens_paragraph(article, passage) and (
            passage.paragraph - article.paragraph_of(last.contents[-1].start) <= 3):
        return Quote(last.speaker, None, None, passage.contents, "direct", last.role)
    return Quote(None, None, None, passage.contents, "direct")


def _paraphrase(text: str, spans: list[tuple[int, int]], cue: Cue) -> tuple[int, int] | None:
    """Called Iowa voters “stupid” for ...: a few quoted words inside a sentence
    belong to the reported clause around them, not a quote of their own.

    Returns the clause span (on the quote's side of the cue), or None when the
    quote opens its sentence or follows a colon or comma.
    """
    if len(spans) != 1:
        return None
    start, end = spans[0]
    if _SENTENCE_LEAD.search(text, max(0, start - 3), start):
        return None
    sentence_start, sentence_end = sentence_bounds(text, start, end)
    if cue.span[1] <= start:
        # up to the sentence end or the next quote, which has its own attribution
        next_quote = DOUBLE_MARK.search(text, end, sentence_end)
        lo, hi = max(sentence_start, cue.span[1]), next_quote.start() if next_quote else sentence_end
    else:
        subject_span = cue.subject_span
        lead = min(cue.span[0], subject_span[0] if subject_span else cue.span[0])
        lo, hi = sentence_start, max(end, lead)
        if subject_span and subject_span[1] <= start:
            lo = max(lo, subject_span[1])  # the speaker is not part of what was said
    span = trim_span(text, lo, hi) or (start, end)
    return min(span[0], start), max(span[1], end)


def _is_title(quoted: str) -> bool:
    """“Eye of the Tiger,” “Make America Great Again”: a name, not speech."""
    inner = quoted.strip("“”\"‘’'«»„ ").rstrip(".,!?")
    words = [w.strip("“”\"‘’'.,:;!?") for w in inner.split()]
    if not words or len(words) > 8 or "I" in words or re.search(r"[,;:.!?] ", inner):
        return False
    long = [w for w in words if len(w) > 3] or words
    return sum(w[:1].isupper() or w[:1].isdigit() for w in long) >= 0.75 * len(long)
