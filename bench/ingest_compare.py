"""Ingest: our `index` against a plain llama-index pipeline on the same BBC articles, and
where our ingest time goes."""
from __future__ import annotations

import inspect
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from common import ROOT  # noqa: F401 - puts the repository on sys.path

from assistant import Assistant, Settings
from assistant.indexing import article_build
from assistant.indexing import indexer as indexing
from assistant.indexing.workers import IndexWorkers
from assistant.models.embedder import chosen_dtype, model_path, shared_embedder
from assistant.store.chroma import Store


def _cpu_seconds(pool: IndexWorkers | None) -> float:
    """This process's CPU time and its index workers' (children that have exited are not
    counted, so the workers' is read from /proc while they run)."""
    total = time.process_time()
    for pid in pool.pids() if pool else []:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def run_ours(folder: Path, index: Path, pool: IndexWorkers | None = None) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (with the index workers'), articles, chunks for a first
    build of `folder` (quotes on, as shipped); with `pool`, its warm index workers, else all
    in this process."""
    settings = replace(Settings.from_env(), index_dir=index)
    if pool is None:
        settings = replace(settings, index_workers=1)
    a = Assistant(settings=settings, workers=pool)
    start, cpu = time.perf_counter(), _cpu_seconds(pool)
    report = a.index([folder])
    return time.perf_counter() - start, _cpu_seconds(pool) - cpu, len(report.added), report.chunks


def llama_embedder(bf16: bool):
    """HuggingFaceEmbedding on the same model folder: its defaults, or bf16 weights."""
    import torch
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    extra = {"model_kwargs": {"torch_dtype": torch.bfloat16}} if bf16 else {}
    return HuggingFaceEmbedding(model_name=str(model_path()), device="cpu", **extra)


def run_llama(folder: Path, index: Path, embed_model) -> tuple[float, float, int, int]:
    """The plain pipeline: read the files, SentenceSplitter with our chunk size (in the same
    model's wordpieces), embed, ChromaVectorStore. Wall and CPU seconds, documents, chunks."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    settings = Settings()
    tokenizer = shared_embedder().tokenizer
    start, cpu = time.perf_counter(), time.process_time()
    docs = [Document(text=p.read_text(encoding="utf-8"), metadata={"file_path": str(p)})
            for p in sorted(folder.iterdir())]
    client = chromadb.PersistentClient(str(index), settings=ChromaSettings(anonymized_telemetry=False))
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("chunks"))
    splitter = SentenceSplitter(chunk_size=settings.chunk_tokens, chunk_overlap=settings.chunk_overlap,
                                tokenizer=tokenizer.tokenize)
    VectorStoreIndex.from_documents(
        docs, storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=embed_model, transformations=[splitter],
    )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return seconds, cpu, len(docs), store._collection.count()


@contextmanager
def _timing(owner, name: str, totals: dict, key: str):
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[key] = totals.get(key, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed)
    try:
        yield
    finally:
        if isinstance(owner, type) or inspect.ismodule(owner):
            setattr(owner, name, original)
        else:
            delattr(owner, name)  # an instance: back to its class's method


def profile_ours(folder: Path, index: Path, totals: dict[str, float]):
    """run_ours in one process (no index workers, whose stages cannot be timed from here),
    with the wall time of each stage added to `totals`: the model's forward pass,
    tokenising for the model, quote extraction, chunking, reading files, Chroma writes (a
    few hundred timer calls: no measurable cost)."""
    model = shared_embedder().model
    stages = [
        (model, "forward", "model forward pass"),
        (model, "tokenize", "tokenising for the model"),
        (article_build, "extract_quotes", "quote extraction (spaCy)"),
        (article_build.Chunker, "chunks", "chunking"),
        (indexing, "load_file", "reading and parsing files"),
        (Store, "write", "Chroma writes"),
        (Store, "delete_articles", "Chroma writes"),
    ]
    managers = [_timing(owner, name, totals, key) for owner, name, key in stages]
    for m in managers:
        m.__enter__()
    try:
        return run_ours(folder, index)
    finally:
        for m in reversed(managers):
            m.__exit__(None, None, None)


def compare(folder: Path, work: Path, pairs: int, llama_bf16: bool, stages: dict) -> dict:
    """Alternating runs of ours (with its index workers), ours in one process, llama-index
    (defaults) and llama-index bf16, the order rotated every round so that no side always
    runs first or last; the one-process runs collect where our time goes in `stages`."""
    runs: dict[str, list[tuple[float, float, int, int]]] = {"ours": [], "ours_one": [], "llama": [], "llama_bf16": []}
    embedders = {"llama": llama_embedder(False)}
    if llama_bf16:
        embedders["llama_bf16"] = llama_embedder(True)
    sides = ["ours", "ours_one", *embedders]
    # Warm every side on one article so loading stays outside the timings; our index
    # workers are started and loaded, as in a running `assistant serve` or session.
    warm = work / "warm"
    warm.mkdir()
    shutil.copy(next(iter(sorted(folder.iterdir()))), warm)
    run_ours(warm, work / "warm-ours")
    pool = IndexWorkers(Settings.from_env(), chosen_dtype())
    pool.warm()
    for name, emb in embedders.items():
        run_llama(warm, work / f"warm-{name}", emb)
    for pair in range(pairs):
        for name in sides[pair % len(sides):] + sides[: pair % len(sides)]:
            if name == "ours":
                runs["ours"].append(run_ours(folder, work / f"ours-{pair}", pool))
            elif name == "ours_one":
                runs["ours_one"].append(profile_ours(folder, work / f"ours-one-{pair}", stages))
                shutil.rmtree(work / f"ours-one-{pair}", ignore_errors=True)
            else:
                runs[name].append(run_llama(folder, work / f"{name}-{pair}", embedders[name]))
                shutil.rmtree(work / f"{name}-{pair}", ignore_errors=True)
    return runs
