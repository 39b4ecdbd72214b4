"""A killed indexing run is repaired by the next one; two writers never interleave."""
import os
import shutil
import signal
import subprocess
import sys

import pytest

from assistant import Assistant, AssistantError
from assistant.locking import write_lock
from assistant.store import Store
from conftest import DATA, ROOT


def bbc_sample(folder, n):
    source = DATA / "bbc-news" / "bbc"
    assert source.is_dir(), f"{source} is missing: the BBC corpus must sit beside the repository"
    files = sorted((source / "politics").glob("*.txt"))[:n]
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    return files


def check_consistent(index, expected_files):
    store = Store(index)
    articles = store.articles.get(include=["metadatas"])
    assert len(articles["ids"]) == expected_files
    by_article = {m["article"]: m for m in articles["metadatas"]}
    for collection, key in ((store.chunks, "chunks"), (store.quotes, "quotes")):
        got = collection.get(include=["metadatas"])
        assert len(set(got["ids"])) == len(got["ids"]), "duplicate ids"
        counts = {}
        for m in got["metadatas"]:
            assert m["article"] in by_article, f"orphan {collection.name} record"
            counts[m["article"]] = counts.get(m["article"], 0) + 1
        for aid, meta in by_article.items():
            assert counts.get(aid, 0) == meta[key], f"{key} of {meta['source']} incomplete"


def test_kill_9_mid_run_is_repaired_exactly(tmp_path):
    folder = tmp_path / "articles"
    files = bbc_sample(folder, 60)
    index = tmp_path / "index"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "index", str(folder), "--index", str(index),
         "--progress", "lines"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT,
    )
    # Kill once a batch of articles has been written and the run is well under way.
    for line in proc.stderr:
        if line.startswith("progress:") and int(line.split()[1].split("/")[0]) >= 30:
            break
    else:
        pytest.fail(f"indexing ended before it could be killed (exit {proc.wait()})")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert Store(index).settings().get("writing"), "the killed run left no trace"

    a = Assistant(index)
    report = a.index([folder])
    # Articles written before the kill are kept or rewritten, the rest added: each once.
    assert len(report.added) + len(report.updated) + len(report.unchanged) == len(files)
    assert not report.failed and not report.removed
    check_consistent(index, len(files))
    again = a.index([folder])
    assert not again.changed and again.repaired == 0 and len(again.unchanged) == len(files)


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
