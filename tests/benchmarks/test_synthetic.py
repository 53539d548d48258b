"""The synthetic datasets behind the benchmark: deterministic, valid, and shaped like the real data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks.synthetic import MAX_PLACES, MIN_PLACES, place_count, write_dataset
from incidents import check_dataset, load_dataset
from incidents.contract.schema import EVENT_TYPES, TABLE_NAMES

EVENTS = 2_000


def _bytes(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.csv"))}


@pytest.fixture(scope="module")
def dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("synthetic"), EVENTS)


def test_the_same_seed_gives_the_same_bytes(dataset_dir: Path, tmp_path: Path) -> None:
    again = write_dataset(tmp_path / "again", EVENTS)
    assert _bytes(again) == _bytes(dataset_dir)
    assert sorted(_bytes(again)) == sorted(f"{name}.csv" for name in TABLE_NAMES)


def test_another_seed_gives_other_data(dataset_dir: Path, tmp_path: Path) -> None:
    assert _bytes(write_dataset(tmp_path / "other", EVENTS, seed=7)) != _bytes(dataset_dir)


def test_it_passes_the_validator(dataset_dir: Path) -> None:
    errors = [problem for problem in check_dataset(dataset_dir) if problem.severity == "error"]
    assert errors == []


def test_it_looks_like_an_event_dataset(dataset_dir: Path) -> None:
    dataset = load_dataset(dataset_dir)
    events = dataset.events
    assert len(events) == EVENTS
    assert len(dataset.places) == place_count(EVENTS)
    assert 2.0 <= len(dataset.claims) / EVENTS <= 3.0
    assert set(events["event_type"].astype(str)) == set(EVENT_TYPES)
    assert events["has_location"].mean() > 0.9
    assert 150 <= events["summary"].str.len().median() <= 300
    # Kept in date order, as editors keep event files.
    raw = pd.read_csv(dataset_dir / "events.csv", dtype=str, keep_default_na=False)
    assert raw["date_start"].is_monotonic_increasing
    # Several claimants often disagree about one figure.
    assert (dataset.figures["claim_count"] > 1).mean() > 0.2


def test_places_grow_with_events_within_bounds() -> None:
    assert place_count(100) == MIN_PLACES
    assert place_count(100_000) == 1_000
    assert place_count(10_000_000) == MAX_PLACES
