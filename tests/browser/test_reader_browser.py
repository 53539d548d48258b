"""What a reader meets on the bundled data, in a real browser: filters that pick what was typed, pages in view."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS, start_app
from tests.conftest import DATA_DIR

_IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


@pytest.fixture(scope="module")
def bundled_url() -> Iterator[str]:
    """The app on the bundled data."""
    process, url = start_app(DATA_DIR)
    yield url
    process.terminate()
    process.wait(timeout=20)


def _open(browser, url: str, width: int = 1400, height: int = 1000, **options):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)
    page.wait_for_function(_IDLE, timeout=60_000)
    return context, page


def _shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_typing_a_site_and_pressing_enter_adds_that_site_only(browser, bundled_url: str) -> None:
    context, page = _open(browser, f"{bundled_url}/")
    page.get_by_role("combobox", name="Site").click()
    page.keyboard.type("Al Hol")
    page.get_by_role("option").first.wait_for(timeout=30_000)
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('place=')", timeout=30_000)
    page.wait_for_function(_IDLE, timeout=30_000)
    assert parse_qs(urlsplit(page.url).query)["place"] == ["pl-al-hol-camp"]
    context.close()


def test_cite_this_view_behind_a_proxy_cites_the_public_address(browser, bundled_url: str) -> None:
    # A reverse proxy passes the host the reader asked for; the server itself only sees 127.0.0.1.
    headers = {"X-Forwarded-Host": "atlas.example.org", "X-Forwarded-Proto": "https"}
    context, page = _open(
        browser, f"{bundled_url}/?event=2022-01-20-ghwayran-prison-attack", extra_http_headers=headers
    )
    page.get_by_role("button", name="Cite this view").click()
    citation = page.get_by_text("[Event record]").first
    citation.wait_for(timeout=30_000)
    text = citation.inner_text()
    assert "IS attack on Ghwayran (al-Sina'a) prison, al-Hasakah [Event record]" in text
    assert "https://atlas.example.org/?event=2022-01-20-ghwayran-prison-attack (accessed" in text
    assert "127.0.0.1" not in text and "localhost" not in text
    _shot(page, "cite-this-view-1400.png")
    context.close()
