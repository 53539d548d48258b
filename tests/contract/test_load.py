"""Loading gives typed, joined frames and refuses invalid data with its problems."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from incidents import InvalidDatasetError, load_dataset
from tests.support import EXPLORER_DIR, REPOSITORY_ROOT, VALID_DIR


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


def test_sidebar_actors_are_the_ones_events_name() -> None:
    dataset = load_dataset(VALID_DIR)
    # sohr and aanes only make claims; no event names them as initiator or target.
    assert dataset.listed_actor_ids() == {"is", "is-detainees", "sdf", "camp-residents"}
    assert dataset.listed_actor_ids() == set(dataset.event_actors["actor_id"])


def test_link_tables_hold_every_listed_item_in_list_order() -> None:
    dataset = load_dataset(VALID_DIR)
    events = pd.read_csv(VALID_DIR / "events.csv", dtype=str, keep_default_na=False)
    actor_names = dict(zip(dataset.actors["actor_id"], dataset.actors["name"], strict=True))
    expected_sources = [
        (event_id, source_id)
        for event_id, cell in zip(events["event_id"], events["source_ids"], strict=True)
        for source_id in cell.split(";")
    ]
    assert list(zip(dataset.event_sources["event_id"], dataset.event_sources["source_id"], strict=True)) == (
        expected_sources
    )
    expected_actors = [
        (event_id, actor_id, role, actor_names[actor_id])
        for column, role in (("initiators", "initiator"), ("targets", "target"))
        for event_id, cell in zip(events["event_id"], events[column], strict=True)
        for actor_id in cell.split(";")
        if actor_id
    ]
    links = dataset.event_actors
    columns = ["event_id", "actor_id", "role", "actor_name"]
    assert list(links[columns].itertuples(index=False, name=None)) == expected_actors


def test_an_undated_claim_is_missing_its_date_not_dated_empty(valid_dataset: Path) -> None:
    claims_file = valid_dataset / "claims.csv"
    claims_file.write_text(claims_file.read_text().replace(",2022-01,", ",,"))
    claims = load_dataset(valid_dataset).claims.set_index("claim_id")
    assert pd.isna(claims.loc["c5", "claimed_on"])
    assert claims["claimed_on"].drop("c5").tolist() == ["2019-10-13", "2019-10-13", "2020-03-30", "2020-03-30"]


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
    dataset = load_dataset(dataset_with_case("read/extra_column.events.csv"))
    assert dataset.event_count == 3
    assert [problem.column for problem in dataset.warnings] == ["reviewer"]


def test_figures_and_magnitudes_do_not_depend_on_event_order() -> None:
    # Events in date order give the fast path; shuffled ids take the general one. Both must agree.
    from incidents.contract.check import read_tables
    from incidents.contract.load import _figures

    claims = read_tables(REPOSITORY_ROOT / "data")["claims"]
    ids = load_dataset(REPOSITORY_ROOT / "data").events["event_id"].reset_index(drop=True)

    def figures_for(event_ids: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
        positions = pd.Index(event_ids).get_indexer(claims.frame["event_id"])
        running = np.zeros(len(claims.frame), dtype=bool)
        return _figures(claims, event_ids, positions, pd.factorize(claims.frame["claimant"])[0], running)

    figures, magnitudes = figures_for(ids)
    shuffled = ids.sample(frac=1, random_state=3).reset_index(drop=True)
    shuffled_figures, shuffled_magnitudes = figures_for(shuffled)
    pd.testing.assert_frame_equal(shuffled_figures, figures)
    assert dict(zip(shuffled, shuffled_magnitudes, strict=True)) == dict(zip(ids, magnitudes, strict=True))
    assert dict(zip(ids, magnitudes, strict=True))["2022-01-20-ghwayran-prison-attack"] > 0


def test_rows_out_of_date_order_load_as_if_sorted(tmp_path: Path) -> None:
    # Reversed rows take the sorting path; every frame must come out as from the sorted file.
    data = tmp_path / "data"
    shutil.copytree(REPOSITORY_ROOT / "data", data)
    for name in ("events.csv", "claims.csv", "places.csv"):
        header, *rows = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (data / name).write_text(header + "".join(reversed(rows)), encoding="utf-8")
    sorted_dataset = load_dataset(REPOSITORY_ROOT / "data")
    reversed_dataset = load_dataset(data)
    pd.testing.assert_frame_equal(reversed_dataset.events, sorted_dataset.events)
    pd.testing.assert_frame_equal(reversed_dataset.figures, sorted_dataset.figures)
    key = ["claim_id"]
    pd.testing.assert_frame_equal(
        reversed_dataset.claims.sort_values(key).reset_index(drop=True),
        sorted_dataset.claims.sort_values(key).reset_index(drop=True),
    )


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc to list mapped files")
def test_files_are_unmapped_before_the_tables_are_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Mapped pages count towards the process's memory: once parsed and summed, the CSV files must not stay
    # mapped through the typing and joining, where the load's memory peaks.
    from benchmarks.synthetic import write_dataset
    from incidents.contract import load
    from incidents.contract.read import file_bytes

    write_dataset(tmp_path, 3_000, seed=5)
    events_file = tmp_path / "events.csv"
    assert not isinstance(file_bytes(events_file), bytes), "the file must be large enough to be mapped"
    mapped_while_building = []
    build = load.build_dataset

    def watched_build(*arguments: Any, **keywords: Any) -> load.Dataset:
        mapped_while_building.append(str(events_file) in Path("/proc/self/maps").read_text())
        return build(*arguments, **keywords)

    monkeypatch.setattr(load, "build_dataset", watched_build)
    assert load_dataset(tmp_path).event_count == 3_000
    assert mapped_while_building == [False]


@pytest.mark.parametrize("data_dir", [REPOSITORY_ROOT / "data", EXPLORER_DIR], ids=["bundled", "explorer"])
def test_the_loaders_headlines_match_the_readable_reference(data_dir: Path) -> None:
    # The loader computes headlines on integer codes for speed; the pandas reference states the rule plainly.
    # Both must give every reader the same figure, open end included.
    from incidents.figures import headline_figures

    dataset = load_dataset(data_dir)
    events = dataset.events
    periods = events[events["record_kind"].isin(["episode", "aggregate"])]
    ends = {
        str(event_id): (end if pd.notna(end) else start).strftime("%Y-%m-%d")
        for event_id, start, end in zip(periods["event_id"], periods["date_start"], periods["date_end"], strict=True)
    }
    running = set(events.loc[events["record_kind"] == "aggregate", "event_id"].astype(str))
    columns = ["event_id", "metric", "headline", "headline_open", "range_low", "range_high", "open_ended"]
    claims = dataset.claims.assign(claimed_on=dataset.claims["claimed_on"].fillna("").astype(str))
    reference = headline_figures(claims, running, ends)[columns].sort_values(["event_id", "metric"])
    loaded = dataset.figures[columns].sort_values(["event_id", "metric"])
    pd.testing.assert_frame_equal(
        loaded.reset_index(drop=True).astype(reference.dtypes.to_dict()),
        reference.reset_index(drop=True),
        check_exact=True,
    )


def test_a_sub_count_dated_after_an_episode_leaves_its_headline_alone() -> None:
    # An adviser's "20 dangerous escapees", said after the Ghwayran fighting ended, is a sub-count: it must
    # not make the episode's earlier figures look like partial counts and turn "24" into "24+".
    figures = load_dataset(REPOSITORY_ROOT / "data").figures
    escaped = figures[(figures["event_id"] == "2022-01-20-ghwayran-prison-attack") & (figures["metric"] == "escaped")]
    assert (int(escaped["headline"].iloc[0]), bool(escaped["headline_open"].iloc[0])) == (24, False)
