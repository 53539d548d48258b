"""Competing figures: each claimant's current claim, the conservative headline and the full range."""

from __future__ import annotations

import math

import numpy as np
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
    event_codes, event_ids = pd.factorize(claims["event_id"], sort=True)
    metric_codes, metrics = pd.factorize(claims["metric"], sort=True)
    # Undated claims are coded -1: they sort first, so any dated claim by the same claimant supersedes them.
    dated_codes = pd.factorize(claims["claimed_on"], sort=True)[0]
    figures = coded_figures(
        event_codes,
        metric_codes,
        pd.factorize(claims["claimant"])[0],
        dated_codes,
        claims["value_low"].to_numpy(dtype=np.int64),
        claims["value_high"].to_numpy(dtype=np.float64),
    )
    figures["event_id"] = pd.Series(event_ids, dtype="str").take(figures["event_id"].to_numpy()).to_numpy()
    figures["metric"] = pd.Series(metrics, dtype="str").take(figures["metric"].to_numpy()).to_numpy()
    return figures.astype({"event_id": "str", "metric": "str"})


def coded_figures(
    event_codes: np.ndarray,
    metric_codes: np.ndarray,
    claimant_codes: np.ndarray,
    dated_codes: np.ndarray,
    value_low: np.ndarray,
    value_high: np.ndarray,
) -> pd.DataFrame:
    """headline_figures on integer codes (event and metric codes come back as they went in), in numpy.

    Codes must be numbered in the text's sorted order for rows to come out sorted as the text would be.
    One sort puts each claimant's claims on an event and metric together, oldest first and, on the same
    date, highest first; the last of each run is the claimant's current claim. Grouping millions of rows
    this way costs a fraction of pandas' groupby on the same keys.
    """
    metric_count = int(metric_codes.max()) + 1 if len(metric_codes) else 1
    # In place where it can be: at millions of claims every temporary is fresh memory to fault in.
    group = event_codes.astype(np.int64) * metric_count
    group += metric_codes
    claimant = claimant_codes.astype(np.int64, copy=False)
    dated = dated_codes.astype(np.int64)
    dated += 1
    highest_first = np.subtract(value_low.max(), value_low, dtype=np.int64)
    order = _claim_order(group, claimant, dated, highest_first)
    del dated, highest_first
    group, claimant = group[order], claimant[order]
    low, high = value_low[order], value_high[order]
    boundary = group[1:] != group[:-1]
    starts = np.flatnonzero(np.r_[True, boundary])
    run_ends = np.flatnonzero(np.r_[boundary | (claimant[1:] != claimant[:-1]), True])
    # Each claimant run belongs to the group its last row is in.
    run_group = np.cumsum(np.r_[False, boundary])[run_ends]
    first_runs = np.flatnonzero(np.r_[True, run_group[1:] != run_group[:-1]])
    headline = np.minimum.reduceat(low[run_ends], first_runs)
    is_open = np.isnan(high)
    upper = np.where(is_open, low, high)
    range_high = np.maximum.reduceat(upper, starts)
    # Open-ended only when an "N or more" claim sets the top of the range.
    open_top = np.maximum.reduceat(np.where(is_open, low, -np.inf), starts)
    sizes = np.diff(starts, append=len(group))
    # Built from the arrays as they are: consolidating them into blocks would copy every column.
    return pd.DataFrame(
        {
            "event_id": group[starts] // metric_count,
            "metric": group[starts] % metric_count,
            "headline": headline,
            "range_low": np.minimum.reduceat(low, starts),
            "range_high": range_high.astype(np.float64, copy=False),
            "open_ended": open_top >= range_high,
            "claim_count": sizes.astype(np.int64, copy=False),
            "claimant_count": np.diff(first_runs, append=len(run_ends)).astype(np.int64, copy=False),
        },
        copy=False,
    )


def _claim_order(*keys: np.ndarray) -> np.ndarray:
    """Row order by the non-negative integer keys, first key first; ties in every key in any order."""
    spans = [int(key.max()) + 1 if len(key) else 1 for key in keys]
    if math.prod(spans) >= 2**63:
        return np.lexsort(keys[::-1])
    # One int64 per row sorts several times faster than a lexsort on four keys; claims usually come grouped
    # by event already, and a stable sort runs through what is in order instead of partitioning it.
    combined = keys[0].astype(np.int64)
    for key, span in zip(keys[1:], spans[1:], strict=True):
        combined *= span
        combined += key
    return np.argsort(combined, kind="stable")


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
