"""What a question asks: a speaker (and topic) for "what did X say" and its variants, and
no speaker when no one is named."""
import pytest

from assistant.search.intent import speaker_question


@pytest.mark.parametrize("question, name, topic", [
    ("What did Peskov say about the ceasefire?", "Peskov", "the ceasefire"),
    ("What did May say about Brexit?", "May", "Brexit"),  # a name that is also a word
    ("What the Kremlin said about the talks", "Kremlin", "the talks"),
    ("What was Peskov quoted as saying?", "Peskov", None),
    ("Did Baerbock say anything about Russia?", "Baerbock", "Russia"),
    ("How did Moscow and Kyiv respond to the proposal?", "Moscow and Kyiv", "the proposal"),
])
def test_speaker_questions_name_the_speaker(question, name, topic):
    asked = speaker_question(question)
    assert asked is not None and (asked.name, asked.topic) == (name, topic)


@pytest.mark.parametrize("question", [
    "What was said about the ceasefire?",
    "What else was said?",
    "What is being said about the talks?",
    "What did he say about it?",
    "Who won the Australian Open?",
])
def test_questions_naming_no_one_are_general(question):
    assert speaker_question(question) is None
