"""`assistant serve` started for real on a loopback port, and Debian's Chromium driven by
Playwright against it."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"


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


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-background-networking"],
    )


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


BOT = "#chat [data-testid=bot]"
USER = "#chat [data-testid=user]"


def bot_texts(page) -> list[str]:
    return page.eval_on_selector_all(BOT, "els => els.map((e) => e.innerText.trim())")


def wait_answered(page, count: int, timeout: float = 90_000) -> str:
    """Wait until the chat holds `count` finished answers (a streaming one ends in "…");
    returns the text of the last."""
    page.wait_for_function(
        """([sel, n]) => {
            const bots = document.querySelectorAll(sel);
            return bots.length >= n && !bots[n - 1].innerText.trim().endsWith('…');
        }""",
        arg=[BOT, count], timeout=timeout,
    )
    return bot_texts(page)[count - 1]


def ask(page, question: str, count: int) -> str:
    """Type a question into the chat and wait for answer number `count`."""
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    return wait_answered(page, count)
