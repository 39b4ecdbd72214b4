"""What quote extraction adds to indexing: the same BBC articles indexed with and without it,
in alternating runs, in one process with the model and spaCy already loaded; then what the
learned attribution model adds to extraction: the same articles extracted by the rules alone
and by the rules with the model, in alternating rounds.

    .venv/bin/python bench/quote_cost.py [--articles 200] [--pairs 2] [--rounds 3]

Targets: indexing with quotes within 2x the time without; extraction with the model at
most 15% slower than by the rules alone.
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
from assistant.quotes.extract import extract_quotes, get_nlp  # noqa: E402
from assistant.quotes.learned.model import default_model  # noqa: E402


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
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating rounds of extraction, rules alone and with the model")
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
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())]
        extraction_cost(texts, args.rounds)


def extraction_cost(texts: list[str], rounds: int) -> None:
    """Seconds per article of extraction, rules alone and with the model, in alternation."""
    nlp, model = get_nlp(), default_model()
    extract_quotes(texts[0], nlp, learned=model)  # warm both paths
    print(f"{'round':<6}{'rules ms/article':>18}{'with model':>12}{'ratio':>8}")
    ratios = []
    for n in range(rounds):
        times = {}
        for label, learned in (("rules", False), ("model", model)):
            start = time.perf_counter()
            for text in texts:
                extract_quotes(text, nlp, learned=learned)
            times[label] = (time.perf_counter() - start) / len(texts)
        ratios.append(times["model"] / times["rules"])
        print(f"{n + 1:<6}{times['rules'] * 1000:>18.1f}{times['model'] * 1000:>12.1f}{ratios[-1]:>8.2f}")
    print(f"extraction with the model / rules alone: median {sorted(ratios)[len(ratios) // 2]:.2f}x"
          f" (target <= 1.15x)")


if __name__ == "__main__":
    main()
