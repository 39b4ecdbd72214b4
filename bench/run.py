"""Performance against plain llama-index: ingest, where ingest time goes, query latency at
growing sizes, cold start and memory. Prints one table.

    .venv/bin/python bench/run.py [--quick] [--articles 60] [--pairs 3] [--sizes 1000,10000,100000]

Other processes on the machine shift absolute figures; ratios come from runs made in
alternation within this one run.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BBC, percentile, sample, table

from assistant import Assistant, Settings
from assistant.models.embedder import cpu_has_bf16, shared_embedder
from assistant.quotes.extract import get_nlp
from cold_start import serve_to_first_answer
from grow_corpus import Grower
from ingest_compare import compare
from query_probe import QUESTIONS

HERE = Path(__file__).resolve().parent


def probe(index: Path, side: str, repeats: int) -> dict:
    done = subprocess.run(
        [sys.executable, str(HERE / "query_probe.py"), str(index), side, "--repeats", str(repeats)],
        capture_output=True, text=True, cwd=HERE,
    )
    if done.returncode:
        raise RuntimeError(f"query probe ({side}) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def ingest_section(folder: Path, work: Path, pairs: int, stages: dict) -> tuple[list, list, float, Path]:
    runs = compare(folder, work, pairs, True, stages)
    labels = {"ours": f"ours: assistant index (quotes on, {shared_embedder().dtype}, "
                      f"{Settings.from_env().index_workers} index workers)",
              "ours_one": "ours in one process (no index workers; stage timers on)",
              "llama": "llama-index plain (HuggingFaceEmbedding defaults: float32, batch 10)",
              "llama_bf16": "llama-index plain, bfloat16 weights (model_kwargs)"}
    rows = []
    for name, label in labels.items():
        for pair, (wall, cpu, arts, chunks) in enumerate(runs[name], 1):
            rows.append([f"{label}, round {pair}", f"{arts}", f"{chunks}", f"{wall:.1f} s",
                         f"{cpu:.1f} s", f"{arts / wall:.2f}", f"{chunks / wall:.1f}", f"{chunks / cpu:.1f}"])
    ratios = []
    for side, ref in (("ours", "llama"), ("ours", "llama_bf16"), ("ours_one", "llama")):
        for clock in (0, 1):
            per = [(o[3] / o[clock]) / (r[3] / r[clock]) for o, r in zip(runs[side], runs[ref])]
            name = "ours" if side == "ours" else "ours in one process"
            ratios.append([f"{name} / {labels[ref].split(' (')[0].replace('llama-index plain, ', 'llama-index ')}"
                           f" ({'wall' if clock == 0 else 'CPU'} time)",
                           ", ".join(f"{x:.2f}x" for x in per), f"{percentile(per, 50):.2f}x"])
    return rows, ratios, sum(r[0] for r in runs["ours_one"]), work / f"ours-{pairs - 1}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 articles, 1 round, up to 5k chunks")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--pairs", type=int)
    parser.add_argument("--sizes")
    parser.add_argument("--repeats", type=int)
    parser.add_argument("--query-articles", type=int,
                        help="BBC articles really indexed for the query section before copies "
                             "grow it (default: all 2,225; --quick: the ingest sample)")
    args = parser.parse_args()
    articles = args.articles or (30 if args.quick else 60)
    pairs = args.pairs or (1 if args.quick else 3)
    sizes = [int(s) for s in (args.sizes or ("1000,5000" if args.quick else "1000,10000,100000")).split(",")]
    repeats = args.repeats or 2
    began = time.perf_counter()
    shared_embedder()
    get_nlp()
    print(f"BBC corpus: {BBC}; CPU bf16 support: {cpu_has_bf16()}; "
          f"our embedding dtype: {shared_embedder().dtype}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = sample(articles, work)
        stages: dict[str, float] = {}
        rows, ratios, seconds, index = ingest_section(folder, work, pairs, stages)
        print("\nIngest: the same BBC articles, one run of each side per round, the order rotated "
              "each round (model and spaCy loaded beforehand, our index workers started)")
        print(table(rows, ["run", "articles", "chunks", "wall", "CPU", "articles/s", "chunks/s",
                           "chunks/CPU-s"]))
        print("\nIngest ratio, chunks/s of ours over the other side's, per round and median")
        print(table(ratios, ["ratio", "per round", "median"]), flush=True)

        rest = seconds - sum(stages.values())
        share = [[name, f"{t:.1f} s", f"{100 * t / seconds:.0f}%"]
                 for name, t in sorted(stages.items(), key=lambda kv: -kv[1])]
        share.append(["everything else (diffing, records, Python)", f"{rest:.1f} s", f"{100 * rest / seconds:.0f}%"])
        print(f"\nWhere our ingest time goes, in one process (all {pairs} builds of {articles} articles, "
              f"{seconds:.1f} s)")
        print(table(share, ["stage", "time", "share"]), flush=True)

        # Each size is grown by copies from the largest real index not above it: the ingest
        # sample for the smallest, every BBC article (--query-articles) for the larger ones.
        indexes = {index: Grower(index)}
        wanted = args.query_articles or (articles if args.quick else 10_000)
        if wanted > articles:
            big = work / "query-index"
            built = time.perf_counter()
            report = Assistant(big).index([sample(wanted, work / "query")])
            print(f"\nQuery index: {len(report.added):,} BBC articles, {report.chunks:,} chunks, "
                  f"indexed in {time.perf_counter() - built:.0f} s", flush=True)
            indexes[big] = Grower(big)
        reals = {path: grower.count() for path, grower in indexes.items()}
        rows = []
        for size in sizes:
            index = max((p for p in indexes if reals[p] <= size), key=lambda p: reals[p], default=next(iter(indexes)))
            grower = indexes[index]
            have = grower.grow_to(size) if size > grower.count() else grower.count()
            ours = probe(index, "ours", repeats)
            llama = probe(index, "llama", repeats)
            cold = serve_to_first_answer(index, QUESTIONS[0])
            for name, got in (("ours: Assistant.ask()", ours), ("llama-index retriever", llama)):
                lat, new = got["first"] + got["again"], got["first"]
                rows.append([f"{have:,}", name, ms(percentile(lat, 50)), ms(percentile(lat, 95)),
                             ms(percentile(new, 50)), ms(percentile(new, 95)),
                             f"{got['ready']:.1f} s", f"{got['rss'] / 2**20:.0f} MB",
                             f"{cold:.1f} s" if name.startswith("ours") else ""])
            # Each size as it is measured: the largest takes longest.
            print(f"  {have:,} chunks, {time.perf_counter() - began:.0f} s so far: "
                  + "; ".join(" ".join(r[1:]) for r in rows[-2:]), flush=True)
        print(f"\nQuery: {len(QUESTIONS) - 1} questions x {repeats} rounds (p50/p95 over all, and over "
              "first askings only), each side in its own process; "
              f"{' and '.join(f'{n:,}' for n in sorted(reals.values()))} chunks from real indexing of BBC "
              "articles, the rest inserted as "
              "copies of those records (digits shifted, vectors jittered), not re-embedded")
        print(table(rows, ["chunks", "side", "p50", "p95", "p50 new", "p95 new", "open+first answer", "resident memory",
                           "serve cold start"]))
    print(f"\nbenchmark took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
