"""Words for people, in one module: labels, dates in plain words, figure lines, counts of what a view holds."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd

from incidents.contract.schema import CONTRACT
from incidents.figures import format_range
from incidents.language import ENGLISH, N_, Language

# Reader-facing labels are declared once, beside the values, in data/datapackage.json (x-labels).
EVENT_TYPE_LABELS = CONTRACT.labels("events", "event_type")
METRIC_LABELS = CONTRACT.labels("claims", "metric")
# What a row is, in words: context rows are shown as context, never as incidents.
RECORD_KIND_LABELS = CONTRACT.labels("events", "record_kind")
PRECISION_WORDS = CONTRACT.labels("events", "location_precision") | CONTRACT.labels("places", "coord_precision")
CONFIDENCE_WORDS = CONTRACT.labels("events", "confidence")
PLACE_KIND_LABELS = CONTRACT.labels("places", "kind")
COORD_SOURCE_WORDS = CONTRACT.labels("places", "coord_source")
ACTOR_KIND_LABELS = CONTRACT.labels("actors", "kind")
# The sidebar's choices, each an "at least" threshold on an ordered scale.
ANY = "any"
# English here, marked for the catalogue; shown through the reader's Language.
CONFIDENCE_OPTIONS = {ANY: N_("Any"), "medium": N_("Medium or high"), "high": N_("High only")}
PRECISION_OPTIONS = {
    ANY: N_("Any, even region-level"),
    "governorate": N_("Governorate or finer"),
    "district": N_("District or finer"),
    "town": N_("Town or finer"),
    "site": N_("Exact site only"),
}
CONTEXT_KINDS = ("aggregate", "statement", "context")
# How a headline figure is chosen from competing claims; shown on the Contested figures and Method pages.
HEADLINE_RULE = N_(
    "Every figure in the atlas is a claim: who made it, when, and which source reports it. For each event "
    "and metric, each claimant's most recent claim is its current figure (on one day, its most precise one). "
    "The **headline** is the lowest of those current figures: the most conservative rule, as ACLED uses for "
    'fatalities, and it keeps an open end ("20+"). For running counts over a period (killings in a camp '
    "so far this year) a figure below one another claimant had already published counts to an older "
    "cut-off and is set aside. Figures the atlas derived (a sum, a split) and sub-counts (one section, one "
    "category) are listed with the claims but never become a headline. A low headline is not a verdict that "
    "the others are wrong: that is why the **range** of every stated claim, older ones included, is always "
    "shown beside it: the spread between a group's claim and the authorities' count is itself information."
)


def plain(value: object) -> str:
    """A cell as text: empty for missing values (None, NaN, pandas' NA), str() otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def metric_rank() -> dict[str, int]:
    """Each metric's place in the reading order of figures (escapes first, then the dead, then the rest)."""
    return {metric: position for position, metric in enumerate(METRIC_LABELS)}


def day_text(value: dt.date, language: Language = ENGLISH) -> str:
    """'20 Jan 2022', '20 jan 2022': one day in the reader's locale."""
    return language.date(value, "d MMM y")


def partial_date_text(value: str, language: Language = ENGLISH) -> str:
    """A date known to the day, month or year ('2022-01-20', '2022-01', '2022') in words at that precision.

    A source dated only to its month reads 'Jan 2022', never a made-up day; text that is no such date stays as is.
    """
    text = value.strip()
    try:
        if len(text) == 10:
            return day_text(dt.date.fromisoformat(text), language)
        if len(text) == 7 and text[4] == "-":
            return language.date(dt.date.fromisoformat(text + "-01"), "MMM y")
    except ValueError:
        return value
    return value


def _day_range(start: dt.date, end: dt.date, language: Language) -> str:
    if start == end:
        return day_text(start, language)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day_text(end, language)}"
    if start.year == end.year:
        return f"{language.date(start, 'd MMM')} – {day_text(end, language)}"
    return f"{day_text(start, language)} – {day_text(end, language)}"


