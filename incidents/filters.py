"""Filter criteria and the pure function that applies them to the events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from incidents.contract.load import Dataset
from incidents.contract.schema import CONFIDENCE_LEVELS, CONTRACT, LOCATION_PRECISIONS
from incidents.contract.search_index import query_terms, term_mask


@dataclass(frozen=True)
class EventFilter:
    """What the user asked to see; empty tuples and None mean 'no restriction'."""

    years: tuple[int, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    governorates: tuple[str, ...] = ()
    min_confidence: str | None = None
    min_location_precision: str | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        """True when nothing is restricted."""
        return self == EventFilter()


def overlaps(events: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> np.ndarray:
    """Mask of events whose span [date_start, date_end] touches [start, end]."""
    mask = np.ones(len(events), dtype=bool)
    if start is not None:
        mask &= (events["date_end"] >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        mask &= (events["date_start"] <= pd.Timestamp(end)).to_numpy()
    return mask


def filter_mask(dataset: Dataset, criteria: EventFilter) -> np.ndarray:
    """Boolean mask over dataset.events for the criteria; every clause narrows the result."""
    events = dataset.events
    mask = overlaps(events, criteria.date_from, criteria.date_to)
    if criteria.years:
        start_year = events["date_start"].dt.year.to_numpy()
        end_year = events["date_end"].dt.year.to_numpy()
        in_years = np.zeros(len(events), dtype=bool)
        for year in criteria.years:
            in_years |= (start_year <= year) & (end_year >= year)
        mask &= in_years
    if criteria.event_types:
        mask &= events["event_type"].isin(criteria.event_types).to_numpy()
    if criteria.actors:
        links = dataset.event_actors
        involved = links.loc[links["actor_id"].isin(criteria.actors), "event_id"].unique()
        mask &= events["event_id"].isin(involved).to_numpy()
    if criteria.places:
        mask &= events["place_id"].isin(criteria.places).to_numpy()
    if criteria.governorates:
        mask &= events["admin1"].isin(criteria.governorates).to_numpy()
    if criteria.min_confidence in CONFIDENCE_LEVELS:
        allowed = CONFIDENCE_LEVELS[: CONFIDENCE_LEVELS.index(criteria.min_confidence) + 1]
        mask &= events["confidence"].isin(allowed).to_numpy()
    if criteria.min_location_precision in LOCATION_PRECISIONS:
        allowed = LOCATION_PRECISIONS[: LOCATION_PRECISIONS.index(criteria.min_location_precision) + 1]
        mask &= events["location_precision"].isin(allowed).to_numpy()
    if criteria.text.strip():
        search_text = dataset.search_text()
        for term in query_terms(criteria.text, dataset.place_spellings()):
            # Narrow first: searching only the rows still in play keeps free text cheap on large data.
            candidates = np.flatnonzero(mask)
            hits = term_mask(search_text.iloc[candidates], term)
            mask[candidates[~hits]] = False
    return mask


def filter_events(dataset: Dataset, criteria: EventFilter) -> pd.DataFrame:
    """The events that match every criterion, in date order."""
    return dataset.events[filter_mask(dataset, criteria)]


def in_brush(events: pd.DataFrame, brush: tuple[dt.date, dt.date] | None) -> pd.DataFrame:
    """Events overlapping the brushed range (all of them when nothing is brushed)."""
    if brush is None:
        return events
    return events[overlaps(events, brush[0], brush[1])]


def date_extent(dataset: Dataset) -> tuple[dt.date, dt.date]:
    """First and last day covered by the data (the study period when there are no events)."""
    events = dataset.events
    if events.empty:
        return CONTRACT.study_start, CONTRACT.study_end
    return events["date_start"].min().date(), events["date_end"].max().date()
