"""Competing figures: each claimant's current claim, the conservative headline and the full range."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from incidents.language import ENGLISH, Language

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
    "headline_open",
    "range_low",
    "range_high",
    "open_ended",
    "claim_count",
    "claimant_count",
]


def headline_eligible(claims: pd.DataFrame) -> np.ndarray:
    """Claims that may set a headline: numbers somebody stated about the whole of what the metric counts.

    Derived figures (our sums and splits) and sub-counts (one section, one category) are shown with the
    claims but never become a headline or widen the range; a frame without the columns counts as stated.
    """
    basis = claims["basis"] if "basis" in claims else pd.Series("", index=claims.index)
    scope = claims["scope"] if "scope" in claims else pd.Series("", index=claims.index)
    stated = basis.fillna("").astype(str).isin(("stated", ""))
    whole = scope.fillna("").astype(str).isin(("whole", ""))
    return (stated & whole).to_numpy(dtype=bool)


def _claim_width(value_low: np.ndarray, value_high: np.ndarray) -> np.ndarray:
    """How wide a claim is: high - low, an open-ended claim wider than any closed one."""
    width = np.where(np.isnan(value_high), np.inf, value_high - value_low)
    finite = width[np.isfinite(width)]
    ceiling = (finite.max() if len(finite) else 0) + 1
    return np.where(np.isfinite(width), width, ceiling).astype(np.int64)


def current_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Each claimant's most recent claim per event and metric; on one date its narrowest, then its lowest."""
    if claims.empty:
        return claims
    low = claims["value_low"].to_numpy(dtype=np.float64)
    high = claims["value_high"].to_numpy(dtype=np.float64)
    # Undated claims sort first, so any dated claim by the same claimant supersedes them. On one date the
    # narrowest claim wins: "785" refines the same claimant's "more than 700" made that day.
    ordered = claims.assign(_dated=claims["claimed_on"].fillna(""), _width=_claim_width(low, high)).sort_values(
        ["_dated", "_width", "value_low"], ascending=[True, False, False], kind="stable"
    )
    latest = ordered.groupby(["event_id", "metric", "claimant"], sort=False, observed=True).tail(1)
    return latest.drop(columns=["_dated", "_width"])


# Without final tallies, a running count's figures compete when made within this many days of the latest one.
REPORTING_WINDOW_DAYS = 31


def final_tallies(claims: pd.DataFrame, period_ends: Mapping[str, str], windowed: Collection[str] = ()) -> np.ndarray:
    """Per claim: whether it may set the headline, at a common cut-off for running counts.

    `period_ends` gives the last day (YYYY-MM-DD) of each event whose figures are running counts (episodes
    and aggregates). Figures made on or after that day, final tallies, are the ones compared wherever one
    exists, so an early partial count or an early boast does not stand against the final counts. Where
    none exists, the figures of events in `windowed` (aggregates) are compared within the last
    REPORTING_WINDOW_DAYS of reporting, so a count from months before is not set against the latest ones;
    an episode's figures then all compete. Claims of other events all compete.
    """
    candidate = np.ones(len(claims), dtype=bool)
    if not period_ends or claims.empty:
        return candidate
    ends = claims["event_id"].astype(str).map(dict(period_ends))
    in_period = ends.notna().to_numpy()
    if not in_period.any():
        return candidate
    subset = claims[in_period]
    said = subset["claimed_on"].fillna("").astype(str)
    final = (said.to_numpy() >= ends[in_period].astype(str).to_numpy()) & (said != "").to_numpy()
    keys = (subset["event_id"].astype(str) + "|" + subset["metric"].astype(str)).to_numpy()
    has_final = pd.Series(final, index=subset.index).groupby(keys).transform("any").to_numpy(dtype=bool)
    # A month-only date counts from the month's first day.
    days = pd.to_datetime(said.where(said.str.len() != 7, said + "-01").where(said != ""), errors="coerce")
    latest = days.groupby(keys).transform("max")
    recent = (days >= latest - pd.Timedelta(days=REPORTING_WINDOW_DAYS)).to_numpy(dtype=bool)
    is_windowed = subset["event_id"].isin(list(windowed)).to_numpy()
    candidate[np.flatnonzero(in_period)] = np.where(has_final, final, ~is_windowed | recent)
    return candidate


