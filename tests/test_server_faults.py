"""The Chroma server stops mid-query and mid-index: one clear error naming the server, the
next call after it is back works, and re-running the index leaves it consistent."""
from __future__ import annotations

import threading
import time

import pytest

from assistant import Assistant, Settings
from assistant.store.chroma import ChromaUnavailable, Store
from chroma_server_support import chroma_server, server_mode  # noqa: F401
from conftest import bbc_sample
from faults_support import check_rerun_repairs

pytestmark = pytest.mark.slow  # servers, processes or a whole corpus: not in `make test-quick`


def test_server_stopped_mid_query(server_mode, tmp_path, corpus):
    index = tmp_path / "index"
    a = Assistant(index)
    a.index([corpus])
    assert a.ask("What did Peskov say?").citations
    errors: list[BaseException] = []
    answered = 0

    def ask_until_it_fails():
        nonlocal answered
        questions = ["What did Peskov say?", "How many soldiers were captured?"]
        while True:
            try:
                a.ask(questions[answered % 2])
                a.quotes(speaker="Zelensky", about="security")
                answered += 1
            except BaseException as exc:  # noqa: BLE001 - the test inspects what came out
                errors.append(exc)
                return

    asking = threading.Thread(target=ask_until_it_fails, daemon=True)
    asking.start()
    time.sleep(1.0)  # questions are being answered back to back when the server goes
    server_mode.kill()
    asking.join(30)
    assert not asking.is_alive() and answered > 0
    assert isinstance(errors[0], ChromaUnavailable), repr(errors[0])
    assert server_mode.url in str(errors[0]) and "not answering" in str(errors[0])
    with pytest.raises(ChromaUnavailable, match=server_mode.url):
        a.speakers()

    server_mode.start()  # same data, same port
    answer = a.ask("What did Peskov say?")
    assert "carefully evaluate" in answer.citations[0].text
    assert a.document(answer.citations[0].source).text[answer.citations[0].start:answer.citations[0].end] \
        == answer.citations[0].text


def test_server_stopped_mid_index(server_mode, tmp_path):
    folder = tmp_path / "articles"
    files = bbc_sample(folder, 30)
    index = tmp_path / "index"
    # Written every ~5 articles, so that the server dies with some written and more to come.
    a = Assistant(settings=Settings.from_env(index_dir=index, index_batch=64))

    def kill_part_way(done, total, chunks):
        if chunks and done >= 15:  # some articles written, more to come
            server_mode.kill()

    with pytest.raises(ChromaUnavailable, match=server_mode.url):
        a.index([folder], progress=kill_part_way)

    server_mode.start()
    assert Store(index).settings().get("writing"), "the interrupted run left no trace"
    check_rerun_repairs(a, folder, index, files)
    assert a.ask("What did Blair say?").citations
