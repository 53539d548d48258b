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
from incidents.language import N_, Language
from incidents.text import escape_markdown
from incidents.view_state import ViewState, query_string
from incidents.views.aggregate import MapSummary
from incidents.views.map_spec import (
    CLUSTERS_LAYER_ID,
    EVENTS_LAYER_ID,
    MAP_HEIGHT,
    PrebuiltDeck,
    build_map,
    fit_view,
)
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
from ui.components.map_touch import ready_map_picking
from ui.components.snapshot_download import show_snapshot_download

MAP_KEY = "map_selection"
TIMELINE_KEY = "timeline_selection"
LIST_KEY = "list_selection"
# How to open a card from the list, for mouse and keyboard alike.
LIST_HINT = N_(
    "Tick a row's box to open the event's card. With the keyboard: Tab into the list, "
    "pick the row with the arrow keys and press Shift+Space."
)
LEGEND_HEIGHT = 52
# Rows the list under the map shows; the Events page has (and downloads) every one.
LIST_LIMIT = 500
# Views whose map, timeline and list stay built: a shared link is drawn once per process, not once per reader.
VIEWS_CACHED = 128


@st.cache_resource(max_entries=8)
def _figure_text(version: str, code: str, _dataset: Dataset, _reader: Language) -> FigureText:
    return FigureText(_dataset.figures, language=_reader)


def figure_text(dataset: Dataset, reader: Language) -> Mapping[str, str]:
    """One-line figure summaries per event and language, made once per data version and written only when shown."""
    return _figure_text(dataset.version, reader.code, dataset, reader)


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
    version: str,
    key: str,
    code: str,
    height: int,
    _dataset: Dataset,
    _events: Any,
    _view: ViewState,
    _framed: Any,
    _reader: Language,
) -> tuple[str, dict[str, Any], MapSummary]:
    drawn = build_map(
        _events,
        _dataset.places,
        figure_text(_dataset, _reader),
        selected_id=_view.event_id,
        street_basemap=_view.street_basemap,
        view=fit_view(_framed),
        language=_reader,
        height=height,
    )
    return drawn.deck.to_json(), dict(drawn.deck._tooltip), drawn.summary


def show_map(
    dataset: Dataset,
    events: Any,
    view: ViewState,
    framed: Any,
    reader: Language,
    height: int = MAP_HEIGHT,
    interactive: bool = True,
) -> MapSummary:
    """The map of the events in view, framed on `framed` so brushing does not jump the map around."""
    # The height is part of the key: place names are kept inside the map, so a shorter map places them anew.
    text, tooltip, summary = _map_json(
        dataset.version, view_key(view), reader.code, height, dataset, events, view, framed, reader
    )
    st.pydeck_chart(
        PrebuiltDeck(text, tooltip),
        on_select=_on_map_select if interactive else "ignore",
        selection_mode="single-object",
        key=MAP_KEY if interactive else None,
        height=height,
        alt=reader.gettext("Map of the events shown; each event is also listed in the table below."),
    )
    return summary


def show_map_key(events: Any, view: ViewState, summary: MapSummary, reader: Language) -> None:
    """The legend and how to read the map, below the map and the card (on a phone, the card follows the map)."""
    _ = reader.gettext
    st.vega_lite_chart(legend_spec(reader), width="stretch", height=LEGEND_HEIGHT)
    unlocated = int((~events["has_location"]).sum()) if len(events) else 0
    note = _(
        "Filled dots: exact site. Hollow rings in a grey halo: known only to the town or region. "
        "Size grows with the lowest claimed figure; ×N counts events at one site. Context rows (totals, "
        "statements, background) are not points, and a multi-day episode is drawn through its phases."
    )
    if summary.aggregated:
        # Too many events to draw one by one: say so, and how to get back to single events.
        how = _("Circles grow with the number of events and take the colour of the most common type")
        if summary.level == "sites":
            how += _("; click a site to show only its events")
        note = f"**{summary.describe(reader)}.** " + _("{how}. Narrow the filters to see single events.").format(
            how=how
        )
    if unlocated:
        note += " " + _("{count} event(s) without coordinates are not on the map but are in the list.").format(
            count=format_count(unlocated, reader)
        )
    if not view.street_basemap:
        note += " " + _("Borders: Natural Earth.")
    st.caption(note)
    ready_map_picking()


