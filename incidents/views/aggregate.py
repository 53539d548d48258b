"""Server-side aggregation that keeps the map and timeline payloads small at any number of events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from incidents.contract.schema import EVENT_TYPES
from incidents.figures import format_count
from incidents.language import ENGLISH, N_, Language
from incidents.words import EVENT_TYPE_LABELS

# Up to this many located events (and within MAP_BYTE_BUDGET) the map draws every event.
MAP_EVENT_LIMIT = 5_000
# Bytes the per-event map layers may take; tooltips vary in length, so the count alone is not enough.
MAP_BYTE_BUDGET = 700_000
# Beyond this many sites a site layer would itself be too large: sites are gathered into grid cells.
MAP_MAX_SITES = 2_000
# Up to this many events (and within TIMELINE_BYTE_BUDGET) the timeline draws every event.
TIMELINE_EVENT_LIMIT = 2_000
TIMELINE_BYTE_BUDGET = 600_000
# Grid sizes tried, finest first, until the cells fit MAP_MAX_SITES.
CELL_DEGREES = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
TOP_TYPES = 3
# The largest clusters carry a count label; more labels would crowd the map and the payload.
MAX_COUNT_LABELS = 40

MapLevel = Literal["events", "sites", "cells"]
Period = Literal["week", "month"]
# Per-type counts travel with each cluster so sites can be summed into cells; "other" catches unknown types.
TYPE_COUNT_COLUMNS = [f"count_{kind}" for kind in (*EVENT_TYPES, "other")]
CLUSTER_COLUMNS = [
    "key",
    "place_id",
    "label",
    "longitude",
    "latitude",
    "count",
    "site_count",
    "dominant_type",
    "top_types",
    *TYPE_COUNT_COLUMNS,
]


@dataclass(frozen=True)
class MapSummary:
    """How the map shows the events in view: one mark per event, per site or per grid cell."""

    level: MapLevel
    event_count: int
    mark_count: int
    cell_degrees: float | None = None

    @property
    def aggregated(self) -> bool:
        """True when marks stand for several events."""
        return self.level != "events"

    def describe(self, language: Language = ENGLISH) -> str:
        """'1,000,000 located events shown as 3,412 sites', or '' when every event is drawn."""
        if self.level == "events":
            return ""
        events = language.ngettext("{count} located event", "{count} located events", self.event_count).format(
            count=format_count(self.event_count, language)
        )
        marks = format_count(self.mark_count, language)
        if self.level == "sites":
            return language.gettext("{events} shown as {count} sites").format(events=events, count=marks)
        degrees = language.decimal(self.cell_degrees or 0.0)
        return language.gettext("{events} shown as {count} grid cells of {degrees}°").format(
            events=events, count=marks, degrees=degrees
        )


@dataclass(frozen=True)
class TimelineSummary:
    """How the timeline shows the events in view: one mark per event, or counts per week or month and lane."""

    event_count: int
    period: Period | None = None

    @property
    def aggregated(self) -> bool:
        """True when marks are counts."""
        return self.period is not None

    def describe(self, language: Language = ENGLISH) -> str:
        """'123,456 events shown as monthly counts per type', or '' when every event is drawn."""
        if self.period is None:
            return ""
        template = (
            N_("{count} events shown as weekly counts per type")
            if self.period == "week"
            else N_("{count} events shown as monthly counts per type")
        )
        return language.gettext(template).format(count=format_count(self.event_count, language))


def map_level(located_count: int, site_count: int, estimated_bytes: int | None = None) -> MapLevel:
    """Events while few and small enough, then sites, then grid cells when even the sites are too many."""
    if located_count <= MAP_EVENT_LIMIT and (estimated_bytes is None or estimated_bytes <= MAP_BYTE_BUDGET):
        return "events"
    return "sites" if site_count <= MAP_MAX_SITES else "cells"


def _located(events: pd.DataFrame) -> np.ndarray:
    return events["has_location"].to_numpy(dtype=bool)


def _type_codes(events: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Index of each event's type in EVENT_TYPES (len(EVENT_TYPES) for an unknown type)."""
    kinds = events["event_type"]
    if isinstance(kinds.dtype, pd.CategoricalDtype) and list(kinds.cat.categories) == list(EVENT_TYPES):
        codes = kinds.cat.codes.to_numpy()[rows].astype(np.int64)
        return np.where(codes < 0, len(EVENT_TYPES), codes)
    lookup = {kind: position for position, kind in enumerate(EVENT_TYPES)}
    return np.array([lookup.get(str(kind), len(EVENT_TYPES)) for kind in kinds.to_numpy()[rows]], dtype=np.int64)


