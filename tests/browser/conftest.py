"""Browser-test fixtures: one app per dataset and one Debian chromium, each started once per test worker."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from benchmarks.local_app import CHROMIUM_ARGUMENTS, chromium_path
from tests.browser.support import running_app
from tests.support import DATA_DIR, EXPLORER_DIR


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser tests; skip them without chromium, except in CI where they must run."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if chromium_path() is None and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


@pytest.fixture(scope="session")
def app_on() -> Iterator[Callable[[Path], str]]:
    """The app's URL on a data directory, started at first use and shared by the worker's later tests.

    Starting a server costs seconds; a reader's state lives in their browser session, never in the server, so the
    tests need no fresh process. Every server stops at the end of the run.
    """
    with ExitStack() as servers:
        urls: dict[Path, str] = {}

        def url_of(data_dir: Path) -> str:
            if data_dir not in urls:
                urls[data_dir] = servers.enter_context(running_app(data_dir))
            return urls[data_dir]

        yield url_of


@pytest.fixture(scope="session")
def app_url(app_on: Callable[[Path], str]) -> str:
    """The explorer on the small fixture dataset."""
    return app_on(EXPLORER_DIR)


@pytest.fixture(scope="session")
def bundled_url(app_on: Callable[[Path], str]) -> str:
    """The app on the bundled data."""
    return app_on(DATA_DIR)


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
