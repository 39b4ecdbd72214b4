"""Answers made of cited passages: the extractive composer (no LLM needed).

The answer is chosen at sentence level from the retrieved chunks; every citation is a span
of its article's text, so `document(c.source).text[c.start:c.end] == c.text` always holds.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from assistant.answer import export
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
    :param kind: "quote" (a quotation the index attributes to `speaker`), "passage" (text
        of the article that is no recorded quotation, such as reported speech the
        extraction missed) or "mention" (a passage that names the person asked about
        without giving their words).
    :param speaker: the person the quotation is attributed to (their fullest name), or
        None when the passage is nobody's recorded quotation.
    :param role: that person's role as the article gives it there ("Kremlin spokesman"),
        or None.
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
    kind: str = "passage"
    speaker: str | None = None
    role: str | None = None


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
    :param suggestions: names the question may have meant ("Ed Rendell" for "Mike
        Rendell", who is not quoted), offered to ask about and never answered for.
    :param sections: for a question naming several parties ("What did Moscow and Kyiv
        say?"), one `Section` per party, in the order asked.
    :param topic: what a "what did X say about T" question asked about (T), or None.

    ``found`` is True when at least one passage is cited; ``to_dict()`` returns
    ``{"answer": text, "citations": [each citation's fields as a dict], "speaker": ...,
    "suggestions": [...], "sections": [...], "topic": ...}`` (what ``assistant ask --json`` prints). In LLM mode the answer also carries ``mode``
    (``"llm"`` or ``"extractive"``) and ``notes`` (what the checks removed, and why).
    ``to_markdown()``, ``to_records()``, ``to_csv()`` and ``to_json()`` take the answer
    out: one row per cited passage, with its speaker, article and exact span.
    """

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    speaker: str | None = None  # the person a speaker question was answered about
    suggestions: list[str] = field(default_factory=list)
    sections: list["Section"] = field(default_factory=list)
    topic: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.citations)

    def to_dict(self) -> dict:
        return {"answer": self.text, "citations": [asdict(c) for c in self.citations],
                "speaker": self.speaker, "suggestions": list(self.suggestions),
                "sections": [asdict(s) for s in self.sections], "topic": self.topic}

    def to_records(self) -> list[dict]:
        """One row per cited passage (`export.FIELDS`: quote, speaker, role, title,
        publisher, date, url, source, file, start, end, ...), for a spreadsheet or a
        script; each row's quote is ``document(source).text[start:end]``."""
        return [export.record(c) for c in self.citations]

    def to_markdown(self) -> str:
        """The answer to paste into a story or a note: its text, then each passage as a
        block quote with its speaker and where it stands."""
        return export.answer_markdown(self)

    def to_csv(self) -> str:
        """`to_records()` as CSV text, a header line first."""
        return export.records_to_csv(self.to_records())

    def to_json(self) -> str:
        """`to_records()` as a JSON list (UTF-8 text, letters unescaped)."""
        return export.records_to_json(self.to_records())


@dataclass
class Section:
    """One party of a question that names several ("Moscow" of "Moscow and Kyiv").

    :param party: the party as the question names it.
    :param speakers: the people whose words answer for it (for an institution, those who
        speak for it), fullest names; empty when nobody is quoted.
    :param citations: the numbers (``Citation.n``) of the passages cited for it.
    :param found: whether anything of theirs answers the question.
    """

    party: str
    speakers: list[str] = field(default_factory=list)
    citations: list[int] = field(default_factory=list)
    found: bool = False


def reports_speech(text: str) -> bool:
    """The passage says that someone said something (a quotation mark, "said", "according to")."""
    return bool(_SPEECH.search(text))


def topic_terms(question: str) -> set[str]:
    """The words of a question or topic worth matching (no stop words, no "say")."""
    words = {fold_word(w) for w in WORD.findall(question)}
    return {w for w in words if w not in STOP_WORDS and w not in _QUESTION_WORDS and len(w) > 1}


def term_stem(term: str) -> str:
    """What a folded term must begin a word with to be mentioned: "ceasefire" finds
    "ceasefires", "negotiate" finds "negotiations"."""
    return term[: max(4, len(term) - 2)]


class SentenceWords:
    """A text's folded words, asked whether they mention terms (the term itself, or a word
    beginning with its stem): a stem is found by bisection in the sorted words, not by
    trying each word, since many terms are asked of each sentence. `SentenceWords.of` keeps
    those of sentences read lately: the passages questions retrieve come back again and
    again, and folding their words was a fifth of a question's time."""

    def __init__(self, sentence: str):
        self.words = frozenset(fold_word(w) for w in WORD.findall(sentence))
        self._ordered = tuple(sorted(self.words))

    @staticmethod
    @lru_cache(maxsize=16384)
    def of(sentence: str) -> "SentenceWords":
        return SentenceWords(sentence)

    def mentions(self, term: str) -> bool:
        if term in self.words:
            return True
        stem = term_stem(term)
        at = bisect_left(self._ordered, stem)
        return at < len(self._ordered) and self._ordered[at].startswith(stem)


