"""The pydeck map: offline borders, events coloured by type and sized by the conservative figure."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk
import pydeck.bindings.deck
from pydeck.bindings.json_tools import default_serialize

from incidents.figures import format_count
from incidents.language import ENGLISH, Language
from incidents.text import clip
from incidents.views.aggregate import (
    MAP_BYTE_BUDGET,
    MAP_EVENT_LIMIT,
    MAX_COUNT_LABELS,
    MapSummary,
    cluster_radius,
    cluster_tooltips,
    map_clusters,
    map_level,
    short_count,
)
from incidents.views.map_borders import border_segments
from incidents.views.map_labels import (
    COUNT_LABEL_SIZE,
    NARROWEST_MAP_WIDTH,
    TOWN_LABEL_SIZE,
    placed_counts,
    placed_town_labels,
    visible_frame,
)
from incidents.views.style import EVENT_TYPE_COLOURS
from incidents.words import EVENT_TYPE_LABELS, date_label

# pydeck asks on every Deck whether Jupyter widgets are installed, by trying a failing import several times
# (milliseconds each, on every rerun). The answer cannot change while the process runs: ask once.
pydeck.bindings.deck.has_jupyter_extra = cache(pydeck.bindings.deck.has_jupyter_extra)

EVENTS_LAYER_ID = "events"
CLUSTERS_LAYER_ID = "clusters"
BORDERS_LAYER_ID = "borders"
SITE_COUNTS_LAYER_ID = "site-counts"
CLUSTER_COUNTS_LAYER_ID = "cluster-counts"
TOWN_LABELS_LAYER_ID = "town-labels"
# The explorer's map height in pixels: place names are kept inside it.
MAP_HEIGHT = 460
# Stands in for the borders while a map is written; the shared, pre-written borders JSON replaces it.
_BORDERS_PLACEHOLDER = "borders-written-once"
# Town names beyond this many would crowd the map and the payload; the towns with most events shown win.
MAX_TOWN_LABELS = 200
# Fewer when circles stand for many events: their count labels need the room.
MAX_TOWN_LABELS_AGGREGATED = 40
# JSON bytes per drawn event besides its tooltip (id, position, size, colours, keys), for the size estimate.
_EVENT_ROW_BYTES = 260
_NEUTRAL_COLOUR = (90, 90, 90)

# How far (in metres) a place known only to this level may really be from its point.
HALO_METRES = {"neighbourhood": 1_500, "town": 6_000, "district": 15_000, "governorate": 40_000, "region": 80_000}
# Spreads several events at one site on a small sunflower spiral so each stays clickable when zoomed in.
_SPIRAL_STEP_METRES = 450.0
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_METRES_PER_DEGREE = 111_320.0

# deck.gl places its tooltip at the pointer, so near the map's right edge it ran off a phone's screen (and under
# the finger). Pinned to the map's upper left (in the opening view, Turkey, where no event lies) it fits and
# wraps. Not the lower left: on a phone the map opens halfway down the screen, its lower edge below the screen.
_TOOLTIP_STYLE = {
    "backgroundColor": "#1f2933",
    "color": "#ffffff",
    "fontSize": "13px",
    "transform": "none",
    "top": "8px",
    "bottom": "auto",
    "left": "8px",
    "maxWidth": "min(320px, calc(100% - 16px))",
    "boxSizing": "border-box",
    "whiteSpace": "pre-line",
    "overflowWrap": "anywhere",
}
DEFAULT_VIEW = {"latitude": 35.9, "longitude": 40.6, "zoom": 5.6}


class CompactDeck(pdk.Deck):
    """A Deck whose JSON (what Streamlit sends to the browser on every rerun) has no indentation.

    pydeck indents by two spaces per level; for the borders and marker arrays that is most of the bytes.
    """

    def to_json(self) -> str:
        """The same JSON as pydeck's, without whitespace; the borders are written once per process, not per map."""
        borders = next((layer for layer in self.layers if getattr(layer, "id", None) == BORDERS_LAYER_ID), None)
        if borders is None:
            return _compact_json(self)
        shape = borders.data
        borders.data = _BORDERS_PLACEHOLDER
        try:
            text = _compact_json(self)
        finally:
            borders.data = shape
        return text.replace(json.dumps(_BORDERS_PLACEHOLDER), _borders_json(), 1)


