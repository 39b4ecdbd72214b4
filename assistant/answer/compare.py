"""What several people or parties said on one topic, side by side.

A comparison is the chat's several-parties answer ("What did Trump and Clinton say about
taxes?", `SpeakerAnswerer`) laid out as one column per party, so it decides who a name means
exactly as the chat does: an unknown name is "not quoted", with the names the registry
offers instead, never someone else's words; an institution ("the Kremlin") speaks through
its people. A column keeps the statements that use the topic's words (the chat's own test
for "on the topic"), so a party that said nothing on it says so rather than showing its
closest words on something else.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from assistant.answer import export
from assistant.answer.extractive import Answer, Citation, SentenceWords, topic_terms
from assistant.answer.speaker_answer import (SpeakerAnswerer, _party_label, did_you_mean,
                                             not_quoted)
from assistant.errors import QuestionError
from assistant.search.identity import Identity, split_parties
from assistant.search.intent import SpeakerQuestion
from assistant.store.filters import NO_FILTERS, Filters

# More columns than this are no longer read side by side.
MAX_PARTIES = 6
UNDATED = "undated"


def when(citation: Citation) -> str:
    """The statement's date as shown: its article's date, or "undated"."""
    return citation.date or UNDATED


def on_topic(text: str, topic: str | None) -> bool:
    """The text uses a word of the topic (lightly stemmed: "negotiate" finds
    "negotiations"); any text is on a topic of stop words only, or on no topic."""
    wanted = topic_terms(topic or "")
    if not wanted:
        return True
    said = SentenceWords.of(text)
    return any(said.mentions(t) for t in wanted)


@dataclass
class Column:
    """One party of a comparison.

    :param party: the party as asked; an institution as the chat names it ("the Kremlin").
    :param people: who speaks for it in the statements shown (fullest names); for a person
        with nothing on the topic, that person.
    :param statements: their statements on the topic, best first, each cited to its exact
        span (`Citation.kind` "quote", or "passage" for reported speech naming them).
    :param note: why the column is empty: "X is not quoted … Did you mean …?", "Nothing
        from X on the topic …"; empty when there are statements.
    :param suggestions: names offered for a name nobody quoted goes by; never answered for.
    :param quoted: the party names someone quoted in the articles.
    """

    party: str
    people: list[str] = field(default_factory=list)
    statements: list[Citation] = field(default_factory=list)
    note: str = ""
    suggestions: list[str] = field(default_factory=list)
    quoted: bool = False

    @property
    def found(self) -> bool:
        return bool(self.statements)


@dataclass
class Comparison:
    """What `Assistant.compare` returns: a topic and one `Column` per party, in the order
    asked. Statements are numbered from 1 across the columns (`Citation.n`); each holds
    ``document(c.source).text[c.start:c.end] == c.text``.

    ``to_records()`` gives one row per statement (the export's fields with the party
    first), ``to_csv()``/``to_json()`` those rows, ``to_markdown()`` a note to paste:
    one heading per party, each statement as a block quote with its date.
    """

    topic: str
    columns: list[Column] = field(default_factory=list)

    @property
    def citations(self) -> list[Citation]:
        return [c for column in self.columns for c in column.statements]

    def to_dict(self) -> dict:
        return {"topic": self.topic, "columns": [
            {**asdict(column), "found": column.found} for column in self.columns]}

    def to_records(self) -> list[dict]:
        """One row per statement: its party, then `export.FIELDS`."""
        return [{"party": column.party, **export.record(c)}
                for column in self.columns for c in column.statements]

    def to_csv(self) -> str:
        return export.records_to_csv(self.to_records(), export.PARTY_FIELDS)

    def to_json(self) -> str:
        return export.records_to_json(self.to_records())

    def to_markdown(self) -> str:
        head = f"## {export.escape_line(self.topic)}" if self.topic else "## Comparison"
        return "\n\n".join([head, *(_column_markdown(c) for c in self.columns)]) + "\n"


def _column_markdown(column: Column) -> str:
    """A party's heading, then its statements (each under its date) or its note."""
    blocks = [f"### {export.escape_line(column.party)}"]
    if not column.statements:
        blocks.append(f"*{export.escape_line(column.note)}*")
    for c in column.statements:
        blocks += [f"*{export.escape_line(when(c))}*", export.citation_markdown(c)]
    return "\n\n".join(blocks)