@st.cache_data(max_entries=VIEWS_CACHED, show_spinner=False)
def _timeline_specs(
    version: str,
    key: str,
    code: str,
    _events: Any,
    _view: ViewState,
    domain: tuple[dt.date, dt.date],
    _reader: Language,
) -> tuple[dict[str, Any], dict[str, Any]]:
    lanes = build_timeline(_events, selected_id=_view.event_id, brush=_view.brush, domain=domain, language=_reader)
    return lanes, build_month_strip(_events, domain, _reader)


def show_timeline(
    dataset: Dataset,
    events: Any,
    view: ViewState,
    domain: tuple[dt.date, dt.date],
    reader: Language,
    interactive: bool = True,
) -> None:
    """Lanes per type with a brush; the selected event is outlined, the others stay visible."""
    _ = reader.gettext
    lanes, strip = _timeline_specs(dataset.version, view_key(view), reader.code, events, view, domain, reader)
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
        st.caption(_("Faded spans: only the week, month or year is known. Dashed lines: context events."))
        return
    summary = timeline_summary(events)
    if summary.aggregated:
        st.caption(
            f"**{summary.describe(reader)}:** "
            + _(
                "darker bars, more events. Faded spans: events known only to the month "
                "or year. Drag across the lanes to narrow the map and list to a period; double-click to clear."
            )
        )
        return
    st.caption(
        _(
            "Drag across the lanes to narrow the map and list to a period; double-click to clear. "
            "Faded spans: only the week, month or year is known. Dashed lines: context events (point at one for "
            "its name)."
        )
    )


def _on_list_select() -> None:
    rows = _selection(LIST_KEY).get("rows", [])
    frame = st.session_state.get("_list_ids", [])
    if rows and rows[0] < len(frame):
        state.select_event(frame[rows[0]])


@st.cache_data(max_entries=VIEWS_CACHED, show_spinner=False)
def _list_frame(version: str, key: str, code: str, _dataset: Dataset, _events: Any, _reader: Language) -> Any:
    return event_list_frame(_events.iloc[:LIST_LIMIT], figure_text(_dataset, _reader), _reader)


def show_list(dataset: Dataset, events: Any, view: ViewState, reader: Language) -> None:
    """A compact list of the events shown (the first LIST_LIMIT); clicking a row selects the event."""
    _ = reader.gettext
    frame = _list_frame(dataset.version, view_key(view), reader.code, dataset, events, reader)
    st.session_state["_list_ids"] = list(frame["event_id"])
    st.caption(_(LIST_HINT))
    st.dataframe(
        frame.drop(columns="event_id"),
        hide_index=True,
        width="stretch",
        height=min(36 * (len(frame) + 1) + 4, 420),
        on_select=_on_list_select,
        selection_mode="single-row",
        key=LIST_KEY,
        column_config={
            "When": st.column_config.TextColumn(_("When"), width="medium"),
            "Type": st.column_config.TextColumn(_("Type"), width="small"),
            "Title": st.column_config.TextColumn(_("Title"), width="large"),
            "Site": st.column_config.TextColumn(_("Site")),
            "Figures": st.column_config.TextColumn(_("Figures"), width="large"),
            "Confidence": st.column_config.TextColumn(_("Confidence")),
        },
    )
    if len(events) > LIST_LIMIT:
        st.caption(
            _(
                "Showing the first {shown} of {total} events, in date order; "
                "the Events page lists and downloads all of them."
            ).format(shown=format_count(LIST_LIMIT, reader), total=format_count(len(events), reader))
        )
    show_snapshot_download(dataset, events, view, reader)


def show_citation(dataset: Dataset, view: ViewState, shown: int, reader: Language) -> None:
    """Permalink and a ready citation: authors, date, the event or the view, data version, publisher, link."""
    _ = reader.gettext
    permalink = (data.public_url() or "/") + query_string(view)
    event_title = str(dataset.events.at[view.event_id, "title"]) if view.event_id in dataset.events.index else None
    credit = attribution(CONTRACT)
    citation = view_citation(
        credit,
        CONTRACT,
        dataset.version,
        permalink,
        dt.date.today(),
        event_title,
        shown,
        dataset.event_count,
        reader,
    )
    with st.popover(_("Cite this view"), icon=":material/format_quote:"):
        st.markdown(_("**Permalink** (opens exactly this view)"))
        st.code(permalink, language=None, wrap_lines=True)
        st.markdown(_("**Citation**"))
        st.code(citation, language=None, wrap_lines=True)
        st.caption(
            _("Data licence: {licence}. Cite the sources of each event as well. Corrections: {contact}.").format(
                licence=CONTRACT.licence_name, contact=escape_markdown(credit.contact or credit.publisher)
            )
        )
