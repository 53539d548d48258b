"""The Vega-Lite timeline: a lane per event type, honest spans for imprecise dates, a brush and a monthly strip."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from incidents.language import ENGLISH, Language
from incidents.text import clip
from incidents.views.aggregate import Period, TimelineSummary, timeline_counts, timeline_level
from incidents.views.style import hex_colour
from incidents.views.vega_locale import with_locale
from incidents.words import EVENT_TYPE_LABELS, date_label

BRUSH = "brush"
PICK = "pick"
LANES_VIEW = "lanes"
DATASET_PREFIX = "timeline"
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
IMPRECISE_PRECISIONS = ("week", "month", "year")
# A one-day event still needs a few pixels to be seen and clicked: this share of the visible span.
_MIN_MARK_SHARE = 1 / 250


def _kinds(events: pd.DataFrame) -> pd.Series:
    """Each event's record kind ('incident' where a frame has none)."""
    if "record_kind" not in events:
        return pd.Series("incident", index=events.index)
    return events["record_kind"].astype(str)


def type_labels(language: Language) -> dict[str, str]:
    """Each event type's label in the reader's language, in the descriptor's order."""
    return {key: language.gettext(label) for key, label in EVENT_TYPE_LABELS.items()}


def timeline_frame(events: pd.DataFrame, selected_id: str | None, language: Language = ENGLISH) -> pd.DataFrame:
    """One row per event: lane, start, end (exclusive) and how it should look."""
    if events.empty:
        columns = ["event_id", "title", "lane", "start", "end", "when", "imprecise", "selected", "context", "episode"]
        return pd.DataFrame(columns=columns)
    start = events["date_start"]
    end = events["date_end"] + pd.Timedelta(days=1)
    span_days = max((end.max() - start.min()).days, 365)
    minimum = pd.Timedelta(days=max(1.0, span_days * _MIN_MARK_SHARE))
    end = end.where(end - start >= minimum, start + minimum)
    precision = events["date_precision"].astype(str)
    return pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "title": [clip(str(title)) for title in events["title"]],
            "lane": events["event_type"].astype(str).map(type_labels(language)).to_numpy(),
            "event_type": events["event_type"].astype(str).to_numpy(),
            "start": start.to_numpy(),
            "end": end.to_numpy(),
            "when": [
                date_label(first, last, kind, language)
                for first, last, kind in zip(events["date_start"], events["date_end"], precision, strict=True)
            ],
            "imprecise": precision.isin(IMPRECISE_PRECISIONS).to_numpy(),
            "selected": (events["event_id"] == selected_id).to_numpy(),
            "context": (events["event_type"].astype(str) == "context").to_numpy(),
            # An episode is a faded band behind its phases, which carry the detail.
            "episode": (_kinds(events) == "episode").to_numpy(),
        }
    )


