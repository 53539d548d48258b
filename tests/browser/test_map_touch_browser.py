"""The map on a phone: one tap on a marker selects its event, and the tooltip stays on screen."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import parse_qs, urlsplit

from benchmarks.local_app import APP_EVENT_COLOURS
from tests.browser.support import (
    ARTIFACTS,
    open_settled,
    repeat_until_the_app_runs,
    wait_for,
    wait_for_idle,
    wait_until,
    wait_value,
)
from tests.support import DATA_DIR

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Markers as the reader sees them: blobs of event colour on the map canvas, with their centres in page pixels.
_MARKERS = """(colours) => {
  const canvas = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
  const copy = document.createElement('canvas');
  copy.width = canvas.width; copy.height = canvas.height;
  const context = copy.getContext('2d');
  context.drawImage(canvas, 0, 0);
  const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
  const width = copy.width, size = copy.width * copy.height;
  const coloured = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    coloured[i] = colours.some(([red, green, blue]) => Math.abs(pixels[4 * i] - red) < 25
      && Math.abs(pixels[4 * i + 1] - green) < 25 && Math.abs(pixels[4 * i + 2] - blue) < 25) ? 1 : 0;
  }
  const seen = new Uint8Array(size);
  const markers = [];
  for (let i = 0; i < size; i++) {
    if (!coloured[i] || seen[i]) continue;
    const stack = [i];
    seen[i] = 1;
    let count = 0, sumX = 0, sumY = 0;
    while (stack.length) {
      const j = stack.pop();
      count++; sumX += j % width; sumY += Math.floor(j / width);
      for (const k of [j - 1, j + 1, j - width, j + width]) {
        if (k >= 0 && k < size && coloured[k] && !seen[k]) { seen[k] = 1; stack.push(k); }
      }
    }
    if (count > 40) markers.push({x: sumX / count, y: sumY / count, pixels: count});
  }
  const box = canvas.getBoundingClientRect();
  const scale = canvas.width / box.width;
  return markers.map(m => ({x: box.left + m.x / scale, y: box.top + m.y / scale, pixels: m.pixels}));
}"""


_TOOLTIP_AND_MAP_BOXES = """() => {
  const tooltip = document.querySelector('.deck-tooltip');
  const canvas = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
  if (!tooltip || !canvas || getComputedStyle(tooltip).display === 'none' || !tooltip.innerText.trim()) return null;
  const box = element => {
    const rect = element.getBoundingClientRect();
    return {x: rect.x, y: rect.y, width: rect.width, height: rect.height};
  };
  return [box(tooltip), box(canvas), {width: window.innerWidth, height: window.innerHeight}];
}"""


_CARD_IN_SIGHT = """() => {
  const heading = document.querySelector('.st-key-event_card h4');
  if (!heading) return false;
  const box = heading.getBoundingClientRect();
  // Below Streamlit's fixed header, which would cover the title.
  const header = document.querySelector('[data-testid="stHeader"]');
  return box.top >= (header ? header.getBoundingClientRect().bottom : 0) && box.bottom <= window.innerHeight;
}"""
_MAP_TOP = """() => document.querySelector('[data-testid="stDeckGlJsonChart"] canvas').getBoundingClientRect().top"""
_MAP_AT = f"(top) => Math.abs(({_MAP_TOP})() - top) < 1"
# Every scrolled box holding the map back to its top: Streamlit scrolls the page in a box of its own.
_TO_TOP = """() => {
  for (let box = document.querySelector('[data-testid="stDeckGlJsonChart"]'); box; box = box.parentElement) {
    box.scrollTop = 0;
  }
  window.scrollTo(0, 0);
}"""


def _titles() -> dict[str, str]:
    with (DATA_DIR / "events.csv").open(encoding="utf-8", newline="") as handle:
        return {row["event_id"]: row["title"] for row in csv.DictReader(handle)}


def _selected(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("event", [""])[0]


def _apart(markers: list[dict[str, float]], count: int, gap: float = 30.0) -> list[dict[str, float]]:
    """The largest markers at least `gap` pixels from each other, so each tap lands on a different one."""
    chosen: list[dict[str, float]] = []
    for marker in sorted(markers, key=lambda item: -item["pixels"]):
        if all(abs(marker["x"] - other["x"]) + abs(marker["y"] - other["y"]) >= gap for other in chosen):
            chosen.append(marker)
    return chosen[:count]


# deck.gl counts a touch as a tap only if it lifts within 250 ms. A reader taps a page that has settled, and taps
# again when a busy phone took the first touch for a long press; so does this test, at most three times a marker.
TAPS_PER_MARKER = 3
# How long the finger rests on the glass: a quick tap.
TAP_MILLISECONDS = 60


def _touch(page: Any, x: float, y: float, milliseconds: int = TAP_MILLISECONDS) -> None:
    """A finger on the glass for `milliseconds`, timed by the browser itself.

    Playwright's touchscreen sends the touch's start and end as two round trips from the test; on a busy machine
    the second arrived after deck.gl's 250 ms tap window, so the test pressed long where a reader taps.
    """
    session = page.context.new_cdp_session(page)
    try:
        session.send(
            "Input.synthesizeTapGesture",
            {"x": x, "y": y, "duration": milliseconds, "tapCount": 1, "gestureSourceType": "touch"},
        )
    finally:
        session.detach()


def test_one_tap_on_a_marker_selects_its_event(browser, bundled_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = open_settled(context, bundled_url, "the explorer on a phone")
    wait_until(page, "event markers on the map", f"() => ({_MARKERS})({APP_EVENT_COLOURS}).length >= 3")
    markers = _apart(page.evaluate(_MARKERS, APP_EVENT_COLOURS), 3)
    assert len(markers) == 3, markers
    # A reader's tap comes after the page has settled; so does this one: once the map's first pick is done.
    wait_until(
        page,
        "the map's picking to be ready",
        """() => document.querySelector('[data-testid="stDeckGlJsonChart"] canvas')?.dataset.pickingReady === 'true'""",
    )
    titles = _titles()
    map_top = page.evaluate(_MAP_TOP)
    taps: list[int] = []
    for number, marker in enumerate(markers, start=1):
        before = _selected(page.url)
        where = f"({marker['x']:.0f}, {marker['y']:.0f})"
        taps.append(
            repeat_until_the_app_runs(
                page,
                lambda marker=marker: _touch(page, marker["x"], marker["y"]),
                f"a tap on marker {number} at {where}",
                tries=TAPS_PER_MARKER,
            )
        )
        wait_until(
            page,
            f"tap {number} at {where} to select an event",
            "(before) => new URLSearchParams(location.search).get('event') !== (before || null)",
            argument=before,
        )
        chosen = _selected(page.url)
        assert chosen in titles, chosen
        heading = page.locator(".st-key-event_card h4", has_text=titles[chosen][:60])
        wait_for(heading, f"the card of {chosen} after tap {number}")
        # On a phone the card is under the map; the tap brings it into sight.
        wait_until(page, f"the card of tap {number} on the screen", _CARD_IN_SIGHT)
        if number == 1:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "phone-after-tap-390.png"))
        # Back to the map as it was measured, for the next tap.
        page.evaluate(_TO_TOP)
        wait_until(page, "the map back at the top of the screen", _MAP_AT, argument=map_top)
    print(f"taps needed per marker: {taps}")
    context.close()


def test_the_tooltip_stays_inside_the_map_on_a_phone(browser, bundled_url: str) -> None:
    context = browser.new_context(**PHONE)
    page = open_settled(context, bundled_url, "the explorer on a phone")
    wait_until(page, "event markers on the map", f"() => ({_MARKERS})({APP_EVENT_COLOURS}).length >= 3")
    # The marker nearest the map's right edge, where a tooltip at the finger ran off the screen.
    rightmost = max(page.evaluate(_MARKERS, APP_EVENT_COLOURS), key=lambda marker: marker["x"])
    wait_for_idle(page, "the explorer on a phone before the touch")
    # Playwright's touch, whose start and end come as two round trips: a slow tap, which deck.gl answers with the
    # marker's tooltip (a browser-timed tap selects the event instead, and a held press shows nothing).
    page.touchscreen.tap(rightmost["x"], rightmost["y"])
    # Both boxes read together, once the tooltip shows: a run the touch starts may redraw the map in between reads.
    box, canvas, screen = wait_value(page, "the tooltip of the touched marker", _TOOLTIP_AND_MAP_BOXES)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator('[data-testid="stDeckGlJsonChart"]').first.screenshot(path=str(ARTIFACTS / "map-tooltip-390.png"))
    # On the screen as well as inside the map: the page is not scrolled, so the screen starts at the page's top.
    assert 0 <= box["x"] and box["x"] + box["width"] <= screen["width"], (box, screen)
    assert 0 <= box["y"] and box["y"] + box["height"] <= screen["height"], (box, screen)
    assert canvas["x"] <= box["x"] and box["x"] + box["width"] <= canvas["x"] + canvas["width"], (box, canvas)
    assert canvas["y"] <= box["y"] and box["y"] + box["height"] <= canvas["y"] + canvas["height"], (box, canvas)
    context.close()
