"""Readies each map's object picking before the reader's first tap, so that one tap selects an event, and on a
phone brings the card of the tapped event into sight.

deck.gl picks the object under a finger synchronously when the finger goes down, and its tap gesture only
counts a touch that lifts within 250 ms. The first pick on a page sets up the picking pass; in a software-
rendered or slow phone browser that takes a second or more, so the first tap counts as a long press: no
click, no selection, only the tooltip of the hover that follows. A mouse reader never meets this, because
hovering picks first. This script makes the same hover pick on each new map, at its top-left corner, and
then moves the pointer away, so the reader's first tap finds picking ready.

On a phone the columns stack and the event card sits under the map, below the screen's edge: a tap that selects
an event would change nothing the reader can see. So when the selected event in the address changes within a
few seconds of a touch on the map, and the screen is narrow, the card is scrolled into sight.
"""

from __future__ import annotations

import streamlit as st

# Mouse events, not pointer events: deck.gl's hover listens to mousemove. A few tries per map, as its layers
# arrive a moment after its canvas; each is a one-pixel pick and stops once the reader touches the map.
_SCRIPT = """
export default function () {
  const tries = new WeakMap();
  const touched = new WeakSet();
  const MOMENTS = [300, 1000, 2500, 5000, 10000];
  const hover = (canvas, type) => {
    const box = canvas.getBoundingClientRect();
    canvas.dispatchEvent(new MouseEvent(type, {bubbles: true, clientX: box.left + 1,
      clientY: box.top + 1, buttons: 0}));
  };
  const tick = () => {
    const now = performance.now();
    for (const canvas of document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')) {
      if (!tries.has(canvas)) {
        tries.set(canvas, {start: now, done: 0});
        canvas.addEventListener('pointerdown', () => touched.add(canvas), {capture: true, once: true});
      }
      const state = tries.get(canvas);
      if (touched.has(canvas) || state.done >= MOMENTS.length || now - state.start < MOMENTS[state.done]) continue;
      state.done += 1;
      hover(canvas, 'mousemove');
      // deck.gl picks for a hover in its next frame; two frames on, that first (slow) pick is behind us.
      requestAnimationFrame(() => requestAnimationFrame(() => { canvas.dataset.pickingReady = 'true'; }));
      setTimeout(() => touched.has(canvas) || hover(canvas, 'mouseleave'), 300);
    }
  };
  // Streamlit stacks columns below 640 px; wider, the card is beside the map and already in sight.
  const STACKED = 640;
  const TOUCH_MATTERS_MS = 8000;
  let touchedAt = -Infinity;
  const selected = () => new URLSearchParams(location.search).get('event');
  let lastSelected = selected();
  const onTouch = (event) => {
    if (event.target instanceof Element && event.target.closest('[data-testid="stDeckGlJsonChart"]')) {
      touchedAt = performance.now();
    }
  };
  document.addEventListener('touchend', onTouch, {capture: true, passive: true});
  const follow = () => {
    const now = selected();
    if (now === lastSelected) return;
    lastSelected = now;
    const card = document.querySelector('.st-key-event_card');
    if (!now || !card || window.innerWidth >= STACKED || performance.now() - touchedAt > TOUCH_MATTERS_MS) return;
    touchedAt = -Infinity;
    if (card.getBoundingClientRect().top < window.innerHeight * 0.6) return;
    // Below Streamlit's fixed header, which would hide the card's title.
    const header = document.querySelector('[data-testid="stHeader"]');
    card.style.scrollMarginTop = `${(header ? header.getBoundingClientRect().bottom : 0) + 8}px`;
    card.scrollIntoView({block: 'start'});
  };
  const timer = setInterval(() => { tick(); follow(); }, 250);
  return () => { clearInterval(timer); document.removeEventListener('touchend', onTouch, {capture: true}); };
}
"""

_ready_picking = st.components.v2.component("detention_atlas.map_touch", js=_SCRIPT)


def ready_map_picking() -> None:
    """Mount the script once per page; it finds every map on the page itself."""
    _ready_picking(key="map_touch")