@dataclass
class _Candidate:
    hit: Hit
    start: int
    end: int
    score: float


def compose(
    question: str, hits: list[Hit], top_k: int, exclude: set | frozenset = frozenset(),
    speaker_at=None,
) -> Answer:
    """Answer a general question with the sentences of `hits` that best answer it, each
    cited, a recorded quotation led by its speaker (see `cited_sentences`)."""
    citations = cited_sentences(question, hits, [], top_k, exclude, speaker_at)
    if not citations:
        return Answer(question, NOT_FOUND)
    lines = [attributed(c) for c in citations]
    return Answer(question, "\n\n".join(["From the indexed articles:", *lines]), citations)


def cited_sentences(
    question: str, hits: list[Hit], spellings: list[str], top_k: int,
    exclude: set | frozenset = frozenset(), speaker_at=None,
) -> list[Citation]:
    """The sentences of `hits` that best answer `question`, best first, at most `top_k`.

    `spellings` are the ways the articles write the name of a person asked about: when
    given, only sentences naming them count, and those reporting speech lead.
    `speaker_at(source, start, end)` gives the (person, role) whose recorded quotation a
    passage is: such citations are marked as that person's quotes.
    """
    citations: list[Citation] = []
    for c in sorted(_candidates(question, hits, spellings, exclude), key=lambda c: -c.score):
        text = c.hit.text[c.start - c.hit.start : c.end - c.hit.start]
        same = next((k for k in citations if near_duplicate(k.text, text)), None)
        if same is not None:  # the best-ranked copy is cited, the others listed with it
            if c.hit.source != same.source and c.hit.source not in same.also:
                same.also.append(c.hit.source)
            continue
        if len(citations) < top_k:
            citations.append(Citation(len(citations) + 1, c.hit.source, c.hit.title, c.start,
                                      c.end, text, round(c.score, 4), also=_copies(c.hit, text)))
    if speaker_at is not None:
        for citation in citations:
            name_speaker(citation, speaker_at)
    return citations


def _candidates(question: str, hits: list[Hit], spellings: list[str],
                exclude: set | frozenset) -> list[_Candidate]:
    """Every sentence of `hits` worth citing, scored by the question's words it holds and
    its passage's rank (see `cited_sentences` for `spellings`)."""
    name_terms = {fold_word(n) for n in spellings}
    terms = topic_terms(question) | name_terms
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
            words = SentenceWords.of(sentence)
            found = {t for t in terms if words.mentions(t)}
            lexical = sum(3.0 if t in name_terms else 1.0 for t in found)
            named = bool(found & name_terms)
            # "“...,” he stated." right after a sentence naming the speaker is theirs too.
            carried = named_before and bool(_PRONOUN_QUOTE.search(sentence))
            named_before = named
            if name_terms and not (named or carried):
                continue
            if carried:
                lexical += 3.0  # counts as naming the speaker
            if lexical == 0:
                continue
            score = lexical + prior
            if name_terms and _SPEECH.search(sentence):
                score += 3.0
            candidates.append(_Candidate(hit, start, end, score))
    return candidates


def name_speaker(citation: Citation, speaker_at) -> None:
    """Mark the citation as a quotation of the person `speaker_at` finds there, if any."""
    found = speaker_at(citation.source, citation.start, citation.end)
    if found is not None:
        person, role = found
        citation.kind, citation.speaker = "quote", person.name
        citation.role = role or shortest_role(person)


def shortest_role(person) -> str | None:
    """The shortest role worth showing (honorifics such as "Mr" are not roles)."""
    roles = sorted((r for r in person.roles if len(r.strip(".")) > 3), key=len)
    return roles[0] if roles else None


def attributed(citation: Citation) -> str:
    """The citation's text as an answer line, led by its speaker when it is a quotation:
    "Volodymyr Zelenskyy, Ukrainian President: “We must move toward peace…” [2]"."""
    text = citation.text.strip()
    if citation.kind == "quote" and citation.speaker:
        who = f"{citation.speaker}, {citation.role}" if citation.role else citation.speaker
        text = f"{who}: {text}"
    return f"{text} [{citation.n}]"


def _copies(hit: Hit, text: str) -> list[str]:
    """Sources of the near-duplicate passages retrieval folded into `hit` that hold `text`."""
    return sorted({
        copy.source for copy in hit.copies
        if any(near_duplicate(text, copy.text[s - copy.start : e - copy.start])
               for s, e in copy.sentences or sentence_spans(copy.text, copy.start))
    })
