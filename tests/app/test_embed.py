"""The article frame in AppTest: `layout=embed` on the explorer draws map, card and timeline only, and links back."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support import EXPLORER_DIR, REPOSITORY_ROOT, run_page

EXPLORER = str(REPOSITORY_ROOT / "app.py")
EVENTS = str(REPOSITORY_ROOT / "pages" / "2_Events.py")


@pytest.fixture(autouse=True)
def explorer_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(EXPLORER_DIR))


def _run(page: str, query: dict[str, list[str]]) -> AppTest:
    app = run_page(page, query)
    assert not app.exception
    return app


def test_the_frame_has_map_card_and_timeline_and_no_sidebar() -> None:
    app = _run(EXPLORER, {"layout": ["embed"], "type": ["riot"], "event": ["2020-03-29-ghwayran-riot"]})
    assert len(app.sidebar.children) == 0
    assert len(app.get("deck_gl_json_chart")) == 1
    assert len(app.get("vega_lite_chart")) == 3  # legend, lanes, month strip
    text = [block.value for block in app.markdown]
    assert "#### Riot at Ghwayran prison" in text
    # The link back opens the same view without the frame; the frame keeps its own address.
    back = "/?type=riot&event=2020-03-29-ghwayran-riot&lang=en"
    assert f"**Detention Atlas** · 2 of 8 events · [Open the full view ↗]({back})" in text
    assert dict(app.query_params) == {
        "type": "riot",
        "event": "2020-03-29-ghwayran-riot",
        "layout": "embed",
        "lang": "en",
    }
    # No page chrome: no title, no list, no citation popover.
    assert not app.title and not app.get("arrow_data_frame") and not app.get("popover")


def test_without_the_parameter_the_explorer_is_drawn_in_full() -> None:
    app = _run(EXPLORER, {"event": ["2020-03-29-ghwayran-riot"]})
    assert len(app.sidebar.children) > 0
    assert [title.value for title in app.title] == ["Detention Atlas"]
    assert not any("Open the full view" in block.value for block in app.markdown)


def test_other_pages_ignore_the_frame_with_a_notice() -> None:
    app = _run(EVENTS, {"layout": ["embed"], "type": ["riot"]})
    assert len(app.sidebar.children) > 0
    assert "The article frame (`layout=embed`) is made for the explorer; this page is shown in full." in [
        block.value for block in app.info
    ]
    assert dict(app.query_params) == {"type": "riot", "lang": "en"}
