"""Quote extraction: who said what in an article, with character spans into it.

The stages, in the order they run:

1. marks (marks.py): quoted passages found by a scan over quotation marks;
2. labels (labelled.py): a title line or a paragraph that opens with its speaker's label
   ("Lynch: No outside influence on FBI probe.");
   transcript turns (turns.py): "PENCE: ..." paragraphs split into one quote per turn;
3. cues (parse.py, cues.py): sentences that can hold an attribution are parsed, and
   cue verbs, their speakers and reported content read from the parse;
4. assignment (assign.py, direct.py, indirect.py): each quoted passage gets its cue or
   another speaker, and cues no passage took give indirect speech;
5. names (people.py): speakers named by pronoun, role or surname resolved to the
   fullest name the article gives, and joint speakers split into one quote each;
6. learned (learned/, skipped with ``learned=False``): a model trained on PolNeAR train
   adds the attributions of verbs outside the cue lexicon that it scores as such, then
   moves the edges of each quote's content and source spans to where annotators draw them;
7. affiliations (affiliations.py): the countries and organisations each speaker speaks for.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from assistant.quotes.affiliations import add_affiliations
from assistant.quotes.assign import assign_cues
from assistant.quotes.context import ArticleContext
from assistant.quotes.cues import find_cues
from assistant.quotes.direct import attribute_direct_quote, quotes_of_turns
from assistant.quotes.labelled import labelled_quotes, title_line
from assistant.quotes.indirect import add_indirect_quotes
from assistant.quotes.learned.cues import CueCandidate, cue_candidates
from assistant.quotes.learned.model import AttributionModel, default_model
from assistant.quotes.marks import find_direct_quotes
from assistant.quotes.model import Quote, Span
from assistant.quotes.parse import MODEL, get_nlp, parse_article
from assistant.quotes.people import ArticlePeople
from assistant.quotes.turns import split_turns

__all__ = ["MODEL", "Quote", "Span", "complete_quotes", "draft_quotes", "extract_quotes",
           "find_direct_quotes", "finish_quotes", "get_nlp"]


def extract_quotes(text: str, nlp=None, learned: bool | AttributionModel = True) -> list[Quote]:
    """Direct, mixed and indirect quotes of an article, with resolved speakers, sorted
    by where they start. `nlp` is a spaCy pipeline (get_nlp() when not given); `learned`
    is True for the committed attribution model, False for the rules alone, or a model."""
    if not text or not text.strip():
        return []
    model = default_model() if learned is True else learned or None
    draft = draft_quotes(text, nlp or get_nlp(), candidates=model is not None)
    return complete_quotes(draft, text, model)


@dataclass
class Draft:
    """The rules' quotes before their extent and affiliations are set.

    quotes: the quotes; docs: the parsed runs [(offset, doc)] they were read from;
    candidates: further attributions for the model to keep or leave, each with the
    quotes it makes (one per person it names), when asked for.
    """

    quotes: list[Quote]
    docs: list
    candidates: list[tuple[CueCandidate, list[Quote]]] = field(default_factory=list)


def draft_quotes(text: str, nlp, candidates: bool = False) -> Draft:
    """The rules' quotes of `text`, and with `candidates` the attributions the model may
    add."""
    docs = parse_article(text, nlp)
    marked = find_direct_quotes(text)
    quoted = [(p[0][0], p[-1][1]) for p in marked]
    article = ArticleContext(text, docs, ArticlePeople(text, docs, quoted), find_cues(docs, text))
    article.labelled = labelled_quotes(article, nlp)
    article.quotes.extend(article.labelled)
    passages, turns = split_turns(text, marked)
    quotes_of_turns(article, turns)
    for spans, cue in zip(passages, assign_cues(passages, article.cues, text, docs)):
        attribute_direct_quote(article, spans, cue)
    add_indirect_quotes(article)
    title = title_line(text)
    in_title = [q for q in article.quotes
                if title and q.contents and q.contents[0].start < title[1]]
    quotes = [q for q in article.quotes if not _nested(q, in_title)]
    draft = Draft(_one_quote_per_person(quotes, article.people), docs)
    if candidates:
        draft.candidates = [(c, _one_quote_per_person([c.quote], article.people))
                            for c in cue_candidates(article) if not _nested(c.quote, in_title)]
    return draft


def _nested(quote: Quote, in_title: list[Quote]) -> bool:
    """A cue inside what a title line attributes ("Gowdy: Benghazi Investigation Helped
    Reveal ...", "Obama Says African-American Museum Will Tell of ...") reports the outer
    speaker's claim in title case, which the parse misreads: it is no attribution of its
    own ("Benghazi", a "Museum" were speakers)."""
    if quote.cue is None:
        return False
    return any(quote is not outer and _holds(outer, quote.cue.start)
               and not (outer.cue and _holds(quote, outer.cue.start)) for outer in in_title)


def _holds(quote: Quote, pos: int) -> bool:
    return any(part.start <= pos < part.end for part in quote.contents)


def complete_quotes(draft: Draft, text: str, model: AttributionModel | None) -> list[Quote]:
    """The quotes of `draft` with the candidates `model` keeps and its edges (the rules'
    quotes alone when None), finished; the draft's quotes are changed in place."""
    quotes = list(draft.quotes)
    if model is not None:
        quotes += model.kept(draft.candidates)
        model.adjust(quotes, draft.docs, text)
    return finish_quotes(quotes, text)


def finish_quotes(quotes: list[Quote], text: str) -> list[Quote]:
    """Draft quotes with their extent and affiliations set, sorted by where they start."""
    for quote in quotes:
        _set_extent(quote, text)
    add_affiliations(quotes, text)
    return sorted(quotes, key=lambda q: q.start)


def _one_quote_per_person(quotes: list[Quote], people: ArticlePeople) -> list[Quote]:
    """"Starmer and Baerbock urged ...": one quote per named person."""
    out = []
    for q in quotes:
        names = people.conjoined(q.speaker_span) if q.speaker_span else []
        if len(names) < 2:
            out.append(q)
            continue
        out.extend(Quote(name, Span(*span), q.cue, list(q.contents), q.kind, role)
                   for name, span, role in names)
    return out


def _set_extent(quote: Quote, text: str) -> None:
    """Sort the quote's contents and set start, end and text to cover all its spans."""
    quote.contents.sort(key=lambda x: x.start)
    spans = [(x.start, x.end) for x in [*quote.contents, quote.speaker_span, quote.cue]
             if x is not None]
    quote.start, quote.end = min(a for a, _ in spans), max(b for _, b in spans)
    quote.text = text[quote.start:quote.end]
