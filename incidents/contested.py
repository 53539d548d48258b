"""Contested figures: every claim side by side, the largest disagreements between claimants, and their chart."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from incidents.contract.load import Dataset
from incidents.editorial import reader_note, reader_source_title
from incidents.figures import claim_marking, current_claims, format_range, headline_eligible
from incidents.language import ENGLISH, Language
from incidents.text import LONG_TEXT_LIMIT, clip, safe_url
from incidents.words import METRIC_LABELS, metric_rank, plain

CLAIM_COLUMNS = [
    "claim_id",
    "event_id",
    "metric",
    "claimant",
    "claimant_name",
    "claimant_kind",
    "value_low",
    "value_high",
    "open_ended",
    "value_text",
    "claimed_on",
    "claimed_on_text",
    "current",
    "publisher",
    "source_title",
    "source_url",
    "note",
]
DISAGREEMENT_COLUMNS = [
    "event_id",
    "title",
    "metric",
    "metric_label",
    "claimant_count",
    "claimants",
    "lowest",
    "highest",
    "ratio",
    "range_text",
]


def claims_for(dataset: Dataset, event_id: str, metric: str, language: Language = ENGLISH) -> pd.DataFrame:
    """Every claim about one event and metric, oldest first (undated first), with claimant and source."""
    claims = dataset.claims[(dataset.claims["event_id"] == event_id) & (dataset.claims["metric"] == metric)]
    if claims.empty:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    current_ids = set(current_claims(claims)["claim_id"])
    kinds = dataset.actors.set_index("actor_id")["kind"]
    sources = dataset.sources.set_index("source_id")
    ordered = claims.assign(
        _dated=claims["claimed_on"].fillna(""), _name=claims["claimant_name"].fillna(claims["claimant"])
    ).sort_values(["_dated", "_name", "value_low", "claim_id"], kind="stable")
    rows = []
    for claim in ordered.to_dict("records"):
        source_id = str(claim["source_id"])
        source = sources.loc[source_id] if source_id in sources.index else None
        url = plain(source["url"]) if source is not None else ""
        rows.append(
            {
                "claim_id": str(claim["claim_id"]),
                "event_id": event_id,
                "metric": metric,
                "claimant": str(claim["claimant"]),
                "claimant_name": plain(claim["claimant_name"]) or str(claim["claimant"]),
                "claimant_kind": plain(kinds.get(claim["claimant"], "")) or "unknown",
                "value_low": int(claim["value_low"]),
                "value_high": None if pd.isna(claim["value_high"]) else int(claim["value_high"]),
                "open_ended": bool(pd.isna(claim["value_high"])),
                "value_text": format_range(claim["value_low"], claim["value_high"], language=language)
                + claim_marking(claim, language),
                "claimed_on": plain(claim["claimed_on"]),
                "claimed_on_text": plain(claim["claimed_on"]) or language.gettext("date unknown"),
                "current": str(claim["claim_id"]) in current_ids,
                "publisher": clip(plain(source["publisher"])) if source is not None else "",
                "source_title": clip(reader_source_title(plain(source["title"]), url))
                if source is not None
                else source_id,
                # Only plain web addresses become links.
                "source_url": url if safe_url(url) else None,
                "note": clip(reader_note(plain(claim["note"])), LONG_TEXT_LIMIT),
            }
        )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def disagreement_ratio(largest_floor: float, smallest_ceiling: float) -> float:
    """(largest floor + 1) / (smallest ceiling + 1), at least 1: how far apart claims are that cannot all be true.

    A claim's floor is its lowest figure and its ceiling its highest (unbounded for "more than N"). When
    every claim's range shares a figure with every other, they can all be true and the ratio is 1 ("up
    to 100" does not contradict "none"); adding one keeps a claim of zero from dividing by zero.
    """
    return max(1.0, (largest_floor + 1) / (smallest_ceiling + 1))


def disagreements(dataset: Dataset, event_ids: Iterable[str], language: Language = ENGLISH) -> pd.DataFrame:
    """Per event and metric with two or more claimants: their current claims and how far apart they are."""
    # Incidents and episodes only: an aggregate's spread mixes cut-off dates, not disagreements about one event.
    kinds = dataset.events["record_kind"].astype(str)
    counted = set(dataset.events.loc[kinds.isin(("incident", "episode")).to_numpy(), "event_id"])
    wanted = set(event_ids) & counted
    claims = dataset.claims[dataset.claims["event_id"].isin(wanted)]
    # Derived figures and sub-counts are nobody's statement about the whole: they are not disagreements.
    claims = claims[headline_eligible(claims)]
    if claims.empty:
        return pd.DataFrame(columns=DISAGREEMENT_COLUMNS)
    # Each claimant's latest figure: a monitor revising its own toll is not a disagreement between claimants.
    latest = current_claims(claims)
    latest = latest.assign(_upper=latest["value_high"].fillna(latest["value_low"]))
    titles = dataset.events["title"]
    spans = {
        (str(row["event_id"]), str(row["metric"])): format_range(
            row["range_low"], row["range_high"], bool(row["open_ended"]), language
        )
        for row in dataset.figures.to_dict("records")
    }
    rows = []
    for (event_id, metric), group in latest.groupby(["event_id", "metric"], sort=True):
        if group["claimant"].nunique() < 2:
            continue
        lowest, highest = int(group["value_low"].min()), int(group["_upper"].max())
        ceiling = float(group["value_high"].min()) if group["value_high"].notna().any() else float("inf")
        by_value = group.sort_values(["value_low", "claimant_name"])
        claimants = "; ".join(
            f"{plain(row['claimant_name']) or row['claimant']}: "
            f"{format_range(row['value_low'], row['value_high'], language=language)}"
            for row in by_value.to_dict("records")
        )
        rows.append(
            {
                "event_id": str(event_id),
                "title": clip(plain(titles.get(event_id, ""))),
                "metric": str(metric),
                "metric_label": language.gettext(METRIC_LABELS.get(str(metric), str(metric))),
                "claimant_count": int(group["claimant"].nunique()),
                "claimants": claimants,
                "lowest": lowest,
                "highest": highest,
                "ratio": round(disagreement_ratio(float(group["value_low"].max()), ceiling), 2),
                "range_text": spans.get((str(event_id), str(metric)), ""),
            }
        )
    frame = pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)
    return frame.sort_values(["ratio", "event_id", "metric"], ascending=[False, True, True], kind="stable").reset_index(
        drop=True
    )


def contested_events(dataset: Dataset, event_ids: Iterable[str]) -> list[str]:
    """Ids of the events (in date order) with at least two claims for some metric."""
    wanted = set(event_ids)
    figures = dataset.figures[dataset.figures["event_id"].isin(wanted) & (dataset.figures["claim_count"] >= 2)]
    having = set(figures["event_id"])
    return [str(event_id) for event_id in dataset.events["event_id"] if event_id in having]


def contested_metrics(dataset: Dataset, event_id: str) -> list[str]:
    """Metrics of one event with any claim, those with two or more claims first, in the usual metric order."""
    figures = dataset.figures[dataset.figures["event_id"] == event_id]
    order = metric_rank()
    ranked = sorted(
        figures.to_dict("records"),
        key=lambda row: (int(row["claim_count"]) < 2, order.get(str(row["metric"]), 99)),
    )
    return [str(row["metric"]) for row in ranked]


def default_event(ranking: pd.DataFrame, options: list[str], selected: str | None) -> str | None:
    """The selected event when it is contested, else the one with the largest disagreement, else the first."""
    if selected in options:
        return selected
    for event_id in ranking["event_id"]:
        if event_id in options:
            return str(event_id)
    return options[0] if options else None
