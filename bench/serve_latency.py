"""How long `assistant serve` takes to answer, measured from outside like a user would.

Each run starts `assistant serve` on a free loopback port and records:
  page    seconds from start until the page (GET /) answers 200;
  ready   seconds from start until a first /ask through gradio_client has returned an answer;
  first   that first /ask's own latency;
  warm    the median latency of the next asks (the same questions, a warm process);
and prints first/warm, the cost of a cold process against a warm one in the same run.

    .venv/bin/python bench/serve_latency.py [--runs 3] [--warm 5] [--index DIR]

Without --index the seed articles are indexed into a temporary folder first.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import httpx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["What did Peskov say?", "What did Trump say?", "Who talked about security guarantees?"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_page(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve exited with code {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"serve did not answer within {timeout} s")


def one_run(index: Path, warm: int, timeout: float) -> dict:
    from gradio_client import Client

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--index", str(index), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_page(url, proc, timeout)
        page = time.monotonic() - start
        client = Client(url, verbose=False)
        asked = time.monotonic()
        answer = client.predict(QUESTIONS[0], api_name="/ask")
        done = time.monotonic()
        if not answer.get("citations"):
            raise SystemExit(f"no cited answer from {url}: {answer}")
        latencies = []
        for i in range(warm):
            t = time.monotonic()
            client.predict(QUESTIONS[i % len(QUESTIONS)], api_name="/ask")
            latencies.append(time.monotonic() - t)
        return {"page": page, "ready": done - start, "first": done - asked,
                "warm": statistics.median(latencies)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm", type=int, default=5, help="asks after the first, per run")
    parser.add_argument("--index", type=Path, default=None, help="an index (default: seeds/ indexed now)")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None:
            from assistant import Assistant

            index = Path(tmp) / "index"
            t = time.monotonic()
            Assistant(index).index([ROOT / "seeds"])
            print(f"indexed seeds/ in {time.monotonic() - t:.1f} s", flush=True)
        rows = []
        for n in range(1, args.runs + 1):
            rows.append(one_run(index, args.warm, args.timeout))
            print(f"run {n} done", file=sys.stderr, flush=True)
    print(f"\nassistant serve on {index.name if args.index else 'the seed index'}, "
          f"{args.runs} runs, {args.warm} warm asks each, {os.cpu_count()} CPUs")
    print(f"{'run':>4} {'page s':>8} {'ready s':>8} {'first ms':>9} {'warm ms':>8} {'first/warm':>10}")
    for n, r in enumerate(rows, 1):
        print(f"{n:>4} {r['page']:8.2f} {r['ready']:8.2f} {r['first'] * 1000:9.0f} "
              f"{r['warm'] * 1000:8.0f} {r['first'] / r['warm']:10.1f}")
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    print(f"{'med':>4} {med['page']:8.2f} {med['ready']:8.2f} {med['first'] * 1000:9.0f} "
          f"{med['warm'] * 1000:8.0f} {med['first'] / med['warm']:10.1f}")


if __name__ == "__main__":
    main()
