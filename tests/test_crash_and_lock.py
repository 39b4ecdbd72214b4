"""A killed indexing run is repaired by the next one; two writers never interleave."""
import os
import signal
import subprocess
import sys
import time

import pytest

from assistant import Assistant, AssistantError
from assistant.store.locking import write_lock
from assistant.store.chroma import Store
from conftest import ROOT, bbc_sample
from faults_support import check_rerun_repairs

pytestmark = pytest.mark.slow  # servers, processes or a whole corpus: not in `make test-quick`


def test_kill_9_mid_run_is_repaired_exactly(tmp_path):
    folder = tmp_path / "articles"
    files = bbc_sample(folder, 60)
    index = tmp_path / "index"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "index", str(folder), "--index", str(index),
         "--progress", "lines"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT,
        # Many small writes, so that the kill lands between two of them.
        env={**os.environ, "ASSISTANT_INDEX_BATCH": "100"},
    )
    # Kill once a batch of articles has been written and the run is well under way.
    for line in proc.stderr:
        if line.startswith("progress:") and int(line.split()[1].split("/")[0]) >= 30:
            break
    else:
        pytest.fail(f"indexing ended before it could be killed (exit {proc.wait()})")
    # ... and once some articles are whole in the index (files read are written later),
    # while the run is still writing.
    store, deadline = Store(index), time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if store.counts()["articles"] and store.settings().get("writing"):
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail(f"indexing ended before it could be killed (exit {proc.returncode})")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert Store(index).settings().get("writing"), "the killed run left no trace"
    finished = len(Store(index).articles())
    assert finished > 0

    report = check_rerun_repairs(Assistant(index), folder, index, files)
    # The import resumes: what the killed run finished is kept, not built again.
    assert not report.updated and len(report.unchanged) == finished


def test_second_writer_gets_a_clear_message(tmp_path, corpus):
    index = tmp_path / "index"
    a = Assistant(index)
    a.index([corpus])
    with write_lock(index):
        with pytest.raises(AssistantError, match="another process is updating this index"):
            a.index([corpus])
        # Readers are not blocked by a writer.
        assert a.ask("What did Peskov say?").citations
    assert not a.index([corpus]).changed
