"""Performance against plain llama-index: ingest, where ingest time goes, query latency at
growing sizes, cold start and memory. Prints one table.

    .venv/bin/python bench/run.py [--quick] [--articles 150] [--pairs 2] [--sizes 1000,10000,100000]

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

from assistant.embedding import cpu_has_bf16, shared_embedder
from assistant.quotes import get_nlp
from cold_start import serve_to_first_answer
from grow_corpus import Grower
from ingest_compare import compare, profile_ours
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


def ingest_section(folder: Path, work: Path, pairs: int) -> tuple[list[list[str]], Path]:
    runs = compare(folder, work, pairs, llama_bf16=True)
    ours_dtype = shared_embedder().dtype
    labels = {"ours": f"ours: assistant index (quotes on, {ours_dtype})",
              "llama": "llama-index plain (HuggingFaceEmbedding defaults: float32, batch 10)",
              "llama_bf16": "llama-index plain, bfloat16 weights (model_kwargs)"}
    rows = []
    for name, label in labels.items():
        for pair, (sec, arts, chunks) in enumerate(runs[name], 1):
            ratio = ""
            if name == "ours":
                ref = runs["llama"][pair - 1]
                ref_bf16 = runs["llama_bf16"][pair - 1]
                ratio = (f"{(chunks / sec) / (ref[2] / ref[0]):.2f}x / "
                         f"{(chunks / sec) / (ref_bf16[2] / ref_bf16[0]):.2f}x")
            rows.append([f"{label}, pair {pair}", f"{arts}", f"{chunks}", f"{sec:.1f} s",
                         f"{arts / sec:.2f}", f"{chunks / sec:.1f}", ratio])
    return rows, work / f"ours-{pairs - 1}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 articles, 1 pair, up to 5k chunks")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--pairs", type=int)
    parser.add_argument("--sizes")
    parser.add_argument("--repeats", type=int)
    args = parser.parse_args()
    articles = args.articles or (60 if args.quick else 150)
    pairs = args.pairs or (1 if args.quick else 2)
    sizes = [int(s) for s in (args.sizes or ("1000,5000" if args.quick else "1000,10000,100000")).split(",")]
    repeats = args.repeats or (2 if args.quick else 4)
    began = time.perf_counter()
    shared_embedder()
    get_nlp()
    print(f"BBC corpus: {BBC}; CPU bf16 support: {cpu_has_bf16()}; "
          f"our embedding dtype: {shared_embedder().dtype}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = sample(articles, work)
        rows, index = ingest_section(folder, work, pairs)
        print("\nIngest: the same BBC articles, alternating runs (chunks/s ratio: ours vs "
              "llama-index float32 / bfloat16, per pair)")
        print(table(rows, ["run", "articles", "chunks", "time", "articles/s", "chunks/s", "ours / llama"]),
              flush=True)

        seconds, stages = profile_ours(folder, work / "profile")
        rest = seconds - sum(stages.values())
        share = [[name, f"{t:.1f} s", f"{100 * t / seconds:.0f}%"]
                 for name, t in sorted(stages.items(), key=lambda kv: -kv[1])]
        share.append(["everything else (diffing, records, Python)", f"{rest:.1f} s", f"{100 * rest / seconds:.0f}%"])
        print(f"\nWhere our ingest time goes ({articles} articles, one build of {seconds:.1f} s)")
        print(table(share, ["stage", "time", "share"]), flush=True)

        grower = Grower(index)
        real = grower.count()
        rows = []
        for size in sizes:
            have = grower.grow_to(size) if size > real else grower.count()
            ours = probe(index, "ours", repeats)
            llama = probe(index, "llama", repeats)
            cold = serve_to_first_answer(index, QUESTIONS[0])
            for name, got in (("ours: Assistant.ask()", ours), ("llama-index retriever", llama)):
                lat = got["latencies"]
                rows.append([f"{have:,}", name, ms(percentile(lat, 50)), ms(percentile(lat, 95)),
                             f"{got['ready']:.1f} s", f"{got['rss'] / 2**20:.0f} MB",
                             f"{cold:.1f} s" if name.startswith("ours") else ""])
            print(f"  measured at {have:,} chunks", flush=True)
        print(f"\nQuery: {len(QUESTIONS)} questions x {repeats}, each side in its own process; "
              f"{real:,} chunks from real indexing of {articles} articles, the rest inserted as "
              "copies of those records (digits shifted, vectors jittered), not re-embedded")
        print(table(rows, ["chunks", "side", "p50", "p95", "open+first answer", "resident memory",
                           "serve cold start"]))
    print(f"\nbenchmark took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
