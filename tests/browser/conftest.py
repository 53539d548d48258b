"""Browser-test fixtures: the app on the explorer fixture and one Debian chromium for the session."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from benchmarks.local_app import CHROMIUM_ARGUMENTS, chromium_path
from tests.browser.support import running_app
from tests.support import EXPLORER_DIR


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser tests; skip them without chromium, except in CI where they must run."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if chromium_path() is None and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


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
