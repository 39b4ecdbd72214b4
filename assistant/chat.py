"""A conversation: follow-up questions are rewritten into whole questions from earlier turns.

"What did Zelensky say?" then "And about security?" asks what Zelensky said about
security; "What else did he say?" asks for his quotes not shown yet; "When was that?" gives
the dates of the articles just cited. Works in both answer modes (extractive and LLM).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from assistant.answer.extractive import NOT_FOUND, Answer
from assistant.search.intent import speaker_question
from assistant.answer.llm import growing

_PRONOUNS = r"(?:he|she|they|him|her|them)"
_AND_ABOUT = re.compile(r"^(?:and|but|what|how)?\s*(?:about|on|regarding)\s+(?P<topic>.+?)[?.!]*$", re.I)
_ELSE = re.compile(rf"^(?:and\s+)?what\s+else\s+(?:did|has|does)\s+(?P<who>{_PRONOUNS}|.+?)\s+(?:say|said|tell|claim|add)\b(?:\s+(?:about|on)\s+(?P<topic>.+?))?[?.!]*$", re.I)
_PRONOUN_WORD = re.compile(rf"\b{_PRONOUNS}\b", re.I)
_WHEN = re.compile(r"^(?:and\s+)?when\s+(?:was|did|were|is)\b.*(?:that|this|it|say|said)\b.*$", re.I)


@dataclass
class Turn:
    """One question of a conversation and its answer.

    :param question: the question as it was asked ("And about security?").
    :param asked: the whole question it was resolved to ("What did Volodymyr Zelenskyy say
        about security?"); the same as `question` when it needed no earlier turn.
    :param answer: the answer given.
    """

    question: str
    asked: str  # the whole question the follow-up was resolved to
    answer: Answer


@dataclass
class Chat:
    """A conversation with one index, made by `Assistant.chat()`: each question is read in
    the light of the earlier turns, which it keeps. One Chat per conversation; two chats
    never share turns.

    :param assistant: the `Assistant` that answers.
    :param turns: the conversation so far, oldest first; default empty.

    Example::

        chat = assistant.chat()
        chat.ask("What did Zelensky say?")
        chat.ask("And about security?")   # what Zelensky said about security
        chat.ask("What else did he say?")  # his quotes not shown yet
        chat.ask("When was that?")         # the dates of the articles just cited
    """

    assistant: object
    turns: list[Turn] = field(default_factory=list)

    @property
    def speaker(self) -> str | None:
        """The person the conversation is about: the one the last answer was about, or
        None (no turn yet, or the last question was not about a person)."""
        return self.turns[-1].answer.speaker if self.turns else None

    def _shown(self, speaker: str) -> set:
        return {(c.source, c.start, c.end) for t in self.turns if t.answer.speaker == speaker
                for c in t.answer.citations}

    def resolve(self, question: str) -> tuple[str, set]:
        """The standalone question a follow-up stands for; nothing is asked or recorded.

        :param question: the question as asked.
        :returns: (whole question, passages to leave out as (source, start, end) tuples:
            for "what else did he say?", those already shown of that person).
        """
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

    def ask(self, question: str, filters=None, mode: str | None = None, top_k: int | None = None) -> Answer:
        """The answer to `question` read in the light of earlier turns; it joins the
        conversation.

        :param question: the question, possibly a follow-up ("And about security?").
        :param filters: a `Filters` limiting what may be cited, or None for all articles.
        :param mode: "extractive" or "llm"; None: the settings' answer mode.
        :param top_k: passages cited at most; None: the settings' top_k.
        :returns: the `Answer`.
        :raises AssistantError: the question is empty or too long, the mode is unknown or
            needs a language model that is not configured, or the index cannot be read.
        """
        *_, answer = self.stream(question, filters, mode, top_k)
        return answer

    def stream(
        self, question: str, filters=None, mode: str | None = None, top_k: int | None = None
    ) -> Iterator[str | Answer]:
        """Like `ask`, as the answer is written.

        :returns: an iterator of the text so far (str: whole sentences, whole [n] markers),
            then the final `Answer`, which joins the conversation when it is reached.
        :raises AssistantError: as `ask`; a bad question is refused before the first step.
        """
        if _WHEN.match(" ".join(question.split())) and self.turns and self.turns[-1].answer.citations:
            return self._record(question, question, growing(self._when(question, self.turns[-1].answer)), set())
        asked, exclude = self.resolve(question)
        steps = self.assistant.ask_stream(
            asked, exclude=exclude, mode=mode, top_k=top_k, **({"filters": filters} if filters else {})
        )
        return self._record(question, asked, steps, exclude)

    def _record(self, question: str, asked: str, steps, exclude: set) -> Iterator[str | Answer]:
        for step in steps:
            if isinstance(step, Answer):
                if exclude and not step.citations and step.text == NOT_FOUND:
                    step.text = "Nothing more from them in the indexed articles."
                self.turns.append(Turn(question, asked, step))
            yield step

    def _when(self, question: str, last: Answer) -> Answer:
        """Dates of the articles behind the last answer, citing the same passages."""
        lines, citations = [], []
        for n, c in enumerate(last.citations, 1):
            date = self.assistant.document(c.source).date
            when = f"published {date}" if date else "no publication date in the article"
            lines.append(f"“{c.title}”: {when} [{n}]")
            citations.append(replace(c, n=n))
        return Answer(question, "\n\n".join(lines), citations, speaker=last.speaker)
