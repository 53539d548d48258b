"""The Altair timeline: a lane per event type, honest spans for imprecise dates, a brush and a monthly strip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from incidents.aggregate import Period, TimelineSummary, timeline_counts, timeline_level
from incidents.presentation import EVENT_TYPE_LABELS, date_label, hex_colour
from incidents.text import clip

BRUSH = "brush"
PICK = "pick"
IMPRECISE_PRECISIONS = ("week", "month", "year")
# A one-day event still needs a few pixels to be seen and clicked: this share of the visible span.
_MIN_MARK_SHARE = 1 / 250


def _kinds(events: pd.DataFrame) -> pd.Series:
    """Each event's record kind ('incident' where a frame has none)."""
    if "record_kind" not in events:
        return pd.Series("incident", index=events.index)
    return events["record_kind"].astype(str)


def timeline_frame(events: pd.DataFrame, selected_id: str | None) -> pd.DataFrame:
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
            "lane": events["event_type"].astype(str).map(EVENT_TYPE_LABELS).to_numpy(),
            "event_type": events["event_type"].astype(str).to_numpy(),
            "start": start.to_numpy(),
            "end": end.to_numpy(),
            "when": [
                date_label(first, last, kind)
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


def _brush_parameter(brush: tuple[dt.date, dt.date] | None) -> Any:
    if brush is None:
        return alt.selection_interval(encodings=["x"], name=BRUSH)
    start, end = brush
    value: Any = {"x": [alt.DateTime(year=day.year, month=day.month, date=day.day) for day in (start, end)]}
    return alt.selection_interval(encodings=["x"], name=BRUSH, value=value)


def build_timeline(
    events: pd.DataFrame,
    selected_id: str | None = None,
    brush: tuple[dt.date, dt.date] | None = None,
    domain: tuple[dt.date, dt.date] | None = None,
) -> Any:
    """Lanes of events over time: brush a range, click an event (an Altair layer chart).

    Beyond a few thousand events the lanes show counts per week or month instead (see timeline_summary);
    brushing works the same, picking single events does not.
    """
    summary = timeline_summary(events)
    if summary.period is not None:
        return _counts_timeline(events, summary.period, brush, domain)
    frame = timeline_frame(events, selected_id)
    lanes = [label for key, label in EVENT_TYPE_LABELS.items() if key in set(frame.get("event_type", []))]
    colour_scale = _colour_scale()
    x_scale = alt.Scale(domain=[day.isoformat() for day in domain]) if domain else alt.Undefined
    x_axis = alt.X("start:T", title=None, scale=x_scale, axis=alt.Axis(format="%b %Y", labelOverlap=True))
    pick = alt.selection_point(fields=["event_id"], name=PICK, on="click", clear="dblclick")
    tooltip = [alt.Tooltip("title:N", title="Event"), alt.Tooltip("when:N", title="When"), "lane:N"]
    marks = (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2, height={"band": 0.7})
        .encode(
            x=x_axis,
            x2="end:T",
            y=alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=110, minExtent=110, maxExtent=110)),
            color=alt.Color("lane:N", scale=colour_scale, legend=None),
            # Faded spans cover the whole period a week/month/year-precision event may fall in.
            opacity=alt.condition("datum.imprecise || datum.episode", alt.value(0.3), alt.value(0.95)),
            stroke=alt.condition("datum.selected", alt.value("#000000"), alt.value(None)),
            strokeWidth=alt.condition("datum.selected", alt.value(2.5), alt.value(0)),
            tooltip=tooltip,
        )
        .add_params(_brush_parameter(brush), pick)
    )
    # Rules mark context events that happened at a moment; spans of series stay in the Context lane.
    moments = frame[frame["context"] & ~frame["imprecise"]].sort_values("start") if len(frame) else frame
    rules = (
        alt.Chart(moments)
        .mark_rule(strokeDash=[4, 3], color="#777777", opacity=0.6)
        .encode(x=alt.X("start:T", scale=x_scale), tooltip=tooltip)
    )
    # Context moments are named in their tooltips and the list: labels printed beside the rules ran into
    # each other and into the lanes wherever two moments are close.
    return alt.layer(marks, rules)


def timeline_summary(events: pd.DataFrame) -> TimelineSummary:
    """Whether the lanes show every event or counts per week or month, and for how many events."""
    return timeline_level(events)


