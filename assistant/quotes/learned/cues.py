"""Candidate attributions the rules leave out: verbs that made no quote and have a
subject and something it reports or takes a stand on ("Trump launched an attack on
Obama", "Democrats have brushed aside the material needs of ...", "Sanders spoke about
how ..."), described by features a model can score. The model keeps those it scores as
attributions (model.py).

Only sentences the rules already parsed are read, so finding candidates costs no parse.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from assistant.quotes import lexicon
from assistant.quotes.context import ArticleContext
from assistant.quotes.cues import trim_span, verb_cue
from assistant.quotes.marks import DOUBLE_MARK
from assistant.quotes.model import Quote, Span

_SUFFIXES = ("ing", "ed", "es", "s", "d")
# a verb without one of these dependents has nothing for a cue to report (cues.py)
_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "dative", "oprd", "prep", "mark"})
# prepositions of time and place: what they govern is when or where, never what was said
_SETTING = frozenset("after before during since until till in into inside outside near from "
                     "through throughout within across around behind beyond by".split())


@dataclass
class CueCandidate:
    """A verb the rules did not read as a cue, the quote it would make and its features.

    quote: the quote, speaker resolved as for any cue; features: names for the model.
    """

    quote: Quote
    features: list[str]


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _object_of_preposition(verb, offset: int, text: str) -> tuple[int, int] | None:
    """"spoke about how ...", "balked at hacking ...": what the first preposition after
    the verb governs, when the rules found no content (not "wrote in after the debate")."""
    for child in verb.children:
        if child.i > verb.i and child.dep_ == "prep" and child.lower_ not in _SETTING:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                toks = list(objects[0].subtree)
                return trim_span(text, offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1]))
            return None
    return None


def _content_child(verb, content: tuple[int, int], offset: int) -> str:
    """How the content hangs from the verb: its dependency, with the preposition."""
    for child in verb.children:
        if offset + child.idx >= content[0] and offset + child.idx < content[1]:
            if child.dep_ == "prep":
                return "prep:" + child.lower_
            return child.dep_
        if child.dep_ == "prep" and any(offset + g.idx >= content[0] for g in child.children):
            return "prep:" + child.lower_
    return "other"


def _features(verb, cue, inside_quote: bool, subject_person: bool, text: str) -> list[str]:
    form, stem = verb.lower_, _stem(verb.lower_)
    subject = cue.subject
    child = _content_child(verb, cue.content, cue.offset)
    deps = sorted({c.dep_ for c in verb.children})
    auxes = sorted({c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")})
    length = cue.content[1] - cue.content[0]
    f = [f"w={form}", f"stem={stem}", f"tag={verb.tag_}", f"dep={verb.dep_}",
         f"head={verb.head.tag_}", f"subj={subject.tag_}", f"subj_dep={subject.dep_}",
         f"child={child}", f"stem={stem}|child={child}",
         f"len={min(length // 40, 6)}", *(f"has={d}" for d in deps), *(f"aux={a}" for a in auxes)]
    if subject_person:
        f.append("subj_person")
    if inside_quote:
        f.append("inside_quote")
    if DOUBLE_MARK.search(text, *cue.content):
        f.append("quoted_words")
    if form in lexicon.CUE_FORMS:
        f.append("lexicon")
    return f


def cue_candidates(article: ArticleContext) -> list[CueCandidate]:
    """Verbs with a subject and a content that no rules' quote took, one candidate each."""
    text = article.text
    taken = sorted((s.start, s.end) for q in article.quotes for s in q.contents)
    starts = [a for a, _ in taken]
    cue_words = {q.cue.start for q in article.quotes if q.cue is not None}
    out = []
    for offset, doc in article.docs:
        if not doc.has_annotation("DEP"):
            continue
        for verb in doc:
            if (not verb.tag_.startswith("VB") or offset + verb.idx in cue_words
                    or not any(c.dep_ in _CONTENT_DEPS for c in verb.children)):
                continue
            cue = verb_cue(verb, offset, text)
            if cue.content is None:
                cue.content = _object_of_preposition(verb, offset, text)
            if cue.subject is None or cue.content is None or cue.subject_span is None:
                continue
            start, end = cue.content
            k = bisect.bisect_left(starts, end)
            near = [(a, b) for a, b in taken[max(0, k - 20):k] if a < end and start < b]
            if sum(min(b, end) - max(a, start) for a, b in near) > 0.6 * (end - start):
                continue  # the rules already report most of it
            at = offset + verb.idx
            inside = any(a <= at < b for a, b in taken[max(0, bisect.bisect_right(starts, at) - 20):
                                                          bisect.bisect_right(starts, at)])
            quote = article.quote_from_cue(cue, [Span(start, end)],
                                           "mixed" if DOUBLE_MARK.search(text, start, end) else "indirect")
            person = quote.speaker is not None and quote.speaker != text[slice(*cue.subject_span)]
            out.append(CueCandidate(quote, _features(verb, cue, inside, person, text)))
    return out
