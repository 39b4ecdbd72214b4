"""Peak memory of an index run of BBC articles, index workers included, by run size.

    .venv/bin/python bench/index_memory.py [--articles 300 1000 2224] [--every 0.5]

Each run indexes the first N BBC articles (round-robin over the topics) into a fresh index
with `assistant index`, in its own process, and samples the resident memory (RSS) of that
process and of every process it starts every `--every` seconds. Prints per run size the
wall time, the indexing process's peak RSS, each index worker's peak RSS, and a worker's
RSS over the run (at a quarter, half, three quarters and the end of its life): memory a
worker holds for what it has done grows along that row; memory it holds only for what it
is doing does not. The indexing process builds the first 256 articles of a run itself
(workers.START_AT) and hands the rest to the workers.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, sample, table

import psutil

MB = 1024 * 1024


class Sampler(threading.Thread):
    """RSS of a process and its descendants, every `every` seconds, until stopped."""

    def __init__(self, pid: int, every: float):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.every = every
        self.series: dict[int, list[tuple[float, int]]] = {}
        self.names: dict[int, str] = {}
        self.tree = 0  # the largest sum over the tree at one sample
        self.stopped = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        while not self.stopped.is_set():
            now = time.perf_counter() - start
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for p in tree:
                try:
                    rss = p.memory_info().rss
                    if p.pid not in self.names:
                        self.names[p.pid] = " ".join(p.cmdline())
                except psutil.Error:
                    continue
                if rss:  # 0 once a process has exited
                    self.series.setdefault(p.pid, []).append((now, rss))
                total += rss
            self.tree = max(self.tree, total)
            self.stopped.wait(self.every)

    def peak(self, pid: int) -> int:
        return max(rss for _, rss in self.series[pid])

    def workers(self) -> list[int]:
        """The index workers: spawned processes running multiprocessing's entry point."""
        return [pid for pid, cmd in self.names.items()
                if "spawn_main" in cmd and pid != self.root.pid]

    def along(self, pid: int, fractions=(0.25, 0.5, 0.75, 1.0)) -> list[int]:
        """RSS at these fractions of the process's sampled life."""
        points = self.series[pid]
        first, last = points[0][0], points[-1][0]
        out = []
        for f in fractions:
            when = first + f * (last - first)
            out.append(next(rss for t, rss in points if t >= when - 1e-9))
        return out


def run(n: int, every: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = sample(n, Path(tmp))
        command = [str(ROOT / ".venv" / "bin" / "assistant"), "index", str(folder),
                   "--index", str(Path(tmp) / "index"), "--progress", "none", "--json"]
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
        sampler = Sampler(proc.pid, every)
        sampler.start()
        _, err = proc.communicate()
        wall = time.perf_counter() - start
        sampler.stopped.set()
        sampler.join()
        if proc.returncode:
            raise SystemExit(f"assistant index failed ({proc.returncode}):\n{err.decode()[-2000:]}")
        workers = sampler.workers()
        return {
            "articles": n, "wall": wall, "main": sampler.peak(proc.pid),
            "workers": [sampler.peak(w) for w in workers],
            "along": max((sampler.along(w) for w in workers), key=lambda a: a[-1], default=[]),
            "tree": sampler.tree,
        }


_LOADED = """
import psutil
from assistant.config import Settings
from assistant.indexing import workers
from assistant.models.embedder import chosen_dtype
class Ready:
    def release(self): pass
workers._load_worker(chosen_dtype(), Settings.from_env(), Ready())
print(psutil.Process().memory_info().rss)
"""


def loaded() -> int:
    """RSS of a worker once loaded (model, spaCy, one article built), before any run."""
    out = subprocess.run([sys.executable, "-c", _LOADED], capture_output=True, text=True,
                         check=True, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    return int(out.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[300, 1000, 2224],
                        help="run sizes (BBC articles), each a fresh index")
    parser.add_argument("--every", type=float, default=0.5, help="sampling period, seconds")
    args = parser.parse_args()
    print(f"a worker once loaded: {loaded() / MB:.0f} MB", flush=True)
    rows = []
    for n in args.articles:
        r = run(n, args.every)
        mb = lambda b: f"{b / MB:.0f}"  # noqa: E731
        rows.append([
            str(r["articles"]), f"{r['wall']:.1f}", mb(r["main"]),
            " ".join(mb(w) for w in r["workers"]) or "-", mb(r["tree"]),
            " ".join(mb(a) for a in r["along"]) or "-",
        ])
        print(f"{n} articles: {r['wall']:.1f} s, indexing process {mb(r['main'])} MB, "
              f"workers {rows[-1][3]} MB", flush=True)
    print()
    print(table(rows, ["articles", "wall s", "main MB", "workers peak MB", "tree peak MB",
                       "worker MB at 1/4 1/2 3/4 end"]))


if __name__ == "__main__":
    main()
