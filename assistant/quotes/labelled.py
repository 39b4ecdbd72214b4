"""Paragraphs that open with their speaker's label and a colon: a title line ("Lynch: FBI
probe is free of outside influence.", "Goldsmith: 'I was not leant on'", "Poll: Trump and
Clinton hold narrow leads in Pennsylvania.") and the turns of a transcript quoted without
marks ("Luciana Lopez: Saying to people ‘Wall Street speculation’ — ...").

The label speaks only when it is a person the article names elsewhere too (with at most
title words before the name: "Dr. Ben Carson", "Former AG Mukasey"), or, in the title, a
document or newspaper ("IG report", "NY Post"). Kickers ("The Latest", "Breaking",
"Profile", "DVD review") and labels that are a sentence of their own ("Carly Fiorina
Endorses Ted Cruz") are nobody. What follows the colon must be a statement: a finite verb
or quoted words. "Arthur Hailey: King of the bestsellers" describes the man; it is not his.
"""
from __future__ import annotations

import re

from assistant.quotes.context import ArticleContext
from assistant.quotes.cues import trim_span
from assistant.quotes.lexicon import DOCUMENT_NOUNS, NEWSPAPER_HEADS, ROLE_NOUNS, TITLES
from assistant.quotes.marks import DOUBLE_MARK
from assistant.quotes.model import Quote, Span
from assistant.quotes.names import name_tokens

# longer paragraphs that open "Jeb Bush: Student loans ..." are sections about someone
MAX_PARAGRAPH_CHARS = 200
MAX_NAME_WORDS = 3
# the label and the colon opening a paragraph
_LABEL = re.compile(r"[ \t]*([A-Z][\w.’'&\- ]{0,50}?)[ \t]*:[ \t]+(?=\S)")
# "Former AG Mukasey at RNC", "Clinton to Planned Parenthood": whom or where it was said to
_ADDRESSEE = re.compile(r"\s+(?:at|to|in|on|for|with|from|before)\s.*$", re.I)
_PUBLICATION_HEADS = NEWSPAPER_HEADS | {"newspaper", "news", "editorial"}
# 'Clinton: "...ISIS." Bush: "..."': a second speaker's label inside the paragraph
_NEXT_LABEL = re.compile(r"[.!?][\"”’]?\s+[A-Z][\w.’'\-]*(?:\s[A-Z][\w.’'\-]*){0,3}:\s")
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# quoted words after the colon: curly or straight, double or single ('I was not leant on')
_QUOTED = re.compile(r"[‘“\"']\w.*?\w[.!?,]?[’”\"']")


def title_line(text: str) -> tuple[int, int] | None:
    """Where the article's title stands: its first line, when it is short and a body
    follows it."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    if end < 0 or not text[end:].strip() or end - start > MAX_PARAGRAPH_CHARS:
        return None
    return start, end


def labelled_quotes(article: ArticleContext, nlp) -> list[Quote]:
    """The quotes of paragraphs that open with a speaker's label, in text order (the
    title line's first, when it has one)."""
    text, out = article.text, []
    title = title_line(text)
    for start in article.paragraph_starts:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if len(text[start:end].strip()) > MAX_PARAGRAPH_CHARS:
            continue
        # the title's paragraph, whatever spaces open the text
        is_title = title is not None and start <= title[0] < end
        quote = _labelled(article, nlp, (start, end), is_title)
        if quote is not None:
            out.append(quote)
    return out


def _labelled(article: ArticleContext, nlp, paragraph: tuple[int, int], title: bool) -> Quote | None:
    text = article.text
    label = _LABEL.match(text, *paragraph)
    if label is None:
        return None
    content = trim_span(text, label.end(), paragraph[1])
    if content is None or _NEXT_LABEL.search(text, *content):
        return None  # several speakers: each quote is direct.py's, by the label before it
    # who first: the statement test parses, and most labels are nobody's
    speaker = _speaker(article, label.group(1), label.start(1), paragraph, title)
    if speaker is None or not _a_statement(text[content[0]:content[1]], nlp):
        return None
    name, role = speaker
    said = text[content[0]:content[1]]
    kind = "direct" if _wholly_quoted(said) else ("mixed" if _QUOTED.search(said) else "indirect")
    return Quote(name, Span(label.start(1), label.end(1)), Span(label.end(1), label.end(1) + 1),
                 [Span(*content)], kind, role)


def _a_statement(said: str, nlp) -> bool:
    """Quoted words, or a clause with a finite verb; a question with neither quotes nor
    a verb ("Constitutional conservative or another typical career politician?") is none.
    Title case hides verbs from the tagger ("Attacks Highlight Threat"), so the words are
    also read in lower case."""
    if _QUOTED.search(said) or DOUBLE_MARK.search(said):
        return True
    lowered = said[:1] + said[1:].lower()
    return any(t.tag_ in _FINITE for variant in (said, lowered) for t in nlp(variant))


def _wholly_quoted(said: str) -> bool:
    """'We are going to win so much.': one quotation from the first mark to the last."""
    match = _QUOTED.fullmatch(said.rstrip(".;"))
    return match is not None and not _QUOTED.search(said, 1, len(said) - 1)


def _speaker(article: ArticleContext, label: str, start: int, paragraph: tuple[int, int],
             title: bool):
    """(name, role) for the label, or None when it names no one who speaks."""
    label = _ADDRESSEE.sub("", label).strip()
    words = label.split()
    if not words or any(w.lower() in ("and", "&") for w in words):
        return None  # "Netanyahu and Obama: A tortured relationship" is about two people
    if title and words[-1].lower() in DOCUMENT_NOUNS | _PUBLICATION_HEADS:
        if len(words) == 1:  # "Poll:" is the story's poll, as "the poll found" names it
            return f"the {label.lower()}", None
        return label, None  # "IG report", "WSJ editorial", "NY Daily News"
    first = 0
    while first < len(words) - 1 and _title_word(words[first]):
        first += 1
    name = " ".join(words[first:])
    if len(words) - first > MAX_NAME_WORDS or not all(w[:1].isupper() for w in words[first:]):
        return None
    if not any(len(word) > 1 for word in name_tokens(name)):
        return None  # "Q: ..." asks, "A: ..." answers: no one's name
    people = article.people
    pid = people.find(name, start)
    if pid < 0 or not people.named_outside(pid, *paragraph) or people.a_place(pid):
        return None  # no one the article names but in this label, or a place
    role = people.role_of(pid) or (" ".join(words[:first]) or None)
    return people.canonical(pid), role


def _title_word(word: str) -> bool:
    """A word that may stand before a name in a label: a title, a role, or an acronym
    ("Dr.", "Former AG", "OK Gov")."""
    low = word.lower().rstrip(".")
    return low in TITLES or low in ROLE_NOUNS or (word.isupper() and len(word) <= 4)
