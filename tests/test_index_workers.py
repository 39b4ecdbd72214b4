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
from assistant.indexing.workers import IndexWorkers, groups
from assistant.models.embedder import chosen_dtype
from assistant.store.chroma import Store
from assistant.store.packing import unpack
from conftest import bbc_sample

@pytest.fixture
def pool():
    """Two warm workers, shared by the assistants of one test and stopped after it."""
    workers = IndexWorkers(replace(Settings.from_env(), index_workers=2), chosen_dtype())
    assert workers.warm()
    yield workers
    workers.stop()


def _workers_cpu(pool: IndexWorkers) -> float:
    """CPU seconds the pool's processes have used, read from /proc."""
    total = 0.0
    for pid in pool.pids():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _stored(path: Path) -> dict:
    store = Store(path)
    return {"chunks": {c.id: c for c in store.chunks()}, "vectors": store.vectors("chunks"),
            "quotes": store.all_quotes(), "articles": store.articles(with_text=True)}


def _in(settings: Settings, index: Path, pool: IndexWorkers) -> Assistant:
    return Assistant(settings=replace(settings, index_dir=index), workers=pool)


@pytest.mark.slow
def test_workers_store_what_one_process_stores(tmp_path, pool):
    folder = tmp_path / "bbc"
    bbc_sample(folder, 16)
    alone = Assistant(settings=replace(pool.settings, index_dir=tmp_path / "alone", index_workers=1))
    alone.index([folder])
    before = _workers_cpu(pool)
    report = _in(pool.settings, tmp_path / "pool", pool).index([folder])
    assert _workers_cpu(pool) - before > 0.5  # the workers did the chunking, quotes and model

    assert len(report.added) == 16 and not report.failed
    one, many = _stored(tmp_path / "alone"), _stored(tmp_path / "pool")
    by_id = lambda records: {r.id: r for r in records}  # noqa: E731
    assert by_id(one["articles"]).keys() == by_id(many["articles"]).keys()
    for aid, record in by_id(one["articles"]).items():
        other = by_id(many["articles"])[aid]
        assert (record.ref, record.text, record.chunk_count, record.quote_count) == (
            other.ref, other.text, other.chunk_count, other.quote_count)
    assert one["quotes"] == many["quotes"] and len(one["quotes"]) > 20
    assert one["chunks"].keys() == many["chunks"].keys()
    for cid, chunk in one["chunks"].items():
        other = many["chunks"][cid]
        assert (chunk.text, chunk.start, chunk.end, chunk.sentence_spans) == (
            other.text, other.start, other.end, other.sentence_spans)
        assert [(q.n, q.speaker, q.start) for q in chunk.quotes] == [(q.n, q.speaker, q.start) for q in other.quotes]
        # Vectors differ only by the model's rounding on one thread or two.
        assert float(np.dot(one["vectors"][cid], many["vectors"][cid])) > 0.99
        mine, theirs = unpack(chunk.sentence_vectors, 384), unpack(other.sentence_vectors, 384)
        assert mine.shape == theirs.shape and float((mine * theirs).sum(axis=1).min()) > 0.98


@pytest.mark.slow
def test_questions_are_answered_the_same(tmp_path, pool):
    folder = tmp_path / "bbc"
    bbc_sample(folder, 12)
    one = Assistant(settings=replace(pool.settings, index_dir=tmp_path / "alone", index_workers=1))
    one.index([folder])
    many = _in(pool.settings, tmp_path / "pool", pool)
    many.index([folder])
    for question in ("What did Blair say about the election?", "What did Howard say?"):
        first, second = one.ask(question), many.ask(question)
        assert first.citations and [c.text for c in first.citations] == [c.text for c in second.citations]


@pytest.mark.slow
def test_a_dead_worker_costs_speed_not_articles(tmp_path, pool):
    folder = tmp_path / "bbc"
    bbc_sample(folder, 10)
    os.kill(pool.pids()[0], signal.SIGKILL)
    report = _in(pool.settings, tmp_path / "index", pool).index([folder])
    assert len(report.added) == 10 and not report.failed
    store = Store(tmp_path / "index")
    assert store.counts()["articles"] == 10
    assert len({c.article.id for c in store.chunks()}) == 10
    # The broken pool is let go: the next large run starts a new one.
    assert not pool.running


@pytest.mark.slow
def test_a_large_run_starts_the_workers_part_way(tmp_path, monkeypatch):
    """The first articles of a run are built here; once it has queued START_AT (lowered
    for the test) it starts the workers and hands them the rest."""
    monkeypatch.setattr(IndexWorkers, "start_at", 6)
    settings = replace(Settings.from_env(), index_workers=2, index_dir=tmp_path / "index")
    folder = tmp_path / "bbc"
    bbc_sample(folder, 18)
    seen = []
    with Assistant(settings=settings) as assistant:
        report = assistant.index([folder], lambda *p: seen.append(p))
        assert assistant.workers.running and len(assistant.workers.pids()) == 2
    assert not assistant.workers.running  # closing the assistant stopped its workers
    assert len(report.added) == 18 and not report.failed
    assert [done for done, _, _ in seen] == [*range(1, 19), 18] and seen[-1][2] == report.chunks
    store = Store(tmp_path / "index")
    assert store.counts()["articles"] == 18 and store.counts()["chunks"] == report.chunks
    alone = Assistant(settings=replace(settings, index_dir=tmp_path / "alone", index_workers=1))
    assert alone.index([folder]).chunks == report.chunks


@pytest.mark.slow
def test_a_small_run_with_no_pool_running_starts_none(tmp_path):
    settings = replace(Settings.from_env(), index_workers=2, index_dir=tmp_path / "index")
    folder = tmp_path / "bbc"
    bbc_sample(folder, 5)
    assistant = Assistant(settings=settings)
    assert len(assistant.index([folder]).added) == 5
    assert not assistant.workers.running


def test_groups_keep_order_and_shrink_towards_the_end():
    sizes = [2000 + 150 * (i % 7) for i in range(80)]
    items = list(range(80))
    shares = groups(items, sizes, 2)
    assert [i for g in shares for i in g] == items and all(shares)
    chars = [sum(sizes[i] for i in g) for g in shares]
    assert chars[0] > 2 * chars[-1] and len(shares) >= 4


def test_index_workers_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_INDEX_WORKERS", "1")
    assert Settings.from_env().index_workers == 1
    monkeypatch.setenv("ASSISTANT_INDEX_WORKERS", "two")
    with pytest.raises(AssistantError, match="ASSISTANT_INDEX_WORKERS"):
        Settings.from_env()
