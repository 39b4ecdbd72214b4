"""Debian's Chromium driven by Playwright against a page `server_support.serving` started."""
from __future__ import annotations

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-background-networking"],
    )


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module; a test file imports this fixture to use it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A fresh session on the page of the module's `server` fixture, which may use the
    clipboard and download files; a test file imports this fixture to use it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(server)
    tab.wait_for_selector("#question textarea")
    yield tab
    context.close()


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