def _compact_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=default_serialize, separators=(",", ":"))


@cache
def _borders_json() -> str:
    return _compact_json(list(border_segments()))


class PrebuiltDeck(pdk.Deck):
    """A deck already written as JSON, so one map can be served to many readers without writing it again."""

    def __init__(self, text: str, tooltip: Mapping[str, Any] | bool) -> None:
        # Only what st.pydeck_chart reads besides the JSON: pydeck's own __init__ probes for Jupyter widgets
        # with failing imports, several milliseconds per map.
        self.layers: list[pdk.Layer] = []
        self._tooltip = tooltip
        self.width = "100%"
        self.height = 500
        self.mapbox_key = None
        self.deck_widget = None
        self._text = text

    def to_json(self) -> str:
        """The JSON written when the map was built."""
        return self._text


@dataclass(frozen=True)
class MapResult:
    """The deck and how it shows the events (one by one, per site or per grid cell)."""

    deck: pdk.Deck
    summary: MapSummary


def marker_radius(magnitude: pd.Series) -> pd.Series:
    """Pixel radius from the conservative figure: area grows with the count, within readable bounds."""
    radius = 4.0 + 1.6 * np.sqrt(magnitude.clip(lower=0).astype(float).to_numpy())
    return pd.Series(np.minimum(radius, 26.0).round(1), index=magnitude.index)


def halo_metres(events: pd.DataFrame) -> pd.Series:
    """Uncertainty radius per event from the coarser of the place's and the event's precision."""
    from_coordinates = events["coord_precision"].astype(object).map(HALO_METRES)
    from_location = events["location_precision"].astype(object).map(HALO_METRES)
    return pd.concat([from_coordinates, from_location], axis=1).max(axis=1).fillna(0.0)


def spread_positions(events: pd.DataFrame) -> pd.DataFrame:
    """Longitude/latitude per event, nudged apart where several share one site."""
    rank = events.groupby("place_id", sort=False).cumcount().to_numpy(dtype=float)
    distance = _SPIRAL_STEP_METRES * np.sqrt(rank)
    angle = rank * _GOLDEN_ANGLE
    latitude = events["latitude"].to_numpy(dtype=float)
    shift_latitude = distance * np.cos(angle) / _METRES_PER_DEGREE
    shift_longitude = distance * np.sin(angle) / (_METRES_PER_DEGREE * np.cos(np.radians(latitude)))
    return pd.DataFrame(
        {"longitude": events["longitude"].to_numpy() + shift_longitude, "latitude": latitude + shift_latitude},
        index=events.index,
    )


def tooltip_text(events: pd.DataFrame, figure_text: Mapping[str, str], language: Language = ENGLISH) -> pd.Series:
    """Plain-text tooltip per event; shown in text mode, so markup in the data stays inert text."""
    columns = ["event_id", "title", "date_start", "date_end", "date_precision", "event_type", "place_name"]
    rows = []
    for event in events[columns].to_dict("records"):
        kind = str(event["event_type"])
        parts = [
            clip(str(event["title"])),
            date_label(event["date_start"], event["date_end"], str(event["date_precision"]), language),
            f"{language.gettext(EVENT_TYPE_LABELS.get(kind, kind))} · {clip(str(event['place_name']))}",
        ]
        figures = figure_text.get(str(event["event_id"]), "")
        if figures:
            parts.append(figures)
        rows.append("\n".join(parts))
    return pd.Series(rows, index=events.index, dtype=object)


