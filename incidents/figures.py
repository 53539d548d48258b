"""Competing figures: each claimant's current claim, the conservative headline and the full range."""

from __future__ import annotations

import math

import pandas as pd

# Metrics that say how many people an event touched; they size the map marks.
MAGNITUDE_METRICS = (
    "escaped",
    "killed_total",
    "killed_security",
    "killed_is",
    "killed_civilians",
    "killed_detainees",
    "injured",
    "hostages",
    "smuggled",
)

FIGURE_COLUMNS = [
    "event_id",
    "metric",
    "headline",
    "range_low",
    "range_high",
    "open_ended",
    "claim_count",
    "claimant_count",
]


def current_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Each claimant's most recent claim per event and metric (the lowest one when dated alike)."""
    if claims.empty:
        return claims
    # Undated claims sort first, so any dated claim by the same claimant supersedes them.
    ordered = claims.assign(_dated=claims["claimed_on"].fillna("")).sort_values(
        ["_dated", "value_low"], ascending=[True, False], kind="stable"
    )
    latest = ordered.groupby(["event_id", "metric", "claimant"], sort=False, observed=True).tail(1)
    return latest.drop(columns="_dated")


def headline_figures(claims: pd.DataFrame) -> pd.DataFrame:
    """Per event and metric: the lowest current claim (ACLED's conservative rule) and the full range."""
    if claims.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    keys = ["event_id", "metric"]
    headline = current_claims(claims).groupby(keys, observed=True)["value_low"].min().rename("headline")
    upper = claims["value_high"].fillna(claims["value_low"])
    with_upper = claims.assign(_upper=upper, _open=claims["value_high"].isna())
    grouped = with_upper.groupby(keys, observed=True)
    summary = pd.DataFrame(
        {
            "range_low": grouped["value_low"].min(),
            "range_high": grouped["_upper"].max(),
            "claim_count": grouped.size(),
            "claimant_count": grouped["claimant"].nunique(),
        }
    )
    # Open-ended only when an "N or more" claim sets the top of the range.
    open_tops = with_upper[with_upper["_open"]].groupby(keys, observed=True)["value_low"].max()
    summary["open_ended"] = open_tops.reindex(summary.index).ge(summary["range_high"]).fillna(False).astype(bool)
    result = summary.join(headline).reset_index()
    return result[FIGURE_COLUMNS]


def event_magnitudes(figures: pd.DataFrame) -> pd.Series:
    """The largest conservative headline among people-counting metrics, per event id."""
    relevant = figures[figures["metric"].isin(MAGNITUDE_METRICS)]
    return relevant.groupby("event_id", observed=True)["headline"].max().astype("int64")


def format_count(value: float | int | None) -> str:
    """A count with thousands separators; an em dash when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{int(value):,}"


def format_range(low: float | int, high: float | int | None, open_ended: bool = False) -> str:
    """'800', '150–200' or '800+' as a reader expects to see a claimed figure."""
    if high is None or (isinstance(high, float) and math.isnan(high)):
        return f"{format_count(low)}+"
    if int(low) == int(high):
        return format_count(low) + ("+" if open_ended else "")
    return f"{format_count(low)}–{format_count(high)}" + ("+" if open_ended else "")
