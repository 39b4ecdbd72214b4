"""One process that opens an index and answers questions, as `assistant serve` would:
prints JSON with the latency of each question and the process's resident memory.

    .venv/bin/python bench/query_probe.py INDEX (ours|llama) [--repeats 2]

Every question but the first (asked while opening) is timed once when new and again in
each further round, since answers may reuse what earlier questions computed.

`ours` times `Assistant.ask()`; `llama` times llama-index's retriever (VectorStoreIndex over
ChromaVectorStore on the same chunks collection, HuggingFaceEmbedding on the same model,
its defaults) returning the same number of passages.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from common import ROOT  # noqa: F401

QUESTIONS = [
    "What did Blair say about the election?",
    "What did Gordon Brown say about the economy?",
    "What did Michael Howard say?",
    "What did the chancellor say?",
    "How did oil prices affect the markets?",
    "Who won the Australian Open?",
    "What did Charles Kennedy say about Iraq?",
    "What happened to the dollar?",
    "Which film won the Oscar?",
    "What did Microsoft announce?",
    "What did Mourinho say?",
    "How many jobs were cut?",
    "What did the Liberal Democrats promise?",
    "What did Bush say about Iran?",
    "How much did house prices rise?",
    "What did Arsenal's manager say?",
    "Which band topped the charts?",
    "What did Sony say about the PlayStation?",
    "What did the Bank of England decide on interest rates?",
    "What did Tony Blair say about Iraq?",
]


def ours(index: str):
    from assistant import Assistant

    a = Assistant(index)
    start = time.perf_counter()
    a.ask_ready()
    a.ask(QUESTIONS[0])  # builds the keyword index and the speaker registry
    return a.ask, time.perf_counter() - start


def llama(index: str):
    import chromadb
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from ingest_compare import llama_embedder

    start = time.perf_counter()
    # The baseline reads our chunks collection through Chroma's own client, as a plain
    # llama-index application would.
    client = chromadb.PersistentClient(path=str(Path(index) / "chroma"),
                                       settings=chromadb.config.Settings(anonymized_telemetry=False))
    collection = client.get_collection("chunks", embedding_function=None)
    vector_store = ChromaVectorStore(chroma_collection=collection)
    retriever = VectorStoreIndex.from_vector_store(vector_store, embed_model=llama_embedder(False)) \
        .as_retriever(similarity_top_k=5)
    retriever.retrieve(QUESTIONS[0])
    return retriever.retrieve, time.perf_counter() - start


def main() -> None:
    import psutil

    parser = argparse.ArgumentParser()
    parser.add_argument("index")
    parser.add_argument("side", choices=["ours", "llama"])
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    answer, ready = (ours if args.side == "ours" else llama)(args.index)
    first, again = [], []  # a question asked for the first time; asked before
    for round_ in range(args.repeats):
        for q in QUESTIONS[1:]:
            start = time.perf_counter()
            answer(q)
            (again if round_ else first).append(time.perf_counter() - start)
    rss = psutil.Process().memory_info().rss
    json.dump({"first": first, "again": again, "ready": ready, "rss": rss}, sys.stdout)


if __name__ == "__main__":
    main()