@cache
def _borders_layer() -> pdk.Layer:
    # Outlines only, simplified to the map's scale, as straight one-pixel segments. Each kind of layer costs the
    # browser a shader program, and in a software-rendered browser (no GPU) compiling and running PathLayer's, made
    # for wide lines with joins and caps, took seconds of the first paint; at one pixel joins do not show. Filled
    # GeoJSON polygons cost more still, for a land tint the reader does not need.
    return pdk.Layer(
        "LineLayer",
        id=BORDERS_LAYER_ID,
        data=list(border_segments()),
        get_source_position="s",
        get_target_position="t",
        get_color=[120, 120, 120, 255],
        get_width=1,
        width_units="'pixels'",
        pickable=False,
    )


def _label_layer(
    places: pd.DataFrame,
    events: pd.DataFrame,
    limit: int,
    view: Mapping[str, float],
    height: float,
    drawn: Mapping[str, pd.DataFrame],
) -> pdk.Layer:
    """Town names placed for the opening `view` of a map `height` pixels high, around what is `drawn` there."""
    towns = places[places["kind"].isin(["town", "city"]) & places["latitude"].notna()]
    shown = events["place_id"].value_counts()
    if len(towns) > limit:
        busy = towns["place_id"].map(shown).fillna(0).to_numpy()
        towns = towns.iloc[np.lexsort((towns["name"].to_numpy(), -busy))[:limit]]
    data = towns[["name", "longitude", "latitude"]].rename(columns={"name": "label"})
    counts = [drawn[key] for key in (SITE_COUNTS_LAYER_ID, CLUSTER_COUNTS_LAYER_ID) if key in drawn and len(drawn[key])]
    markers = [drawn[key] for key in (EVENTS_LAYER_ID, CLUSTERS_LAYER_ID) if key in drawn and len(drawn[key])]
    # A name moves aside for the markers, the ×N counts and a busier place's name, and stays inside the narrowest
    # map the page draws; with no room left it is left off.
    data = placed_town_labels(
        data,
        towns["place_id"].map(shown).fillna(0).to_numpy(),
        view["zoom"],
        counts=pd.concat(counts, ignore_index=True) if counts else None,
        markers=pd.concat(markers, ignore_index=True)[["longitude", "latitude", "radius"]] if markers else None,
        frame=visible_frame(view, NARROWEST_MAP_WIDTH, height),
    )
    return pdk.Layer(
        "TextLayer",
        id=TOWN_LABELS_LAYER_ID,
        data=data,
        get_position="[longitude, latitude]",
        get_text="label",
        get_size=TOWN_LABEL_SIZE,
        get_color=[70, 70, 70, 200],
        get_pixel_offset="offset",
        get_text_anchor="anchor",
        font_family="'Helvetica Neue, Arial, sans-serif'",
        pickable=False,
    )


MAX_FIT_ZOOM = 7.5


def fit_view(events: pd.DataFrame) -> dict[str, float]:
    """A view that frames the events, never so close that the region's borders drop out of sight."""
    # Column minima and maxima, not a copy of the located rows: this runs on every rerun over every event.
    latitude = events["latitude"].to_numpy(dtype=float)
    located = ~np.isnan(latitude)
    if not located.any():
        return dict(DEFAULT_VIEW)
    longitude = events["longitude"].to_numpy(dtype=float)[located]
    south, north = float(latitude[located].min()), float(latitude[located].max())
    west, east = float(np.nanmin(longitude)), float(np.nanmax(longitude))
    span = max(north - south, (east - west) * math.cos(math.radians((north + south) / 2)), 0.05)
    zoom = min(MAX_FIT_ZOOM, max(4.5, math.log2(360.0 / span) - 1.6))
    return {"latitude": (north + south) / 2, "longitude": (east + west) / 2, "zoom": round(zoom, 2)}


