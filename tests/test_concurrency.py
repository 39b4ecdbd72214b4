"""One Assistant used from several threads at once, as the web page uses it: questions
answered while an index run writes new articles into the same index."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from assistant import Assistant, Settings
from conftest import SEEDS, bbc_sample

pytestmark = pytest.mark.slow  # servers, processes or a whole corpus: not in `make test-quick`

QUESTIONS = ["What did Peskov say?", "What did Zelensky say about security guarantees?",
             "Who talked about the ceasefire?", "What did Rubio say about sanctions?"]


def test_questions_while_an_index_run_writes(tmp_path):
    settings = replace(Settings.from_env(), index_dir=tmp_path / "index", index_workers=1,
                       index_batch=64)  # small batches: many writes while questions run
    assistant = Assistant(settings=settings)
    assistant.index([SEEDS])
    folder = tmp_path / "bbc"
    bbc_sample(folder, 30)
    errors: list[BaseException] = []
    answers = []
    writing = threading.Event()

    def index():
        try:
            writing.set()
            assistant.index([folder])
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            writing.clear()

    def ask(n: int):
        try:
            writing.wait(10)
            for i in range(6):
                answers.append(assistant.ask(QUESTIONS[(n + i) % len(QUESTIONS)]))
                assistant.speakers()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=index)] + [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert not errors, errors
    assert len(answers) == 24
    for answer in answers:
        assert answer.citations, answer.question
        for c in answer.citations:
            assert assistant.document(c.source).text[c.start : c.end] == c.text
    # The run finished whole: every BBC article is there, and the registry counts it.
    assert len(assistant.documents()) == 31
    assert any(p.name.endswith("Blair") for p in assistant.speakers())
