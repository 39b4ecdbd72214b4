"""Follow-up questions resolve against earlier turns, with the extractive answerer."""
import subprocess
import sys

import pytest
from conftest import ROOT


def test_follow_ups_keep_the_speaker(seed):
    chat = seed.chat()
    first = chat.ask("What did Zelensky say?")
    assert first.speaker == "Volodymyr Zelenskyy"
    about = chat.ask("And about security?")
    assert chat.turns[-1].asked == "What did Volodymyr Zelenskyy say about security?"
    assert "We need security guarantees" in about.citations[0].text
    # Every quote of his was in the first answer: nothing is repeated.
    more = chat.ask("What else did he say?")
    assert more.citations == [] and more.text == "Nothing more from them in the indexed articles."


def test_what_else_shows_the_quotes_not_shown_yet(seed_index):
    from dataclasses import replace

    from assistant import Assistant, Settings

    one_at_a_time = Assistant(settings=replace(Settings.from_env(), index_dir=seed_index, top_k=1))
    chat = one_at_a_time.chat()
    seen = []
    for question in ["What did Zelensky say?", "What else did he say?", "What else did he say?"]:
        answer = chat.ask(question)
        assert len(answer.citations) == 1 and answer.speaker == "Volodymyr Zelenskyy"
        seen.append((answer.citations[0].start, answer.citations[0].end))
    assert len(set(seen)) == 3
    for (s1, e1), (s2, e2) in zip(seen, seen[1:]):
        assert not (s1 <= s2 and e2 <= e1)  # never a part of what was shown


def test_pronoun_question_and_when(seed):
    chat = seed.chat()
    chat.ask("What did Trump say?")
    answer = chat.ask("What did he say about Putin?")
    assert chat.turns[-1].asked == "What did Donald Trump say about Putin?"
    assert "I hope President Putin will agree to the ceasefire." in answer.citations[0].text
    when = chat.ask("When was that?")
    assert "published 2025-03-12" in when.text  # the date its file name holds
    assert [(c.source, c.start, c.end) for c in when.citations] == [
        (c.source, c.start, c.end) for c in answer.citations
    ]


def test_when_of_an_undated_article_says_so(corpus, tmp_path):
    from assistant import Assistant

    undated = corpus / "ukraine-ceasefire-talks.txt"
    next(corpus.glob("2025-*.txt")).rename(undated)
    chat = Assistant(tmp_path / "index")
    chat.index([corpus])
    conversation = chat.chat()
    conversation.ask("What did Trump say about Putin?")
    when = conversation.ask("When was that?")
    assert "no publication date in the article" in when.text and when.citations


def test_topic_follow_up_after_a_general_question_is_not_pinned_to_a_speaker(seed):
    chat = seed.chat()
    chat.ask("What did Trump say?")
    chat.ask("How many soldiers were captured?")
    answer = chat.ask("And about Kursk?")
    assert answer.speaker is None
    assert "Kursk" in answer.citations[0].text


def test_two_chats_are_independent(seed):
    one, two = seed.chat(), seed.chat()
    one.ask("What did Peskov say?")
    two.ask("What did Baerbock say?")
    assert one.ask("What else did he say?").speaker == "Dmitri Peskow"
    assert two.turns[-1].answer.speaker == "Annalena Baerbock"


@pytest.mark.slow
def test_chat_command_reads_questions_from_stdin(seed_index):
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--index", str(seed_index)],
        input="What did Peskov say?\nWhen was that?\n", capture_output=True, text=True,
        timeout=300, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "carefully evaluate" in done.stdout and "published 2025-03-12" in done.stdout