def headline_figures(
    claims: pd.DataFrame, running_events: Collection[str] = (), period_ends: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Per event and metric: the conservative headline (see coded_figures) and the range of the stated claims.

    `running_events` are aggregates whose figures are running counts over a period: compared within the last
    month of reporting, a claimant's figure below one another claimant had already published is set aside
    as stale. `period_ends` gives the last day of each aggregate and episode, on or after which final
    tallies are compared (see final_tallies).
    """
    claims = claims[headline_eligible(claims)]
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
        claims["event_id"].isin(list(running_events)).to_numpy(dtype=bool),
        final_tallies(claims, period_ends or {}, running_events),
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
    running: np.ndarray | None = None,
    candidates: np.ndarray | None = None,
) -> pd.DataFrame:
    """headline_figures on integer codes (event and metric codes come back as they went in), in numpy.

    The rule: each claimant's current figure is its latest claim (on one date, its narrowest, then its
    lowest). For running counts (`running` marks their claims) a current figure is stale when its lower end
    lies below a figure another claimant had published on an earlier date: it counts to an older cut-off
    than its date suggests ("some 30" in November when 44 were counted in August), and is set aside. The
    headline is the lowest remaining current figure and keeps its open end ("42+"); a closed figure wins a
    tie with an open one. `candidates`, when given, marks the claims that may be a current figure at all
    (the figures at a common cut-off, see final_tallies); the others still count in the range.

    Codes must be numbered in the text's sorted order for rows to come out sorted as the text would be.
    One sort puts each claimant's claims on an event and metric together, oldest first and, on the same
    date, widest and highest first; the last of each run is the claimant's current claim.
    """
    if len(value_low) == 0:
        return pd.DataFrame({column: pd.Series(dtype="int64") for column in FIGURE_COLUMNS})
    metric_count = int(metric_codes.max()) + 1 if len(metric_codes) else 1
    # In place where it can be: at millions of claims every temporary is fresh memory to fault in.
    group = event_codes.astype(np.int64) * metric_count
    group += metric_codes
    claimant = claimant_codes.astype(np.int64, copy=False)
    dated = dated_codes.astype(np.int64)
    dated += 1
    widest_first = _claim_width(value_low, value_high)
    widest_first = np.subtract(widest_first.max(), widest_first)
    highest_first = np.subtract(value_low.max(), value_low, dtype=np.int64)
    order = _claim_order(group, claimant, dated, widest_first, highest_first)
    del widest_first, highest_first
    group, claimant, dated = group[order], claimant[order], dated[order]
    low, high = value_low[order], value_high[order]
    boundary = group[1:] != group[:-1]
    starts = np.flatnonzero(np.r_[True, boundary])
    run_ends = np.flatnonzero(np.r_[boundary | (claimant[1:] != claimant[:-1]), True])
    # Each claimant run belongs to the group its last row is in.
    run_group = np.cumsum(np.r_[False, boundary])[run_ends]
    first_runs = np.flatnonzero(np.r_[True, run_group[1:] != run_group[:-1]])
    current_low = low[run_ends].astype(np.float64)
    current_high = high[run_ends]
    if candidates is not None and not candidates.all():
        current_low = np.where(candidates[order][run_ends], current_low, np.inf)
    if running is not None and running.any():
        stale = _stale_runs(running[order], starts, run_ends, run_group, first_runs, claimant, dated, low)
        current_low = np.where(stale, np.inf, current_low)
    headline = np.minimum.reduceat(current_low, first_runs)
    if np.isinf(headline).any():
        # Every current figure set aside (cannot happen with final tallies, which always leave one): fall back.
        fallback = np.minimum.reduceat(low[run_ends].astype(np.float64), first_runs)
        headline = np.where(np.isinf(headline), fallback, headline)
    closed_at_headline = (current_low == headline[run_group]) & ~np.isnan(current_high)
    headline_open = ~np.maximum.reduceat(closed_at_headline, first_runs)
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
            "headline": headline.astype(np.int64),
            "headline_open": headline_open,
            "range_low": np.minimum.reduceat(low, starts),
            "range_high": range_high.astype(np.float64, copy=False),
            "open_ended": open_top >= range_high,
            "claim_count": sizes.astype(np.int64, copy=False),
            "claimant_count": np.diff(first_runs, append=len(run_ends)).astype(np.int64, copy=False),
        },
        copy=False,
    )


def _stale_runs(
    running: np.ndarray,
    starts: np.ndarray,
    run_ends: np.ndarray,
    run_group: np.ndarray,
    first_runs: np.ndarray,
    claimant: np.ndarray,
    dated: np.ndarray,
    low: np.ndarray,
) -> np.ndarray:
    """Per claimant run: whether its current figure is stale (a running count another claimant had passed).

    Each current figure of a running-count group with two or more claimants is paired with every claim of
    its group (groups hold a handful of claims), so the test is one pass over the pairs. A group where every
    figure would be stale keeps them all.
    """
    group_sizes = np.diff(np.r_[starts, len(claimant)])
    run_counts = np.diff(np.r_[first_runs, len(run_ends)])
    runs = np.flatnonzero(running[starts][run_group] & (run_counts[run_group] > 1) & (dated[run_ends] > 0))
    flags = np.zeros(len(run_ends), dtype=bool)
    if len(runs) == 0:
        return flags
    sizes = group_sizes[run_group[runs]]
    pair_run = np.repeat(runs, sizes)
    offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    claim = starts[run_group[pair_run]] + offsets
    current = run_ends[pair_run]
    passed = (
        (claimant[claim] != claimant[current])
        & (dated[claim] > 0)
        & (dated[claim] < dated[current])
        & (low[claim] > low[current])
    )
    flags[pair_run[passed]] = True
    every_one = np.logical_and.reduceat(flags, first_runs)
    return flags & ~every_one[run_group]


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


def format_count(value: float | int | None, language: Language = ENGLISH) -> str:
    """A count with the reader's thousands separators ('3,500', '3.500'); an em dash when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return language.number(int(value))


