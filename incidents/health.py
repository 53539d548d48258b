"""Data health: how precise, how well sourced and how well located the dataset is, and its source list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from incidents.contract.load import Dataset
from incidents.contract.problems import Problem
from incidents.contract.schema import CONFIDENCE_LEVELS, DATE_PRECISIONS, LOCATION_PRECISIONS
from incidents.language import ENGLISH, Language
from incidents.text import safe_url
from incidents.words import date_labels


@dataclass(frozen=True)
class DataHealth:
    """Counts and lists that show where the dataset is thin."""

    event_count: int
    place_count: int
    source_count: int
    claim_count: int
    date_precision: pd.DataFrame
    location_precision: pd.DataFrame
    confidence: pd.DataFrame
    single_source_events: pd.DataFrame
    unchecked_places: pd.DataFrame
    places_without_coordinates: pd.DataFrame
    undated_claims: int
    open_ended_claims: int


@dataclass(frozen=True)
class ValidationSummary:
    """What the validator says about the dataset directory."""

    errors: int
    warnings: int
    problems: pd.DataFrame
    # The problems themselves, one per row of `problems`, to be said in a reader's language.
    found: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return self.errors == 0


def value_counts(values: pd.Series, levels: Iterable[str], name: str) -> pd.DataFrame:
    """Events per level, every level of the contract listed (zero included), in the contract's order."""
    counts = values.astype(str).value_counts()
    ordered = list(levels)
    return pd.DataFrame({name: ordered, "events": [int(counts.get(level, 0)) for level in ordered]})


def _event_counts(dataset: Dataset) -> pd.Series:
    return dataset.events.groupby("place_id").size()


def data_health(dataset: Dataset, language: Language = ENGLISH) -> DataHealth:
    """Every data-health count and list for the whole dataset, dates in the reader's language."""
    events = dataset.events
    sources_per_event = dataset.event_sources.groupby("event_id")["source_id"].nunique()
    single = events[events["event_id"].map(sources_per_event).fillna(0) <= 1]
    source_names = dataset.sources.set_index("source_id")["publisher"]
    first_source = dataset.event_sources.groupby("event_id")["source_id"].first()
    single_source_events = pd.DataFrame(
        {
            "event_id": single["event_id"].to_numpy(),
            "when": date_labels(single, language),
            "title": single["title"].to_numpy(),
            "confidence": single["confidence"].astype(str).to_numpy(),
            "source": single["event_id"].map(first_source).map(source_names).fillna("").to_numpy(),
        }
    )
    places = dataset.places
    per_place = _event_counts(dataset)
    unchecked = places[~places["checked"].astype(bool)]
    unchecked_places = pd.DataFrame(
        {
            "place_id": unchecked["place_id"].to_numpy(),
            "name": unchecked["name"].to_numpy(),
            "kind": unchecked["kind"].to_numpy(),
            "coord_source": unchecked["coord_source"].fillna("").to_numpy(),
            "coord_precision": unchecked["coord_precision"].astype(object).fillna("").to_numpy(),
            "events": unchecked["place_id"].map(per_place).fillna(0).astype("int64").to_numpy(),
        }
    )
    missing = places[places["latitude"].isna() | places["longitude"].isna()]
    places_without_coordinates = pd.DataFrame(
        {
            "place_id": missing["place_id"].to_numpy(),
            "name": missing["name"].to_numpy(),
            "kind": missing["kind"].to_numpy(),
            "events": missing["place_id"].map(per_place).fillna(0).astype("int64").to_numpy(),
        }
    )
    claims = dataset.claims
    return DataHealth(
        event_count=len(events),
        place_count=len(places),
        source_count=len(dataset.sources),
        claim_count=len(claims),
        date_precision=value_counts(events["date_precision"], DATE_PRECISIONS, "date_precision"),
        location_precision=value_counts(events["location_precision"], LOCATION_PRECISIONS, "location_precision"),
        confidence=value_counts(events["confidence"], CONFIDENCE_LEVELS, "confidence"),
        single_source_events=single_source_events,
        unchecked_places=unchecked_places,
        places_without_coordinates=places_without_coordinates,
        undated_claims=int(claims["claimed_on"].isna().sum()) if len(claims) else 0,
        open_ended_claims=int(claims["value_high"].isna().sum()) if len(claims) else 0,
    )


def validation_summary(problems: list[Problem]) -> ValidationSummary:
    """Error and warning counts and one row per problem, located as an editor shows it."""
    frame = pd.DataFrame(
        [
            {
                "severity": problem.severity,
                "file": problem.file,
                "line": problem.line,
                "column": problem.column or "",
                "problem": str(problem),
            }
            for problem in problems
        ],
        columns=["severity", "file", "line", "column", "problem"],
    )
    errors = sum(problem.severity == "error" for problem in problems)
    return ValidationSummary(errors=errors, warnings=len(problems) - errors, problems=frame, found=tuple(problems))


def sources_table(dataset: Dataset) -> pd.DataFrame:
    """Every source with the number of events citing it; links only for plain http(s) addresses."""
    sources = dataset.sources
    cited = dataset.event_sources.groupby("source_id")["event_id"].nunique()
    claims = dataset.claims.groupby("source_id").size() if len(dataset.claims) else pd.Series(dtype="int64")
    frame = pd.DataFrame(
        {
            "publisher": sources["publisher"].to_numpy(),
            "title": sources["title"].to_numpy(),
            "published": sources["published"].to_numpy(),
            "language": sources["language"].to_numpy(),
            "kind": sources["kind"].to_numpy(),
            "events": sources["source_id"].map(cited).fillna(0).astype("int64").to_numpy(),
            "claims": sources["source_id"].map(claims).fillna(0).astype("int64").to_numpy(),
            "link": [url if safe_url(url) else None for url in sources["url"]],
            "archived": [url if safe_url(url) else None for url in sources["archived_url"]],
            "source_id": sources["source_id"].to_numpy(),
        }
    )
    return frame.sort_values(["published", "publisher", "source_id"], kind="stable").reset_index(drop=True)
