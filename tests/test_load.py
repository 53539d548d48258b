"""Loading gives typed, joined frames and refuses invalid data with its problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from incidents import InvalidDatasetError, load_dataset
from tests.conftest import VALID_DIR


def test_events_are_typed_and_joined_with_places() -> None:
    dataset = load_dataset(VALID_DIR)
    events = dataset.events
    assert list(events["event_id"]) == [
        "2019-10-13-ain-issa-camp-escape",
        "2020-03-29-ghwayran-prison-riot",
        "2021-01-01-al-hol-camp-killings",
    ]
    riot = events.loc["2020-03-29-ghwayran-prison-riot"]
    assert riot["date_end"] == pd.Timestamp("2020-03-30")
    assert riot["place_name"] == "Ghwayran prison"
    assert riot["latitude"] == pytest.approx(36.4775)
    escape = events.loc["2019-10-13-ain-issa-camp-escape"]
    assert escape["date_end"] == escape["date_start"]  # empty date_end means the same day
    assert escape["initiator_names"] == "IS detainees"
    assert escape["magnitude"] == 100  # SOHR's ~100, not the administration's 785


def test_links_resolve_actor_names_and_sources() -> None:
    dataset = load_dataset(VALID_DIR)
    sources = dataset.event_sources[dataset.event_sources["event_id"] == "2019-10-13-ain-issa-camp-escape"]
    assert sorted(sources["source_id"]) == ["src-sohr-2019-10-13", "src-trouw-2019-10-13"]
    targets = dataset.event_actors[dataset.event_actors["role"] == "target"]
    assert "Syrian Democratic Forces" in set(targets["actor_name"])


def test_version_changes_when_the_data_change(valid_dataset: Path) -> None:
    before = load_dataset(valid_dataset).version
    events = valid_dataset / "events.csv"
    events.write_text(events.read_text().replace("Riot at Ghwayran prison", "Riot at Ghwayran"))
    after = load_dataset(valid_dataset).version
    assert before != after
    assert before.split("+")[0] == after.split("+")[0]


def test_invalid_data_raise_with_every_problem(dataset_with_case: Callable[[str], Path]) -> None:
    with pytest.raises(InvalidDatasetError) as raised:
        load_dataset(dataset_with_case("event_unknown_place.events.csv"))
    assert [problem.column for problem in raised.value.problems] == ["place_id"]


def test_warnings_do_not_stop_loading(dataset_with_case: Callable[[str], Path]) -> None:
    dataset = load_dataset(dataset_with_case("extra_column.events.csv"))
    assert dataset.event_count == 3
    assert [problem.column for problem in dataset.warnings] == ["reviewer"]
