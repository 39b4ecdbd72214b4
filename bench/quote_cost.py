"""What quote extraction adds to indexing: the same BBC articles indexed with and without it,
in alternating runs, in one process with the model and spaCy already loaded.

    .venv/bin/python bench/quote_cost.py [--articles 200] [--pairs 2]

Target: indexing with quotes within 2x the time without.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from common import sample  # noqa: E402 - also puts the repository on sys.path

from assistant import Assistant, Settings  # noqa: E402
from assistant.quotes.extract import get_nlp  # noqa: E402


def run(folder: Path, workdir: Path, quotes: bool) -> tuple[float, int, int]:
    index = workdir / f"index-{quotes}-{time.monotonic_ns()}"
    a = Assistant(settings=replace(Settings.from_env(), index_dir=index, extract_quotes=quotes))
    start = time.perf_counter()
    report = a.index([folder])
    seconds = time.perf_counter() - start
    shutil.rmtree(index)
    return seconds, len(report.added), report.chunks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = sample(args.articles, work)
        get_nlp()
        warm = work / "warm"
        warm.mkdir()
        shutil.copy(next(folder.iterdir()), warm)
        run(warm, work, True)  # loads the model and spaCy outside the timings
        print(f"{'run':<6}{'quotes':>8}{'seconds':>10}{'articles/s':>12}{'chunks/s':>10}")
        ratios = []
        for pair in range(args.pairs):
            plain = run(folder, work, False)
            quoted = run(folder, work, True)
            for name, (sec, arts, chunks) in (("off", plain), ("on", quoted)):
                print(f"{pair + 1:<6}{name:>8}{sec:>10.1f}{arts / sec:>12.2f}{chunks / sec:>10.1f}")
            ratios.append(quoted[0] / plain[0])
        print(f"time with quotes / without, per pair: {', '.join(f'{r:.2f}x' for r in ratios)}"
              f" (target <= 2.00x)")


if __name__ == "__main__":
    main()
