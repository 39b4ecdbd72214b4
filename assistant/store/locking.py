"""One writer per index at a time: a lock file beside the index."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.errors import AssistantError


@contextmanager
def write_lock(index_dir: Path, wait: float = 0.0):
    """Hold the index's write lock; if another process holds it for longer than `wait`
    seconds, stop with a message saying so (readers are never blocked)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / ".write.lock"))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise AssistantError(
            f"{index_dir}: another process is updating this index; "
            "try again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()