def _month_range(start: dt.date, end: dt.date, language: Language) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return language.date(start, "MMM y")
    if start.year == end.year:
        return f"{language.date(start, 'MMM')}–{language.date(end, 'MMM y')}"
    return f"{language.date(start, 'MMM y')} – {language.date(end, 'MMM y')}"


def date_label(
    start: dt.date | pd.Timestamp, end: dt.date | pd.Timestamp | None, precision: str, language: Language = ENGLISH
) -> str:
    """Dates in plain words, in the reader's language, that never claim more precision than the data have."""
    first = pd.Timestamp(start).date()
    last = pd.Timestamp(end).date() if end is not None and not pd.isna(end) else first
    return _date_words(first, last, precision, language)


# The timeline, the list, the tooltips and the cards write the same few hundred dates on every rerun, and Babel's
# date formatting is the slow part of each.
@functools.lru_cache(maxsize=8192)
def _date_words(first: dt.date, last: dt.date, precision: str, language: Language) -> str:
    _ = language.gettext
    if precision == "year":
        years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
        return _("{years}, month unknown").format(years=years)
    if precision == "month":
        months = _month_range(first, last, language)
        if (first.year, first.month) != (last.year, last.month):
            return _("{months}, days unknown").format(months=months)
        return _("{month}, day unknown").format(month=months)
    if precision == "week":
        return _("{days}, exact day unknown").format(days=_day_range(first, last, language))
    if precision == "days":
        return _("{days} (± a day)").format(days=_day_range(first, last, language))
    return _day_range(first, last, language)


def date_labels(events: pd.DataFrame, language: Language = ENGLISH) -> list[str]:
    """date_label for every row of an events frame (date_start, date_end, date_precision)."""
    return [
        date_label(start, end, str(precision), language)
        for start, end, precision in zip(
            events["date_start"], events["date_end"], events["date_precision"], strict=True
        )
    ]


_FIGURE_LINES_KEPT = 10_000


class FigureText(Mapping[str, str]):
    """Per event, a one-line summary of its most telling figures ('Escaped: 0–800+ (3 claims)'), made on demand.

    The map and the list need the lines of a few thousand events; building them for a million at load
    would cost seconds and memory for text nobody reads.
    """

    def __init__(self, figures: pd.DataFrame, metrics_shown: int = 3, language: Language = ENGLISH) -> None:
        self._language = language
        ids = pd.Series(figures["event_id"], dtype="str").reset_index(drop=True)
        if not ids.is_monotonic_increasing:
            order = ids.argsort(kind="stable").to_numpy()
            figures, ids = figures.iloc[order], ids.iloc[order].reset_index(drop=True)
        starts = np.flatnonzero(np.r_[True, (ids.to_numpy()[1:] != ids.to_numpy()[:-1])]) if len(ids) else np.array([])
        self._starts = np.r_[starts, len(ids)].astype(np.int64)
        self._index = pd.Index(ids.take(starts), dtype="str")
        metric_codes, self._metrics = pd.factorize(figures["metric"].astype(str))
        self._metric_codes = metric_codes
        rank = metric_rank()
        self._metric_rank = np.array([rank.get(str(metric), len(rank)) for metric in self._metrics], dtype=np.int64)
        self._low = figures["range_low"].to_numpy()
        self._high = figures["range_high"].to_numpy()
        self._open = figures["open_ended"].to_numpy(dtype=bool)
        self._claims = figures["claim_count"].to_numpy(dtype=np.int64)
        self._shown = metrics_shown
        self._made: dict[str, str] = {}

    def __getitem__(self, event_id: str) -> str:
        made = self._made.get(event_id)
        if made is None:
            made = self._make(event_id)
            # Kept for the events a page shows again on the next rerun, not for every event of a large dataset.
            if len(self._made) < _FIGURE_LINES_KEPT:
                self._made[event_id] = made
        return made

    def _make(self, event_id: str) -> str:
        """The line for one event, from its figure rows."""
        position = self._index.get_loc(event_id)
        if not isinstance(position, int):
            raise KeyError(event_id)
        block = range(self._starts[position], self._starts[position + 1])
        # A handful of rows per event: ordering them in Python beats numpy's per-call overhead.
        rows = sorted(block, key=lambda row: self._metric_rank[self._metric_codes[row]])[: self._shown]
        parts = []
        for row in rows:
            metric = str(self._metrics[self._metric_codes[row]])
            shown = format_range(self._low[row], self._high[row], bool(self._open[row]), self._language)
            count = int(self._claims[row])
            claims = " " + self._language.gettext("({count} claims)").format(count=count) if count > 1 else ""
            parts.append(f"{self._language.gettext(METRIC_LABELS.get(metric, metric))}: {shown}{claims}")
        return "; ".join(parts)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def type_text(event_type: str, record_kind: str, language: Language = ENGLISH) -> str:
    """'Riot' for an incident, 'Prison attack · episode' for an episode, the context wording for the rest."""
    _ = language.gettext
    label = _(EVENT_TYPE_LABELS.get(event_type, event_type))
    if record_kind in ("", "incident"):
        return label
    if record_kind == "episode":
        return _("{type} · episode").format(type=label)
    return _(RECORD_KIND_LABELS.get(record_kind, N_("Context")))


