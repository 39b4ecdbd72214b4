"""Keep an index in step with a folder: re-index (incrementally) whenever files change."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from assistant.indexing.report import IndexReport

# Changes arriving within this many seconds are handled by one run (an editor's save is
# often several events; a copy of many files is many more).
_SETTLE = 1.0


def watch(
    index: Callable[[list[Path]], IndexReport],
    folder: Path,
    on_report: Callable[[IndexReport], None],
    stop: threading.Event | None = None,
) -> None:
    """Index `folder` now, then again after each burst of changes, until `stop` is set."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    stop = stop or threading.Event()
    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type != "opened" and event.event_type != "closed_no_write":
                changed.set()

    observer = Observer()
    observer.schedule(Handler(), str(folder), recursive=True)
    observer.start()
    try:
        on_report(index([folder]))
        while not stop.is_set():
            if not changed.wait(timeout=0.5):
                continue
            # Let the burst settle, then index once for all of it.
            while changed.is_set() and not stop.is_set():
                changed.clear()
                stop.wait(_SETTLE)
            if not stop.is_set():
                on_report(index([folder]))
    finally:
        observer.stop()
        observer.join()
