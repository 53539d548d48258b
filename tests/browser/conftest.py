"""Run the real app with `streamlit run` on a free loopback port and drive Debian's chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from incidents.bench import CHROMIUM_ARGUMENTS, chromium_path
from tests.conftest import EXPLORER_DIR, REPOSITORY_ROOT

ARTIFACTS = REPOSITORY_ROOT / "test-artifacts"
# The page has finished a run and drawn what it loads lazily: no running indicator, no placeholder, every chart
# and map with its canvas.
SETTLED = """() => !document.querySelector('[data-testid="stStatusWidget"]')
  && !document.querySelector('[data-testid="stSkeleton"]')
  && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .every(chart => chart.querySelector('canvas, svg'))
  && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].every(map => map.querySelector('canvas'))"""
# Seconds a frozen page gets to answer for a screenshot or its text after a wait has failed.
_ARTIFACT_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser tests; skip them without chromium, except in CI where they must run."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if chromium_path() is None and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def save_page(page, what: str) -> str:  # noqa: ANN001 - a Playwright page, imported lazily
    """Save a screenshot and the text of `page` under test-artifacts/ and say where they are (or why not)."""
    from playwright.sync_api import Error as PlaywrightError

    ARTIFACTS.mkdir(exist_ok=True)
    test_name = os.environ.get("PYTEST_CURRENT_TEST", "browser").split(" ")[0].split("::")[-1]
    stem = ARTIFACTS / f"{_slug(test_name)}--{_slug(what)}"
    saved: list[str] = []
    try:
        page.screenshot(path=f"{stem}.png", full_page=True, timeout=_ARTIFACT_TIMEOUT_MS)
        saved.append(f"{stem.name}.png")
    except PlaywrightError as error:
        saved.append(f"no screenshot, the page did not answer ({str(error).splitlines()[0]})")
    try:
        stem.with_suffix(".txt").write_text(page.inner_text("body", timeout=_ARTIFACT_TIMEOUT_MS), encoding="utf-8")
        saved.append(f"{stem.name}.txt")
    except PlaywrightError as error:
        saved.append(f"no page text, the page did not answer ({str(error).splitlines()[0]})")
    return "test-artifacts/: " + "; ".join(saved)


def wait_until(page, what: str, condition: str, timeout_ms: int = 60_000, argument: object = None) -> None:  # noqa: ANN001
    """Wait for a JavaScript condition to hold; on time-out, save the page and say what was awaited."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(condition, arg=argument, timeout=timeout_ms, polling=100)
    except PlaywrightTimeoutError:
        saved = save_page(page, what)
        raise AssertionError(f"waited {timeout_ms / 1000:g} s for {what}; the page as it was: {saved}") from None


def wait_for(locator, what: str, timeout_ms: int = 60_000) -> None:  # noqa: ANN001 - a Playwright locator
    """Wait for a locator to be visible; on time-out, save the page and say what was awaited."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        locator.first.wait_for(state="visible", timeout=timeout_ms)
    except PlaywrightTimeoutError:
        saved = save_page(locator.page, what)
        raise AssertionError(f"waited {timeout_ms / 1000:g} s for {what}; the page as it was: {saved}") from None


def open_settled(context, url: str, what: str = "the page to load and settle"):  # noqa: ANN001, ANN201
    """A new page at `url`, once its sidebar links are there and everything is drawn."""
    page = context.new_page()
    page.goto(url)
    wait_for(page.locator('[data-testid="stSidebar"] a[href]'), f"{what}: the sidebar's page links")
    wait_until(page, f"{what}: every chart and map drawn", SETTLED)
    return page


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_app(data_dir: Path) -> Iterator[str]:
    """`streamlit run app.py` on `data_dir` at a free loopback port, once healthy; stopped on leaving."""
    port = _free_port()
    environment = {**os.environ, "INCIDENTS_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    process = subprocess.Popen(
        command, cwd=REPOSITORY_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the app on {data_dir.name} did not start within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read() == b"ok")
    except OSError:
        return False


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The explorer on the small fixture dataset."""
    with running_app(EXPLORER_DIR) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian chromium under Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.fail("chromium is required for browser tests in CI: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGUMENTS)
        yield launched
        launched.close()
