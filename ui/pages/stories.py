"""The Stories page: the list of guided stories, and each step as its explorer view with its text and sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import streamlit as st

import ui
from incidents.contract.load import Dataset
from incidents.filters import date_extent, filter_events, in_brush
from incidents.language import N_, Language
from incidents.text import SHORT_TEXT_LIMIT, escape_markdown, markdown_link
from incidents.view_state import ViewState, parse_query, to_query
from incidents.views.stories import (
    Story,
    parse_story_query,
    period_words,
    read_stories,
    step_sources,
    story_files,
    story_period,
    story_rules,
    view_parameters,
)
from incidents.words import partial_date_text
from ui import data, language_choice, navigation, state
from ui.components import explorer
from ui.components.event_card import show_event_card

STORIES_PAGE = "pages/6_Stories.py"
EXPLORER_PAGE = "app.py"
STORY_MAP_HEIGHT = 420
INTRODUCTION = N_(
    "Guided walks through the data: each step is a view of the explorer with a short text and the sources it "
    "rests on. Leave a story at any step with “Explore from here” and carry on with the same view."
)

FileStamp = tuple[tuple[str, int, int], ...]


def _stamp(directory: Path) -> FileStamp:
    """Name, modification time and size of each story file: a new or edited story is read again."""
    stamps = []
    for path in story_files(directory, story_rules()):
        status = path.stat()
        stamps.append((path.name, status.st_mtime_ns, status.st_size))
    return tuple(stamps)


@st.cache_resource(max_entries=4, show_spinner=False)
def _stories(version: str, directory: str, stamp: FileStamp, _dataset: Dataset) -> list[Story]:
    # A story with problems is left out here; the validator and the Method page list what is wrong with it.
    return read_stories(Path(directory), _dataset)[0]


def loaded_stories(dataset: Dataset) -> list[Story]:
    """The dataset's valid stories, read once per data and story files version."""
    directory = data.data_dir()
    return _stories(dataset.version, str(directory), _stamp(directory), dataset)


# The page title, as the page links name it (pages/6_Stories.py).
STORIES_TITLE = N_("Stories")


def _step_link(story: Story, number: int) -> dict[str, str]:
    return {"story": story.story_id, "step": str(number)}


def show_stories_page() -> None:
    """The whole page: the list of stories, or the step the link asks for."""
    reader = language_choice.reader_language()
    st.set_page_config(
        page_title=f"{reader.gettext(STORIES_TITLE)} · Detention Atlas", page_icon=ui.PAGE_ICON, layout="wide"
    )
    dataset = data.localized(data.load_or_stop(reader), reader)
    stories = loaded_stories(dataset)
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    known = state.known_values(dataset)
    story, number, notices = parse_story_query(params, stories, known)
    if story is not None:
        # The step's view becomes the reader's: the page links and "Explore from here" carry on from it.
        state.adopt_view(story.steps[number - 1].view, dataset)
    elif not state.is_seeded():
        # A first visit keeps the view its link carried, as every page does (notices are already in `notices`).
        state.adopt_view(parse_query(view_parameters(params), known)[0], dataset)
    view = replace(state.current_view(dataset), language=reader.code)
    with st.sidebar:
        language_choice.show_switch(reader)
        navigation.show_links(view, reader)
    # Written on every run: a link to this same page changes the step without updating the address bar.
    st.query_params.from_dict({"story": [story.story_id], "step": [str(number)]} if story else to_query(view))
    for notice in notices:
        st.info(notice, icon=":material/link_off:")
    if story is None:
        _show_list(dataset, stories, reader)
    else:
        _show_step(dataset, story, number, view, reader)


def _show_list(dataset: Dataset, stories: list[Story], reader: Language) -> None:
    _ = reader.gettext
    st.title(_(STORIES_TITLE))
    st.caption(_(INTRODUCTION))
    if not stories:
        st.info(_("There are no stories in this dataset yet."), icon=":material/auto_stories:")
        return
    for story in stories:
        with st.container(border=True):
            st.subheader(escape_markdown(story.title_in(reader.code), SHORT_TEXT_LIMIT))
            st.markdown(escape_markdown(story.summary_in(reader.code)))
            period = story_period(dataset, story)
            steps = reader.ngettext("{count} step", "{count} steps", len(story.steps)).format(count=len(story.steps))
            steps += f" · {period_words(period, reader)}" if period else ""
            st.caption(escape_markdown(steps))
            st.page_link(
                STORIES_PAGE,
                label=_("Start reading"),
                icon=":material/play_arrow:",
                query_params=_step_link(story, 1),
            )


def _timeline_domain(dataset: Dataset, view: ViewState) -> tuple[dt.date, dt.date]:
    """The whole months of a step's date range, else the data's extent: ten days are lost on a four-year axis."""
    criteria = view.criteria
    if not (criteria.date_from and criteria.date_to):
        return date_extent(dataset)
    first = criteria.date_from.replace(day=1)
    following = (criteria.date_to.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _show_navigation(story: Story, number: int, view: ViewState, reader: Language) -> None:
    _ = reader.gettext
    count = len(story.steps)
    row = st.container(horizontal=True, gap="medium", vertical_alignment="center", key="story_navigation")
    row.page_link(
        STORIES_PAGE,
        label=_("Previous"),
        icon=":material/arrow_back:",
        query_params=_step_link(story, max(number - 1, 1)),
        disabled=number == 1,
    )
    row.page_link(
        STORIES_PAGE,
        label=_("Next"),
        icon=":material/arrow_forward:",
        icon_position="right",
        query_params=_step_link(story, min(number + 1, count)),
        disabled=number == count,
    )
    row.page_link(EXPLORER_PAGE, label=_("Explore from here"), icon=":material/explore:", query_params=to_query(view))
    row.page_link(STORIES_PAGE, label=_("All stories"), icon=":material/list:")


def _show_step(dataset: Dataset, story: Story, number: int, view: ViewState, reader: Language) -> None:
    """The step's text, sources and links above its view (`view`: the step's, as the explorer will hold it)."""
    _ = reader.gettext
    step = story.steps[number - 1]
    st.header(escape_markdown(story.title_in(reader.code), SHORT_TEXT_LIMIT))
    st.markdown("**" + _("Step {number} of {count}").format(number=number, count=len(story.steps)) + "**")
    with st.container(border=True, key="story_step"):
        st.markdown(escape_markdown(story.step_text_in(number, reader.code)))
        sources = step_sources(dataset, step)
        listed = "; ".join(
            f"{escape_markdown(source.publisher)}, {markdown_link(source.title, source.url)}"
            + (f" ({escape_markdown(partial_date_text(source.published, reader))})" if source.published else "")
            for source in sources
        )
        st.caption(_("Sources: {sources}").format(sources=listed))
        _show_navigation(story, number, view, reader)
    filtered = filter_events(dataset, view.criteria)
    shown = in_brush(filtered, view.brush)
    map_column, card_column = st.columns([3, 2], gap="medium")
    with map_column:
        map_summary = explorer.show_map(
            dataset, shown, view, framed=filtered, reader=reader, height=STORY_MAP_HEIGHT, interactive=False
        )
    with card_column, st.container(height=STORY_MAP_HEIGHT, border=False, key="event_card"):
        show_event_card(dataset, view.event_id, reader, clearable=False)
    explorer.show_map_key(shown, view, map_summary, reader)
    explorer.show_timeline(dataset, filtered, view, _timeline_domain(dataset, view), reader, interactive=False)
