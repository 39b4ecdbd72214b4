"""Many users at once through the web API: `assistant serve` on an index, then one
client alone (the baseline), then N clients asking in a loop, each on its own thread
(clients on the same machine as the server). Each way in is measured in the same run:
`gradio_client` on /ask, and plain HTTP GETs of /api/ask (httpx, one connection each).

    .venv/bin/python bench/web_load.py --index DIR [--clients 20] [--seconds 30]

Prints answers per second, latency p50 / p95 and failures, and the ratio of the loaded
p50 to the lone client's, for each way in; and the CPU time an answer costs the server
process and the clients, which bounds what this machine can serve: clients and server
share its cores, so answers/s can never pass cores / (server + client CPU per answer).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
from common import ROOT, free_port, percentile
from query_probe import QUESTIONS


def start(index: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("assistant")), "serve", "--index", str(index),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    return proc, f"http://127.0.0.1:{port}/"


def connect(url: str, proc: subprocess.Popen, timeout: float = 300):
    from gradio_client import Client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve exited with {proc.returncode}")
        try:
            return Client(url, verbose=False)
        except Exception:  # not listening yet
            time.sleep(0.2)
    raise SystemExit("serve did not start")


def gradio_asker(url: str):
    """A question asker through `gradio_client` (two requests a call: queue, then result)."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    return lambda question: client.predict(question, api_name="/ask")


def rest_asker(url: str):
    """A question asker through GET /api/ask (one request a call)."""
    import httpx

    client = httpx.Client(base_url=url, timeout=120)
    return lambda question: client.get("/api/ask", params={"q": question}).json()


WAYS = {"gradio_client /ask": gradio_asker, "GET /api/ask": rest_asker}


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def run(url: str, clients: int, seconds: float, asker=gradio_asker) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def user(n: int) -> None:
        ask = asker(url)
        i = n
        while time.monotonic() < stop:
            question = QUESTIONS[i % len(QUESTIONS)]
            began = time.perf_counter()
            try:
                result = ask(question)
                failed = result.get("error")
            except Exception as exc:  # a failed request is counted, not fatal
                failed = f"{type(exc).__name__}: {exc}"
            with lock:
                (failures.append(failed) if failed else latencies.append(time.perf_counter() - began))
            i += 1

    threads = [threading.Thread(target=user, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    proc, url = start(args.index)
    results = {}
    try:
        client = connect(url, proc)
        for q in QUESTIONS:  # warm: every question asked once
            client.predict(q, api_name="/ask")
        server = psutil.Process(proc.pid)
        for way, asker in WAYS.items():
            alone, _ = run(url, 1, args.seconds / 2, asker)
            spent = _cpu(server), _own_cpu()
            loaded, failures = run(url, args.clients, args.seconds, asker)
            answers = max(1, len(loaded) + len(failures))
            cost = ((_cpu(server) - spent[0]) / answers, (_own_cpu() - spent[1]) / answers)
            results[way] = (alone, loaded, failures, cost)
    finally:
        proc.terminate()
        proc.wait(30)
    cores = os.cpu_count() or 1
    for way, (alone, loaded, failures, (server_cpu, client_cpu)) in results.items():
        lone_p50 = percentile(alone, 50)
        print(f"{way}, one client: {len(alone) / (args.seconds / 2):.1f} answers/s, "
              f"p50 {lone_p50 * 1000:.0f} ms, p95 {percentile(alone, 95) * 1000:.0f} ms")
        print(f"{way}, {args.clients} clients: {len(loaded) / args.seconds:.1f} answers/s, "
              f"p50 {percentile(loaded, 50) * 1000:.0f} ms, p95 {percentile(loaded, 95) * 1000:.0f} ms, "
              f"failures {len(failures)}; p50 {percentile(loaded, 50) / lone_p50:.1f}x the lone client's")
        print(f"{way}, CPU per answer under load: server {server_cpu * 1000:.0f} ms, clients "
              f"{client_cpu * 1000:.0f} ms; {cores} cores serve at most "
              f"{cores / (server_cpu + client_cpu):.0f} answers/s this way")
        for failure in failures[:5]:
            print(f"  failed: {failure}")


if __name__ == "__main__":
    main()
