"""Index workers: processes that each chunk, extract quotes and embed a share of the articles.

In one process, spaCy, chunking and Chroma writes run on one core while the other waits;
and the model on two threads does less per CPU-second than on one (hand-offs, small
batches). Workers run the whole of an article's preparation on one thread each, so every
core is busy, and the indexing process only writes what they return.

A pool costs each worker a model and spaCy load (seconds), so it starts only for a large
run (`START_AT` articles to build) or when asked (`warm`). Its owner (an `Assistant`) keeps
it for later runs (`assistant serve`, `watch`, a Python session indexing again) and stops
it with `stop()` when it closes.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import sys
import types
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from assistant.config import Settings
from assistant.errors import AssistantError

# Articles to build in one run before a pool is worth starting.
START_AT = 256
# Characters of article text per group of work (`groups`): a group is embedded in one
# model call, and one-thread calls on fewer than ~100 sentences are slow.
_SMALLEST_GROUP, _LARGEST_GROUP = 12_000, 40_000
# Waiting longer than this for workers to load means something is wrong with them.
_LOAD_SECONDS = 300
# oneDNN keeps the kernels it builds for the model's matrix products, one set per input
# shape, up to 1024 (hundreds of MB); nearly every batch has a new shape, so a worker's
# memory grew with the run. A model call reuses its shape's ~5 kernels in every layer, and
# 128 was as fast as 1024 here.
_KERNEL_CACHE = "128"


class IndexWorkers:
    """A pool of `settings.index_workers` processes, started on demand, for one set of
    settings and one model dtype. Fewer than two workers configured means no pool: the
    indexing process does all the work."""

    start_at = START_AT

    def __init__(self, settings: Settings, dtype: str):
        self.settings = settings
        self.dtype = dtype
        self._executor: ProcessPoolExecutor | None = None
        self._loading = None  # released once by each worker when it has loaded

    @property
    def enabled(self) -> bool:
        return self.settings.index_workers >= 2

    @property
    def running(self) -> bool:
        return self._executor is not None

    def start(self) -> bool:
        """Start the processes (they load in the background); False when not enabled."""
        if not self.enabled:
            return False
        if self._executor is not None:
            return True
        spawn = multiprocessing.get_context("spawn")
        self._loading = spawn.Semaphore(0)
        self._executor = ProcessPoolExecutor(
            self.settings.index_workers, mp_context=spawn, initializer=_load_worker,
            initargs=(self.dtype, self.settings, self._loading),
        )
        # Submitting one task per worker makes the executor start all of them now.
        with _without_main():
            for _ in range(self.settings.index_workers):
                self._executor.submit(os.getpid)
        return True

    def warm(self) -> bool:
        """Start the pool and wait until every worker has loaded; False when not enabled."""
        if not self.start():
            return False
        if self._loading is not None:
            for _ in range(self.settings.index_workers):
                if not self._loading.acquire(timeout=_LOAD_SECONDS):
                    self.stop()
                    raise AssistantError(f"index workers did not load within {_LOAD_SECONDS} s")
            self._loading = None
        return True

    def submit(self, texts: list[str]) -> Future:
        """Build these article texts in a worker (`ArticleBuilder.build`)."""
        return self._executor.submit(_build, texts)

    def submit_quotes(self, texts: list[str]) -> Future:
        """Read the quotes of these article texts in a worker (`article_quotes`)."""
        return self._executor.submit(_quotes, texts)

    def pids(self) -> list[int]:
        """The workers' process ids (for measuring their CPU time)."""
        return list((self._executor._processes or {}).keys()) if self._executor else []

    def stop(self, wait: bool = True) -> None:
        """Shut the pool down; `wait=False` for a broken one (a worker died), which is simply
        let go: the next large run starts a new one."""
        if self._executor is not None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
        self._executor, self._loading = None, None


@contextmanager
def _without_main():
    """A spawned process runs the parent's main script again unless it is guarded by
    `if __name__ == "__main__"`; workers are started with it out of sight, so that they
    only ever import the assistant. Restored as soon as the processes are started."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def groups(items: list, sizes: list[int], workers: int) -> list[list]:
    """`items` cut into consecutive groups, each a share of what is left (by `sizes`,
    characters): large groups first, for the model's batching; small ones last, so that
    no worker waits long for another at the end."""
    out: list[list] = []
    left = sum(sizes)
    at = 0
    while at < len(items):
        target = max(_SMALLEST_GROUP, min(_LARGEST_GROUP, left // (2 * workers)))
        group, chars = [], 0
        while at < len(items) and (not group or chars < target):
            group.append(items[at])
            chars += sizes[at]
            at += 1
        out.append(group)
        left -= chars
    return out


class _Worker:
    """What a worker process holds: its article builder (a model and spaCy, one thread)."""

    builder = None


def _load_worker(dtype: str, settings: Settings, ready) -> None:
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", _KERNEL_CACHE)  # read at first use
    from assistant.indexing.article_build import ArticleBuilder
    from assistant.models.embedder import Embedder
    from assistant.quotes.extract import get_nlp

    _Worker.builder = ArticleBuilder(Embedder(dtype, threads=1), settings)
    get_nlp()
    _Worker.builder.build(["Loading: the model's first call is slow."])
    ready.release()


def _build(texts: list[str]):
    built = _Worker.builder.build(texts)
    _give_back_freed()
    return built


def _quotes(texts: list[str]):
    from assistant.indexing.article_build import article_quotes

    return [article_quotes(t, _Worker.builder.settings) for t in texts]


_LIBC = ctypes.CDLL(None) if os.name == "posix" else None


def _give_back_freed() -> None:
    """Return the memory freed by a group's tensors to the system. glibc keeps freed blocks
    of the model's ever-different sizes in its heap, scattered between live ones, so a
    worker's memory grew with every group; malloc_trim releases their pages."""
    trim = getattr(_LIBC, "malloc_trim", None)
    if trim is not None:
        trim(0)


__all__ = ["BrokenProcessPool", "IndexWorkers", "START_AT", "groups"]
