"""Hostile data in a real browser, on every page: nothing executes, nothing is injected, text shows literally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.support import ARTIFACTS, SETTLED, hover_for_tooltip, running_app, wait_for, wait_until, wait_value
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
LONG_SUMMARY_EVENT = "2019-04-05-derik-riot"
# The longest run of the summary's letter inside any Markdown block. Markdown is what froze the page: a
# 100,000-character paragraph held Chromium's main thread for 30-100 s; plain text lays out in linear time.
_LONGEST_RUN_IN_MARKDOWN = """() => Math.max(0, ...[...document.querySelectorAll('[data-testid="stMarkdownContainer"]')]
  .map(block => (block.textContent.match(/A{100,}/) || [''])[0].length))"""
_WHOLE_SUMMARY_SHOWN = """() => [...document.querySelectorAll('[data-testid="stCode"] code')]
  .some(code => code.textContent.includes('A'.repeat(100000)))"""
# The card's start of the summary, once drawn: the longest run of its letter in Markdown, or nothing yet.
_SUMMARY_START_SHOWN = f"() => {{ const longest = ({_LONGEST_RUN_IN_MARKDOWN})(); return longest >= 100 && longest; }}"


@pytest.fixture(scope="module")
def hostile_url(app_on: Callable[[Path], str]) -> str:
    return app_on(HOSTILE_DIR)


def _visit(browser, url: str, ready: str = '[data-testid="stSidebar"] a[href]') -> tuple[object, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
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
    # The card shows the start of the summary as Markdown, cut to the long-text limit, not all of it.
    assert 900 <= wait_value(page, "the start of the summary in the card", _SUMMARY_START_SHOWN) <= 1_000
    page.screenshot(path=str(ARTIFACTS / "hostile-long-summary.png"), full_page=True)
    # The page answers a reader: the offer opens, and the whole text arrives as plain text, never as Markdown.
    more.click()
    wait_until(page, "the whole summary as plain text", _WHOLE_SUMMARY_SHOWN)
    wait_until(page, "the run that opened the whole summary to finish", SETTLED)
    assert page.evaluate(_LONGEST_RUN_IN_MARKDOWN) <= 1_000
    page.context.close()


def test_every_page_is_inert(browser, hostile_url: str) -> None:
    page, dialogs = _visit(browser, f"{hostile_url}/?event={LONG_SUMMARY_EVENT}")
    paths = page.eval_on_selector_all('[data-testid="stSidebar"] a[href]', "links => links.map(a => a.href)")
    assert len(paths) >= 5
    # The event's title is a <script> payload: it must be shown as text (and the card drawn before it is judged).
    wait_for(page.get_by_text("<script>window.__pwned=1").first, "the hostile title shown as text")
    _assert_clean(page, dialogs)
    page.context.close()
    # The explorer was judged above with the event's card open: all it shows without the card, and more.
    for path in [path for path in paths if urlsplit(path).path not in ("", "/")]:
        other, other_dialogs = _visit(browser, path)
        _assert_clean(other, other_dialogs)
        other.context.close()


def test_map_tooltip_shows_markup_as_text(browser, hostile_url: str) -> None:
    page, dialogs = _visit(browser, f"{hostile_url}/?type=camp_incident")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    box = canvas.bounding_box()
    assert box is not None
    text = hover_for_tooltip(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, "the marker's tooltip")
    assert "<svg" in text or "<script>" in text or "[click me]" in text
    # No markup became elements, in this tooltip or any other the map drew.
    assert page.locator(".deck-tooltip").locator("svg, img, script").count() == 0
    _assert_clean(page, dialogs)
    page.context.close()


def test_unsafe_source_urls_stop_the_app_with_a_problem_list(browser) -> None:
    with running_app(HOSTILE_URLS_DIR) as url:
        # Invalid data stop the page before the sidebar: the problem list is all there is.
        page, dialogs = _visit(browser, url, ready='[data-testid="stAlert"]')
        assert "cannot be shown" in page.inner_text("body")
        _assert_clean(page, dialogs)
        page.context.close()
