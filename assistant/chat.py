"""A conversation: follow-up questions are rewritten into whole questions from earlier turns.

"What did Zelensky say?" then "And about security?" asks what Zelensky said about
security; "What else did he say?" asks for his quotes not shown yet; "When was that?" gives
the dates of the articles just cited. Works with the extractive answerer: no LLM involved.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .answering import NOT_FOUND, Answer
from .intent import speaker_question

_PRONOUNS = r"(?:he|she|they|him|her|them)"
_AND_ABOUT = re.compile(r"^(?:and|but|what|how)?\s*(?:about|on|regarding)\s+(?P<topic>.+?)[?.!]*$", re.I)
_ELSE = re.compile(rf"^(?:and\s+)?what\s+else\s+(?:did|has|does)\s+(?P<who>{_PRONOUNS}|.+?)\s+(?:say|said|tell|claim|add)\b(?:\s+(?:about|on)\s+(?P<topic>.+?))?[?.!]*$", re.I)
_PRONOUN_WORD = re.compile(rf"\b{_PRONOUNS}\b", re.I)
_WHEN = re.compile(r"^(?:and\s+)?when\s+(?:was|did|were|is)\b.*(?:that|this|it|say|said)\b.*$", re.I)


@dataclass
class Turn:
    question: str
    asked: str  # the whole question the follow-up was resolved to
    answer: Answer


@dataclass
class Chat:
    assistant: object
    turns: list[Turn] = field(default_factory=list)

    @property
    def speaker(self) -> str | None:
        """The person the conversation is about: the one the last answer was about."""
        return self.turns[-1].answer.speaker if self.turns else None

    def _shown(self, speaker: str) -> set:
        return {(c.source, c.start, c.end) for t in self.turns if t.answer.speaker == speaker
                for c in t.answer.citations}

    def resolve(self, question: str) -> tuple[str, set]:
        """The standalone question a follow-up stands for, and passages to leave out."""
        text = " ".join(question.split())
        speaker = self.speaker
        if speaker:
            more = _ELSE.match(text)
            if more:
                who = more.group("who")
                name = speaker if re.fullmatch(_PRONOUNS, who, re.I) else who
                topic = f" about {more.group('topic')}" if more.group("topic") else ""
                return f"What did {name} say{topic}?", self._shown(name)
            about = _AND_ABOUT.match(text)
            if about:
                return f"What did {speaker} say about {about.group('topic')}?", set()
            if speaker_question(text) is None and _PRONOUN_WORD.search(text):
                rewritten = _PRONOUN_WORD.sub(speaker, text, count=1)
                if speaker_question(rewritten):
                    return rewritten, set()
        elif self.turns:
            about = _AND_ABOUT.match(text)
            if about:  # "And about Kursk?" after a general question: the topic itself
                return about.group("topic"), set()
        return text, set()

    def ask(self, question: str, filters=None) -> Answer:
        if _WHEN.match(" ".join(question.split())) and self.turns and self.turns[-1].answer.citations:
            answer = self._when(question, self.turns[-1].answer)
            self.turns.append(Turn(question, question, answer))
            return answer
        asked, exclude = self.resolve(question)
        answer = self.assistant.ask(asked, exclude=exclude, **({"filters": filters} if filters else {}))
        if exclude and not answer.citations and answer.text == NOT_FOUND:
            answer.text = "Nothing more from them in the indexed articles."
        self.turns.append(Turn(question, asked, answer))
        return answer

    def _when(self, question: str, last: Answer) -> Answer:
        """Dates of the articles behind the last answer, citing the same passages."""
        lines, citations = [], []
        for n, c in enumerate(last.citations, 1):
            date = self.assistant.document(c.source).date
            when = f"published {date}" if date else "no publication date in the article"
            lines.append(f"“{c.title}”: {when} [{n}]")
            citations.append(replace(c, n=n))
        return Answer(question, "\n\n".join(lines), citations, speaker=last.speaker)
