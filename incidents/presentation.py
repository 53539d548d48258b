"""Words and colours for people: type labels, a colour-blind-safe palette, dates in plain words."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from incidents.figures import format_range
from incidents.load import Dataset

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


def figure_summaries(dataset: Dataset, metrics_shown: int = 3) -> dict[str, str]:
    """Per event, a one-line summary of its most telling figures: 'Escaped: 0–800+ (3 claims)'."""
    figures = dataset.figures
    if figures.empty:
        return {}
    order = {metric: position for position, metric in enumerate(METRIC_LABELS)}
    ranked = figures.assign(_order=figures["metric"].map(order)).sort_values(["event_id", "_order"])
    summaries: dict[str, list[str]] = {}
    for figure in ranked.to_dict("records"):
        parts = summaries.setdefault(str(figure["event_id"]), [])
        if len(parts) < metrics_shown:
            label = METRIC_LABELS.get(str(figure["metric"]), str(figure["metric"]))
            shown = format_range(figure["range_low"], figure["range_high"], bool(figure["open_ended"]))
            count = int(figure["claim_count"])
            claims = f" ({count} claims)" if count > 1 else ""
            parts.append(f"{label}: {shown}{claims}")
    return {event_id: "; ".join(parts) for event_id, parts in summaries.items()}


def event_list_frame(events: pd.DataFrame, figure_text: dict[str, str]) -> pd.DataFrame:
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
            "Type": events["event_type"].astype(str).map(EVENT_TYPE_LABELS).to_numpy(),
            "Title": events["title"].to_numpy(),
            "Site": events["place_name"].fillna("").to_numpy(),
            "Figures": events["event_id"].map(figure_text).fillna("").to_numpy(),
            "Confidence": events["confidence"].astype(str).to_numpy(),
        }
    )