def _top_types(type_counts: np.ndarray, language: Language = ENGLISH) -> tuple[list[str], list[str]]:
    """Dominant type id and a 'Riot 1,234 · Escape 56' line per row of a (rows × types) count matrix."""
    _ = language.gettext
    labels = [*(_(EVENT_TYPE_LABELS.get(kind, kind)) for kind in EVENT_TYPES), _("Other")]
    kinds = [*EVENT_TYPES, "other"]
    # Stable sort on the negated counts: ties keep the contract's order of types.
    order = np.argsort(-type_counts, axis=1, kind="stable")
    dominant = [kinds[int(row[0])] for row in order]
    lines = []
    for counts, row in zip(type_counts, order, strict=True):
        shown = [
            f"{labels[int(kind)]} {format_count(int(counts[kind]), language)}"
            for kind in row[:TOP_TYPES]
            if counts[kind]
        ]
        lines.append(" · ".join(shown))
    return dominant, lines


def site_clusters(events: pd.DataFrame, language: Language = ENGLISH) -> pd.DataFrame:
    """One row per site of the located events: position, count, dominant type and the most common types."""
    rows = np.flatnonzero(_located(events))
    if len(rows) == 0:
        return pd.DataFrame(columns=CLUSTER_COLUMNS)
    # Dictionary-encoded in Arrow (no Python string per event); the codes index every per-site array below.
    encoded = pc.dictionary_encode(pa.array(pd.Series(events["place_id"], dtype="str").array))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = pa.chunked_array(encoded.unify_dictionaries().chunks).combine_chunks()
    codes = np.asarray(encoded.indices).astype(np.int64)[rows]
    sites_known = len(encoded.dictionary)
    type_count = len(TYPE_COUNT_COLUMNS)
    flat = np.bincount(codes * type_count + _type_codes(events, rows), minlength=sites_known * type_count)
    used = np.flatnonzero(flat.reshape(sites_known, type_count).sum(axis=1))
    type_counts = flat.reshape(sites_known, type_count)[used]
    # Reversed assignment leaves each site's first row: no sort over a million rows.
    first = np.zeros(sites_known, dtype=np.int64)
    first[codes[::-1]] = rows[::-1]
    first_row = first[used]
    site_ids = np.asarray(encoded.dictionary.take(pa.array(used)).to_pylist(), dtype=str)
    names = events["place_name"].take(first_row).fillna("").astype(str).to_numpy()
    sites = pd.DataFrame(
        {
            "key": site_ids,
            "place_id": site_ids,
            "label": np.where(names != "", names, site_ids),
            "longitude": events["longitude"].to_numpy(dtype=float)[first_row],
            "latitude": events["latitude"].to_numpy(dtype=float)[first_row],
            "site_count": np.ones(len(site_ids), dtype=np.int64),
        }
    )
    return _with_type_counts(sites, type_counts, language)


def _with_type_counts(clusters: pd.DataFrame, type_counts: np.ndarray, language: Language) -> pd.DataFrame:
    dominant, lines = _top_types(type_counts, language)
    clusters = clusters.assign(count=type_counts.sum(axis=1), dominant_type=dominant, top_types=lines)
    for position, column in enumerate(TYPE_COUNT_COLUMNS):
        clusters[column] = type_counts[:, position]
    return clusters[CLUSTER_COLUMNS]


def choose_cell_degrees(sites: pd.DataFrame, max_cells: int = MAP_MAX_SITES) -> float:
    """The finest grid whose occupied cells number at most `max_cells`."""
    for degrees in CELL_DEGREES:
        if len(np.unique(_cell_keys(sites, degrees))) <= max_cells:
            return degrees
    return CELL_DEGREES[-1]


def _cell_keys(sites: pd.DataFrame, degrees: float) -> np.ndarray:
    """One integer per grid cell: column and row of the cell packed together."""
    column = np.floor(sites["longitude"].to_numpy(dtype=float) / degrees).astype(np.int64)
    row = np.floor(sites["latitude"].to_numpy(dtype=float) / degrees).astype(np.int64)
    return column * 1_000_003 + row


