"""A write to the index that failed, told as one line naming the index and the cause.

Chroma reports a full disk as an internal error ("Failed to apply logs to the metadata
segment") without saying why, so the free space left beside the index decides it.
"""
from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from assistant.errors import AssistantError

# Below this many free bytes on the index's file system, a failed write is a full disk.
_NEARLY_FULL = 4 << 20


def storage_errors() -> tuple[type[BaseException], ...]:
    """Exceptions a write to the store raises when the disk or database fails."""
    from chromadb.errors import ChromaError

    return (ChromaError, OSError, sqlite3.Error)


def free_bytes(index_dir: Path) -> int | None:
    folder = Path(index_dir)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def write_failure(index_dir: Path, exc: BaseException) -> AssistantError:
    free = free_bytes(index_dir)
    said = str(exc).lower()
    full = (
        (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT))
        or "disk is full" in said or "no space left" in said
        or (free is not None and free < _NEARLY_FULL)
    )
    if full:
        left = f"{free // 1024:,} KB free" if free is not None else "no space left"
        return AssistantError(
            f"{index_dir}: the disk is full ({left}); indexing stopped. Articles indexed "
            "before are kept: free some space and run the same index command again"
        )
    first_line = (str(exc).splitlines() or [""])[0]
    return AssistantError(
        f"{index_dir}: the index could not be written ({type(exc).__name__}: {first_line})"
    )
