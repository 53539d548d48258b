"""Words and colours for people: type labels, a colour-blind-safe palette, dates in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd

from incidents.contract.load import Dataset
from incidents.figures import format_range
from incidents.text import clip

EVENT_TYPE_LABELS = {
    "prison_attack": "Prison attack",
    "escape": "Escape",
    "riot": "Riot",
    "camp_incident": "Camp incident",
    "related_attack": "Related attack",
    "context": "Context",
}
# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
EVENT_TYPE_COLOURS: dict[str, tuple[int, int, int]] = {
    "prison_attack": (213, 94, 0),
    "escape": (0, 114, 178),
    "riot": (230, 159, 0),
    "camp_incident": (0, 158, 115),
    "related_attack": (204, 121, 167),
    "context": (120, 120, 120),
}
METRIC_LABELS = {
    "escaped": "Escaped",
    "recaptured": "Recaptured",
    "killed_security": "Killed: security forces and guards",
    "killed_is": "Killed: IS members",
    "killed_civilians": "Killed: civilians",
    "killed_detainees": "Killed: detainees",
    "killed_total": "Killed: total",
    "injured": "Injured",
    "arrested": "Arrested",
    "detainees_held": "Detainees held",
    "hostages": "Hostages",
    "attackers": "Attackers",
    "surrendered": "Surrendered",
    "missing": "Missing",
    "escape_attempts": "Escape attempts",
    "smuggled": "Smuggled out",
    "participants": "Taking part",
    "stopped": "Stopped before getting out",
    "freed": "Captives freed",
    "abducted": "Abducted",
}
# What a row is, in words: context rows are shown as context, never as incidents.
RECORD_KIND_LABELS = {
    "incident": "Incident",
    "episode": "Episode of several days (its phases are the incidents)",
    "aggregate": "Context: a total or series over a period (not an incident)",
    "statement": "Context: a statement or unconfirmed report (not an incident)",
    "context": "Context: background (not an incident)",
}
PRECISION_WORDS = {
    "site": "the site itself",
    "neighbourhood": "the neighbourhood",
    "town": "the town (exact site unknown)",
    "district": "the district",
    "governorate": "the governorate",
    "region": "the region only",
}
CONFIDENCE_WORDS = {
    "high": "High: several independent reports agree",
    "medium": "Medium: credible but thinly sourced or partly disputed",
    "low": "Low: a single claimant or unverified",
}


def hex_colour(event_type: str) -> str:
    """The event type's colour as #rrggbb."""
    red, green, blue = EVENT_TYPE_COLOURS.get(event_type, (120, 120, 120))
    return f"#{red:02x}{green:02x}{blue:02x}"


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _day_range(start: dt.date, end: dt.date) -> str:
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{_day(start)} – {_day(end)}"


def _month_range(start: dt.date, end: dt.date) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%b %Y}"
    if start.year == end.year:
        return f"{start:%b}–{end:%b %Y}"
    return f"{start:%b %Y} – {end:%b %Y}"


def date_label(start: dt.date | pd.Timestamp, end: dt.date | pd.Timestamp | None, precision: str) -> str:
    """Dates in plain words that never claim more precision than the data have."""
    first = pd.Timestamp(start).date()
    last = pd.Timestamp(end).date() if end is not None and not pd.isna(end) else first
    if precision == "year":
        years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
        return f"{years}, month unknown"
    if precision == "month":
        plural = "s" if (first.year, first.month) != (last.year, last.month) else ""
        return f"{_month_range(first, last)}, day{plural} unknown"
    if precision == "week":
        return f"{_day_range(first, last)}, exact day unknown"
    if precision == "days":
        return f"{_day_range(first, last)} (± a day)"
    return _day_range(first, last)


