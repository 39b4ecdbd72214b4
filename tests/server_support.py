"""`assistant serve` started for real on a loopback port, and its HTTP API called raw."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(index: Path, *args: str, env: dict | None = None, log: Path | None = None,
            wait: float = 180):
    """`assistant serve --index INDEX ARGS` (with `env` added to the environment) on a free
    loopback port; yields its base URL once the page answers."""
    port = free_port()
    log = log or index.parent / f"serve-{port}.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--index", str(index),
             "--port", str(port), *args],
            stdout=out, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False",
                 **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"serve exited early:\n{log.read_text()}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"serve did not answer within {wait} s:\n{log.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def served(index_fixture: str, index_of=lambda value: value):
    """A module-scoped fixture `server`: the base URL of `assistant serve` on the index the
    fixture named `index_fixture` builds (`index_of` takes its path out of that fixture's
    value). A test module assigns it: `server = served("desk", lambda desk: desk[1])`."""

    @pytest.fixture(scope="module", name="server")
    def server(request):
        with serving(Path(index_of(request.getfixturevalue(index_fixture)))) as url:
            yield url

    return server


def upload_raw(url: str, files: list[tuple[str, bytes]]) -> httpx.Response:
    """Gradio's upload route, given file names exactly as a crafted request may send them."""
    return httpx.post(f"{url}/gradio_api/upload",
                      files=[("files", (name, data)) for name, data in files], timeout=60)


def call_api(url: str, api: str, data: list, timeout: float = 300) -> tuple[str, list | str]:
    """One call of a named API endpoint over plain HTTP: ("complete", outputs) or
    ("error", message)."""
    started = httpx.post(f"{url}/gradio_api/call/{api}", json={"data": data}, timeout=60)
    started.raise_for_status()
    event_id = started.json()["event_id"]
    event = None
    with httpx.stream("GET", f"{url}/gradio_api/call/{api}/{event_id}", timeout=timeout) as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                payload = line.split(":", 1)[1].strip()
                return event, json.loads(payload) if payload and payload != "null" else ""
    raise AssertionError(f"{api}: the event stream ended without a result")


def file_data(path: str) -> dict:
    return {"path": path, "meta": {"_type": "gradio.FileData"}}


def tree(folder: Path) -> dict[str, int]:
    """Every file under `folder` with its size: compare two to see what was written."""
    out = {}
    for root, _, names in os.walk(folder):
        for name in names:
            p = Path(root) / name
            try:
                out[str(p.relative_to(folder))] = p.stat().st_size
            except OSError:
                pass
    return out
