"""Helpers for the fault tests: a small real file system, a damaged model folder."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from assistant.store.chroma import Store


def mount_tmpfs(folder: Path, size_kb: int) -> None:
    """A size-limited tmpfs at `folder`: writes past its size fail with ENOSPC."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
        capture_output=True, text=True,
    )
    # Not skipped: the test needs root (CI runs as root inside `unshare -n`).
    assert done.returncode == 0, f"cannot mount a small tmpfs for the disk-full test: {done.stderr}"


def resize_tmpfs(folder: Path, size_kb: int) -> None:
    done = subprocess.run(
        ["mount", "-o", f"remount,size={size_kb}k", str(folder)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def used_kb(folder: Path) -> int:
    usage = shutil.disk_usage(folder)
    return (usage.total - usage.free) // 1024


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def check_consistent(index: Path, unfinished_ok: bool = False) -> int:
    """Every chunk and quote belongs to a stored article, which counts them exactly;
    returns the number of articles. With `unfinished_ok`, records of an article whose
    writing was cut short may remain (readers skip them; the next run removes them)."""
    store = Store(index)
    by_article = {r.id: r for r in store.articles()}
    expected = {"chunks": lambda r: r.chunk_count, "quotes": lambda r: r.quote_count}
    for name, owners in store.record_articles().items():
        counts: dict[str, int] = {}
        for aid in owners.values():
            assert unfinished_ok or aid in by_article, f"orphan {name} record"
            counts[aid] = counts.get(aid, 0) + 1
        for aid, record in by_article.items():
            assert counts.get(aid, 0) == expected[name](record), f"{name} of {record.ref.source} incomplete"
    return len(by_article)


def check_rerun_repairs(assistant, folder: Path, index: Path, files: list):
    """After an interrupted run, indexing `folder` again keeps or rewrites what was written
    and adds the rest, each article once; a further run changes nothing. Returns the
    report of the repairing run."""
    report = assistant.index([folder])
    assert len(report.added) + len(report.updated) + len(report.unchanged) == len(files)
    assert not report.failed and not report.removed
    assert check_consistent(index) == len(files)
    again = assistant.index([folder])
    assert not again.changed and again.repaired == 0 and len(again.unchanged) == len(files)
    return report


def damaged_model(model: Path, target: Path) -> Path:
    """A copy of the model folder whose weights file is cut short (the rest linked)."""
    target.mkdir()
    for item in model.iterdir():
        if item.name == "model.safetensors":
            (target / item.name).write_bytes(item.read_bytes()[:4096])
        else:
            (target / item.name).symlink_to(item)
    return target