class FigureText(Mapping[str, str]):
    """Per event, a one-line summary of its most telling figures ('Escaped: 0–800+ (3 claims)'), made on demand.

    The map and the list need the lines of a few thousand events; building them for a million at load
    would cost seconds and memory for text nobody reads.
    """

    def __init__(self, figures: pd.DataFrame, metrics_shown: int = 3) -> None:
        ids = pd.Series(figures["event_id"], dtype="str").reset_index(drop=True)
        if not ids.is_monotonic_increasing:
            order = ids.argsort(kind="stable").to_numpy()
            figures, ids = figures.iloc[order], ids.iloc[order].reset_index(drop=True)
        starts = np.flatnonzero(np.r_[True, (ids.to_numpy()[1:] != ids.to_numpy()[:-1])]) if len(ids) else np.array([])
        self._starts = np.r_[starts, len(ids)].astype(np.int64)
        self._index = pd.Index(ids.take(starts), dtype="str")
        metric_codes, self._metrics = pd.factorize(figures["metric"].astype(str))
        self._metric_codes = metric_codes
        rank = {metric: position for position, metric in enumerate(METRIC_LABELS)}
        self._metric_rank = np.array([rank.get(str(metric), len(rank)) for metric in self._metrics], dtype=np.int64)
        self._low = figures["range_low"].to_numpy()
        self._high = figures["range_high"].to_numpy()
        self._open = figures["open_ended"].to_numpy(dtype=bool)
        self._claims = figures["claim_count"].to_numpy(dtype=np.int64)
        self._shown = metrics_shown

    def __getitem__(self, event_id: str) -> str:
        position = self._index.get_loc(event_id)
        if not isinstance(position, int):
            raise KeyError(event_id)
        block = range(self._starts[position], self._starts[position + 1])
        # A handful of rows per event: ordering them in Python beats numpy's per-call overhead.
        rows = sorted(block, key=lambda row: self._metric_rank[self._metric_codes[row]])[: self._shown]
        parts = []
        for row in rows:
            metric = str(self._metrics[self._metric_codes[row]])
            shown = format_range(self._low[row], self._high[row], bool(self._open[row]))
            count = int(self._claims[row])
            claims = f" ({count} claims)" if count > 1 else ""
            parts.append(f"{METRIC_LABELS.get(metric, metric)}: {shown}{claims}")
        return "; ".join(parts)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def type_text(event_type: str, record_kind: str) -> str:
    """'Riot' for an incident, 'Prison attack · episode' for an episode, the context wording for the rest."""
    label = EVENT_TYPE_LABELS.get(event_type, event_type)
    if record_kind in ("", "incident"):
        return label
    if record_kind == "episode":
        return f"{label} · episode"
    return RECORD_KIND_LABELS.get(record_kind, "Context")


def kind_breakdown(events: pd.DataFrame) -> str:
    """'12 incidents; 3 context rows (not counted as incidents); 1 episode, counted through its phases'."""
    # Counted on the column as it is: it runs on every rerun, and a string copy of a million rows is slow.
    kinds = events["record_kind"].value_counts()
    kinds.index = kinds.index.astype(str)
    incidents = int(kinds.get("incident", 0))
    context = int(sum(kinds.get(kind, 0) for kind in ("aggregate", "statement", "context")))
    episodes = int(kinds.get("episode", 0))
    parts = [f"{incidents:,} incident{'s' if incidents != 1 else ''}"]
    if context:
        parts.append(f"{context:,} context row{'s' if context != 1 else ''} (totals, statements, background)")
    if episodes:
        plural = episodes != 1
        phases = "their phases" if plural else "its phases"
        parts.append(f"{episodes:,} multi-day episode{'s' if plural else ''}, counted through {phases}")
    return "; ".join(parts)


def figure_summaries(dataset: Dataset, metrics_shown: int = 3) -> dict[str, str]:
    """Per event, a one-line summary of its most telling figures: 'Escaped: 0–800+ (3 claims)'."""
    return dict(FigureText(dataset.figures, metrics_shown))


def event_list_frame(events: pd.DataFrame, figure_text: Mapping[str, str]) -> pd.DataFrame:
    """The compact list under the map: one readable row per event, newest last."""
    return pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "When": [
                date_label(start, end, str(precision))
                for start, end, precision in zip(
                    events["date_start"], events["date_end"], events["date_precision"], strict=True
                )
            ],
            "Type": [
                type_text(str(kind), str(record))
                for kind, record in zip(events["event_type"], events["record_kind"], strict=True)
            ],
            "Title": [clip(str(title)) for title in events["title"]],
            "Site": [clip(str(name)) for name in events["place_name"].fillna("")],
            "Figures": [figure_text.get(str(event_id), "") for event_id in events["event_id"]],
            "Confidence": events["confidence"].astype(str).to_numpy(),
        }
    )
