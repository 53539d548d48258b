"""The pydeck map: offline borders, events coloured by type and sized by the conservative figure."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pydeck as pdk

from incidents.borders import load_borders
from incidents.figures import format_count
from incidents.presentation import EVENT_TYPE_COLOURS, EVENT_TYPE_LABELS, date_label

EVENTS_LAYER_ID = "events"
_NEUTRAL_COLOUR = (90, 90, 90)

# How far (in metres) a place known only to this level may really be from its point.
HALO_METRES = {"neighbourhood": 1_500, "town": 6_000, "district": 15_000, "governorate": 40_000, "region": 80_000}
# Spreads several events at one site on a small sunflower spiral so each stays clickable when zoomed in.
_SPIRAL_STEP_METRES = 450.0
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_METRES_PER_DEGREE = 111_320.0

_TOOLTIP_STYLE = {
    "backgroundColor": "#1f2933",
    "color": "#ffffff",
    "fontSize": "13px",
    "maxWidth": "320px",
    "whiteSpace": "pre-line",
}
DEFAULT_VIEW = {"latitude": 35.9, "longitude": 40.6, "zoom": 5.6}


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


def tooltip_text(events: pd.DataFrame, figure_text: Mapping[str, str]) -> pd.Series:
    """Plain-text tooltip per event; shown in text mode, so markup in the data stays inert text."""
    columns = ["event_id", "title", "date_start", "date_end", "date_precision", "event_type", "place_name"]
    rows = []
    for event in events[columns].to_dict("records"):
        kind = str(event["event_type"])
        parts = [
            str(event["title"]),
            date_label(event["date_start"], event["date_end"], str(event["date_precision"])),
            f"{EVENT_TYPE_LABELS.get(kind, kind)} · {event['place_name']}",
        ]
        figures = figure_text.get(str(event["event_id"]), "")
        if figures:
            parts.append(figures)
        rows.append("\n".join(parts))
    return pd.Series(rows, index=events.index, dtype=object)


@cache
def _borders_layer() -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        id="borders",
        data=load_borders(),
        stroked=True,
        filled=True,
        get_fill_color=[244, 241, 234, 255],
        get_line_color=[120, 120, 120, 255],
        line_width_min_pixels=1,
        pickable=False,
    )


def _label_layer(places: pd.DataFrame) -> pdk.Layer:
    towns = places[places["kind"].isin(["town", "city"]) & places["latitude"].notna()]
    data = towns[["name", "longitude", "latitude"]].rename(columns={"name": "label"})
    return pdk.Layer(
        "TextLayer",
        id="town-labels",
        data=data,
        get_position="[longitude, latitude]",
        get_text="label",
        get_size=12,
        get_color=[70, 70, 70, 200],
        get_pixel_offset=[0, -12],
        font_family="'Helvetica Neue, Arial, sans-serif'",
        pickable=False,
    )


MAX_FIT_ZOOM = 7.5


def fit_view(events: pd.DataFrame) -> dict[str, float]:
    """A view that frames the events, never so close that the region's borders drop out of sight."""
    located = events[events["latitude"].notna()]
    if located.empty:
        return dict(DEFAULT_VIEW)
    south, north = float(located["latitude"].min()), float(located["latitude"].max())
    west, east = float(located["longitude"].min()), float(located["longitude"].max())
    span = max(north - south, (east - west) * math.cos(math.radians((north + south) / 2)), 0.05)
    zoom = min(MAX_FIT_ZOOM, max(4.5, math.log2(360.0 / span) - 1.6))
    return {"latitude": (north + south) / 2, "longitude": (east + west) / 2, "zoom": round(zoom, 2)}


def map_frame(events: pd.DataFrame, figure_text: Mapping[str, str], selected_id: str | None) -> pd.DataFrame:
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
            "tooltip": tooltip_text(located, figure_text).to_numpy(),
        }
    )
    return frame


def site_counts(frame: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One label per site with more than one event shown, so stacked events are never mistaken for one."""
    located = events[events["has_location"]]
    counts = located.groupby("place_id", sort=False).agg(
        count=("event_id", "size"), longitude=("longitude", "first"), latitude=("latitude", "first")
    )
    counts = counts[counts["count"] > 1].reset_index()
    counts["label"] = counts["count"].map(lambda count: f"×{format_count(count)}")
    return counts[["place_id", "label", "longitude", "latitude"]]


def build_deck(
    events: pd.DataFrame,
    places: pd.DataFrame,
    figure_text: Mapping[str, str],
    selected_id: str | None = None,
    street_basemap: bool = False,
    view: Mapping[str, float] | None = None,
) -> pdk.Deck:
    """The whole map; with street_basemap False it makes no request to any third party."""
    frame = map_frame(events, figure_text, selected_id)
    imprecise = frame[frame["halo"] > 0][["longitude", "latitude", "halo"]]
    selected = frame[frame["selected"]][["longitude", "latitude", "radius"]]
    selected = selected.assign(ring=selected["radius"] + 6)
    layers: list[pdk.Layer] = [] if street_basemap else [_borders_layer()]
    layers += [
        _label_layer(places),
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
        pdk.Layer(
            "TextLayer",
            id="site-counts",
            data=site_counts(frame, events),
            get_position="[longitude, latitude]",
            get_text="label",
            get_size=13,
            get_color=[20, 20, 20, 255],
            get_pixel_offset=[16, 12],
            font_family="'Helvetica Neue, Arial, sans-serif'",
            font_weight="'bold'",
            pickable=False,
        ),
        pdk.Layer(
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
        ),
    ]
    chosen_view = dict(view) if view else fit_view(events)
    options: dict[str, Any] = {
        "layers": layers,
        "initial_view_state": pdk.ViewState(**chosen_view, pitch=0, bearing=0),
        # Text mode: deck.gl sets the tooltip as text, never as markup.
        "tooltip": {"text": "{tooltip}", "style": _TOOLTIP_STYLE},
    }
    if street_basemap:
        options.update(map_provider="carto", map_style="light")
    else:
        # map_provider=None alone drops the basemap: no tile or style request leaves the browser.
        options["map_provider"] = None
    return pdk.Deck(**options)
