"""A real Chroma server (`chroma run`) for tests: started on a free loopback port with its
data in a temporary folder, stopped (and restartable on the same port and data) by the test."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CHROMA = Path(sys.executable).with_name("chroma")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    def __init__(self, data: Path, port: int | None = None):
        self.data = data
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = data.parent / f"chroma-{self.port}.log"

    def start(self, timeout: float = 60.0) -> None:
        assert CHROMA.exists(), f"{CHROMA} is missing: install chromadb into the venv"
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [str(CHROMA), "run", "--host", "127.0.0.1", "--port", str(self.port),
                 "--path", str(self.data)],
                stdout=log, stderr=subprocess.STDOUT, env=env,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"chroma run exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"chroma run did not answer within {timeout:.0f} s")

    def kill(self) -> None:
        """Stop it the hard way, as a crash or a lost machine would."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def chroma_server(tmp_path):
    """A fresh server for one test."""
    server = ChromaServer(tmp_path / "chroma-data")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server_mode(chroma_server, monkeypatch):
    """ASSISTANT_CHROMA_URL pointing at a fresh server: Assistant(path) and Store(path) use
    it with no other change."""
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", chroma_server.url)
    return chroma_server