def format_headline(value: float | int | None, open_ended: bool = False, language: Language = ENGLISH) -> str:
    """A headline as a reader must see it: '20+' keeps the open end a claimant gave."""
    text = format_count(value, language)
    return text + "+" if open_ended and text != "—" else text


def format_range(
    low: float | int, high: float | int | None, open_ended: bool = False, language: Language = ENGLISH
) -> str:
    """'800', '150–200' or '800+' as a reader expects to see a claimed figure."""
    if high is None or (isinstance(high, float) and math.isnan(high)):
        return f"{format_count(low, language)}+"
    if int(low) == int(high):
        return format_count(low, language) + ("+" if open_ended else "")
    return f"{format_count(low, language)}–{format_count(high, language)}" + ("+" if open_ended else "")


def claim_marking(claim: Mapping[Any, Any], language: Language = ENGLISH) -> str:
    """' (derived by the atlas, not a claim)' or ' (part only)' after a figure not stated about the whole."""
    _ = language.gettext
    marks = []
    # str() so that a missing value (NaN or NA) compares as text instead of raising.
    if str(claim.get("basis", "")) == "derived":
        marks.append(_("derived by the atlas, not a claim"))
    if str(claim.get("scope", "")) == "part":
        marks.append(_("part only"))
    return f" ({'; '.join(marks)})" if marks else ""
