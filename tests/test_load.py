"""Twenty clients ask the web API while `assistant index` adds articles to the same index:
no request fails, and questions about articles that did not change get exactly the answer
of a quiet run. Prints the latency percentiles."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time

import pytest

from assistant import Assistant
from conftest import ROOT, bbc_sample
from load_support import Record, ask_until, comparable, percentile
from server_support import serving

pytestmark = pytest.mark.slow  # servers, processes or a whole corpus: not in `make test-quick`

CLIENTS = 20
QUESTIONS = [
    "What did Peskov say?", "What did Zelensky say?", "What did Gerasimov say?",
    "What did Baerbock say?", "What did Trump say about the ceasefire?",
    "What did Patricia Hewitt say?", "maternity pay for new mothers",
    "ceasefire proposal talks in Riyadh",
    "Sarah Claxton hurdler European Indoor Championships",  # only in an article added
]
NEW_TOPIC = QUESTIONS[-1]


@pytest.fixture(scope="module")
def site(seed_index, tmp_path_factory):
    root = tmp_path_factory.mktemp("load")
    index = root / "index"
    shutil.copytree(seed_index, index)
    bbc_sample(root / "politics", 8, "politics", "politics-")
    Assistant(index).index([root / "politics"])
    with serving(index) as url:
        yield url, root, index


def quiet_run(url: str) -> dict[str, tuple]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    out = {}
    for q in QUESTIONS:
        result = client.predict(q, api_name="/ask")
        assert not result.get("error"), (q, result)
        out[q] = comparable(result)
    return out


def test_twenty_clients_while_the_index_grows(site, capsys):
    url, root, index = site
    new = root / "sport"
    bbc_sample(new, 20, "sport", "sport-")
    before = quiet_run(url)

    record, stop = Record(), threading.Event()
    clients = [threading.Thread(target=ask_until, args=(url, QUESTIONS, i, stop, record))
               for i in range(CLIENTS)]
    began = time.monotonic()
    for t in clients:
        t.start()
    time.sleep(3)
    asked_before_update = len(record.latencies)
    update = subprocess.run(
        [sys.executable, "-m", "assistant", "index", str(new), "--index", str(index),
         "--progress", "none"], capture_output=True, text=True, cwd=ROOT, timeout=240,
    )
    asked_during_update = len(record.latencies) - asked_before_update
    time.sleep(3)  # keep asking a moment after the update has landed
    stop.set()
    for t in clients:
        t.join(timeout=120)
    seconds = time.monotonic() - began
    assert update.returncode == 0, update.stderr
    assert update.stdout.startswith("added 20,"), update.stdout

    after = quiet_run(url)
    latencies = record.latencies
    with capsys.disabled():
        print(f"\nload: {CLIENTS} clients, {len(latencies)} requests in {seconds:.0f} s "
              f"({len(latencies) / seconds:.1f}/s) while indexing 20 articles "
              f"({asked_during_update} during the update); latency "
              f"p50 {percentile(latencies, 50):.2f} s, p95 {percentile(latencies, 95):.2f} s, "
              f"max {max(latencies):.2f} s; failed {len(record.failures)}")

    assert not record.failures, record.failures[:5]
    assert asked_during_update >= CLIENTS, "the update ran without load"
    # The server sees the new articles once they are written.
    assert not any("sport-" in c[0] for c in before[NEW_TOPIC][1])
    assert any("sport-001" in c[0] for c in after[NEW_TOPIC][1]), after[NEW_TOPIC]
    unchanged = [q for q in QUESTIONS if before[q] == after[q]]
    assert len(unchanged) >= 6, f"only {unchanged} kept their answer after the update"
    for q in unchanged:
        seen = set(record.answers.get(q, []))
        assert seen == {before[q]}, f"{q!r} answered differently under load"
    # Every answer given under load cites its article's exact text.
    a = Assistant(index)
    for answers in record.answers.values():
        for _, citations in set(answers):
            for source, start, end, text in citations:
                assert a.document(source).text[start:end] == text
