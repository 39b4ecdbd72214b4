"""Indexing the BBC corpus: from scratch, again unchanged, and after touching 1% of files.

    .venv/bin/python bench/ingest_bbc.py [--articles N]

Prints articles/s and chunks/s of the first build, and how much faster the unchanged and
1%-changed re-runs are (target for the unchanged re-run: at least 50x the first build).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.quotes.extract import get_nlp  # noqa: E402
from assistant.models.embedder import shared_embedder  # noqa: E402

BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"


def copy_corpus(into: Path, limit: int | None) -> list[Path]:
    files = sorted(BBC.glob("*/*.txt"))[:limit]
    out = []
    for f in files:
        target = into / f.parent.name / f.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, target)
        out.append(target)
    return out


def timed(a: Assistant, folder: Path):
    start = time.perf_counter()
    report = a.index([folder])
    return time.perf_counter() - start, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="first N files only")
    args = parser.parse_args()
    shared_embedder()
    get_nlp()  # model and spaCy loaded outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bbc"
        files = copy_corpus(folder, args.articles)
        a = Assistant(Path(tmp) / "index")
        first, report = timed(a, folder)
        print(f"first build : {len(report.added)} articles, {report.chunks} chunks, {first:.1f} s "
              f"-> {len(report.added) / first:.2f} articles/s, {report.chunks / first:.1f} chunks/s"
              f" ({len(report.failed)} failed)")
        again, report = timed(a, folder)
        print(f"unchanged   : {len(report.unchanged)} unchanged, {again:.2f} s "
              f"-> {first / again:.0f}x faster than the first build (target >= 50x)")
        touched = files[:: 100]
        for f in touched:
            f.write_text(f.read_text(encoding="utf-8") + "\nUpdated.\n", encoding="utf-8")
        changed, report = timed(a, folder)
        print(f"1% touched  : {len(report.updated)} updated, {changed:.2f} s "
              f"-> {first / changed:.0f}x faster than the first build")


if __name__ == "__main__":
    main()