def map_frame(
    events: pd.DataFrame, figure_text: Mapping[str, str], selected_id: str | None, language: Language = ENGLISH
) -> pd.DataFrame:
    """Only what the browser needs per event: position, size, colour, halo and escaped tooltip."""
    located = events[events["has_location"]]
    positions = spread_positions(located)
    colours = np.array(
        [EVENT_TYPE_COLOURS.get(str(kind), _NEUTRAL_COLOUR) for kind in located["event_type"]], dtype=np.int64
    ).reshape(-1, 3)
    halo = halo_metres(located)
    precise = (halo == 0).to_numpy()
    # A filled dot says "here"; a hollow ring inside a halo says "somewhere around here".
    fill = [
        [*map(int, colour), 230] if is_precise else [255, 255, 255, 150]
        for colour, is_precise in zip(colours, precise, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "event_id": located["event_id"].to_numpy(),
            "longitude": positions["longitude"].round(5).to_numpy(),
            "latitude": positions["latitude"].round(5).to_numpy(),
            "radius": marker_radius(located["magnitude"]).to_numpy(),
            "halo": halo.to_numpy(),
            "fill": fill,
            "outline": [[*map(int, colour), 255] for colour in colours],
            "selected": (located["event_id"] == selected_id).to_numpy(),
            "tooltip": tooltip_text(located, figure_text, language).to_numpy(),
        }
    )
    return frame


def site_counts(frame: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One label per site with more than one event shown, so stacked events are never mistaken for one."""
    located = events["has_location"].to_numpy(dtype=bool)
    # numpy rather than a pandas groupby: this runs for every new view, and the groupby's fixed cost dominated.
    places = events["place_id"].to_numpy(dtype=object)[located].astype(str)
    names, first, count = np.unique(places, return_index=True, return_counts=True)
    shared = count > 1
    # In order of first appearance, as the events are listed.
    order = np.argsort(first[shared], kind="stable")
    rows = np.flatnonzero(located)[first[shared][order]]
    return pd.DataFrame(
        {
            "place_id": names[shared][order],
            "label": [f"×{format_count(int(number))}" for number in count[shared][order]],
            "longitude": events["longitude"].to_numpy(dtype=float)[rows],
            "latitude": events["latitude"].to_numpy(dtype=float)[rows],
        }
    )


def build_deck(
    events: pd.DataFrame,
    places: pd.DataFrame,
    figure_text: Mapping[str, str],
    selected_id: str | None = None,
    street_basemap: bool = False,
    view: Mapping[str, float] | None = None,
    language: Language = ENGLISH,
    height: float = MAP_HEIGHT,
) -> pdk.Deck:
    """The whole map, `height` pixels high; with street_basemap False it makes no request to any third party."""
    return build_map(events, places, figure_text, selected_id, street_basemap, view, language, height).deck


def map_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events the map draws as points: incidents, never context rows or whole episodes."""
    if "record_kind" not in events or events.empty:
        return events
    return events[(events["record_kind"].astype(str) == "incident").to_numpy()]


def build_map(
    events: pd.DataFrame,
    places: pd.DataFrame,
    figure_text: Mapping[str, str],
    selected_id: str | None = None,
    street_basemap: bool = False,
    view: Mapping[str, float] | None = None,
    language: Language = ENGLISH,
    height: float = MAP_HEIGHT,
) -> MapResult:
    """The map, `height` pixels high, and how it shows the events: one by one while few, as sites or cells beyond.

    Only incidents are points: context rows (totals, statements, background) are not events at one place and
    time, and an episode is drawn through its phases, so nothing is drawn twice.
    """
    events = map_events(events)
    located_count = int(events["has_location"].sum()) if len(events) else 0
    frame = None
    if located_count <= MAP_EVENT_LIMIT and _least_bytes(events) <= MAP_BYTE_BUDGET:
        frame = map_frame(events, figure_text, selected_id, language)
        estimated = int(frame["tooltip"].str.len().sum()) + _EVENT_ROW_BYTES * len(frame) if len(frame) else 0
        sites = int(events.loc[events["has_location"], "place_id"].nunique()) if located_count else 0
        if map_level(located_count, sites, estimated) != "events":
            frame = None
    chosen_view = dict(view) if view else fit_view(events)
    if frame is not None:
        layers = _event_layers(frame, events, chosen_view["zoom"])
        summary = MapSummary("events", located_count, len(frame))
        label_limit = MAX_TOWN_LABELS
    else:
        layers, summary = _cluster_layers(events, selected_id, language)
        label_limit = MAX_TOWN_LABELS_AGGREGATED
    base: list[pdk.Layer] = [] if street_basemap else [_borders_layer()]
    # What the names must clear: markers and ×N counts (pydeck keeps a layer's data as records).
    nearby = (EVENTS_LAYER_ID, CLUSTERS_LAYER_ID, SITE_COUNTS_LAYER_ID, CLUSTER_COUNTS_LAYER_ID)
    drawn = {str(layer.id): pd.DataFrame(layer.data) for layer in layers if layer.id in nearby}
    labels = _label_layer(places, events, label_limit, chosen_view, height, drawn)
    options: dict[str, Any] = {
        "layers": [*base, labels, *layers],
        "initial_view_state": pdk.ViewState(**chosen_view, pitch=0, bearing=0),
        # Text mode: deck.gl sets the tooltip as text, never as markup.
        "tooltip": {"text": "{tooltip}", "style": _TOOLTIP_STYLE},
    }
    if street_basemap:
        options.update(map_provider="carto", map_style="light")
    else:
        # map_provider=None alone drops the basemap: no tile or style request leaves the browser.
        options["map_provider"] = None
    return MapResult(CompactDeck(**options), summary)


def _least_bytes(events: pd.DataFrame) -> int:
    """A lower bound of the per-event layers' size, known before any tooltip is written."""
    located = events["has_location"].to_numpy(dtype=bool)
    text = events["title"].str.len().fillna(0).to_numpy() + events["place_name"].str.len().fillna(0).to_numpy()
    return int(text[located].sum()) + _EVENT_ROW_BYTES * int(located.sum())


def _count_layer(layer_id: str, labels: pd.DataFrame, size: int) -> pdk.Layer:
    """Bold "×N" counts at their placed offsets, for sites and for clusters alike."""
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=labels,
        get_position="[longitude, latitude]",
        get_text="label",
        get_size=size,
        get_color=[20, 20, 20, 255],
        get_pixel_offset="offset",
        # The default character set is ASCII, which has no "×": the counts were drawn without it.
        character_set="'auto'",
        font_family="'Helvetica Neue, Arial, sans-serif'",
        font_weight="'bold'",
        pickable=False,
    )