def kind_breakdown(events: pd.DataFrame, language: Language = ENGLISH) -> str:
    """'12 incidents; 3 context rows (not counted as incidents); 1 episode, counted through its phases'."""
    # Counted on the column as it is: it runs on every rerun, and a string copy of a million rows is slow.
    kinds = events["record_kind"].value_counts()
    kinds.index = kinds.index.astype(str)
    incidents = int(kinds.get("incident", 0))
    context = int(sum(kinds.get(kind, 0) for kind in CONTEXT_KINDS))
    episodes = int(kinds.get("episode", 0))
    number = language.number
    parts = [language.ngettext("{count} incident", "{count} incidents", incidents).format(count=number(incidents))]
    if context:
        parts.append(
            language.ngettext(
                "{count} context row (totals, statements, background)",
                "{count} context rows (totals, statements, background)",
                context,
            ).format(count=number(context))
        )
    if episodes:
        parts.append(
            language.ngettext(
                "{count} multi-day episode, counted through its phases",
                "{count} multi-day episodes, counted through their phases",
                episodes,
            ).format(count=number(episodes))
        )
    return "; ".join(parts)


def kind_label(kind: object, language: Language = ENGLISH) -> str:
    """'armed_group' -> 'Armed group': an actor kind in words."""
    key = str(kind or "unknown")
    return language.gettext(ACTOR_KIND_LABELS.get(key, key))


# Columns of the tables editors read (data health, sources, problems), in words; their cells keep the dataset's codes.
COLUMN_WORDS = {
    "event_id": N_("Event id"),
    "when": N_("When"),
    "title": N_("Title"),
    "confidence": N_("Confidence"),
    "source": N_("Source"),
    "notes": N_("Editors' notes"),
    "place_id": N_("Place id"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "coord_source": N_("Coordinates from"),
    "coord_precision": N_("Coordinates point at"),
    "events": N_("Events"),
    "claims": N_("Claims"),
    "date_precision": N_("Date precision"),
    "location_precision": N_("Location precision"),
    "severity": N_("Severity"),
    "file": N_("File"),
    "line": N_("Line"),
    "column": N_("Column"),
    "problem": N_("Problem"),
    "publisher": N_("Publisher"),
    "published": N_("Published"),
    "language": N_("Language"),
    "source_id": N_("Source id"),
}
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning")}


# What the atlas is, in one breath: under the explorer's title and in the offline copy of a view.
ATLAS_SUMMARY = N_(
    "Attacks on prisons, escapes, riots and camp incidents involving Islamic State detainees in "
    "north-east Syria and linked incidents in Iraq, 2019–2022. Every event is sourced; competing "
    "figures are shown side by side."
)
