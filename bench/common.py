"""Shared by the benchmarks: the BBC sample, percentiles, the table."""
from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def sample(n: int, into: Path) -> Path:
    """The first n BBC articles, round-robin over the five topics, copied to one folder."""
    if not BBC.is_dir():
        raise SystemExit(f"{BBC} is missing: the BBC corpus must sit beside the repository")
    topics = sorted(p for p in BBC.iterdir() if p.is_dir())
    files = [sorted(t.glob("*.txt")) for t in topics]
    # Round-robin while every topic has articles left, then the rest in topic order.
    longest = max(len(f) for f in files)
    chosen = [group[i] for i in range(longest) for group in files if i < len(group)][:n]
    folder = into / "articles"
    folder.mkdir(parents=True)
    for f in chosen:
        shutil.copy(f, folder / f"{f.parent.name}-{f.name}")
    return folder


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    at = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[at]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)  # noqa: E731
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])
