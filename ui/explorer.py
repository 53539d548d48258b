"""The explorer's views: map, timeline, list and citation, linked through ui.state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from incidents.citation import attribution, view_citation
from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.figures import format_count
from incidents.text import escape_markdown
from incidents.view_state import ViewState, query_string
from incidents.views.aggregate import MapSummary
from incidents.views.map_spec import CLUSTERS_LAYER_ID, EVENTS_LAYER_ID, PrebuiltDeck, build_map, fit_view
from incidents.views.style import event_list_frame
from incidents.views.timeline_spec import (
    STRIP_HEIGHT,
    brushed_range,
    build_month_strip,
    build_timeline,
    legend_spec,
    picked_event,
    timeline_height,
    timeline_summary,
)
from incidents.words import FigureText
from ui import data, state
from ui.map_touch import ready_map_picking
from ui.snapshot_download import show_snapshot_download

MAP_KEY = "map_selection"
TIMELINE_KEY = "timeline_selection"
LIST_KEY = "list_selection"
MAP_HEIGHT = 460
# How to open a card from the list, for mouse and keyboard alike.
LIST_HINT = (
    "Tick a row's box to open the event's card. With the keyboard: Tab into the list, "
    "pick the row with the arrow keys and press Shift+Space."
)
LEGEND_HEIGHT = 52
# Rows the list under the map shows; the Events page has (and downloads) every one.
LIST_LIMIT = 500
# Views whose map, timeline and list stay built: a shared link is drawn once per process, not once per reader.
VIEWS_CACHED = 128


@st.cache_resource(max_entries=4)
def _figure_text(version: str, _dataset: Dataset) -> FigureText:
    return FigureText(_dataset.figures)


def figure_text(dataset: Dataset) -> Mapping[str, str]:
    """One-line figure summaries per event, looked up once per data version and written only for events shown."""
    return _figure_text(dataset.version, dataset)


def _selection(key: str) -> dict[str, Any]:
    value = st.session_state.get(key)
    if value is None:
        return {}
    selection = value.get("selection", {}) if hasattr(value, "get") else {}
    return dict(selection) if hasattr(selection, "keys") else {}


def _on_map_select() -> None:
    objects = _selection(MAP_KEY).get("objects", {})
    events = objects.get(EVENTS_LAYER_ID, [])
    if events:
        state.select_event(str(events[0].get("event_id")))
    # A site standing for many events narrows the view to that site, where its events can be drawn one by one.
    sites = [str(item.get("place_id") or "") for item in objects.get(CLUSTERS_LAYER_ID, [])]
    if sites and sites[0]:
        st.session_state[state.PLACES] = [sites[0]]


def _on_timeline_select() -> None:
    selection = _selection(TIMELINE_KEY)
    st.session_state[state.BRUSH] = brushed_range(selection)
    picked = picked_event(selection)
    if picked:
        state.select_event(picked)


def view_key(view: ViewState) -> str:
    """The view as its canonical query string: equal links share one cached map, timeline and list."""
    return query_string(view)


@st.cache_data(max_entries=VIEWS_CACHED, show_spinner=False)
def _map_json(
    version: str, key: str, _dataset: Dataset, _events: Any, _view: ViewState, _framed: Any
) -> tuple[str, dict[str, Any], MapSummary]:
    drawn = build_map(
        _events,
        _dataset.places,
        figure_text(_dataset),
        selected_id=_view.event_id,
        street_basemap=_view.street_basemap,
        view=fit_view(_framed),
    )
    return drawn.deck.to_json(), dict(drawn.deck._tooltip), drawn.summary


def show_map(
    dataset: Dataset, events: Any, view: ViewState, framed: Any, height: int = MAP_HEIGHT, interactive: bool = True
) -> MapSummary:
    """The map of the events in view, framed on `framed` so brushing does not jump the map around."""
    text, tooltip, summary = _map_json(dataset.version, view_key(view), dataset, events, view, framed)
    st.pydeck_chart(
        PrebuiltDeck(text, tooltip),
        on_select=_on_map_select if interactive else "ignore",
        selection_mode="single-object",
        key=MAP_KEY if interactive else None,
        height=height,
        alt="Map of the events shown; each event is also listed in the table below.",
    )
    return summary


def show_map_key(events: Any, view: ViewState, summary: MapSummary) -> None:
    """The legend and how to read the map, below the map and the card (on a phone, the card follows the map)."""
    st.vega_lite_chart(legend_spec(), width="stretch", height=LEGEND_HEIGHT)
    unlocated = int((~events["has_location"]).sum()) if len(events) else 0
    note = (
        "Filled dots: exact site. Hollow rings in a grey halo: known only to the town or region. "
        "Size grows with the lowest claimed figure; ×N counts events at one site. Context rows (totals, "
        "statements, background) are not points, and a multi-day episode is drawn through its phases."
    )
    if summary.aggregated:
        # Too many events to draw one by one: say so, and how to get back to single events.
        how = "Circles grow with the number of events and take the colour of the most common type"
        if summary.level == "sites":
            how += "; click a site to show only its events"
        note = f"**{summary.describe()}.** {how}. Narrow the filters to see single events."
    if unlocated:
        note += f" {unlocated} event(s) without coordinates are not on the map but are in the list."
    if not view.street_basemap:
        note += " Borders: Natural Earth."
    st.caption(note)
    ready_map_picking()


@st.cache_data(max_entries=VIEWS_CACHED, show_spinner=False)
def _timeline_specs(
    version: str, key: str, _events: Any, _view: ViewState, domain: tuple[dt.date, dt.date]
) -> tuple[dict[str, Any], dict[str, Any]]:
    lanes = build_timeline(_events, selected_id=_view.event_id, brush=_view.brush, domain=domain)
    return lanes, build_month_strip(_events, domain)


def show_timeline(
    dataset: Dataset, events: Any, view: ViewState, domain: tuple[dt.date, dt.date], interactive: bool = True
) -> None:
    """Lanes per type with a brush; the selected event is outlined, the others stay visible."""
    lanes, strip = _timeline_specs(dataset.version, view_key(view), events, view, domain)
    st.vega_lite_chart(
        lanes,
        on_select=_on_timeline_select if interactive else "ignore",
        key=TIMELINE_KEY if interactive else None,
        width="stretch",
        height=timeline_height(events),
    )
    st.vega_lite_chart(strip, width="stretch", height=STRIP_HEIGHT)
    if not interactive:
        # A story's timeline is read, not brushed: the explorer is one link away.
        st.caption("Faded spans: only the week, month or year is known. Dashed lines: context events.")
        return
    summary = timeline_summary(events)
    if summary.aggregated:
        st.caption(
            f"**{summary.describe()}:** darker bars, more events. Faded spans: events known only to the month "
            "or year. Drag across the lanes to narrow the map and list to a period; double-click to clear."
        )
        return
    st.caption(
        "Drag across the lanes to narrow the map and list to a period; double-click to clear. "
        "Faded spans: only the week, month or year is known. Dashed lines: context events (point at one for its "
        "name)."
    )


def _on_list_select() -> None:
    rows = _selection(LIST_KEY).get("rows", [])
    frame = st.session_state.get("_list_ids", [])
    if rows and rows[0] < len(frame):
        state.select_event(frame[rows[0]])


@st.cache_data(max_entries=VIEWS_CACHED, show_spinner=False)
def _list_frame(version: str, key: str, _dataset: Dataset, _events: Any) -> Any:
    return event_list_frame(_events.iloc[:LIST_LIMIT], figure_text(_dataset))


def show_list(dataset: Dataset, events: Any, view: ViewState) -> None:
    """A compact list of the events shown (the first LIST_LIMIT); clicking a row selects the event."""
    frame = _list_frame(dataset.version, view_key(view), dataset, events)
    st.session_state["_list_ids"] = list(frame["event_id"])
    st.caption(LIST_HINT)
    st.dataframe(
        frame.drop(columns="event_id"),
        hide_index=True,
        width="stretch",
        height=min(36 * (len(frame) + 1) + 4, 420),
        on_select=_on_list_select,
        selection_mode="single-row",
        key=LIST_KEY,
        column_config={
            "When": st.column_config.TextColumn(width="medium"),
            "Type": st.column_config.TextColumn(width="small"),
            "Title": st.column_config.TextColumn(width="large"),
            "Figures": st.column_config.TextColumn(width="large"),
        },
    )
    if len(events) > LIST_LIMIT:
        st.caption(
            f"Showing the first {format_count(LIST_LIMIT)} of {format_count(len(events))} events, in date order; "
            "the Events page lists and downloads all of them."
        )
    show_snapshot_download(dataset, events, view)


def show_citation(dataset: Dataset, view: ViewState, shown: int) -> None:
    """Permalink and a ready citation: authors, date, the event or the view, data version, publisher, link."""
    permalink = (data.public_url() or "/") + query_string(view)
    event_title = str(dataset.events.at[view.event_id, "title"]) if view.event_id in dataset.events.index else None
    credit = attribution(CONTRACT)
    citation = view_citation(
        credit, CONTRACT, dataset.version, permalink, dt.date.today(), event_title, shown, dataset.event_count
    )
    with st.popover("Cite this view", icon=":material/format_quote:"):
        st.markdown("**Permalink** (opens exactly this view)")
        st.code(permalink, language=None, wrap_lines=True)
        st.markdown("**Citation**")
        st.code(citation, language=None, wrap_lines=True)
        st.caption(
            f"Data licence: {CONTRACT.licence_name}. Cite the sources of each event as well. "
            f"Corrections: {escape_markdown(credit.contact or credit.publisher)}."
        )
