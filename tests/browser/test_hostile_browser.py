"""Hostile data in a real browser, on every page: nothing executes, nothing is injected, text shows literally."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.support import ARTIFACTS, SETTLED, running_app, wait_for, wait_until
from tests.support import TESTS_DIR

HOSTILE_DIR = TESTS_DIR / "data" / "hostile"
HOSTILE_URLS_DIR = TESTS_DIR / "data" / "hostile_urls"

# Anything a payload could have planted: a flag, event-handler attributes, foreign elements, unsafe links
# (mail links run nothing: Markdown makes one of any e-mail address, the publisher's contact among them).
_INJECTION_REPORT = """() => {
  const handlers = [];
  for (const element of document.querySelectorAll('body *')) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on') && /pwned|alert/.test(attribute.value)) handlers.push(element.tagName);
    }
  }
  const scripts = [...document.querySelectorAll('body script')].filter(s => s.textContent.includes('__pwned'));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
    .filter(href => /^[a-z][a-z0-9+.-]*:/i.test(href.trim()) && !/^(https?|mailto):/i.test(href.trim()));
  return {
    flag: window.__pwned === undefined ? null : String(window.__pwned),
    handlers, scripts: scripts.length,
    images: document.querySelectorAll('img[src="x"]').length,
    links,
  };
}"""
# Every task that held the page's main thread for 50 ms or more, recorded from the first byte.
_RECORD_LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver(list => { for (const entry of list.getEntries()) window.__longTasks.push(entry.duration); })
  .observe({type: 'longtask', buffered: true});"""
_LONGEST_TASK = "() => Math.max(0, ...window.__longTasks)"
# The 100,000-character summary used to hold the page in one task for 30-100 s. A normal page's longest task
# is under 1.5 s on an idle machine and has reached 7 s with both cores busy; past 10 s a reader gives up.
_ACCEPTABLE_FREEZE_MS = 10_000
LONG_SUMMARY_EVENT = "2019-04-05-derik-riot"
_LONGEST_RUN_IN_MARKDOWN = """() => Math.max(0, ...[...document.querySelectorAll('[data-testid="stMarkdownContainer"]')]
  .map(block => (block.textContent.match(/A{100,}/) || [''])[0].length))"""
_WHOLE_SUMMARY_SHOWN = """() => [...document.querySelectorAll('[data-testid="stCode"] code')]
  .some(code => code.textContent.includes('A'.repeat(100000)))"""


@pytest.fixture(scope="module")
def hostile_url() -> Iterator[str]:
    with running_app(HOSTILE_DIR) as url:
        yield url


def _visit(browser, url: str, ready: str = '[data-testid="stSidebar"] a[href]') -> tuple[object, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    page.add_init_script(_RECORD_LONG_TASKS)
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(url)
    wait_for(page.locator(ready), f"{ready} on {url}")
    wait_until(page, f"every chart and map drawn on {url}", SETTLED)
    return page, dialogs


def _assert_clean(page, dialogs: list[str]) -> None:
    report = page.evaluate(_INJECTION_REPORT)
    assert dialogs == []
    assert report == {"flag": None, "handlers": [], "scripts": 0, "images": 0, "links": []}


def test_a_100000_character_summary_opens_without_freezing_the_page(browser, hostile_url: str) -> None:
    page, _ = _visit(browser, f"{hostile_url}/?event={LONG_SUMMARY_EVENT}")
    more = page.locator('[data-testid="stExpander"] summary', has_text="Read the whole summary (100,000 characters)")
    wait_for(more, "the card's offer to read the whole summary")
    assert page.evaluate(_LONGEST_TASK) < _ACCEPTABLE_FREEZE_MS
    # The card shows the start of the summary as text, not all of it.
    assert 900 <= page.evaluate(_LONGEST_RUN_IN_MARKDOWN) <= 1_000
    page.screenshot(path=str(ARTIFACTS / "hostile-long-summary.png"), full_page=True)
    more.click()
    wait_until(page, "the whole summary as plain text", _WHOLE_SUMMARY_SHOWN)
    assert page.evaluate(_LONGEST_TASK) < _ACCEPTABLE_FREEZE_MS
    page.context.close()


def test_every_page_is_inert(browser, hostile_url: str) -> None:
    page, dialogs = _visit(browser, f"{hostile_url}/?event={LONG_SUMMARY_EVENT}")
    paths = page.eval_on_selector_all('[data-testid="stSidebar"] a[href]', "links => links.map(a => a.href)")
    assert len(paths) >= 5
    _assert_clean(page, dialogs)
    # The event's title is a <script> payload: it must be shown as text.
    assert "<script>window.__pwned=1" in page.inner_text("body")
    page.context.close()
    for path in paths:
        other, other_dialogs = _visit(browser, path)
        _assert_clean(other, other_dialogs)
        other.context.close()


def test_map_tooltip_shows_markup_as_text(browser, hostile_url: str) -> None:
    page, dialogs = _visit(browser, f"{hostile_url}/?type=camp_incident")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=20_000)
    assert tooltip.locator("svg, img, script").count() == 0
    assert "<svg" in tooltip.inner_text() or "<script>" in tooltip.inner_text() or "[click me]" in tooltip.inner_text()
    _assert_clean(page, dialogs)
    page.context.close()


def test_unsafe_source_urls_stop_the_app_with_a_problem_list(browser) -> None:
    with running_app(HOSTILE_URLS_DIR) as url:
        # Invalid data stop the page before the sidebar: the problem list is all there is.
        page, dialogs = _visit(browser, url, ready='[data-testid="stAlert"]')
        assert "cannot be shown" in page.inner_text("body")
        _assert_clean(page, dialogs)
        page.context.close()
