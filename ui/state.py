"""The view state: seeded once from the URL, kept in session_state by the widgets, written back to the URL."""

from __future__ import annotations

from typing import Any

import streamlit as st

from incidents.contract.load import Dataset
from incidents.filters import EventFilter, date_extent
from incidents.language import Language
from incidents.view_state import ViewState, Vocabulary, parse_query, to_query, vocabulary
from incidents.words import ANY

# Widget and state keys; one place so the sidebar, the charts and the reset agree.
YEARS = "filter_years"
DATES = "filter_dates"
# A range date_input needs its default passed as `value`; the seeded range lives here, not in the widget key.
DATES_SEED = "filter_dates_seed"
TYPES = "filter_types"
ACTORS = "filter_actors"
PLACES = "filter_places"
GOVERNORATES = "filter_governorates"
CONFIDENCE = "filter_confidence"
PRECISION = "filter_precision"
TEXT = "filter_text"
BRUSH = "view_brush"
EVENT = "view_event"
BASEMAP = "view_street_basemap"
EMBEDDED = "view_embedded"
# Notices a page adds to the link's own (message ids, written in the reader's language where shown).
NOTICES = "view_notices"
# The link a session opened with: its notices are written again in whatever language the reader picks.
OPENING_QUERY = "view_opening_query"
LANGUAGE = "view_language"
# The language the browser asks for, read from the request once per session.
BROWSER_LANGUAGE = "view_browser_language"
_SEEDED = "view_seeded_from_url"

FILTER_KEYS = (YEARS, DATES, TYPES, ACTORS, PLACES, GOVERNORATES, CONFIDENCE, PRECISION, TEXT)


@st.cache_resource(max_entries=4)
def _vocabulary(version: str, _dataset: Dataset) -> Vocabulary:
    return vocabulary(_dataset)


def known_values(dataset: Dataset) -> Vocabulary:
    """Ids and values a link may name, computed once per data version."""
    return _vocabulary(dataset.version, dataset)


def _query_params_as_lists() -> dict[str, list[str]]:
    params = st.query_params
    return {key: params.get_all(key) for key in params}


def seed_from_url(dataset: Dataset) -> None:
    """On a session's first run, copy the URL's view into session_state; remember what was ignored."""
    if st.session_state.get(_SEEDED):
        # Re-assigning detaches the values from their widgets, so switching pages does not drop them.
        for key in (*FILTER_KEYS, BASEMAP):
            if key in st.session_state and key != DATES:
                st.session_state[key] = st.session_state[key]
        # The date range widget takes its value as a default instead (see DATES_SEED).
        dates = st.session_state.get(DATES)
        if isinstance(dates, list | tuple) and len(dates) == 2:
            st.session_state[DATES_SEED] = tuple(dates)
        return
    params = _query_params_as_lists()
    state, _ = parse_query(params, known_values(dataset))
    apply_view(state, dataset)
    st.session_state[LANGUAGE] = state.language
    st.session_state[OPENING_QUERY] = params
    st.session_state[_SEEDED] = True


def link_notices(dataset: Dataset, language: Language) -> list[str]:
    """What the opening link asked for that had to be ignored, in the reader's language."""
    params = st.session_state.get(OPENING_QUERY) or {}
    return parse_query(params, known_values(dataset), language)[1] if params else []


def apply_view(state: ViewState, dataset: Dataset) -> None:
    """Set every widget and view key to show `state`."""
    criteria = state.criteria
    first, last = date_extent(dataset)
    st.session_state[YEARS] = list(criteria.years)
    start = max(criteria.date_from, first) if criteria.date_from else first
    end = min(criteria.date_to, last) if criteria.date_to else last
    st.session_state[DATES_SEED] = (start, end) if start <= end else (first, last)
    st.session_state.pop(DATES, None)
    st.session_state[TYPES] = list(criteria.event_types)
    st.session_state[ACTORS] = list(criteria.actors)
    st.session_state[PLACES] = list(criteria.places)
    st.session_state[GOVERNORATES] = list(criteria.governorates)
    st.session_state[CONFIDENCE] = criteria.min_confidence or ANY
    st.session_state[PRECISION] = criteria.min_location_precision or ANY
    st.session_state[TEXT] = criteria.text
    st.session_state[BRUSH] = state.brush
    st.session_state[EVENT] = state.event_id
    st.session_state[BASEMAP] = state.street_basemap
    st.session_state[EMBEDDED] = state.embedded


def is_seeded() -> bool:
    """True once this session holds a view (from its first link, a story step or the reader's filters)."""
    return bool(st.session_state.get(_SEEDED))


def adopt_view(state: ViewState, dataset: Dataset) -> None:
    """Make `state` the session's view, as if its link had been opened (a story step the reader may explore)."""
    apply_view(state, dataset)
    # A story step's view is the story's own: nothing of the opening link is left to notice.
    st.session_state[NOTICES] = []
    st.session_state[OPENING_QUERY] = {}
    st.session_state[_SEEDED] = True


def reset_view() -> None:
    """Forget every filter, the brush and the selection (a button callback)."""
    for key in (*FILTER_KEYS, DATES_SEED, BRUSH, EVENT):
        st.session_state.pop(key, None)
    st.session_state[_SEEDED] = True
    st.session_state[OPENING_QUERY] = {}


def _get(key: str, default: Any) -> Any:
    value = st.session_state.get(key, default)
    return default if value is None else value


def current_view(dataset: Dataset) -> ViewState:
    """The view the widgets and charts hold now."""
    first, last = date_extent(dataset)
    dates = _get(DATES, _get(DATES_SEED, (first, last)))
    date_from = dates[0] if isinstance(dates, list | tuple) and len(dates) == 2 and dates[0] > first else None
    date_to = dates[1] if isinstance(dates, list | tuple) and len(dates) == 2 and dates[1] < last else None
    confidence = _get(CONFIDENCE, ANY)
    precision = _get(PRECISION, ANY)
    criteria = EventFilter(
        years=tuple(sorted(int(year) for year in _get(YEARS, []))),
        date_from=date_from,
        date_to=date_to,
        event_types=tuple(_get(TYPES, [])),
        actors=tuple(_get(ACTORS, [])),
        places=tuple(_get(PLACES, [])),
        governorates=tuple(_get(GOVERNORATES, [])),
        min_confidence=None if confidence == ANY else confidence,
        min_location_precision=None if precision == ANY else precision,
        text=" ".join(str(_get(TEXT, "")).split()),
    )
    event_id = st.session_state.get(EVENT)
    if event_id is not None and event_id not in known_values(dataset).event_ids:
        event_id = None
    return ViewState(
        criteria=criteria,
        brush=st.session_state.get(BRUSH),
        event_id=event_id,
        street_basemap=bool(_get(BASEMAP, False)),
        embedded=bool(_get(EMBEDDED, False)),
        language=st.session_state.get(LANGUAGE),
    )


def write_url(state: ViewState) -> None:
    """Make the address bar reproduce the view; only touched when something changed."""
    wanted = to_query(state)
    if _query_params_as_lists() != wanted:
        st.query_params.from_dict(wanted)


def select_event(event_id: str | None) -> None:
    """Make `event_id` the selected event."""
    st.session_state[EVENT] = event_id
