"""Load the dataset into typed, joined pandas frames."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from incidents.figures import event_magnitudes, headline_figures
from incidents.problems import Problem, has_errors
from incidents.reading import RawTable
from incidents.schema import (
    CONFIDENCE_LEVELS,
    CONTRACT,
    COORD_PRECISIONS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    LIST_DELIMITER,
    LOCATION_PRECISIONS,
    TABLE_NAMES,
    Contract,
)
from incidents.text import fold_series
from incidents.validate import check_tables, read_tables


class InvalidDatasetError(Exception):
    """The dataset has errors; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [problem for problem in problems if problem.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the dataset, first: {errors[0] if errors else '-'}")


@dataclass(frozen=True)
class Dataset:
    """The whole dataset, typed and joined; frames are shared and must not be modified in place."""

    events: pd.DataFrame
    places: pd.DataFrame
    sources: pd.DataFrame
    claims: pd.DataFrame
    actors: pd.DataFrame
    event_actors: pd.DataFrame
    event_sources: pd.DataFrame
    figures: pd.DataFrame
    version: str
    warnings: tuple[Problem, ...]

    @property
    def event_count(self) -> int:
        """Number of events."""
        return len(self.events)


def data_version(data_dir: Path, contract: Contract = CONTRACT) -> str:
    """Contract version plus a short hash of the CSV files, so a citation pins the exact data."""
    digest = hashlib.sha256()
    for name in TABLE_NAMES:
        path = Path(data_dir) / contract.table(name).path
        digest.update(path.read_bytes() if path.exists() else b"")
    return f"{contract.version}+{digest.hexdigest()[:8]}"


def load_dataset(data_dir: Path | str, contract: Contract = CONTRACT) -> Dataset:
    """Read, validate and type the dataset; raise InvalidDatasetError when it has errors."""
    data_dir = Path(data_dir)
    tables = read_tables(data_dir, contract)
    problems = check_tables(tables, contract)
    if has_errors(problems):
        raise InvalidDatasetError(problems)
    return build_dataset(tables, data_version(data_dir, contract), tuple(problems))


def build_dataset(tables: dict[str, RawTable], version: str, warnings: tuple[Problem, ...] = ()) -> Dataset:
    """Type and join tables that passed validation."""
    places = _type_places(tables["places"].frame)
    actors = tables["actors"].frame.copy()
    sources = tables["sources"].frame.copy()
    claims = _type_claims(tables["claims"].frame, actors, sources)
    raw_events = tables["events"].frame
    event_actors = _links(raw_events, {"initiators": "initiator", "targets": "target"}, "actor_id")
    event_actors = event_actors.merge(
        actors[["actor_id", "name"]].rename(columns={"name": "actor_name"}), on="actor_id", how="left"
    )
    event_sources = _links(raw_events, {"source_ids": "source"}, "source_id").drop(columns="role")
    figures = headline_figures(claims)
    events = _type_events(raw_events, places, event_actors, figures)
    return Dataset(
        events=events,
        places=places,
        sources=sources,
        claims=claims,
        actors=actors,
        event_actors=event_actors,
        event_sources=event_sources,
        figures=figures,
        version=version,
        warnings=warnings,
    )


def _type_places(frame: pd.DataFrame) -> pd.DataFrame:
    places = frame.copy()
    for column in ("latitude", "longitude"):
        places[column] = pd.to_numeric(places[column].where(places[column] != "", None), errors="coerce")
    places["checked"] = places["checked"].isin(("true", "True", "TRUE", "1"))
    places["coord_precision"] = pd.Categorical(
        places["coord_precision"].where(places["coord_precision"] != "", None), categories=COORD_PRECISIONS
    )
    return places


def _type_claims(frame: pd.DataFrame, actors: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    claims = frame.copy()
    claims["value_low"] = pd.to_numeric(claims["value_low"]).astype("int64")
    claims["value_high"] = pd.to_numeric(claims["value_high"].where(claims["value_high"] != "", None)).astype("float64")
    claims["claimed_on"] = claims["claimed_on"].where(claims["claimed_on"] != "", None)
    claimant_names = actors.set_index("actor_id")["name"]
    claims["claimant_name"] = claims["claimant"].map(claimant_names)
    return claims


def _links(events: pd.DataFrame, columns: dict[str, str], target: str) -> pd.DataFrame:
    """Long table (event_id, target, role) from ';'-separated list columns."""
    parts = []
    for column, role in columns.items():
        items = events[["event_id", column]].rename(columns={column: target})
        items = items[items[target] != ""]
        items = items.assign(**{target: items[target].str.split(LIST_DELIMITER)}).explode(target)
        parts.append(items.assign(role=role))
    if not parts:
        return pd.DataFrame(columns=["event_id", target, "role"])
    return pd.concat(parts, ignore_index=True)


def _type_events(
    frame: pd.DataFrame, places: pd.DataFrame, event_actors: pd.DataFrame, figures: pd.DataFrame
) -> pd.DataFrame:
    events = frame.copy()
    events["date_start"] = pd.to_datetime(events["date_start"], format="%Y-%m-%d")
    given_end = pd.to_datetime(events["date_end"].where(events["date_end"] != "", None), format="%Y-%m-%d")
    events["date_end"] = given_end.fillna(events["date_start"])
    events["date_precision"] = pd.Categorical(events["date_precision"], categories=DATE_PRECISIONS)
    events["event_type"] = pd.Categorical(events["event_type"], categories=EVENT_TYPES)
    events["location_precision"] = pd.Categorical(
        events["location_precision"], categories=LOCATION_PRECISIONS, ordered=True
    )
    events["confidence"] = pd.Categorical(events["confidence"], categories=CONFIDENCE_LEVELS, ordered=True)
    place_columns = places[
        [
            "place_id",
            "name",
            "alt_names",
            "kind",
            "admin1",
            "country",
            "latitude",
            "longitude",
            "coord_precision",
        ]
    ].rename(columns={"name": "place_name", "alt_names": "place_alt_names", "kind": "place_kind"})
    events = events.merge(place_columns, on="place_id", how="left", validate="many_to_one")
    for role, column in (("initiator", "initiator_names"), ("target", "target_names")):
        names = event_actors[event_actors["role"] == role].groupby("event_id")["actor_name"].agg("; ".join)
        events[column] = events["event_id"].map(names).fillna("")
    searchable = ["event_id", "title", "summary", "place_name", "place_alt_names", "initiator_names", "target_names"]
    combined = events[searchable[0]].astype(str)
    for column in searchable[1:]:
        combined = combined + " | " + events[column].fillna("").astype(str)
    events["search_text"] = fold_series(combined)
    events["magnitude"] = events["event_id"].map(event_magnitudes(figures)).fillna(0).astype("int64")
    events["has_location"] = events["latitude"].notna().to_numpy() & events["longitude"].notna().to_numpy()
    events = events.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)
    events.index = pd.Index(events["event_id"].to_numpy(), name="id")
    return events