def party_names(parties: list[str]) -> list[str]:
    """The parties as the several-parties answer reads them: each split where it names
    several ("Trump and Pence"), a leading "the" dropped, the first letter capitalised (a
    lower-case name would be read as a description), repeats left out."""
    names: list[str] = []
    for party in parties:
        for name in split_parties(" ".join(str(party).split())):
            name = name[:1].upper() + name[1:]
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
    return names


def _question(names: list[str], topic: str) -> str:
    """"What did Trump, Clinton and Sanders say about taxes?"."""
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"What did {who} say about {topic}?" if topic else f"What did {who} say?"


def compare(
    answerer: SpeakerAnswerer, topic: str, parties: list[str], k: int = 5,
    filters: Filters = NO_FILTERS, annotate: Callable[[Answer], None] | None = None,
) -> Comparison:
    """Compare the parties on `topic` (see the module docstring).

    :param answerer: the speaker answerer of the index.
    :param k: statements per party at most.
    :param annotate: gives the answer's citations their article's date and metadata.
    :raises QuestionError: fewer than two parties, or more than `MAX_PARTIES`.
    """
    topic = " ".join((topic or "").split())
    names = party_names(parties)
    if len(names) < 2:
        raise QuestionError("name two or more people or parties to compare")
    if len(names) > MAX_PARTIES:
        raise QuestionError(f"compare at most {MAX_PARTIES} people or parties at once")
    k = max(1, int(k))
    question = _question(names, topic)
    identities = [answerer.quotes.identify(n) for n in names]
    if not any(i.people or i.suggestions for i in identities):  # nobody to answer about
        return Comparison(topic, [_column(question, i, [], topic) for i in identities])
    asked = SpeakerQuestion(", ".join(names), topic or None)
    answer = answerer.answer(question, asked, set(), filters, k * len(names), latest=False)
    if annotate is not None:
        annotate(answer)
    columns = []
    for identity, section in zip(identities, answer.sections, strict=True):
        cited = [answer.citations[n - 1] for n in section.citations]
        kept = [c for c in cited if c.kind != "mention" and on_topic(c.text, topic)][:k]
        columns.append(_column(question, identity, kept, topic))
    _number([c for column in columns for c in column.statements])
    return Comparison(topic, columns)


def _column(question: str, identity: Identity, kept: list[Citation], topic: str) -> Column:
    """One party's column: its statements, or the reason it has none."""
    # An institution as the chat names it ("the Kremlin"); a person or place as asked.
    label = _party_label(identity)
    column = Column(label, statements=kept, quoted=bool(identity.people),
                    suggestions=[p.name for p in identity.suggestions])
    column.people = list(dict.fromkeys(c.speaker for c in kept if c.speaker))
    if kept:
        return column
    if identity.people:
        # Who it would be: the person, or the first few who speak for the institution.
        column.people = [p.name for p in identity.people[:3 if identity.party else 1]]
        on = f" on {topic}" if topic else ""
        column.note = f"Nothing from {label}{on} in the indexed articles."
    elif identity.suggestions:
        column.note = did_you_mean(question, identity,
                                   Answer(question, not_quoted(identity.asked))).text
    elif identity.party is not None:
        column.note = f"No one speaking for {label} is quoted in the indexed articles."
    else:
        column.note = not_quoted(identity.asked)
    return column


def _number(citations: list[Citation]) -> None:
    """Number the statements from 1 across the columns, as they are shown."""
    for n, c in enumerate(citations, 1):
        c.n = n
