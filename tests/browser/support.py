"""Helpers for browser tests: run the app on a free loopback port, wait on page state, save what a failure saw."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.local_app import serve
from tests.support import REPOSITORY_ROOT

ARTIFACTS = REPOSITORY_ROOT / "test-artifacts"
# The page has finished a run and drawn what it loads lazily: connected, Streamlit's own mark of the run says it
# is over (before the first run it says "initial"), no running indicator, no placeholder, every chart and map with
# its canvas. Right after a click the mark may still say the previous run is over: wait for the state the click
# should bring first, then for this.
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testConnectionState === 'CONNECTED' && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
      .every(chart => chart.querySelector('canvas, svg'))
    && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].every(map => map.querySelector('canvas'));
}"""
# How long a wait lasts before it fails: the state a test awaits comes or it does not, and a shared runner with
# many times more work than cores has taken over a minute to draw the hostile data's explorer.
WAIT_MS = 150_000
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


def wait_value(page, what: str, condition: str, timeout_ms: int = WAIT_MS, argument: object = None) -> Any:  # noqa: ANN001, ANN401
    """The first truthy value of a JavaScript expression, read in the same task that found it; on time-out, say so.

    Reading in the same task matters: a value checked by one call and read by the next may have been redrawn between.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        handle = page.wait_for_function(condition, arg=argument, timeout=timeout_ms, polling=100)
    except PlaywrightTimeoutError:
        saved = save_page(page, what)
        raise AssertionError(f"waited {timeout_ms / 1000:g} s for {what}; the page as it was: {saved}") from None
    return handle.json_value()


def wait_until(page, what: str, condition: str, timeout_ms: int = WAIT_MS, argument: object = None) -> None:  # noqa: ANN001
    """Wait for a JavaScript condition to hold; on time-out, save the page and say what was awaited."""
    wait_value(page, what, condition, timeout_ms, argument)


def wait_for(locator, what: str, timeout_ms: int = WAIT_MS) -> None:  # noqa: ANN001 - a Playwright locator
    """Wait for a locator to be visible; on time-out, save the page and say what was awaited."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        locator.first.wait_for(state="visible", timeout=timeout_ms)
    except PlaywrightTimeoutError:
        saved = save_page(locator.page, what)
        raise AssertionError(f"waited {timeout_ms / 1000:g} s for {what}; the page as it was: {saved}") from None


_TEXT_SHOWN = """([selector, text]) => [...document.querySelectorAll(selector)]
  .some(element => element.innerText.trim() === text && element.getClientRects().length > 0)"""


def wait_for_text(page, selector: str, text: str, what: str = "") -> None:  # noqa: ANN001
    """Wait until an element matching `selector` shows exactly `text`: a rerun redraws elements one after another."""
    wait_until(page, what or f"{selector} showing {text!r}", _TEXT_SHOWN, argument=[selector, text])


def goto_settled(page, url: str, what: str = "the page to load and settle") -> None:  # noqa: ANN001
    """Open `url` in `page` and wait until its sidebar links are there and everything is drawn."""
    page.goto(url)
    wait_for(page.locator('[data-testid="stSidebar"] a[href]'), f"{what}: the sidebar's page links")
    wait_until(page, f"{what}: every chart and map drawn", SETTLED)


def open_settled(context, url: str, what: str = "the page to load and settle"):  # noqa: ANN001, ANN201
    """A new page at `url`, once its sidebar links are there and everything is drawn."""
    page = context.new_page()
    goto_settled(page, url, what)
    return page


# The browser has had a moment with nothing to do twice in a row: no run being drawn, no layers being built.
_IDLE = """() => new Promise(resolve => requestIdleCallback(
  () => requestIdleCallback(deadline => resolve(deadline.timeRemaining() > 10), {timeout: 5000}), {timeout: 5000}))"""


def wait_for_idle(page, what: str, timeout_ms: int = WAIT_MS) -> None:  # noqa: ANN001
    """Wait until the page has finished its run and its main thread has idle time to spare, as before a reader's tap."""
    wait_until(page, f"{what}: the run finished", SETTLED, timeout_ms)
    wait_until(page, f"{what}: the main thread idle", _IDLE, timeout_ms)


# Counts every change of Streamlit's mark of its script run, from the moment it is installed: proof that an action
# reached the app, however quickly the run it started was over.
_COUNT_RUNS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__runChanges === undefined) {
    window.__runChanges = 0;
    new MutationObserver(records => { window.__runChanges += records.length; })
      .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  }
  return window.__runChanges;
}"""


def repeat_until_the_app_runs(page, action: Callable[[], None], what: str, tries: int = 3) -> int:  # noqa: ANN001
    """Do `action` (a tap, a click) until the app starts a run, as a reader repeats a tap the page did not take.

    Returns how many times it took; fails, saving the page, if none of `tries` reached the app.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(1, tries + 1):
        wait_for_idle(page, f"the page idle before {what} (try {attempt})")
        before = page.evaluate(_COUNT_RUNS)
        action()
        try:
            page.wait_for_function(f"(before) => ({_COUNT_RUNS})() > before", arg=before, timeout=15_000, polling=50)
            return attempt
        except PlaywrightTimeoutError:
            continue
    saved = save_page(page, what)
    raise AssertionError(f"{what}: {tries} tries and the app never started a run; the page as it was: {saved}")


_TOOLTIP_TEXT = """() => {
  const tooltip = document.querySelector('.deck-tooltip');
  if (!tooltip || getComputedStyle(tooltip).display === 'none' || !tooltip.getClientRects().length) return null;
  return tooltip.innerText.trim() || null;
}"""


def hover_for_tooltip(page, x: float, y: float, what: str, tries: int = 4) -> str:  # noqa: ANN001
    """Point at (x, y) until the map shows a tooltip there, and return its text.

    The map picks on a pointer move; a move made before its layers arrived picks nothing, so a reader moves again.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(tries):
        # A move to the same place is no move; step a pixel aside on every other try.
        page.mouse.move(x + attempt % 2, y)
        try:
            return str(page.wait_for_function(_TOOLTIP_TEXT, timeout=15_000, polling=50).json_value())
        except PlaywrightTimeoutError:
            continue
    saved = save_page(page, what)
    raise AssertionError(f"{what}: no tooltip after {tries} moves to ({x:.0f}, {y:.0f}); the page as it was: {saved}")


@contextmanager
def running_app(data_dir: Path) -> Iterator[str]:
    """`streamlit run app.py` on `data_dir` at a free loopback port, once healthy; stopped on leaving."""
    with serve(data_dir) as (url, _process_id):
        yield url
