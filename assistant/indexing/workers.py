"""Index workers: processes that each chunk, extract quotes and embed a share of the articles.

In one process, spaCy, chunking and Chroma writes run on one core while the other waits;
and the model on two threads does less per CPU-second than on one (hand-offs, small
batches). Workers run the whole of an article's preparation on one thread each, so every
core is busy, and the indexing process only writes what they return.

A pool costs each worker a model and spaCy load (seconds), so it starts only for a large
run (`START_AT` articles to build) or when asked (`warm`), and then stays for the life of
the process: `assistant serve`, `watch`, or a Python session indexing again.
"""
from __future__ import annotations

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
# Characters of article text per group of work (index_workers.groups): a group is
# embedded in one model call, and one-thread calls on fewer than ~100 sentences are slow.
_SMALLEST_GROUP, _LARGEST_GROUP = 12_000, 40_000
# Waiting longer than this for workers to load means something is wrong with them.
_LOAD_SECONDS = 300

_pool: ProcessPoolExecutor | None = None
_key: tuple | None = None
_loading = None  # released once by each worker of the pool when it has loaded
_builder = None  # in a worker: its ArticleBuilder


def _settings_key(settings: Settings, dtype: str) -> tuple:
    return (dtype, settings.index_workers, settings.chunk_tokens, settings.chunk_overlap,
            settings.extract_quotes, settings.embed_batch)


def get(settings: Settings, dtype: str, start: bool) -> ProcessPoolExecutor | None:
    """The running pool for these settings; a new one when `start`; None with fewer than
    two workers configured, or when none runs and `start` is false."""
    global _pool, _key, _loading
    if settings.index_workers < 2:
        return None
    key = _settings_key(settings, dtype)
    if _pool is not None and _key == key:
        return _pool
    if not start:
        return None
    stop()
    spawn = multiprocessing.get_context("spawn")
    _loading = spawn.Semaphore(0)
    _pool = ProcessPoolExecutor(
        settings.index_workers, mp_context=spawn, initializer=_start,
        initargs=(dtype, settings, _loading),
    )
    _key = key
    # Submitting one task per worker makes the executor start all of them now.
    with _without_main():
        for _ in range(settings.index_workers):
            _pool.submit(os.getpid)
    return _pool


@contextmanager
def _without_main():
    """A spawned process runs the parent's main script again unless it is guarded by
    `if __name__ == "__main__"`; workers are started with it out of sight, so that they
    only ever import the assistant."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def warm(settings: Settings, dtype: str) -> bool:
    """Start the pool and wait until every worker has loaded; False with fewer than two
    workers configured."""
    global _loading
    if get(settings, dtype, start=True) is None:
        return False
    if _loading is not None:
        for _ in range(settings.index_workers):
            if not _loading.acquire(timeout=_LOAD_SECONDS):
                stop()
                raise AssistantError(f"index workers did not load within {_LOAD_SECONDS} s")
        _loading = None
    return True


def stop(wait: bool = True) -> None:
    """Shut the pool down; `wait=False` for a broken one (a worker died), which is simply
    forgotten: the next large run starts a new one."""
    global _pool, _key, _loading
    if _pool is not None:
        _pool.shutdown(wait=wait, cancel_futures=True)
    _pool, _key, _loading = None, None, None


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


def submit(pool: ProcessPoolExecutor, texts: list[str]) -> Future:
    return pool.submit(_build, texts)


def _start(dtype: str, settings: Settings, ready) -> None:
    import torch

    from assistant.indexing.article_build import ArticleBuilder
    from assistant.models.embedder import Embedder
    from assistant.quotes.extract import get_nlp

    global _builder
    torch.set_num_threads(1)
    _builder = ArticleBuilder(Embedder(dtype), settings)
    get_nlp()
    _builder.build(["Loading: the model's first call is slow."])
    ready.release()


def _build(texts: list[str]):
    return _builder.build(texts)


__all__ = ["BrokenProcessPool", "START_AT", "get", "stop", "submit", "warm"]
