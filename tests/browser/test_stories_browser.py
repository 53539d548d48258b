"""Stories and the article frame in a real browser, on the bundled data: walk a story, embed a view in an iframe."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from incidents import load_dataset
from incidents.view_state import to_query
from incidents.views.stories import read_stories
from tests.browser.support import ARTIFACTS, SETTLED, open_settled, wait_for, wait_for_text, wait_until
from tests.support import DATA_DIR

GHWAYRAN_STORY = "ghwayran-2022"
EVENT = "2022-01-20-ghwayran-prison-attack"
FRAME_WIDTH, FRAME_HEIGHT = 700, 500


@pytest.fixture(scope="module")
def bundled_stories():  # noqa: ANN201 - the bundled dataset and its stories by id
    dataset = load_dataset(DATA_DIR)
    stories, _ = read_stories(DATA_DIR, dataset)
    return dataset, {story.story_id: story for story in stories}


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _card_title(page) -> str:  # noqa: ANN001
    heading = page.locator(".st-key-event_card h4").first
    wait_for(heading, "the event card's heading")
    return heading.inner_text().strip()


def _wait_for_card(page, title: str) -> None:  # noqa: ANN001
    """Wait until the card shows the event and its run is over: a rerun draws the step counter before the card."""
    wait_for_text(page, ".st-key-event_card h4", title, f"the card of {title!r}")
    wait_until(page, f"the run that drew the card of {title!r} to finish", SETTLED)


def _shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.mark.parametrize("story_id", [GHWAYRAN_STORY, "al-hol-2019-2022"])
def test_a_story_walks_step_by_step_and_leaves_for_the_explorer(
    browser, bundled_url: str, bundled_stories, story_id: str
) -> None:
    dataset, stories = bundled_stories
    story = stories[story_id]
    titles = [str(dataset.events.at[step.view.event_id, "title"]) for step in story.steps]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = open_settled(context, f"{bundled_url}/Stories?story={story_id}&step=1", "step 1 of the story")
    wait_for(page.get_by_text(f"Step 1 of {len(story.steps)}"), "the step counter at step 1")
    assert _card_title(page) == titles[0]
    _shot(page, f"story-{story_id}-step-1-1400.png")

    page.get_by_role("link", name="Next").first.click()
    wait_until(page, "step 2 in the address", "() => new URLSearchParams(location.search).get('step') === '2'")
    wait_for(page.get_by_text(f"Step 2 of {len(story.steps)}"), "the step counter at step 2")
    _wait_for_card(page, titles[1])
    assert _card_title(page) == titles[1]
    assert _query(page.url) == {"story": [story_id], "step": ["2"]}
    _shot(page, f"story-{story_id}-step-2-1400.png")

    page.get_by_role("link", name="Explore from here").click()
    wait_until(page, "the explorer's address", "() => location.pathname === '/' && location.search.includes('event=')")
    # The story's card may linger until the explorer's run redraws it: wait for the explorer's own list first.
    # That run also writes the language into the address; read it once the run is over.
    wait_for(page.get_by_role("heading", name="Events shown"), "the explorer's list of the events shown")
    _wait_for_card(page, titles[1])
    assert _card_title(page) == titles[1]
    # The explorer opens on the step's view, in the language the reader read the story in.
    assert _query(page.url) == {**to_query(story.steps[1].view), "lang": ["en"]}
    # The explorer's own filters hold the step's view: the place the step filtered on is picked in the sidebar.
    place = str(dataset.places.set_index("place_id").at[story.steps[1].view.criteria.places[0], "name"])[:12]
    wait_until(
        page,
        "the step's site in the explorer's Site filter",
        """place => (document.querySelector('[data-testid="stSidebar"] .st-key-filter_places')?.innerText || '')
          .includes(place)""",
        argument=place,
    )
    _shot(page, f"story-{story_id}-explore-from-here-1400.png")

    # Every step is a link that survives a reload in a new tab.
    last = len(story.steps)
    page = open_settled(context, f"{bundled_url}/Stories?story={story_id}&step={last}", "the last step")
    _wait_for_card(page, titles[-1])
    assert _card_title(page) == titles[-1]
    following = page.locator('.st-key-story_navigation a[data-testid="stPageLink-NavLink"]', has_text="Next")
    assert following.get_attribute("disabled") is not None
    context.close()


def test_the_stories_page_lists_both_stories_at_desk_and_phone_width(browser, bundled_url: str) -> None:
    for width in (1400, 390):
        options = {"is_mobile": True, "has_touch": True} if width == 390 else {}
        context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        page = open_settled(context, f"{bundled_url}/Stories", f"the list of stories at {width} px")
        headings = page.locator("h3").all_inner_texts()
        assert any("Ghwayran prison, January 2022" in heading for heading in headings)
        assert any("al-Hol camp" in heading for heading in headings)
        # No part of the page is wider than the screen.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        _shot(page, f"stories-list-{width}.png")
        page = open_settled(context, f"{bundled_url}/Stories?story={GHWAYRAN_STORY}&step=2", f"a step at {width} px")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        _shot(page, f"story-step-2-{width}.png")
        context.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def article_page(folder: Path, frame_url: str, frame_width: str) -> Iterator[str]:
    """A tiny article on its own loopback port with the app in an iframe, as a newsroom would embed it."""
    (folder / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Article</title></head>"
        "<body style='margin:0;font-family:serif'><p>An article about the prison attack.</p>"
        f"<iframe src='{frame_url}' width='{frame_width}' height='{FRAME_HEIGHT}' style='border:0'"
        " title='Detention Atlas'></iframe><p>The article goes on.</p></body></html>",
        encoding="utf-8",
    )
    port = _free_port()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *arguments, **options) -> None:  # noqa: ANN002, ANN003
            super().__init__(*arguments, directory=str(folder), **options)

        def log_message(self, *arguments) -> None:  # noqa: ANN002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/index.html"
    finally:
        server.shutdown()
        server.server_close()


_FRAME_BOXES = """() => {
  const box = selector => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const rect = element.getBoundingClientRect();
    return {left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, width: rect.width};
  };
  return {
    canvas: box('[data-testid="stDeckGlJsonChart"] canvas'),
    card: box('.st-key-event_card h4'),
    sidebar: box('[data-testid="stSidebar"]'),
    // Page chrome: the header's menu, toolbar and status controls.
    chrome: [...document.querySelectorAll('header[data-testid="stHeader"] button, header[data-testid="stHeader"] a')]
      .filter(element => element.getBoundingClientRect().width > 0).length,
    width: document.documentElement.clientWidth,
  };
}"""


@pytest.mark.parametrize(("viewport", "frame_width"), [(1400, str(FRAME_WIDTH)), (390, "100%")])
def test_the_article_frame_fits_an_iframe_and_links_back(
    browser, bundled_url: str, tmp_path: Path, viewport: int, frame_width: str
) -> None:
    frame_url = f"{bundled_url}/?event={EVENT}&layout=embed&embed=true"
    context = browser.new_context(viewport={"width": viewport, "height": 900})
    with article_page(tmp_path, frame_url, frame_width) as article:
        page = context.new_page()
        page.goto(article)
        wait_until(page, "the app's frame in the article", "() => window.frames.length === 1")
        # The frame object stays the same while the frame loads the app; its address may not be the app's yet.
        element = page.locator("iframe").element_handle()
        frame = element.content_frame()
        assert frame is not None
        wait_for(frame.locator('[data-testid="stDeckGlJsonChart"] canvas'), "the map in the frame")
        wait_until(frame, "the frame to settle", SETTLED)  # type: ignore[arg-type]
        wait_for(frame.locator(".st-key-event_card h4"), "the card in the frame")
        boxes = frame.evaluate(_FRAME_BOXES)
        width = boxes["width"]
        assert boxes["sidebar"] is None and boxes["chrome"] == 0
        canvas, card = boxes["canvas"], boxes["card"]
        assert canvas and 0 <= canvas["left"] and canvas["right"] <= width
        assert 0 <= canvas["top"] and canvas["bottom"] <= FRAME_HEIGHT, canvas
        assert card and 0 <= card["left"] and card["right"] <= width, card
        if frame_width == str(FRAME_WIDTH):
            # Beside the map: the card's heading is in view without scrolling the frame.
            assert 0 <= card["top"] and card["bottom"] <= FRAME_HEIGHT, card
        else:
            # A phone stacks the card under the map, as the explorer does: its heading starts inside the frame.
            assert card["top"] < FRAME_HEIGHT, card
        assert frame.locator(".st-key-event_card h4").first.inner_text().startswith("IS attack on Ghwayran")
        link = frame.get_by_role("link", name="Open the full view")
        assert link.get_attribute("href") == f"{bundled_url}/?event={EVENT}&lang=en"
        assert link.get_attribute("target") == "_blank"
        _shot(page, f"embed-in-article-{viewport}.png")
        context.close()
