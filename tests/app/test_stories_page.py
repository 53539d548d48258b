"""The Stories page in AppTest: the list, a step with its view, text and sources, step links, and bad links."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support import EXPLORER_DIR, REPOSITORY_ROOT, run_page

STORIES = str(REPOSITORY_ROOT / "pages" / "6_Stories.py")


@pytest.fixture(autouse=True)
def explorer_data(monkeypatch: pytest.MonkeyPatch) -> None:
    # The eight-event dataset with one three-step story (tests/data/explorer/stories/ghwayran.yaml).
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(EXPLORER_DIR))


def _run(query: dict[str, list[str]] | None = None) -> AppTest:
    app = run_page(STORIES, query)
    assert not app.exception
    return app


def _links(app: AppTest) -> dict[str, tuple[str, str, bool]]:
    """Label -> (page, query string, disabled) for the links in the page's body."""
    return {
        link.proto.label: (link.proto.page, link.proto.query_string, link.proto.disabled)
        for link in app.main.get("page_link")
    }


def _card_title(app: AppTest) -> str:
    return next(block.value for block in app.markdown if block.value.startswith("#### "))


def test_the_list_names_each_story_and_links_to_its_first_step() -> None:
    app = _run()
    assert [header.value for header in app.title] == ["Stories"]
    assert [header.value for header in app.subheader] == ["Ghwayran prison"]
    assert "From the riot of 2020 to the attack of 2022\\." in [block.value for block in app.markdown]
    assert "3 steps · 2020–2022" in [caption.value for caption in app.caption]
    assert _links(app)["Start reading"][1] == "story=ghwayran&step=1"
    assert dict(app.query_params) == {"lang": "en"}


def test_a_step_shows_its_text_sources_view_and_links() -> None:
    app = _run({"story": ["ghwayran"], "step": ["2"]})
    text = [block.value for block in app.markdown]
    assert "**Step 2 of 3**" in text
    assert "Car bombs and a ten\\-day battle in January 2022\\." in text
    sources = next(caption.value for caption in app.caption if caption.value.startswith("Sources: "))
    assert "(https://example.org/a)" in sources and "(https://example.org/c)" in sources
    assert _card_title(app) == "#### IS attack on Ghwayran prison"
    assert len(app.get("deck_gl_json_chart")) == 1
    assert len(app.get("vega_lite_chart")) == 3  # legend, lanes, month strip
    links = _links(app)
    assert links["Previous"][1:] == ("story=ghwayran&step=1", False)
    assert links["Next"][1:] == ("story=ghwayran&step=3", False)
    # Leaving the story opens the explorer on exactly the step's view.
    assert (
        links["Explore from here"][1]
        == "place=pl-ghwayran-prison&brush=2022-01-01..2022-01-31&event=2022-01-20-ghwayran-attack&lang=en"
    )
    assert dict(app.query_params) == {"story": "ghwayran", "step": "2"}
    # A story step is read, not edited: the card offers no "Clear selection", the timeline no brushing.
    assert not [button for button in app.button if button.label == "Clear selection"]
    assert not any("Drag across" in caption.value for caption in app.caption)


def test_the_first_and_last_steps_cannot_go_further() -> None:
    first = _links(_run({"story": ["ghwayran"]}))
    assert first["Previous"][2] is True and first["Next"][1:] == ("story=ghwayran&step=2", False)
    last = _links(_run({"story": ["ghwayran"], "step": ["3"]}))
    assert last["Next"][2] is True and last["Previous"][1:] == ("story=ghwayran&step=2", False)


def test_the_step_becomes_the_explorer_view_the_page_links_carry() -> None:
    app = _run({"story": ["ghwayran"], "step": ["3"]})
    sidebar_links = {link.proto.label: link.proto.query_string for link in app.sidebar.get("page_link")}
    # The explorer leaves out an end date past the last event, so the link does too (the same view).
    assert sidebar_links["Explorer"] == "from=2022-01-15&event=2022-01-21-diyala-army-post&lang=en"
    assert _links(app)["Explore from here"][1] == sidebar_links["Explorer"]
    assert _card_title(app) == "#### Raid on an army post in Diyala"


def test_the_list_keeps_the_view_its_link_carried_for_the_page_links() -> None:
    app = _run({"type": ["riot"], "event": ["nowhere"]})
    assert [block.value for block in app.info] == ["Ignored `event`=“nowhere”: no such event in this dataset."]
    assert dict(app.query_params) == {"type": "riot", "lang": "en"}
    sidebar_links = {link.proto.label: link.proto.query_string for link in app.sidebar.get("page_link")}
    assert sidebar_links["Explorer"] == "type=riot&lang=en"


def test_an_unknown_story_shows_the_list_with_a_notice() -> None:
    app = _run({"story": ["nowhere"], "step": ["2"]})
    assert [block.value for block in app.info] == ["Ignored `story`=“nowhere”: no such story. Pick one from the list."]
    assert [header.value for header in app.subheader] == ["Ghwayran prison"]
    assert dict(app.query_params) == {"lang": "en"}


@pytest.mark.parametrize(("step", "shown"), [("0", "0"), ("4", "4"), ("two", "two"), ("-1", "\\-1")])
def test_a_step_outside_the_story_opens_step_one_with_a_notice(step: str, shown: str) -> None:
    app = _run({"story": ["ghwayran"], "step": [step]})
    assert [block.value for block in app.info] == [
        f"Ignored `step`=“{shown}”: this story has steps 1 to 3; showing step 1."
    ]
    assert "**Step 1 of 3**" in [block.value for block in app.markdown]
    assert dict(app.query_params) == {"story": "ghwayran", "step": "1"}


@pytest.mark.parametrize(
    ("language", "title", "text"),
    [
        ("nl", "Ghwayran\\-gevangenis", "Autobommen en tien dagen strijd in januari 2022\\."),
        ("en", "Ghwayran prison", "Car bombs and a ten\\-day battle in January 2022\\."),
    ],
)
def test_a_step_reads_in_the_readers_language(language: str, title: str, text: str) -> None:
    app = _run({"story": ["ghwayran"], "step": ["2"], "lang": [language]})
    assert [header.value for header in app.header] == [title]
    assert text in [block.value for block in app.markdown]
    # The sources are the story's own, whatever the language.
    sources = next(caption.value for caption in app.caption if caption.value.startswith(("Sources: ", "Bronnen: ")))
    assert "(https://example.org/a)" in sources and "(https://example.org/c)" in sources


def test_the_list_shows_dutch_titles_and_summaries_to_dutch_readers() -> None:
    app = _run({"lang": ["nl"]})
    assert [header.value for header in app.subheader] == ["Ghwayran\\-gevangenis"]
    assert "Van de opstand van 2020 tot de aanval van 2022\\." in [block.value for block in app.markdown]
