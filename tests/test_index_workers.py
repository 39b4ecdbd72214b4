"""Index workers: articles prepared in worker processes are stored exactly as the indexing
process would store them, and a dead worker costs speed, never articles."""
from __future__ import annotations

import os
import signal
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, AssistantError, Settings
from assistant.indexing import workers as index_workers
from assistant.models.embedder import chosen_dtype
from assistant.store.sentence_vectors import META_KEY, unpack
from assistant.store.chroma import Store
from conftest import bbc_sample


@pytest.fixture
def pool_settings():
    settings = replace(Settings.from_env(), index_workers=2)
    assert index_workers.warm(settings, chosen_dtype())
    yield settings
    index_workers.stop()  # later tests index in their own process again


def _workers_cpu(pool) -> float:
    """CPU seconds the pool's processes have used, read from /proc."""
    total = 0.0
    for pid in pool._processes:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _stored(path: Path) -> dict:
    store = Store(path)
    chunks = store.chunks.get(include=["documents", "metadatas", "embeddings"])
    quotes = store.quotes.get(include=["metadatas"])
    articles = store.articles.get(include=["documents", "metadatas"])
    return {
        "chunks": {i: (d, m, e) for i, d, m, e in zip(chunks["ids"], chunks["documents"], chunks["metadatas"], chunks["embeddings"])},
        "quotes": dict(zip(quotes["ids"], quotes["metadatas"])),
        "articles": {i: (d, m) for i, d, m in zip(articles["ids"], articles["documents"], articles["metadatas"])},
    }


def test_workers_store_what_one_process_stores(tmp_path, pool_settings):
    folder = tmp_path / "bbc"
    bbc_sample(folder, 16)
    alone = Assistant(settings=replace(pool_settings, index_dir=tmp_path / "alone", index_workers=1))
    alone.index([folder])
    pool = index_workers.get(pool_settings, chosen_dtype(), start=False)
    before = _workers_cpu(pool)
    report = Assistant(settings=replace(pool_settings, index_dir=tmp_path / "pool")).index([folder])
    assert _workers_cpu(pool) - before > 0.5  # the workers did the chunking, quotes and model

    assert len(report.added) == 16 and not report.failed
    one, many = _stored(tmp_path / "alone"), _stored(tmp_path / "pool")
    assert one["articles"] == many["articles"]
    assert one["quotes"] == many["quotes"] and len(one["quotes"]) > 20
    assert one["chunks"].keys() == many["chunks"].keys()
    for cid, (text, meta, vector) in one["chunks"].items():
        other_text, other_meta, other_vector = many["chunks"][cid]
        assert text == other_text
        # Vectors differ only by the model's rounding on one thread or two.
        assert float(np.dot(vector, other_vector)) > 0.99
        mine, theirs = unpack(meta.pop(META_KEY), 384), unpack(other_meta.pop(META_KEY), 384)
        assert mine.shape == theirs.shape and float((mine * theirs).sum(axis=1).min()) > 0.98
        assert {k: v for k, v in meta.items() if k != "quotes"} == {k: v for k, v in other_meta.items() if k != "quotes"}


def test_questions_are_answered_the_same(tmp_path, pool_settings):
    folder = tmp_path / "bbc"
    bbc_sample(folder, 12)
    one = Assistant(settings=replace(pool_settings, index_dir=tmp_path / "alone", index_workers=1))
    one.index([folder])
    many = Assistant(settings=replace(pool_settings, index_dir=tmp_path / "pool"))
    many.index([folder])
    for question in ("What did Blair say about the election?", "What did Howard say?"):
        first, second = one.ask(question), many.ask(question)
        assert first.citations and [c.text for c in first.citations] == [c.text for c in second.citations]


def test_a_dead_worker_costs_speed_not_articles(tmp_path, pool_settings):
    folder = tmp_path / "bbc"
    bbc_sample(folder, 10)
    pool = index_workers.get(pool_settings, chosen_dtype(), start=False)
    victim = next(iter(pool._processes))
    os.kill(victim, signal.SIGKILL)
    report = Assistant(settings=replace(pool_settings, index_dir=tmp_path / "index")).index([folder])
    assert len(report.added) == 10 and not report.failed
    store = Store(tmp_path / "index")
    assert store.articles.count() == 10
    assert len({m["article"] for m in store.chunks.get(include=["metadatas"])["metadatas"]}) == 10
    # The broken pool is let go: the next large run starts a new one.
    assert index_workers.get(pool_settings, chosen_dtype(), start=False) is None


def test_a_large_run_starts_the_workers_part_way(tmp_path, monkeypatch):
    """The first articles of a run are built here; once it has queued START_AT (lowered
    for the test) it starts the workers and hands them the rest."""
    monkeypatch.setattr(index_workers, "START_AT", 6)
    settings = replace(Settings.from_env(), index_workers=2, index_dir=tmp_path / "index")
    folder = tmp_path / "bbc"
    bbc_sample(folder, 18)
    seen = []
    try:
        report = Assistant(settings=settings).index([folder], lambda *p: seen.append(p))
        pool = index_workers.get(settings, chosen_dtype(), start=False)
        assert pool is not None and len(pool._processes) == 2
    finally:
        index_workers.stop()
    assert len(report.added) == 18 and not report.failed
    assert [done for done, _, _ in seen] == [*range(1, 19), 18] and seen[-1][2] == report.chunks
    store = Store(tmp_path / "index")
    assert store.articles.count() == 18 and store.chunks.count() == report.chunks
    alone = Assistant(settings=replace(settings, index_dir=tmp_path / "alone", index_workers=1))
    assert alone.index([folder]).chunks == report.chunks


def test_a_small_run_with_no_pool_running_starts_none(tmp_path):
    settings = replace(Settings.from_env(), index_workers=2, index_dir=tmp_path / "index")
    folder = tmp_path / "bbc"
    bbc_sample(folder, 5)
    assert len(Assistant(settings=settings).index([folder]).added) == 5
    assert index_workers.get(settings, chosen_dtype(), start=False) is None


def test_groups_keep_order_and_shrink_towards_the_end():
    sizes = [2000 + 150 * (i % 7) for i in range(80)]
    items = list(range(80))
    groups = index_workers.groups(items, sizes, 2)
    assert [i for g in groups for i in g] == items and all(groups)
    chars = [sum(sizes[i] for i in g) for g in groups]
    assert chars[0] > 2 * chars[-1] and len(groups) >= 4


def test_index_workers_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_INDEX_WORKERS", "1")
    assert Settings.from_env().index_workers == 1
    monkeypatch.setenv("ASSISTANT_INDEX_WORKERS", "two")
    with pytest.raises(AssistantError, match="ASSISTANT_INDEX_WORKERS"):
        Settings.from_env()