def _selected_layer(selected: pd.DataFrame) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        id="selected",
        data=selected,
        get_position="[longitude, latitude]",
        get_radius="ring",
        radius_units="'pixels'",
        filled=False,
        stroked=True,
        get_line_color=[0, 0, 0, 255],
        line_width_min_pixels=3,
        pickable=False,
    )


def _event_layers(frame: pd.DataFrame, events: pd.DataFrame, zoom: float) -> list[pdk.Layer]:
    """One mark per event, a halo where its place is known only roughly, ×N where events share a site."""
    imprecise = frame[frame["halo"] > 0][["longitude", "latitude", "halo"]]
    selected = frame[frame["selected"]][["longitude", "latitude", "radius"]]
    selected = selected.assign(ring=selected["radius"] + 6)
    # The frame's rows are the located events in order: their sites tell a count its own markers from others'.
    located = events["has_location"].to_numpy(dtype=bool)
    markers = frame[["longitude", "latitude", "radius"]].assign(place_id=events["place_id"].to_numpy()[located])
    return [
        pdk.Layer(
            "ScatterplotLayer",
            id="precision-halos",
            data=imprecise,
            get_position="[longitude, latitude]",
            get_radius="halo",
            radius_units="'meters'",
            # Visible at the regional zoom too, where a town-sized halo is smaller than its marker.
            radius_min_pixels=12,
            # Light enough that a region-wide halo never hides the sites inside it.
            get_fill_color=[120, 120, 120, 22],
            get_line_color=[90, 90, 90, 110],
            stroked=True,
            filled=True,
            line_width_min_pixels=1,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id=EVENTS_LAYER_ID,
            data=frame[["event_id", "longitude", "latitude", "radius", "fill", "outline", "tooltip"]],
            get_position="[longitude, latitude]",
            get_radius="radius",
            # pydeck reads bare strings as data accessors; quotes make a literal.
            radius_units="'pixels'",
            get_fill_color="fill",
            get_line_color="outline",
            stroked=True,
            filled=True,
            line_width_min_pixels=2,
            pickable=True,
            auto_highlight=True,
        ),
        _count_layer(SITE_COUNTS_LAYER_ID, placed_counts(site_counts(frame, events), zoom, markers), COUNT_LABEL_SIZE),
        _selected_layer(selected),
    ]


