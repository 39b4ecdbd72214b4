"""Shared fixtures: real model, real embedded Chroma, the real seed article."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# The model questions are encoded with is exported into this run's own cache (processes the
# tests start inherit it), so every run exercises the export.
os.environ.setdefault("ASSISTANT_CACHE", tempfile.mkdtemp(prefix="assistant-cache-"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "2025-03-12-ukraine-ceasefire-talks.txt"
DATA = ROOT.parent / "shared" / "data"


def bbc_sample(folder: Path, n: int, category: str = "politics", prefix: str = "") -> list[Path]:
    """The first `n` BBC articles of `category`, copied into the new `folder` (each name
    after `prefix`); returns the originals."""
    source = DATA / "bbc-news" / "bbc" / category
    assert source.is_dir(), f"{source} is missing: the BBC corpus must sit beside the repository"
    folder.mkdir()
    files = sorted(source.glob("*.txt"))[:n]
    for f in files:
        shutil.copy(f, folder / f"{prefix}{f.name}")
    return files


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of seeds/, built once for the session; tests must not write to it."""
    from assistant import Assistant

    path = tmp_path_factory.mktemp("seed") / "index"
    report = Assistant(path).index([SEEDS])
    assert len(report.added) == 1 and not report.failed
    return path


@pytest.fixture(scope="session")
def seed(seed_index):
    from assistant import Assistant

    return Assistant(seed_index)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable folder holding a copy of the seed article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / SEED_ARTICLE.name)
    return folder


def snapshot(index_path: Path) -> dict:
    """Everything stored in an index, to prove an operation left it as it was."""
    from assistant.store.chroma import Store

    store = Store(index_path)
    return {
        "chunks": sorted((c.id, c.text) for c in store.chunks()),
        "articles": sorted((r.id, r.text) for r in store.articles(with_text=True)),
    }