def grid_clusters(sites: pd.DataFrame, degrees: float, language: Language = ENGLISH) -> pd.DataFrame:
    """Sites gathered into square cells of `degrees`: centred on their events, named after the busiest site."""
    if sites.empty:
        return pd.DataFrame(columns=CLUSTER_COLUMNS)
    cell_codes, cell_keys = pd.factorize(_cell_keys(sites, degrees))
    cells = len(cell_keys)
    counts = sites["count"].to_numpy(dtype=float)
    total = np.bincount(cell_codes, weights=counts, minlength=cells)
    # Centre of the cell's events, so a cell mark sits where its events are, not on an arbitrary grid corner.
    longitude = np.bincount(cell_codes, weights=counts * sites["longitude"].to_numpy(dtype=float), minlength=cells)
    latitude = np.bincount(cell_codes, weights=counts * sites["latitude"].to_numpy(dtype=float), minlength=cells)
    order = np.lexsort((-counts, cell_codes))
    busiest = order[np.unique(cell_codes[order], return_index=True)[1]]
    type_counts = np.zeros((cells, len(TYPE_COUNT_COLUMNS)), dtype=np.int64)
    np.add.at(type_counts, cell_codes, sites[TYPE_COUNT_COLUMNS].to_numpy(dtype=np.int64))
    grid = pd.DataFrame(
        {
            "key": [f"cell-{degrees:g}-{key}" for key in cell_keys],
            "place_id": [""] * cells,
            "label": sites["label"].to_numpy()[busiest],
            "longitude": longitude / total,
            "latitude": latitude / total,
            "site_count": np.bincount(cell_codes, minlength=cells).astype(np.int64),
        }
    )
    return _with_type_counts(grid, type_counts, language)


def cluster_radius(counts: pd.Series | np.ndarray) -> np.ndarray:
    """Pixel radius by count: area grows with the count, the largest cluster 26 px, the smallest 5 px."""
    values = np.asarray(counts, dtype=float)
    if len(values) == 0:
        return values
    largest = max(float(values.max()), 1.0)
    return np.round(5.0 + 21.0 * np.sqrt(values / largest), 1)


def short_count(count: int, language: Language = ENGLISH) -> str:
    """'950', '1.2k', '34k', '1.5M' ('1,2k' in Dutch): a label that fits next to a cluster."""
    if count < 1_000:
        return str(count)
    if count < 10_000:
        return f"{language.decimal(round(count / 1_000, 1))}k"
    if count < 1_000_000:
        return f"{round(count / 1_000)}k"
    return f"{language.decimal(round(count / 1_000_000, 1))}M"


def cluster_tooltips(clusters: pd.DataFrame, level: MapLevel, language: Language = ENGLISH) -> list[str]:
    """Plain text per cluster: where, how many events, the most common types."""
    _ = language.gettext
    tips = []
    columns = (clusters[name].tolist() for name in ("label", "count", "site_count", "top_types"))
    for label, count, site_count, top_types in zip(*columns, strict=True):
        events = language.ngettext("{count} event", "{count} events", int(count)).format(
            count=format_count(int(count), language)
        )
        if level == "cells":
            where = language.ngettext(
                "{events} at {count} site, the busiest {label}",
                "{events} at {count} sites, the busiest {label}",
                int(site_count),
            ).format(events=events, count=format_count(int(site_count), language), label=label)
            tips.append(f"{where}\n{top_types}")
        else:
            tips.append(f"{label}\n{events}\n{top_types}\n" + _("Click to show only this site"))
    return tips


def map_clusters(events: pd.DataFrame, language: Language = ENGLISH) -> tuple[pd.DataFrame, MapSummary]:
    """Clusters of the located events (sites, or grid cells when sites are too many) and how they were made."""
    sites = site_clusters(events, language)
    located_count = int(sites["count"].sum()) if len(sites) else 0
    if len(sites) <= MAP_MAX_SITES:
        return sites, MapSummary("sites", located_count, len(sites))
    degrees = choose_cell_degrees(sites)
    cells = grid_clusters(sites, degrees, language)
    return cells, MapSummary("cells", located_count, len(cells), degrees)


def period_start(days: np.ndarray, period: Period) -> np.ndarray:
    """First day (datetime64[D]) of the week (Monday) or month each day falls in."""
    days = days.astype("datetime64[D]")
    if period == "week":
        # 1970-01-01, day 0, was a Thursday: three days after a Monday.
        return days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    return days.astype("datetime64[M]").astype("datetime64[D]")


def _period_end(starts: np.ndarray, period: Period) -> np.ndarray:
    if period == "week":
        return starts + np.timedelta64(7, "D")
    return (starts.astype("datetime64[M]") + 1).astype("datetime64[D]")


def choose_period(events: pd.DataFrame) -> Period:
    """Weeks while the events span two years or less, months beyond (a few hundred bars per lane at most)."""
    if events.empty:
        return "month"
    span = events["date_end"].max() - events["date_start"].min()
    return "week" if span <= pd.Timedelta(days=731) else "month"