def _colour_scale() -> alt.Scale:
    return alt.Scale(domain=list(EVENT_TYPE_LABELS.values()), range=[hex_colour(key) for key in EVENT_TYPE_LABELS])


def _counts_timeline(
    events: pd.DataFrame, period: Period, brush: tuple[dt.date, dt.date] | None, domain: tuple[dt.date, dt.date] | None
) -> Any:
    """Lanes of counts: a bar per week or month, darker with more events; faded spans for year- or month-only dates."""
    counts = timeline_counts(events, period)
    lanes = [label for label in EVENT_TYPE_LABELS.values() if label in set(counts["lane"])]
    x_scale = alt.Scale(domain=[day.isoformat() for day in domain]) if domain else alt.Undefined
    x_axis = alt.X("start:T", title=None, scale=x_scale, axis=alt.Axis(format="%b %Y", labelOverlap=True))
    y_axis = alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=110, minExtent=110, maxExtent=110))
    tooltip = [
        "lane:N",
        alt.Tooltip("period:N", title="When"),
        alt.Tooltip("events:Q", title="Events", format=","),
    ]
    colour = alt.Color("lane:N", scale=_colour_scale(), legend=None)
    bins = (
        alt.Chart(counts[~counts["imprecise"]])
        .mark_bar(height={"band": 0.7})
        .encode(
            x=x_axis,
            x2="end:T",
            y=y_axis,
            color=colour,
            opacity=alt.Opacity("events:Q", scale=alt.Scale(type="sqrt", range=[0.3, 1.0]), legend=None),
            tooltip=tooltip,
        )
        .add_params(_brush_parameter(brush))
    )
    # Behind the bars: events known only to a month or year, faded over the whole period, never a made-up day.
    spans = (
        alt.Chart(counts[counts["imprecise"]])
        .mark_bar(height={"band": 0.3}, opacity=0.25)
        .encode(x=alt.X("start:T", scale=x_scale), x2="end:T", y=y_axis, color=colour, tooltip=tooltip)
    )
    return alt.layer(bins, spans)


def timeline_height(events: pd.DataFrame) -> int:
    """Pixel height for the lanes chart (axes included): one lane per event type present."""
    lanes = events["event_type"].nunique() if len(events) else 1
    return 40 * max(int(lanes), 1) + 90


STRIP_HEIGHT = 110


def build_month_strip(events: pd.DataFrame, domain: tuple[dt.date, dt.date] | None = None) -> alt.Chart:
    """Events started per month, aligned with the lanes above it."""
    x_scale = alt.Scale(domain=[day.isoformat() for day in domain]) if domain else alt.Undefined
    strip: alt.Chart = (
        alt.Chart(monthly_counts(events))
        .mark_bar(color="#8a8f98")
        .encode(
            x=alt.X("month:T", title=None, scale=x_scale, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(
                "events:Q",
                title="per month",
                axis=alt.Axis(tickCount=2, format="d", tickMinStep=1, minExtent=110 - 16, maxExtent=110 - 16),
            ),
            tooltip=[alt.Tooltip("month:T", format="%b %Y"), "events:Q"],
        )
    )
    return strip


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


def legend_chart() -> Any:
    """The event types in a grid of three columns: colour plus the type's name, so colour is never the only cue.

    Three columns fit the longest name beside its dot even on a phone, where six in a row print over
    each other.
    """
    labels = list(EVENT_TYPE_LABELS.values())
    frame = pd.DataFrame(
        {
            "label": labels,
            "column": [position % LEGEND_COLUMNS for position in range(len(labels))],
            "row": [position // LEGEND_COLUMNS for position in range(len(labels))],
        }
    )
    colour_scale = alt.Scale(domain=labels, range=[hex_colour(key) for key in EVENT_TYPE_LABELS])
    base = alt.Chart(frame).encode(
        x=alt.X("column:O", axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0, align=0)),
        y=alt.Y("row:O", axis=None),
    )
    dots = base.mark_circle(size=90, opacity=1, xOffset=6).encode(
        color=alt.Color("label:N", scale=colour_scale, legend=None)
    )
    names = base.mark_text(align="left", dx=14, fontSize=11).encode(text="label:N")
    return alt.layer(dots, names).properties(height=40)
