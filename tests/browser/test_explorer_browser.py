"""The explorer in a real browser: the map draws, links reproduce the view, a click opens the card."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest

from benchmarks.local_app import COUNT_EVENT_PIXELS
from incidents.views.style import EVENT_TYPE_COLOURS
from tests.browser.support import (
    ARTIFACTS,
    SETTLED,
    goto_settled,
    hover_for_tooltip,
    open_settled,
    repeat_until_the_app_runs,
    wait_for,
    wait_for_text,
    wait_until,
    wait_value,
)

PRISON_ATTACK = list(EVENT_TYPE_COLOURS["prison_attack"])


def _open(context, url: str):
    return open_settled(context, url, f"the explorer at {url}")


# The count above the map, once the run that draws it is over: a rerun writes the link before it redraws the count.
_SETTLED_COUNT = f"""() => {{
  if (!({SETTLED})()) return null;
  const counts = [...document.querySelectorAll('[data-testid="stMarkdownContainer"] strong')]
    .map(strong => strong.innerText.trim()).filter(text => / of 8 events$/.test(text));
  return counts.length === 1 ? counts[0] : null;
}}"""


def _count_text(page) -> str:
    return str(wait_value(page, "the count of events shown, drawn by a finished run", _SETTLED_COUNT))


def _wait_for_count(page, count: str) -> None:
    wait_for_text(page, '[data-testid="stMarkdownContainer"] strong', count, f"the count {count!r}")
    wait_until(page, f"the run that drew {count!r} to finish", SETTLED)


def test_map_draws_event_markers(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = _open(context, f"{app_url}/?type=prison_attack")
    wait_until(page, "orange prison-attack markers on the map", f"() => ({COUNT_EVENT_PIXELS})([{PRISON_ATTACK}]) > 20")
    assert page.evaluate(COUNT_EVENT_PIXELS, [PRISON_ATTACK]) > 20
    context.close()


def test_filter_change_writes_a_url_that_reproduces_the_view(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = _open(context, f"{app_url}/?event=2020-03-29-ghwayran-riot")
    search = page.get_by_role("textbox", name="Search")
    search.fill("ghwayran")
    search.press("Enter")
    wait_until(page, "the search in the link", "() => location.search.includes('q=ghwayran')")
    # The link is written early in the rerun; the count is drawn later. Wait for the count the search gives.
    _wait_for_count(page, "2 of 8 events")
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {
        "q": ["ghwayran"],
        "event": ["2020-03-29-ghwayran-riot"],
        "lang": ["en"],
    }
    count = _count_text(page)
    context.close()

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    again = _open(fresh, shared)
    heading = again.get_by_role("heading", name="Riot at Ghwayran prison")
    wait_for(heading, "the card of the event in the shared link")
    assert _count_text(again) == count == "2 of 8 events"
    fresh.close()


def test_clicking_an_event_on_the_map_opens_its_card(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # One event in view: the map centres on it, so it sits in the middle of the canvas.
    page = _open(context, f"{app_url}/?type=prison_attack")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    box = canvas.bounding_box()
    assert box is not None
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # A tooltip under the pointer shows the map can pick the event; a click before then would fall through.
    assert "IS attack on Ghwayran prison" in hover_for_tooltip(page, *centre, "the event's tooltip under the pointer")
    # A click the map took starts a run; one lost to a busy machine is repeated, as a reader would.
    repeat_until_the_app_runs(page, lambda: page.mouse.click(*centre), "a click on the event's marker")
    wait_until(page, "the event in the link", "() => location.search.includes('event=2022-01-20-ghwayran-attack')")
    heading = page.get_by_role("heading", name="IS attack on Ghwayran prison")
    wait_for(heading, "the event card's heading")
    wait_for(page.get_by_text("Escaped: 800"), "the card's figure of escapees")
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
    wait_until(page, "the brushed period in the link", "() => location.search.includes('brush=')")
    # The link is written before the count is redrawn: wait for a count the brush narrowed.
    count = str(
        wait_value(
            page,
            "a narrower count after brushing",
            f"() => {{ const count = ({_SETTLED_COUNT})(); return count && count !== '5 of 8 events' && count; }}",
        )
    )
    assert int(count.split(" ")[0]) < 5, count
    brushed = page.url
    context.close()
    fresh = browser.new_context(viewport={"width": 1400, "height": 1400})
    assert _count_text(_open(fresh, brushed)) == count
    fresh.close()


def test_phone_width_keeps_everything_reachable(browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = _open(context, f"{app_url}/?event=2022-01-20-ghwayran-attack")
    wait_for(page.get_by_role("heading", name="IS attack on Ghwayran prison"), "the event's card on a phone")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways on a phone ({width}px)"
    context.close()


@pytest.mark.skipif(not os.environ.get("UPDATE_SCREENSHOT"), reason="set UPDATE_SCREENSHOT=1 to refresh it")
def test_readme_screenshot(browser, bundled_url: str) -> None:
    from tests.support import REPOSITORY_ROOT

    context = browser.new_context(viewport={"width": 1400, "height": 1250})
    page = _open(context, f"{bundled_url}/?event=2022-01-20-ghwayran-prison-attack")
    wait_for(page.get_by_role("heading", name="IS attack on Ghwayran"), "the event's card")
    page.screenshot(path=str(REPOSITORY_ROOT / "docs" / "screenshot.png"))
    context.close()


def _is_foreign(request_url: str, local: str) -> bool:
    parts = urlsplit(request_url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != local


def _foreign_requests(browser, url: str, expect_some: bool) -> list[str]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    local = urlsplit(url).netloc
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = open_settled(context, url, f"the explorer at {url}")
    if expect_some:
        if not any(_is_foreign(request, local) for request in requests):
            # The basemap asks for its style once the map has started, which may be after the page settled.
            page.wait_for_event("request", lambda request: _is_foreign(request.url, local), timeout=30_000)
    else:
        # Nothing foreign anywhere: every other page too. (One foreign request is all the basemap case needs.)
        links = page.eval_on_selector_all('[data-testid="stSidebar"] a[href]', "links => links.map(a => a.href)")
        for link in links[1:]:
            goto_settled(page, link, f"the page at {link}")
    context.close()
    return [request for request in requests if _is_foreign(request, local)]


def test_no_third_party_requests_unless_the_street_basemap_is_on(browser, app_url: str) -> None:
    assert _foreign_requests(browser, f"{app_url}/", expect_some=False) == []
    with_basemap = _foreign_requests(browser, f"{app_url}/?basemap=streets", expect_some=True)
    assert with_basemap, "the street basemap should fetch its tiles or style from its provider"
