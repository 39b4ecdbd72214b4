"""`assistant index --watch` keeps the index in step with a folder as files come and go."""
import json
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from assistant import Assistant
from conftest import ROOT, SEED_ARTICLE

pytestmark = pytest.mark.slow  # servers, processes or a whole corpus: not in `make test-quick`


def next_report(proc, timeout=180):
    result = {}

    def read():
        result["line"] = proc.stdout.readline()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    assert result.get("line"), f"no report within {timeout} s: {proc.poll()=}"
    return json.loads(result["line"])


def test_watch_follows_additions_changes_and_deletions(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / "seed.txt")
    index = tmp_path / "index"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "index", str(folder), "--index", str(index),
         "--watch", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert len(next_report(proc)["added"]) == 1
        (folder / "rubio.md").write_text("# Rubio\n\nMarco Rubio said the talks went well.\n", encoding="utf-8")
        assert [p.rsplit("/", 1)[1] for p in next_report(proc)["added"]] == ["rubio.md"]
        (folder / "rubio.md").write_text("# Rubio\n\nMarco Rubio said the talks had stalled.\n", encoding="utf-8")
        assert len(next_report(proc)["updated"]) == 1
        (folder / "seed.txt").unlink()
        assert len(next_report(proc)["removed"]) == 1
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    a = Assistant(index)
    assert [d["title"] for d in a.documents()] == ["Rubio"]
    assert "stalled" in a.ask("What did Rubio say?").citations[0].text
