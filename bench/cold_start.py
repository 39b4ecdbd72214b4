"""Cold start: `assistant serve` launched, to its first answer through the web API."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, free_port


def serve_to_first_answer(index: Path, question: str, timeout: float = 600) -> float:
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("assistant")), "serve", "--index", str(index),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
    )
    try:
        while time.perf_counter() - start < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"assistant serve exited with {proc.returncode}")
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            except Exception:  # not listening yet
                time.sleep(0.1)
                continue
            result = client.predict(question, api_name="/ask")
            if not result.get("citations"):
                raise RuntimeError(f"no answer at first start: {result}")
            return time.perf_counter() - start
        raise RuntimeError(f"no answer within {timeout:.0f} s")
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
