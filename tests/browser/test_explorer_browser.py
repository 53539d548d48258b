"""The explorer in a real browser: the map draws, links reproduce the view, a click opens the card."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS

# Counts canvas pixels near a colour: proves deck.gl drew markers, not just that a canvas exists.
_COUNT_PIXELS = """([red, green, blue]) => {
  const canvas = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
  if (!canvas) return -1;
  const copy = document.createElement('canvas');
  copy.width = canvas.width; copy.height = canvas.height;
  const context = copy.getContext('2d');
  context.drawImage(canvas, 0, 0);
  const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const near = (offset, value) => Math.abs(pixels[i + offset] - value) < 30;
    if (near(0, red) && near(1, green) && near(2, blue)) count++;
  }
  return count;
}"""
_IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def _open(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)
    page.wait_for_function(_IDLE, timeout=60_000)
    page.wait_for_timeout(1500)
    return page


def _count_text(page) -> str:
    return page.get_by_text(" of 8 events").first.inner_text().split(" events")[0] + " events"


def test_map_draws_event_markers(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = _open(context, f"{app_url}/?type=prison_attack")
    page.wait_for_function(f"() => ({_COUNT_PIXELS})([213, 94, 0]) > 20", timeout=30_000)
    assert page.evaluate(_COUNT_PIXELS, [213, 94, 0]) > 20
    context.close()


def test_filter_change_writes_a_url_that_reproduces_the_view(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = _open(context, f"{app_url}/?event=2020-03-29-ghwayran-riot")
    search = page.get_by_role("textbox", name="Search")
    search.fill("ghwayran")
    search.press("Enter")
    page.wait_for_function("() => location.search.includes('q=ghwayran')", timeout=30_000)
    page.wait_for_function(_IDLE, timeout=30_000)
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {"q": ["ghwayran"], "event": ["2020-03-29-ghwayran-riot"]}
    count = _count_text(page)
    context.close()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    again = _open(fresh, shared)
    assert _count_text(again) == count == "2 of 8 events"
    assert again.get_by_role("heading", name="Riot at Ghwayran prison").is_visible()
    fresh.close()


def test_clicking_an_event_on_the_map_opens_its_card(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # One event in view: the map centres on it, so it sits in the middle of the canvas.
    page = _open(context, f"{app_url}/?type=prison_attack")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => location.search.includes('event=2022-01-20-ghwayran-attack')", timeout=30_000)
    heading = page.get_by_role("heading", name="IS attack on Ghwayran prison")
    heading.wait_for(timeout=30_000)
    assert page.get_by_text("Escaped: 800").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-card.png"), full_page=True)
    context.close()


def test_brushing_the_timeline_narrows_the_view_and_the_link(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    page = _open(context, f"{app_url}/?type=riot&type=escape&type=camp_incident")
    assert _count_text(page) == "5 of 8 events"
    lanes = page.locator('[data-testid="stVegaLiteChart"]').nth(1)
    lanes.scroll_into_view_if_needed()
    box = lanes.bounding_box()
    assert box is not None
    row = box["y"] + box["height"] * 0.4
    page.mouse.move(box["x"] + box["width"] * 0.35, row)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.55, row, steps=8)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('brush=')", timeout=30_000)
    page.wait_for_function(_IDLE, timeout=30_000)
    assert _count_text(page) != "5 of 8 events"
    brushed = page.url
    count = _count_text(page)
    context.close()
    fresh = browser.new_context(viewport={"width": 1400, "height": 1400})
    assert _count_text(_open(fresh, brushed)) == count
    fresh.close()


def test_phone_width_keeps_everything_reachable(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = _open(context, f"{app_url}/?event=2022-01-20-ghwayran-attack")
    assert (
        page.get_by_role("heading", name="IS attack on Ghwayran prison").is_visible()
        or page.get_by_role("heading", name="IS attack on Ghwayran prison").count()
    )
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
    context.close()


@pytest.mark.skipif(not os.environ.get("UPDATE_SCREENSHOT"), reason="set UPDATE_SCREENSHOT=1 to refresh it")
def test_readme_screenshot(browser) -> None:
    from tests.browser.conftest import start_app
    from tests.conftest import DATA_DIR, REPOSITORY_ROOT

    process, url = start_app(DATA_DIR)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1250})
        page = _open(context, f"{url}/?event=2022-01-20-ghwayran-prison-attack")
        page.wait_for_timeout(2000)
        page.screenshot(path=str(REPOSITORY_ROOT / "docs" / "screenshot.png"))
        context.close()
    finally:
        process.terminate()


def _foreign_requests(browser, url: str, wait_ms: int = 4000) -> list[str]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_selector('[data-testid="stSidebar"] a[href]', timeout=60_000)
    page.wait_for_function(_IDLE, timeout=60_000)
    page.wait_for_timeout(wait_ms)
    links = page.eval_on_selector_all('[data-testid="stSidebar"] a[href]', "links => links.map(a => a.href)")
    for link in links[1:]:
        page.goto(link)
        page.wait_for_function(_IDLE, timeout=60_000)
        page.wait_for_timeout(1500)
    context.close()
    local = urlsplit(url).netloc
    return [
        request
        for request in requests
        if urlsplit(request).scheme in ("http", "https", "ws", "wss") and urlsplit(request).netloc != local
    ]


def test_no_third_party_requests_unless_the_street_basemap_is_on(browser, app_url: str) -> None:
    assert _foreign_requests(browser, f"{app_url}/") == []
    with_basemap = _foreign_requests(browser, f"{app_url}/?basemap=streets")
    assert with_basemap, "the street basemap should fetch its tiles or style from its provider"