def monthly_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Incidents per month of their start date, with empty months kept as zero (context rows are not counted)."""
    events = events[(_kinds(events) == "incident").to_numpy()]
    if events.empty:
        return pd.DataFrame({"month": pd.Series([], dtype=str), "events": pd.Series([], dtype=int)})
    months = events["date_start"].dt.to_period("M")
    counts = months.value_counts().sort_index()
    full = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
    counts = counts.reindex(full, fill_value=0)
    # ISO day strings: Vega parses them the same way in every browser time zone.
    return pd.DataFrame({"month": [f"{period}-01" for period in full], "events": counts.to_numpy()})


def _brush_parameter(brush: tuple[dt.date, dt.date] | None) -> dict[str, Any]:
    parameter: dict[str, Any] = {
        "name": BRUSH,
        "select": {"type": "interval", "encodings": ["x"]},
        "views": [LANES_VIEW],
    }
    if brush is not None:
        parameter["value"] = {"x": [{"year": day.year, "month": day.month, "date": day.day} for day in brush]}
    return parameter


def _dataset_name(frame: pd.DataFrame) -> str:
    """A name that changes with the rows, so the browser redraws new data instead of keeping the old rows."""
    if frame.empty:
        return f"{DATASET_PREFIX}-empty-{'-'.join(map(str, frame.columns))}"
    digest = hashlib.blake2b(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes(), digest_size=8)
    return f"{DATASET_PREFIX}-{digest.hexdigest()}"


SHORT_DOMAIN_DAYS = 92
MEDIUM_DOMAIN_DAYS = 2 * 366


def _x_scale(domain: tuple[dt.date, dt.date] | None) -> dict[str, Any]:
    return {"scale": {"domain": [day.isoformat() for day in domain]}} if domain else {}


def _x_axis(domain: tuple[dt.date, dt.date] | None) -> dict[str, Any]:
    # A few months (a story's step) are labelled by day, a year or two by month: with the default ticks of such a
    # range, labels by month would repeat ("Jan 2022, Jan 2022") or collide.
    days = (domain[1] - domain[0]).days if domain else None
    axis: dict[str, Any] = {"format": "%b %Y", "labelOverlap": True}
    if days is not None and days <= SHORT_DOMAIN_DAYS:
        axis["format"] = "%-d %b %Y"
    elif days is not None and days <= MEDIUM_DOMAIN_DAYS:
        axis["tickCount"] = "month"
    return {"field": "start", "type": "temporal", "title": None, "axis": axis, **_x_scale(domain)}


def _lane_axis(lanes: list[str]) -> dict[str, Any]:
    axis = {"labelLimit": 110, "minExtent": 110, "maxExtent": 110}
    return {"field": "lane", "type": "nominal", "title": None, "sort": lanes, "axis": axis}


def _colour(language: Language) -> dict[str, Any]:
    labels = type_labels(language)
    scale = {"domain": list(labels.values()), "range": [hex_colour(key) for key in labels]}
    return {"field": "lane", "type": "nominal", "scale": scale, "legend": None}


def _spec(
    frame: pd.DataFrame, layers: list[dict[str, Any]], params: list[dict[str, Any]], language: Language
) -> dict[str, Any]:
    """A layered Vega-Lite spec over one named dataset (Streamlit sends the frame as Arrow)."""
    name = _dataset_name(frame)
    return with_locale(
        {
            "$schema": VEGA_LITE_SCHEMA,
            "data": {"name": name},
            "datasets": {name: frame},
            "layer": layers,
            "params": params,
        },
        language,
    )


def build_timeline(
    events: pd.DataFrame,
    selected_id: str | None = None,
    brush: tuple[dt.date, dt.date] | None = None,
    domain: tuple[dt.date, dt.date] | None = None,
    language: Language = ENGLISH,
) -> dict[str, Any]:
    """Lanes of events over time: brush a range, click an event (a Vega-Lite spec).

    Beyond a few thousand events the lanes show counts per week or month instead (see timeline_summary);
    brushing works the same, picking single events does not. Written as a plain dict: building it through
    Altair validated every encoding against the JSON schema on each rerun, most of a rerun's time.
    """
    summary = timeline_summary(events)
    if summary.period is not None:
        return _counts_timeline(events, summary.period, brush, domain, language)
    _ = language.gettext
    frame = timeline_frame(events, selected_id, language)
    lanes = [label for key, label in type_labels(language).items() if key in set(frame.get("event_type", []))]
    # Rules mark context events that happened at a moment; spans of series stay in the Context lane.
    moment = (frame["context"] & ~frame["imprecise"]).to_numpy(dtype=bool) if len(frame) else np.zeros(0, bool)
    frame = frame.assign(moment=moment)
    tooltip = [
        {"field": "title", "type": "nominal", "title": _("Event")},
        {"field": "when", "type": "nominal", "title": _("When")},
        {"field": "lane", "type": "nominal", "title": _("Type")},
    ]
    marks = {
        "name": LANES_VIEW,
        "mark": {"type": "bar", "cornerRadius": 2, "height": {"band": 0.7}},
        "encoding": {
            "x": _x_axis(domain),
            "x2": {"field": "end"},
            "y": _lane_axis(lanes),
            "color": _colour(language),
            # Faded spans cover the whole period a week/month/year-precision event may fall in, and an episode
            # is a faded band behind its phases.
            "opacity": {"condition": {"test": "datum.imprecise || datum.episode", "value": 0.3}, "value": 0.95},
            "stroke": {"condition": {"test": "datum.selected", "value": "#000000"}, "value": None},
            "strokeWidth": {"condition": {"test": "datum.selected", "value": 2.5}, "value": 0},
            "tooltip": tooltip,
        },
    }
    # Context moments are named in their tooltips and the list: labels printed beside the rules ran into
    # each other and into the lanes wherever two moments are close.
    rules = {
        "transform": [{"filter": "datum.moment"}],
        "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#777777", "opacity": 0.6},
        "encoding": {"x": {"field": "start", "type": "temporal", **_x_scale(domain)}, "tooltip": tooltip},
    }
    pick = {
        "name": PICK,
        "select": {"type": "point", "fields": ["event_id"], "on": "click", "clear": "dblclick"},
        "views": [LANES_VIEW],
    }
    return _spec(frame, [marks, rules], [_brush_parameter(brush), pick], language)


def timeline_summary(events: pd.DataFrame) -> TimelineSummary:
    """Whether the lanes show every event or counts per week or month, and for how many events."""
    return timeline_level(events)


def _counts_timeline(
    events: pd.DataFrame,
    period: Period,
    brush: tuple[dt.date, dt.date] | None,
    domain: tuple[dt.date, dt.date] | None,
    language: Language,
) -> dict[str, Any]:
    """Lanes of counts: a bar per week or month, darker with more events; faded spans for year- or month-only dates."""
    _ = language.gettext
    counts = timeline_counts(events, period, language)
    counts["lane"] = counts["lane"].map(lambda label: _(str(label)))
    lanes = [label for label in type_labels(language).values() if label in set(counts["lane"])]
    tooltip = [
        {"field": "lane", "type": "nominal", "title": _("Type")},
        {"field": "period", "type": "nominal", "title": _("When")},
        {"field": "events", "type": "quantitative", "title": _("Events"), "format": ","},
    ]
    bins = {
        "name": LANES_VIEW,
        "transform": [{"filter": "!datum.imprecise"}],
        "mark": {"type": "bar", "height": {"band": 0.7}},
        "encoding": {
            "x": _x_axis(domain),
            "x2": {"field": "end"},
            "y": _lane_axis(lanes),
            "color": _colour(language),
            "opacity": {
                "field": "events",
                "type": "quantitative",
                "scale": {"type": "sqrt", "range": [0.3, 1.0]},
                "legend": None,
            },
            "tooltip": tooltip,
        },
    }
    # Behind the bars: events known only to a month or year, faded over the whole period, never a made-up day.
    spans = {
        "transform": [{"filter": "datum.imprecise"}],
        "mark": {"type": "bar", "height": {"band": 0.3}, "opacity": 0.25},
        "encoding": {
            "x": {"field": "start", "type": "temporal", **_x_scale(domain)},
            "x2": {"field": "end"},
            "y": _lane_axis(lanes),
            "color": _colour(language),
            "tooltip": tooltip,
        },
    }
    return _spec(counts, [bins, spans], [_brush_parameter(brush)], language)


def timeline_height(events: pd.DataFrame) -> int:
    """Pixel height for the lanes chart (axes included): one lane per event type present."""
    lanes = events["event_type"].nunique() if len(events) else 1
    return 40 * max(int(lanes), 1) + 90


STRIP_HEIGHT = 110


def build_month_strip(
    events: pd.DataFrame, domain: tuple[dt.date, dt.date] | None = None, language: Language = ENGLISH
) -> dict[str, Any]:
    """Events started per month, aligned with the lanes above it (a Vega-Lite spec)."""
    _ = language.gettext
    counts = monthly_counts(events)
    name = _dataset_name(counts)
    spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "data": {"name": name},
        "datasets": {name: counts},
        "mark": {"type": "bar", "color": "#8a8f98"},
        "encoding": {
            "x": {
                "field": "month",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%Y", "tickCount": "year"},
                **_x_scale(domain),
            },
            "y": {
                "field": "events",
                "type": "quantitative",
                "title": _("per month"),
                "axis": {"tickCount": 2, "format": "d", "tickMinStep": 1, "minExtent": 110 - 16, "maxExtent": 110 - 16},
            },
            "tooltip": [
                {"field": "month", "type": "temporal", "format": "%b %Y", "title": _("Month")},
                {"field": "events", "type": "quantitative", "title": _("Incidents")},
            ],
        },
    }
    return with_locale(spec, language)


def brushed_range(selection: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The brushed days from Streamlit's selection state, or None when nothing is brushed."""
    interval = selection.get(BRUSH) or {}
    values = interval.get("start") if isinstance(interval, Mapping) else None
    if not isinstance(values, list | tuple) or len(values) != 2:
        return None
    try:
        start, end = (
            pd.Timestamp(value, unit="ms") if isinstance(value, int | float) else pd.Timestamp(value)
            for value in values
        )
    except (TypeError, ValueError):
        return None
    first, last = sorted((start.date(), end.date()))
    return first, last


