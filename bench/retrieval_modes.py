"""Hybrid against dense-only and BM25-only retrieval on PolNeAR dev speaker questions.

    .venv/bin/python bench/retrieval_modes.py            # builds indexes/polnear-dev once, prints the table
    .venv/bin/python bench/retrieval_modes.py --tune --index DIR --questions FILE
        # grid over the fusion weights, retrieval only; run it on a PolNeAR *train* set:
        #   bench/qa/build_polnear_qa.py --split train --limit 150 --out /tmp/qa/train.jsonl

The dev figures come from `assistant eval qa bench/qa/polnear_dev_speakers.jsonl
--index indexes/polnear-dev --mode all`, which is what this script runs.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
ROOT = Path(__file__).resolve().parent.parent
DEV_TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "data" / "dev" / "text"
DEV_INDEX = ROOT / "indexes" / "polnear-dev"
DEV_QUESTIONS = ROOT / "bench" / "qa" / "polnear_dev_speakers.jsonl"


def build_index(index: Path) -> None:
    from assistant import Assistant

    print(Assistant(index).index([DEV_TEXTS]).summary(), file=sys.stderr)


def _retriever(index: Path):
    """The hybrid retriever on an index, built from its parts as the assistant builds it."""
    from assistant.models.embedder import shared_embedder
    from assistant.search.quote_index import QuoteIndex
    from assistant.search.retriever import Retriever
    from assistant.search.snapshot import Snapshots
    from assistant.store.chroma import Store

    store, embedder = Store(index), shared_embedder()
    snapshots = Snapshots(store, embedder.dimensions)
    return Retriever(store, embedder, snapshots, quotes=QuoteIndex(store, embedder, snapshots))


def tune(index: Path, questions: Path, k: int) -> None:
    """Each question's dense and BM25 lists are fetched once; the weights are tried on them."""
    from assistant.evaluation.qa import MRR_CUTOFF, hit_at, load_questions, overlaps, reciprocal_rank
    from assistant.search.retriever import Fusion

    retriever = _retriever(index)
    chunks = retriever.keyword().chunks
    items = load_questions(questions)
    lists = [retriever.rankings(item.question, "hybrid", Fusion().depth) for item in items]

    def score(rank_of) -> tuple[float, float]:
        hits = rr = 0.0
        for item, ranked in zip(items, lists):
            ids = rank_of(item.question, ranked)[:MRR_CUTOFF]
            relevant = [overlaps(chunks[c].article.source, chunks[c].start, chunks[c].end, item.gold)
                        for c in ids]
            hits += hit_at(relevant, k)
            rr += reciprocal_rank(relevant)
        return hits / len(items), rr / len(items)

    for mode in ("dense", "bm25"):
        h, m = score(lambda q, r: [c for c, _ in r[mode]])
        print(f"{mode:<44} Hits@{k} {h:.3f}  MRR@10 {m:.3f}", flush=True)
    grid = [("rrf", d, s, 0.0) for d in (1.0, 0.5, 0.2) for s in (0.0, 0.01)]
    grid += [("relative", d, s, w) for d in (1.0, 0.5, 0.2, 0.0) for s in (0.0, 0.2)
             for w in (0.0, 0.5, 1.0, 2.0)]
    for method, dense, speaker, sentences in grid:
        fusion = replace(Fusion(), method=method, dense=dense, speaker=speaker, sentences=sentences)

        def fused(q, r, fusion=fusion):
            scores = retriever.fuse(q, r, fusion)
            return sorted(scores, key=lambda c: -scores[c])

        h, m = score(fused)
        print(f"hybrid {method:<8} dense={dense} speaker={speaker:<4} sentences={sentences:<4} "
              f"Hits@{k} {h:.3f}  MRR@10 {m:.3f}",
              flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=DEV_INDEX)
    parser.add_argument("--questions", type=Path, default=DEV_QUESTIONS)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--tune", action="store_true", help="grid over the fusion weights")
    args = parser.parse_args()
    if args.tune:
        tune(args.index, args.questions, args.k)
        return 0
    if not (args.index / "chroma").is_dir():
        build_index(args.index)
    from assistant.cli import main as cli

    return cli(["eval", "qa", str(args.questions), "--index", str(args.index), "--mode", "all",
                "--k", str(args.k)])


if __name__ == "__main__":
    sys.exit(main())
