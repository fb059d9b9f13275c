"""The demo ledger served for real (``directive-ledger demo``) and a Chromium to look at it.

The browser is the distribution's Chromium (``/usr/bin/chromium``), driven by Playwright
with ``executable_path``: nothing is downloaded. A page that logs a console error, fails
a request or gets an answer of 400 or more fails the test that opened it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Response, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
CHROMIUM = os.environ.get("LEDGER_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _cli() -> list[str]:
    found = shutil.which("directive-ledger", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "ledger.cli"]


@dataclass
class DemoServer:
    url: str
    output: Path


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """``directive-ledger demo`` on a fresh SQLite file and a free port, as `make demo` runs it."""
    folder = tmp_path_factory.mktemp("demo")
    port = _free_port()
    output = folder / "demo.log"
    env = {**os.environ, "LEDGER_DATABASE_URL": f"sqlite:///{folder / 'ledger.sqlite'}"}
    with output.open("wb") as log:
        process = subprocess.Popen(
            [*_cli(), "demo", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=folder,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"the demo exited ({process.returncode}):\n{output.read_text()}")
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the demo did not answer in {STARTUP_SECONDS}s:\n{output.read_text()}")
            time.sleep(0.2)
        yield DemoServer(url=url, output=output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does, as root)")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@dataclass
class PageProblems:
    """Everything that went wrong while a page was open."""

    messages: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(f"console error: {message.text}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.messages.append(f"HTTP {response.status}: {response.url}")


def _watched_page(browser: Browser, *, javascript: bool) -> Iterator[tuple[Page, PageProblems]]:
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
    )
    new_page = context.new_page()
    problems = PageProblems()
    new_page.on("console", problems.on_console)
    new_page.on("pageerror", lambda error: problems.messages.append(f"page error: {error}"))
    new_page.on(
        "requestfailed",
        lambda request: problems.messages.append(
            f"request failed: {request.url} ({request.failure})"
        ),
    )
    new_page.on("response", problems.on_response)
    yield new_page, problems
    context.close()
    assert problems.messages == [], "\n".join(problems.messages)


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[tuple[Page, PageProblems]]:
    """A page with JavaScript off (the board must not need it) that records every problem."""
    yield from _watched_page(browser, javascript=False)


@pytest.fixture
def page_with_js(browser: Browser) -> Iterator[tuple[Page, PageProblems]]:
    """A page with JavaScript on, to run axe-core in it."""
    yield from _watched_page(browser, javascript=True)


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Saves a full-page screenshot in test-artifacts/browser/<name>.png."""

    def save(page: Page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000, f"{path} looks empty"
        return path

    return save


@pytest.fixture
def axe_script() -> Path:
    """axe-core 4.14.1 (MPL-2.0, vendored from npm with its licence beside it)."""
    return AXE
