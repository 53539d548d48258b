"""Both languages in a real browser: every page by ?lang=, the switch, and a shared link keeping the language."""

from __future__ import annotations

import functools
from urllib.parse import parse_qs, urlsplit

import pytest

from incidents import load_dataset
from tests.browser.support import SETTLED, open_settled, wait_for, wait_for_text, wait_until
from tests.language_check import english_data, english_words
from tests.support import EXPLORER_DIR

# (address of the page, its heading in English, in Dutch)
PAGES = [
    ("", "Detention Atlas", "Detention Atlas"),
    ("About", "About Detention Atlas", "Over Detention Atlas"),
    ("Events", "Events", "Gebeurtenissen"),
    ("Contested_figures", "Contested figures", "Omstreden cijfers"),
    ("Sites", "Sites", "Locaties"),
    ("Method_and_data", "Method and data", "Methode en data"),
    ("Stories", "Stories", "Verhalen"),
]


# The visible text of the page, one text node at a time, outside code.
VISIBLE_TEXT = """() => {
  const texts = [];
  for (const root of document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('code, pre, style, script') || !parent.checkVisibility()) continue;
      if (node.textContent.trim()) texts.push(node.textContent.trim());
    }
  }
  return texts;
}"""


@functools.cache
def _english_data() -> list[str]:
    # The app under test serves the explorer fixture.
    return english_data(load_dataset(EXPLORER_DIR))


def _heading(page) -> str:  # noqa: ANN001
    heading = page.locator("h1").first
    wait_for(heading, "the page's heading")
    return heading.inner_text().strip()


@pytest.mark.parametrize(("path", "english", "dutch"), PAGES, ids=[path or "explorer" for path, _, _ in PAGES])
def test_every_page_opens_in_both_languages(browser, app_url: str, path: str, english: str, dutch: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    for code, heading, explorer in (("nl", dutch, "Verkenner"), ("en", english, "Explorer")):
        page = open_settled(context, f"{app_url}/{path}?lang={code}", f"the {path or 'explorer'} page in {code}")
        wait_for_text(page, "h1", heading, f"the heading {heading!r}")
        assert _heading(page) == heading
        links = page.locator('[data-testid="stSidebar"] a[href]')
        assert explorer in links.all_inner_texts()
        assert all("lang=" + code in (link.get_attribute("href") or "") for link in links.all())
        if code == "nl":
            # What the browser shows (collapsed sections left out; code, such as column names, is a name): no
            # English but data.
            found = english_words(page.evaluate(VISIBLE_TEXT), _english_data())
            assert not found, f"English on the Dutch {path or 'explorer'} page: {list(found.items())[:5]}"
        page.close()
    context.close()


def test_the_switch_and_a_shared_link_keep_the_language(browser, app_url: str) -> None:
    # A Dutch browser opens the bare address in Dutch; the choice lands in the address.
    dutch_browser = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    page = open_settled(dutch_browser, f"{app_url}/", "the explorer in a Dutch browser")
    wait_for(page.get_by_text("Getoonde gebeurtenissen"), "the Dutch explorer")
    wait_until(page, "the language in the link", "() => location.search.includes('lang=nl')")
    # The reader switches to English: the page and the address follow.
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    wait_for(page.get_by_text("Events shown"), "the explorer in English after the switch")
    wait_until(page, "English in the link", "() => location.search.includes('lang=en')")
    wait_until(page, "the page to settle after switching", SETTLED)
    shared = page.url
    assert parse_qs(urlsplit(shared).query)["lang"] == ["en"]
    dutch_browser.close()
    # The shared link opens in English even for a colleague whose browser prefers Dutch.
    colleague = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    page = open_settled(colleague, shared, "the shared English link in a Dutch browser")
    wait_for(page.get_by_text("Events shown"), "the shared link in English")
    assert page.get_by_text("Getoonde gebeurtenissen").count() == 0
    colleague.close()
