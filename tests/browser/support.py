"""Helpers for browser tests: run the app on a free loopback port, wait on page state, save what a failure saw."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.local_app import serve
from tests.support import REPOSITORY_ROOT

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


@contextmanager
def running_app(data_dir: Path) -> Iterator[str]:
    """`streamlit run app.py` on `data_dir` at a free loopback port, once healthy; stopped on leaving."""
    with serve(data_dir) as (url, _process_id):
        yield url
