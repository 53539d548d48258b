"""The explorer's views: map, timeline, list and citation, linked through ui.state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import streamlit as st

from incidents.aggregate import MapSummary
from incidents.citation import attribution, view_citation
from incidents.figures import format_count
from incidents.filters import overlaps
from incidents.load import Dataset
from incidents.map_spec import CLUSTERS_LAYER_ID, EVENTS_LAYER_ID, build_map, fit_view
from incidents.presentation import FigureText, event_list_frame
from incidents.schema import CONTRACT
from incidents.text import escape_markdown
from incidents.timeline_spec import (
    STRIP_HEIGHT,
    brushed_range,
    build_month_strip,
    build_timeline,
    legend_chart,
    picked_event,
    timeline_height,
    timeline_summary,
)
from incidents.url_state import ViewState, query_string
from ui import data, state

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


def in_brush(events: Any, brush: tuple[dt.date, dt.date] | None) -> Any:
    """Events overlapping the brushed range (all of them when nothing is brushed)."""
    if brush is None:
        return events
    return events[overlaps(events, brush[0], brush[1])]


def show_map(dataset: Dataset, events: Any, view: ViewState, framed: Any) -> MapSummary:
    """The map of the events in view, framed on `framed` so brushing does not jump the map around."""
    drawn = build_map(
        events,
        dataset.places,
        figure_text(dataset),
        selected_id=view.event_id,
        street_basemap=view.street_basemap,
        view=fit_view(framed),
    )
    st.pydeck_chart(
        drawn.deck,
        on_select=_on_map_select,
        selection_mode="single-object",
        key=MAP_KEY,
        height=MAP_HEIGHT,
        alt="Map of the events shown; each event is also listed in the table below.",
    )
    return drawn.summary


def show_map_key(events: Any, view: ViewState, summary: MapSummary) -> None:
    """The legend and how to read the map, below the map and the card (on a phone, the card follows the map)."""
    st.altair_chart(legend_chart(), width="stretch", height=LEGEND_HEIGHT)
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


def show_timeline(events: Any, view: ViewState, domain: tuple[dt.date, dt.date]) -> None:
    """Lanes per type with a brush; the selected event is outlined, the others stay visible."""
    chart = build_timeline(events, selected_id=view.event_id, brush=view.brush, domain=domain)
    st.altair_chart(
        chart, on_select=_on_timeline_select, key=TIMELINE_KEY, width="stretch", height=timeline_height(events)
    )
    st.altair_chart(build_month_strip(events, domain), width="stretch", height=STRIP_HEIGHT)
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


def show_list(dataset: Dataset, events: Any) -> None:
    """A compact list of the events shown (the first LIST_LIMIT); clicking a row selects the event."""
    frame = event_list_frame(events.iloc[:LIST_LIMIT], figure_text(dataset))
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
