"""Answers made of cited passages: the extractive composer (no LLM needed).

The answer is chosen at sentence level from the retrieved chunks; every citation is a span
of its article's text, so `document(c.source).text[c.start:c.end] == c.text` always holds.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from assistant.quotes.lexicon import QUESTION_SPEECH_WORDS, SPEECH_MARKERS
from assistant.text.stopwords import STOP_WORDS

from assistant.search.duplicates import near_duplicate
from assistant.search.keyword import WORD
from assistant.search.retriever import Hit
from assistant.text.folding import fold_word
from assistant.text.sentences import sentence_spans

NOT_FOUND = "Not found in the indexed articles."
_SPEECH = re.compile(
    r"[“”\"«»„]|\b(?:" + "|".join(re.escape(w) for w in SPEECH_MARKERS) + r")\b", re.IGNORECASE)
_PRONOUN_QUOTE = re.compile(r"[“”\"«»„].*\b(?:he|she)\b", re.IGNORECASE)
_QUESTION_WORDS = QUESTION_SPEECH_WORDS


@dataclass
class Citation:
    """One cited passage: always ``document(source).text[start:end] == text``.

    :param n: the passage's number, as the answer's ``[n]`` markers write it (from 1).
    :param source: the article's id: its file's absolute path, plus ``#key`` inside a JSON
        file; ``Assistant.document(source)`` reads the article.
    :param title: the article's title.
    :param start: offset of the passage's first character in the article's text.
    :param end: offset just past its last character.
    :param text: the passage, exactly as the article holds it.
    :param score: how strongly the passage was chosen (higher is better); comparable only
        within one answer.
    :param also: sources of other files holding the same passage (the same article stored
        again, or a near-duplicate copy); default empty.
    :param date: the article's publication date (ISO 8601), or None when unknown.
    :param publisher: the publisher or site that issued the article, or None.
    :param url: the article's web address, or None.
    :param file: the path of the file the article was read from, or None.
    :param sha256: the SHA-256 (hex) of that file, or None.
    :param page: the PDF page (from 1) holding the passage's start, or None for other formats.
    """

    n: int
    source: str
    title: str
    start: int
    end: int
    text: str
    score: float
    # Other files holding this passage: the same article stored once, or a near-duplicate
    # (a syndicated copy with small edits) whose passage is cited here instead.
    also: list[str] = field(default_factory=list)
    # The cited article's metadata, where known.
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    # "file", not "path": Gradio's client reads any {"path": ...} in a result as a file to fetch.
    file: str | None = None
    sha256: str | None = None
    page: int | None = None  # PDF page holding the start of the passage


@dataclass
class Answer:
    """An answer made of cited passages, as `Assistant.ask` and `Chat.ask` return it.

    :param question: the question answered, whitespace collapsed (for a chat's follow-up,
        the whole question it was resolved to).
    :param text: the answer; each ``[n]`` in it cites ``citations[n - 1]``. When nothing
        was found it says so (``"Not found in the indexed articles."``) and cites nothing.
    :param citations: the passages cited, numbered from 1 in order; default empty.
    :param speaker: the person a "what did X say" question was answered about (their name
        as the index knows it), or None for other questions.

    ``found`` is True when at least one passage is cited; ``to_dict()`` returns
    ``{"answer": text, "citations": [each citation's fields as a dict]}`` (what
    ``assistant ask --json`` prints). In LLM mode the answer also carries ``mode``
    (``"llm"`` or ``"extractive"``) and ``notes`` (what the checks removed, and why).
    """

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    speaker: str | None = None  # the person a speaker question was answered about

    @property
    def found(self) -> bool:
        return bool(self.citations)

    def to_dict(self) -> dict:
        return {"answer": self.text, "citations": [asdict(c) for c in self.citations]}


def _terms(question: str) -> set[str]:
    words = {fold_word(w) for w in WORD.findall(question)}
    return {w for w in words if w not in STOP_WORDS and w not in _QUESTION_WORDS and len(w) > 1}


def _matches(term: str, words: set[str]) -> bool:
    # Light stemming: "ceasefire" finds "ceasefires", "negotiate" finds "negotiations".
    stem = term[: max(4, len(term) - 2)]
    return term in words or any(w.startswith(stem) for w in words)


@dataclass
class _Candidate:
    hit: Hit
    start: int
    end: int
    score: float


def compose(
    question: str, hits: list[Hit], speaker: str | None, spellings: list[str], top_k: int,
    exclude: set | frozenset = frozenset(),
) -> Answer:
    """Pick the sentences that best answer `question` from `hits` and cite each one.

    `speaker` is the person a "what did X say" question asks about and `spellings` the ways
    the articles write that name; a speaker question only cites sentences naming them.
    """
    if speaker and not spellings:
        return Answer(question, NOT_FOUND, speaker=speaker)  # nobody of that name appears in the articles
    name_terms = {fold_word(n) for n in spellings}
    terms = _terms(question) | name_terms
    candidates: list[_Candidate] = []
    seen: set[tuple[str, int]] = set()
    for rank, hit in enumerate(hits):
        prior = 1.0 / (1 + rank) + (hit.dense or 0.0)
        named_before = False
        for start, end in hit.sentences or sentence_spans(hit.text, hit.start):
            if (hit.source, start) in seen or (hit.source, start, end) in exclude:
                continue  # overlapping chunks hold the same sentence; or shown already
            seen.add((hit.source, start))
            sentence = hit.text[start - hit.start : end - hit.start]
            words = {fold_word(w) for w in WORD.findall(sentence)}
            lexical = sum(3.0 if t in name_terms else 1.0 for t in terms if _matches(t, words))
            named = any(_matches(t, words) for t in name_terms)
            # "“...,” he stated." right after a sentence naming the speaker is theirs too.
            carried = named_before and bool(_PRONOUN_QUOTE.search(sentence))
            named_before = named
            if speaker and not (named or carried):
                continue
            if carried:
                lexical += 3.0  # counts as naming the speaker
            if lexical == 0:
                continue
            score = lexical + prior
            if speaker and _SPEECH.search(sentence):
                score += 3.0
            candidates.append(_Candidate(hit, start, end, score))
    if not candidates:
        return Answer(question, NOT_FOUND)
    citations: list[Citation] = []
    for c in sorted(candidates, key=lambda c: -c.score):
        text = c.hit.text[c.start - c.hit.start : c.end - c.hit.start]
        same = next((k for k in citations if near_duplicate(k.text, text)), None)
        if same is not None:  # the best-ranked copy is cited, the others listed with it
            if c.hit.source != same.source and c.hit.source not in same.also:
                same.also.append(c.hit.source)
            continue
        if len(citations) < top_k:
            citations.append(Citation(len(citations) + 1, c.hit.source, c.hit.title, c.start,
                                      c.end, text, round(c.score, 4), also=_copies(c.hit, text)))
    return Answer(question, _render(speaker, spellings, citations), citations, speaker=speaker)


def _copies(hit: Hit, text: str) -> list[str]:
    """Sources of the near-duplicate passages retrieval folded into `hit` that hold `text`."""
    return sorted({
        copy.source for copy in hit.copies
        if any(near_duplicate(text, copy.text[s - copy.start : e - copy.start])
               for s, e in copy.sentences or sentence_spans(copy.text, copy.start))
    })


def _distinct(quotes: list) -> tuple[list, dict[int, list[str]]]:
    """Quotes that say something new: not lying inside another quote of the same article
    (a cue phrase read as reported speech repeats part of the direct quote it introduces),
    and not nearly the same words again (a story syndicated twice is cited once). Also
    returns, by id of each kept quote, the other sources of its near-duplicates."""
    kept, copies = [], {}
    for q in quotes:
        inside = any(
            o is not q and o.source == q.source and o.start <= q.start and q.end <= o.end
            and (o.start, o.end) != (q.start, q.end)
            for o in quotes
        )
        if inside:
            continue
        same = next((k for k in kept if near_duplicate(k.text, q.text)), None)
        if same is None:
            kept.append(q)
            copies[id(q)] = []
        elif q.source != same.source and q.source not in copies[id(same)]:
            copies[id(same)].append(q.source)
    return kept, copies


def compose_quotes(
    question: str, person, quotes: list, titles: dict[str, str], top_k: int, topic: str | None,
    total: int | None = None,
) -> Answer:
    """Answer a speaker question with that person's quotes, each cited to its exact span.

    With a `topic` the quotes come ranked by it; otherwise their own words (direct quotes)
    lead. When no quote touches the topic, the answer says so before the closest ones.
    `total` is how many quotes the person has when `quotes` are only the leading ones.
    """
    quotes, copies = _distinct(quotes)
    if not topic:
        quotes = sorted(quotes, key=lambda q: q.kind == "indirect")
    off_topic = False
    if topic:
        wanted = _terms(topic)
        said = [{fold_word(w) for w in WORD.findall(q.text)} for q in quotes]
        named = {id(q): sum(_matches(t, words) for t in wanted) for q, words in zip(quotes, said)}
        # A quote that uses the topic's words leads; the vector order stays among equals
        # (one word such as "Putin" is a weak query for a sentence's vector).
        quotes = sorted(quotes, key=lambda q: -named[id(q)])
        off_topic = bool(wanted) and not any(named.values())
    shown = quotes[:top_k]
    citations = [
        Citation(n, q.source, titles.get(q.source, ""), q.start, q.end, q.text, 1.0 / n,
                 also=sorted(copies[id(q)]))
        for n, q in enumerate(shown, 1)
    ]
    # Honorifics ("Mr") are not roles worth showing; the two shortest roles say enough.
    roles = sorted((r for r in person.roles if len(r.strip(".")) > 3), key=len)[:2]
    role = f" ({', '.join(roles)})" if roles else ""
    total = max(total or 0, len(quotes))
    count = f"{total} quote{'s' if total != 1 else ''} in the indexed articles"
    if total > len(shown):
        count += f", the {len(shown)} most relevant shown"
    head = f"{person.name}{role} — {count}:"
    if off_topic:
        head = f"{person.name}{role} is not quoted on {topic} in the indexed articles; the closest of {count}:"
    lines = [f"{c.text.strip()} [{c.n}]" for c in citations]
    return Answer(question, "\n\n".join([head, *lines]), citations, speaker=person.name)


def _render(speaker: str | None, spellings: list[str], citations: list[Citation]) -> str:
    if speaker:
        spelled = [n for n in dict.fromkeys(spellings) if fold_word(n) not in fold_word(speaker)]
        note = f" (written {', '.join(spelled)} in the articles)" if spelled else ""
        head = f"What the indexed articles report of {speaker}{note}:"
    else:
        head = "From the indexed articles:"
    lines = [f"{c.text.strip()} [{c.n}]" for c in citations]
    return "\n\n".join([head, *lines])