def period_label(start: dt.date | pd.Timestamp, period: Period, language: Language = ENGLISH) -> str:
    """'Week of 3 Jan 2022' or 'Jan 2022' (in Dutch 'Week van 3 jan 2022', 'jan 2022')."""
    day = pd.Timestamp(start).date()
    if period == "week":
        return language.gettext("Week of {day}").format(day=language.date(day, "d MMM y"))
    return language.date(day, "MMM y")


def timeline_counts(events: pd.DataFrame, period: Period, language: Language = ENGLISH) -> pd.DataFrame:
    """Events per lane and week or month; events known only to a longer period stay one faded span per period.

    Exact events count in the period they start in; week-precision events in the period of their middle day;
    month- and year-precision events that do not fit one period are never split or moved to a made-up day.
    """
    columns = ["lane", "event_type", "start", "end", "events", "imprecise", "period"]
    if "record_kind" in events:
        # An episode's phases are counted; the episode itself would count them twice.
        events = events[(events["record_kind"].astype(str) != "episode").to_numpy()]
    if events.empty:
        return pd.DataFrame(columns=columns)
    # Whole days as numpy integers: a million events are binned and counted without a Python object each.
    precision = events["date_precision"].astype(str)
    is_week = (precision == "week").to_numpy()
    coarse = precision.isin(("month", "year")).to_numpy()
    start = events["date_start"].to_numpy().astype("datetime64[D]")
    end = events["date_end"].to_numpy().astype("datetime64[D]") + np.timedelta64(1, "D")
    # The middle day of a week-precision event (its end may be cut short by the study period).
    anchor = np.where(is_week, start + (end - start) // 2, start)
    bin_start = period_start(anchor, period)
    bin_end = _period_end(bin_start, period)
    fits = ~coarse | ((start >= bin_start) & (end <= bin_end))
    kinds = _type_codes(events, np.arange(len(events)))
    first = np.where(fits, bin_start, start).astype(np.int64)
    last = np.where(fits, bin_end, end).astype(np.int64)
    # One integer per (type, imprecise, first day, last day): a flat sort instead of a grouping of rows.
    origin = int(min(first.min(), last.min()))
    width = int(max(first.max(), last.max())) - origin + 1
    keys = ((kinds * 2 + (~fits)) * width + (first - origin)) * width + (last - origin)
    unique, counted = np.unique(keys, return_counts=True)
    last_days, rest = unique % width + origin, unique // width
    first_days, rest = rest % width + origin, rest // width
    type_ids = np.array([*EVENT_TYPES, "other"], dtype=object)[rest // 2]
    counts = pd.DataFrame(
        {
            "event_type": type_ids.astype(str),
            "start": first_days.astype("datetime64[D]").astype("datetime64[ns]"),
            "end": last_days.astype("datetime64[D]").astype("datetime64[ns]"),
            "events": counted.astype(np.int64),
            "imprecise": (rest % 2).astype(bool),
        }
    )
    counts["lane"] = counts["event_type"].map(EVENT_TYPE_LABELS).fillna(counts["event_type"])
    counts["period"] = [
        _span_label(first, last, language) if imprecise else period_label(first, period, language)
        for first, last, imprecise in zip(counts["start"], counts["end"], counts["imprecise"], strict=True)
    ]
    return counts[columns]


def _span_label(start: pd.Timestamp, end_exclusive: pd.Timestamp, language: Language = ENGLISH) -> str:
    _ = language.gettext
    first, last = start.date(), (end_exclusive - pd.Timedelta(days=1)).date()
    if first.month == 1 and first.day == 1 and last.month == 12 and last.day == 31:
        years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
        return _("{years}, known only to the year").format(years=years)
    if first.year == last.year and first.month == last.month:
        return _("{month}, known only to the month").format(month=language.date(first, "MMM y"))
    return _("{first} – {last}, exact period unknown").format(
        first=language.date(first, "d MMM y"), last=language.date(last, "d MMM y")
    )


def timeline_level(events: pd.DataFrame) -> TimelineSummary:
    """Every event while few and small enough; counts per week or month beyond."""
    count = len(events)
    if count <= TIMELINE_EVENT_LIMIT:
        titles = events["title"].astype(str).str.len().sum() if count else 0
        if int(titles) + 160 * count <= TIMELINE_BYTE_BUDGET:
            return TimelineSummary(count)
    return TimelineSummary(count, choose_period(events))