def picked_event(selection: Mapping[str, Any]) -> str | None:
    """The clicked event id from Streamlit's selection state."""
    points = selection.get(PICK)
    if isinstance(points, list) and points and isinstance(points[0], Mapping):
        value = points[0].get("event_id")
        return str(value) if value is not None else None
    return None


LEGEND_COLUMNS = 3


def legend_spec(language: Language = ENGLISH) -> dict[str, Any]:
    """The event types in a grid of three columns: colour plus the type's name, so colour is never the only cue.

    Three columns fit the longest name beside its dot even on a phone, where six in a row print over
    each other.
    """
    labels = list(type_labels(language).values())
    frame = pd.DataFrame(
        {
            "label": labels,
            "column": [position % LEGEND_COLUMNS for position in range(len(labels))],
            "row": [position // LEGEND_COLUMNS for position in range(len(labels))],
        }
    )
    colour = {
        "field": "label",
        "type": "nominal",
        "scale": {"domain": labels, "range": [hex_colour(key) for key in EVENT_TYPE_LABELS]},
        "legend": None,
    }
    x = {
        "field": "column",
        "type": "ordinal",
        "axis": None,
        "scale": {"paddingInner": 0, "paddingOuter": 0, "align": 0},
    }
    y = {"field": "row", "type": "ordinal", "axis": None}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "data": {"name": "legend"},
        "datasets": {"legend": frame},
        "layer": [
            {
                "mark": {"type": "circle", "size": 90, "opacity": 1, "xOffset": 6},
                "encoding": {"x": x, "y": y, "color": colour},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 14, "fontSize": 11},
                "encoding": {"x": x, "y": y, "text": {"field": "label", "type": "nominal"}},
            },
        ],
    }
