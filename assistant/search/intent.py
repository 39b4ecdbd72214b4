"""What a question asks: "what did X say (about Y)?" and its variants name a speaker and
maybe a topic; anything else is a general question."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.quotes.lexicon import DOCUMENT_NOUNS, QUESTION_VERBS
from assistant.text.stopwords import STOP_WORDS

_VERBS = "|".join(QUESTION_VERBS)
_TOPIC = (
    r"(?:\s+(?:most\s+recently|recently|lately|last|latest))?"
    r"(?:\s+(?:about|on|regarding|concerning|of|to|in)\s+(?P<topic>.+?))?"
)
_NAME = r"(?P<name>[^?]+?)"
# "told reporters", "told CNN", "told the crowd": whom they told, not what about
_AUDIENCE = r"(?:(?:the|a|an|his|her|their)\s+)?(?:reporters|journalists|press|media|crowd|audience|supporters|voters|[A-Z][\w.]*)"
_END = r"\s*[?.!]*\s*$"
_PATTERNS = [
    # What did Peskov say (about the ceasefire)? / What has Zelensky claimed? / What did
    # Trump tell reporters about it? / What did Clinton have to say about taxes?
    rf"^(?:and\s+)?(?:what|how)\s+(?:else\s+)?(?:did|does|do|has|have|had)\s+{_NAME}\s+"
    rf"(?:have\s+to\s+say|(?:{_VERBS})\b(?:\s+anything|\s+{_AUDIENCE})?){_TOPIC}{_END}",
    # Where does Sanders stand on trade?
    rf"^where\s+(?:does|did|do|has|have)\s+{_NAME}\s+(?:stand|stood)\b{_TOPIC}{_END}",
    # Did Baerbock say anything about Russia?
    rf"^(?:did|has|have)\s+{_NAME}\s+(?:{_VERBS})\b(?:\s+(?:anything|something))?{_TOPIC}{_END}",
    # Peskov's comments on the ceasefire / Trump's remarks
    rf"^(?:what\s+(?:are|were|is|was)\s+)?{_NAME}['’]s?\s+(?:comments?|remarks?|statements?|quotes?|"
    rf"words|views?|position|stance|take|response|reaction|opinions?|claims?|warnings?){_TOPIC}{_END}",
    # Quotes from Rubio (about sanctions)
    rf"^(?:show\s+(?:me\s+)?)?(?:all\s+)?(?:quotes|quotations|statements|comments)\s+(?:from|by)\s+{_NAME}{_TOPIC}{_END}",
    # What was Peskov quoted as saying? / What is Trump saying about Putin?
    rf"^what\s+(?:is|was|were|has\s+been)\s+{_NAME}\s+(?:quoted\s+as\s+)?(?:saying|claiming|warning|telling){_TOPIC}{_END}",
    # What Peskov said about the proposal
    rf"^what\s+{_NAME}\s+(?:{_VERBS})\b{_TOPIC}{_END}",
    # Who is/was X quoting? -> not handled; Who said ...? -> general
]
_COMPILED = [re.compile(p, re.IGNORECASE) for p in _PATTERNS]
# Words that make the "name" slot a pronoun or a general noun, not a person to look up.
_NOT_NAMES = {"he", "she", "they", "it", "you", "i", "we", "anyone", "someone", "people", "everyone"}


@dataclass(frozen=True)
class SpeakerQuestion:
    name: str
    topic: str | None = None


def speaker_question(question: str) -> SpeakerQuestion | None:
    text = " ".join(question.split())
    for pattern in _COMPILED:
        match = pattern.match(text)
        if not match:
            continue
        name = match.group("name").strip(" ,;:\"'“”")
        name = re.sub(r"^(?:the\s+)", "", name, flags=re.IGNORECASE)
        if not name or name.lower() in _NOT_NAMES or len(name) > 80:
            return None
        if all(w in STOP_WORDS and w.islower() for w in name.split()):
            return None  # "What was said about it?": no one is named ("May" would be)
        if name.split()[-1].lower() in DOCUMENT_NOUNS:  # "the Kremlin statement": read, not quoted
            return None
        topic = (match.group("topic") or "").strip(" ?.!") or None
        return SpeakerQuestion(name, topic)
    return None