def cluster_frame(clusters: pd.DataFrame, summary: MapSummary, language: Language = ENGLISH) -> pd.DataFrame:
    """Only what the browser needs per cluster: position, size, colour of its commonest type, tooltip."""
    colours = np.array(
        [EVENT_TYPE_COLOURS.get(str(kind), _NEUTRAL_COLOUR) for kind in clusters["dominant_type"]], dtype=np.int64
    ).reshape(-1, 3)
    return pd.DataFrame(
        {
            "place_id": clusters["place_id"].to_numpy(),
            "longitude": clusters["longitude"].to_numpy(dtype=float).round(4),
            "latitude": clusters["latitude"].to_numpy(dtype=float).round(4),
            "radius": cluster_radius(clusters["count"]),
            "count": clusters["count"].to_numpy(dtype=np.int64),
            # The same fill as a single event's dot, so the type colours read the same at every size.
            "fill": [[*map(int, colour), 230] for colour in colours],
            "tooltip": cluster_tooltips(clusters, summary.level, language),
        }
    )


def _cluster_layers(
    events: pd.DataFrame, selected_id: str | None, language: Language = ENGLISH
) -> tuple[list[pdk.Layer], MapSummary]:
    """Sites (or grid cells) as circles sized by their number of events, the largest labelled with it."""
    clusters, summary = map_clusters(events, language)
    frame = cluster_frame(clusters, summary, language)
    labels = frame.nlargest(MAX_COUNT_LABELS, "count")[["longitude", "latitude", "count", "radius"]]
    labels = pd.DataFrame(
        {
            "longitude": labels["longitude"].to_numpy(),
            "latitude": labels["latitude"].to_numpy(),
            "label": [short_count(int(count), language) for count in labels["count"]],
            "offset": [[0, -float(radius) - 8] for radius in labels["radius"]],
        }
    )
    # A column comparison, not `in events.index`: a filtered frame's index would build a hash table every rerun.
    rows = np.flatnonzero((events["event_id"] == selected_id).to_numpy() & events["has_location"].to_numpy())
    selected = pd.DataFrame(
        {
            "longitude": events["longitude"].to_numpy(dtype=float)[rows[:1]],
            "latitude": events["latitude"].to_numpy(dtype=float)[rows[:1]],
            "ring": np.full(len(rows[:1]), 30),
        }
    )
    layers = [
        pdk.Layer(
            "ScatterplotLayer",
            id=CLUSTERS_LAYER_ID,
            data=frame[["place_id", "longitude", "latitude", "radius", "fill", "tooltip"]],
            get_position="[longitude, latitude]",
            get_radius="radius",
            radius_units="'pixels'",
            get_fill_color="fill",
            # A white rim tells a cluster from a single event, whose rim is its type colour.
            get_line_color=[255, 255, 255, 230],
            stroked=True,
            filled=True,
            line_width_min_pixels=1.5,
            pickable=True,
            auto_highlight=True,
        ),
        _count_layer(CLUSTER_COUNTS_LAYER_ID, labels, 11),
        _selected_layer(selected),
    ]
    return layers, summary
