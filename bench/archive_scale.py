"""Start-up and memory as the archive grows.

An index of real BBC articles is grown by copies (grow_corpus.py) to each size. At each
size the search files are written once, as an index run writes them; then, each in a fresh
process:
  open    `Assistant` opened, model loaded, first question answered (query_probe.py);
  rss     that process's resident memory after 2 x 19 more questions;
  ask     p50 / p95 of those questions;
  serve   `assistant serve` started, to its first answer through the web API;
and, as the baseline measured in the same run, the same probe with the search files taken
away: the process reads every chunk back from Chroma to build what a question needs, as
every process did before the files existed.

    .venv/bin/python bench/archive_scale.py --base INDEX [--sizes 1000,10000,100000,1000000]
        [--baseline-up-to 100000] [--work DIR]

INDEX is copied first (the copies are written into the copy); without --base the first
--articles BBC articles are indexed into the work folder. --work keeps the grown index
there (a new folder), for later runs; by default it goes with a temporary folder.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import percentile, sample, table

from assistant import Assistant
from assistant.models.embedder import shared_embedder
from assistant.search.snapshot import FOLDER, Snapshots
from cold_start import serve_to_first_answer
from grow_corpus import Grower
from query_probe import QUESTIONS

HERE = Path(__file__).resolve().parent


def probe(index: Path) -> dict:
    done = subprocess.run([sys.executable, str(HERE / "query_probe.py"), str(index), "ours"],
                          capture_output=True, text=True, cwd=HERE)
    if done.returncode:
        raise RuntimeError(f"query probe failed:\n{done.stderr[-3000:]}")
    got = json.loads(done.stdout)
    latencies = got["first"] + got["again"]
    return {"open": got["ready"], "rss": got["rss"] / 2**20,
            "p50": percentile(latencies, 50) * 1000, "p95": percentile(latencies, 95) * 1000}


def folder_size(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def write_files(index: Path) -> float:
    """The search files of the current generation, as the index run writes them."""
    start = time.perf_counter()
    from assistant.store.chroma import Store

    Snapshots(Store(index), shared_embedder().dimensions).current(announce=False)
    return time.perf_counter() - start


def baseline(index: Path) -> dict:
    """The probe with the search files away (restored after)."""
    files, aside = index / FOLDER, index.parent / "search-aside"
    files.rename(aside)
    try:
        return probe(index)
    finally:
        shutil.rmtree(files, ignore_errors=True)
        aside.rename(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path)
    parser.add_argument("--articles", type=int, default=2225)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--baseline-up-to", type=int, default=100_000)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with (contextlib.nullcontext(args.work) if args.work else tempfile.TemporaryDirectory()) as tmp:
        index = Path(tmp) / "index"
        if args.base:
            shutil.copytree(args.base, index)
        else:
            Assistant(index).index([sample(args.articles, Path(tmp))])
        grower = Grower(index)
        rows, curve = [], []
        for size in sizes:
            began = time.perf_counter()
            have = grower.grow_to(size) if size > grower.count() else grower.count()
            grown = time.perf_counter() - began
            files = write_files(index)
            ours = probe(index)
            serve = serve_to_first_answer(index, QUESTIONS[0])
            base = baseline(index) if have <= args.baseline_up_to else None
            curve.append((have, ours))
            rows.append([f"{have:,}", f"{ours['open']:.1f} s", f"{serve:.1f} s", f"{ours['rss']:.0f} MB",
                         f"{ours['p50']:.0f} / {ours['p95']:.0f} ms",
                         f"{base['open']:.1f} s" if base else "-",
                         f"{base['rss']:.0f} MB" if base else "-",
                         f"{base['open'] / ours['open']:.1f}x" if base else "-",
                         f"{files:.0f} s", f"{folder_size(index / FOLDER):.0f} MB", f"{grown:.0f} s"])
            print("  " + " | ".join(rows[-1]), flush=True)
        first_chunks, first = curve[0]
        growth = [f"{(o['rss'] - first['rss']) * 1024 / (n - first_chunks):.2f} kB/chunk"
                  for n, o in curve[1:] if n > first_chunks]
        print("\nStart-up and memory by archive size (files: the search files beside the index; "
              "baseline: the same process rebuilding them from Chroma)")
        print(table(rows, ["chunks", "open+1st answer", "serve to 1st answer", "RSS", "ask p50 / p95",
                           "baseline open", "baseline RSS", "baseline/files", "write files",
                           "files on disk", "grow"]))
        print(f"\nResident memory over the smallest size: {', '.join(growth) or '-'}")


if __name__ == "__main__":
    main()
