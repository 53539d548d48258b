"""What a reader meets on the bundled data, in a real browser: filters that pick what was typed, pages in view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.support import ARTIFACTS, SETTLED, open_settled, wait_for, wait_until


def _open(browser, url: str, width: int = 1400, height: int = 1000, **options):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    return context, open_settled(context, url, f"the explorer at {url}")


def _shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_typing_a_site_and_pressing_enter_adds_that_site_only(browser, bundled_url: str) -> None:
    context, page = _open(browser, f"{bundled_url}/")
    page.get_by_role("combobox", name="Site").click()
    page.keyboard.type("Al Hol")
    # The list opens with every site before it narrows to what was typed: Enter picks the first one shown.
    wait_until(
        page,
        "the sites matching what was typed, first in the list",
        """() => (document.querySelector('[role="option"]')?.innerText || '').toLowerCase().includes('al hol')""",
    )
    page.keyboard.press("Enter")
    wait_until(page, "the site in the link", "() => location.search.includes('place=')")
    wait_until(page, "the page to settle after picking the site", SETTLED)
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
    wait_for(citation, "the citation in the popover")
    text = citation.inner_text()
    assert "IS attack on Ghwayran (al-Sina'a) prison, al-Hasakah [Event record]" in text
    assert "https://atlas.example.org/?event=2022-01-20-ghwayran-prison-attack&lang=en (accessed" in text
    assert "127.0.0.1" not in text and "localhost" not in text
    _shot(page, "cite-this-view-1400.png")
    context.close()


_BOXES = """() => {
  const box = selector => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const rect = element.getBoundingClientRect();
    return {top: rect.top, bottom: rect.bottom, height: rect.height};
  };
  const lanes = document.querySelectorAll('[data-testid="stVegaLiteChart"]')[1];
  const heading = document.querySelector('.st-key-event_card h4');
  return {
    map: box('[data-testid="stDeckGlJsonChart"]'),
    timeline: lanes ? lanes.getBoundingClientRect().top : null,
    card: heading ? heading.getBoundingClientRect().top : null,
  };
}"""
GHWAYRAN = "2022-01-20-ghwayran-prison-attack"


def test_selecting_an_event_leaves_the_timeline_where_it_was(browser, bundled_url: str) -> None:
    context, page = _open(browser, f"{bundled_url}/")
    before = page.evaluate(_BOXES)
    context.close()
    context, page = _open(browser, f"{bundled_url}/?event={GHWAYRAN}")
    wait_for(page.locator(".st-key-event_card h4"), "the event card's heading")
    after = page.evaluate(_BOXES)
    # The card scrolls inside a box as tall as the map instead of growing the column.
    assert abs(after["timeline"] - before["timeline"]) < 40, (before, after)
    _shot(page, "explorer-card-1400.png")
    context.close()


def test_on_a_phone_the_card_opens_right_under_the_map(browser, bundled_url: str) -> None:
    phone = {"is_mobile": True, "has_touch": True}
    context, page = _open(browser, f"{bundled_url}/?event={GHWAYRAN}", width=390, height=844, **phone)
    heading = page.locator(".st-key-event_card h4").first
    wait_for(heading, "the event card's heading")
    boxes = page.evaluate(_BOXES)
    # Nothing between the map and the card: a reader who tapped the map sees the card's title below it.
    assert 0 <= boxes["card"] - boxes["map"]["bottom"] < 80, boxes
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # The lower half of the map with the card under it, as a reader sees it after tapping.
    heading.evaluate("element => element.scrollIntoView({block: 'center'})")
    _shot(page, "explorer-card-390.png")
    page.locator('[data-testid="stVegaLiteChart"]').first.evaluate(
        "element => element.scrollIntoView({block: 'center'})"
    )
    _shot(page, "explorer-legend-390.png")
    page.locator('[data-testid="stVegaLiteChart"]').nth(1).scroll_into_view_if_needed()
    _shot(page, "explorer-timeline-390.png")
    context.close()


def test_a_keyboard_user_can_open_a_card_from_the_list(browser, bundled_url: str) -> None:
    context, page = _open(browser, f"{bundled_url}/")
    hint = page.get_by_text("With the keyboard: Tab into the list")
    hint.scroll_into_view_if_needed()
    assert hint.is_visible()
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.locator("[tabindex]").first.focus()
    for key in ("ArrowDown", "ArrowDown", "Shift+Space"):
        page.keyboard.press(key)
    wait_until(page, "the event picked from the list in the link", "() => location.search.includes('event=')")
    wait_for(page.locator(".st-key-event_card h4"), "the event card's heading")
    context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_contested_figures_at_desk_and_phone_width(browser, bundled_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = open_settled(context, f"{bundled_url}/Contested_figures", "the Contested figures page")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None and box["height"] >= 3 * 46
    page.screenshot(path=str(ARTIFACTS / f"contested-{width}.png"))
    context.close()
