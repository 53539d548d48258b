"""Aggregation keeps map and timeline payloads small: counts per site, cell and period, and the specs built on them."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from benchmarks.synthetic import write_dataset
from incidents import load_dataset
from incidents.contract.schema import EVENT_TYPES
from incidents.language import language
from incidents.views.aggregate import (
    MAP_MAX_SITES,
    MapSummary,
    TimelineSummary,
    choose_cell_degrees,
    cluster_tooltips,
    grid_clusters,
    map_level,
    short_count,
    site_clusters,
    timeline_counts,
    timeline_level,
)
from incidents.views.map_spec import CLUSTERS_LAYER_ID, EVENTS_LAYER_ID, build_deck, build_map
from incidents.views.timeline_spec import build_timeline, timeline_summary
from incidents.words import FigureText


def _events(rows: list[tuple[str, str, float | None, float | None]]) -> pd.DataFrame:
    """Events as the aggregation reads them: (place, type, latitude, longitude), named after their place."""
    frame = pd.DataFrame(rows, columns=["place_id", "event_type", "latitude", "longitude"])
    frame["event_type"] = pd.Categorical(frame["event_type"], categories=EVENT_TYPES)
    frame["place_name"] = frame["place_id"].str.upper()
    frame["has_location"] = frame["latitude"].notna()
    return frame


def _dated(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Events as the timeline reads them: (type, start, end, precision)."""
    frame = pd.DataFrame(rows, columns=["event_type", "date_start", "date_end", "date_precision"])
    frame["date_start"] = pd.to_datetime(frame["date_start"])
    frame["date_end"] = pd.to_datetime(frame["date_end"])
    frame["event_type"] = pd.Categorical(frame["event_type"], categories=EVENT_TYPES)
    frame["title"] = "an event"
    return frame


def test_sites_count_events_and_name_their_commonest_type() -> None:
    events = _events(
        [
            ("a", "riot", 36.0, 40.0),
            ("a", "riot", 36.0, 40.0),
            ("a", "escape", 36.0, 40.0),
            ("b", "escape", 35.0, 41.0),
            ("c", "riot", None, None),
        ]
    )
    sites = site_clusters(events).set_index("place_id")
    assert sites["count"].to_dict() == {"a": 3, "b": 1}
    assert sites.loc["a", "dominant_type"] == "riot"
    assert sites.loc["a", "top_types"] == "Riot 2 · Escape 1"
    assert sites.loc["a", "label"] == "A"
    assert (sites.loc["b", "latitude"], sites.loc["b", "longitude"]) == (35.0, 41.0)


def test_a_tie_goes_to_the_type_listed_first_in_the_contract() -> None:
    sites = site_clusters(_events([("a", "escape", 36.0, 40.0), ("a", "prison_attack", 36.0, 40.0)]))
    assert sites.iloc[0]["dominant_type"] == "prison_attack"


def test_cells_sum_their_sites_and_sit_at_their_events_centre() -> None:
    events = _events([("a", "riot", 36.01, 40.01)] * 3 + [("b", "escape", 36.03, 40.03)] + [("c", "riot", 30.0, 45.0)])
    cells = grid_clusters(site_clusters(events), 0.1).sort_values("count", ascending=False)
    assert cells["count"].tolist() == [4, 1]
    first = cells.iloc[0]
    assert first["site_count"] == 2 and first["label"] == "A"
    assert first["latitude"] == pytest.approx((3 * 36.01 + 36.03) / 4)
    assert first["count_riot"] == 3 and first["count_escape"] == 1
    assert first["top_types"] == "Riot 3 · Escape 1"


def test_the_finest_grid_that_fits_is_chosen() -> None:
    rows = [(f"p{index}", "riot", 30.0 + index * 0.01, 40.0) for index in range(300)]
    sites = site_clusters(_events(rows))
    assert choose_cell_degrees(sites, max_cells=300) == 0.05
    assert choose_cell_degrees(sites, max_cells=10) == 0.5


def test_map_level_thresholds() -> None:
    assert map_level(100, 10, estimated_bytes=50_000) == "events"
    assert map_level(100, 10, estimated_bytes=5_000_000) == "sites"
    assert map_level(1_000_000, 500) == "sites"
    assert map_level(1_000_000, MAP_MAX_SITES + 1) == "cells"


def test_the_page_says_how_events_are_shown() -> None:
    assert MapSummary("events", 12, 12).describe() == ""
    assert MapSummary("sites", 1_000_000, 3_412).describe() == "1,000,000 located events shown as 3,412 sites"
    assert MapSummary("cells", 5, 2, 0.2).describe() == "5 located events shown as 2 grid cells of 0.2°"
    assert TimelineSummary(123_456, "month").describe() == "123,456 events shown as monthly counts per type"
    assert [short_count(value) for value in (950, 1_200, 34_400, 1_500_000)] == ["950", "1.2k", "34k", "1.5M"]


def test_monthly_counts_keep_imprecise_events_as_spans() -> None:
    events = _dated(
        [
            ("riot", "2021-03-05", "2021-03-05", "day"),
            ("riot", "2021-03-30", "2021-04-02", "days"),
            ("riot", "2021-04-01", "2021-04-30", "month"),
            ("riot", "2021-01-01", "2021-12-31", "year"),
            ("escape", "2021-03-29", "2021-04-04", "week"),
        ]
    )
    counts = timeline_counts(events, "month")
    exact = counts[~counts["imprecise"]].set_index(["event_type", "period"])["events"].to_dict()
    assert exact == {("riot", "Mar 2021"): 2, ("riot", "Apr 2021"): 1, ("escape", "Apr 2021"): 1}
    spans = counts[counts["imprecise"]]
    assert spans["period"].tolist() == ["2021, known only to the year"]
    assert (spans.iloc[0]["start"], spans.iloc[0]["end"]) == (pd.Timestamp("2021-01-01"), pd.Timestamp("2022-01-01"))
    assert counts["events"].sum() == len(events)


def test_weekly_counts_never_put_a_month_on_one_week() -> None:
    events = _dated([("riot", "2021-04-01", "2021-04-30", "month"), ("riot", "2021-04-07", "2021-04-07", "day")])
    counts = timeline_counts(events, "week").set_index("imprecise")
    assert counts.loc[True, "period"] == "Apr 2021, known only to the month"
    assert counts.loc[False, "period"] == "Week of 5 Apr 2021"
    assert counts.loc[False, "start"] == pd.Timestamp("2021-04-05")


def test_summaries_counts_and_periods_in_dutch() -> None:
    dutch = language("nl")
    assert (
        MapSummary("sites", 1_000_000, 3_412).describe(dutch)
        == "1.000.000 gelokaliseerde gebeurtenissen als 3.412 locaties"
    )
    assert MapSummary("cells", 1, 2, 0.2).describe(dutch) == "1 gelokaliseerde gebeurtenis als 2 rastervakken van 0,2°"
    assert TimelineSummary(123_456, "week").describe(dutch) == "123.456 gebeurtenissen als aantallen per week en soort"
    assert [short_count(value, dutch) for value in (950, 1_200, 34_400, 1_500_000)] == ["950", "1,2k", "34k", "1,5M"]
    events = _dated([("riot", "2021-04-01", "2021-04-30", "month"), ("riot", "2021-04-07", "2021-04-07", "day")])
    counts = timeline_counts(events, "week", dutch).set_index("imprecise")
    assert counts.loc[True, "period"] == "apr 2021, alleen de maand bekend"
    assert counts.loc[False, "period"] == "Week van 5 apr 2021"


def test_cluster_tooltips_in_dutch() -> None:
    dutch = language("nl")
    sites = site_clusters(_events([("a", "riot", 36.5, 40.7), ("a", "escape", 36.5, 40.7)]), dutch)
    assert cluster_tooltips(sites, "sites", dutch) == [
        "A\n2 gebeurtenissen\nOntsnapping 1 · Opstand 1\nKlik om alleen deze locatie te tonen"
    ]
    cells = grid_clusters(sites, 1.0, dutch)
    assert cluster_tooltips(cells, "cells", dutch)[0].startswith("2 gebeurtenissen op 1 locatie, de drukste: A\n")


def test_timeline_level_switches_to_counts_beyond_the_limit() -> None:
    few = _dated([("riot", "2021-01-05", "2021-01-05", "day")] * 10)
    assert timeline_level(few).period is None
    many = _dated([("riot", "2020-01-05", "2020-01-05", "day"), ("riot", "2022-06-05", "2022-06-05", "day")] * 1_500)
    assert timeline_level(many).period == "month"
    recent = _dated([("riot", "2022-01-05", "2022-01-05", "day")] * 3_000)
    assert timeline_level(recent).period == "week"


@pytest.fixture(scope="module")
def large_dataset(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - a Dataset
    return load_dataset(write_dataset(tmp_path_factory.mktemp("synthetic"), 20_000))


def test_the_map_of_twenty_thousand_events_is_small_and_clustered(large_dataset) -> None:
    drawn = build_map(large_dataset.events, large_dataset.places, FigureText(large_dataset.figures))
    text = drawn.deck.to_json()
    assert len(text.encode("utf-8")) < 1_000_000
    layers = {layer["id"]: layer for layer in json.loads(text)["layers"]}
    assert CLUSTERS_LAYER_ID in layers and EVENTS_LAYER_ID not in layers
    assert drawn.summary.level == "sites"
    assert sum(1 for _ in layers[CLUSTERS_LAYER_ID]["data"]) == drawn.summary.mark_count
    tooltip = layers[CLUSTERS_LAYER_ID]["data"][0]["tooltip"]
    assert " events\n" in tooltip or " event\n" in tooltip
    assert set(layers[CLUSTERS_LAYER_ID]["data"][0]) == {
        "place_id",
        "longitude",
        "latitude",
        "radius",
        "fill",
        "tooltip",
    }


def test_the_timeline_of_twenty_thousand_events_is_counts_with_a_brush(large_dataset) -> None:
    spec = build_timeline(large_dataset.events)
    rows = {name: frame.to_dict("records") for name, frame in spec["datasets"].items()}
    assert len(json.dumps({**spec, "datasets": rows}, default=str)) < 1_000_000
    assert {parameter["name"] for parameter in spec["params"]} == {"brush"}
    assert spec["layer"][0]["encoding"]["opacity"]["field"] == "events"
    assert timeline_summary(large_dataset.events).period == "month"


def test_cluster_tooltips_are_text_never_markup(large_dataset) -> None:
    events = large_dataset.events.assign(place_name='<img src=x onerror="alert(1)">')
    deck = build_deck(events, large_dataset.places, {})
    # Text mode: deck.gl inserts the tooltip as text, so the name shows as typed and runs nothing.
    assert deck._tooltip["text"] == "{tooltip}" and "html" not in deck._tooltip
    layer = next(layer for layer in json.loads(deck.to_json())["layers"] if layer["id"] == CLUSTERS_LAYER_ID)
    assert layer["data"][0]["tooltip"].startswith('<img src=x onerror="alert(1)">\n')


def test_small_datasets_are_drawn_event_by_event(explorer_dataset) -> None:
    drawn = build_map(explorer_dataset.events, explorer_dataset.places, dict(FigureText(explorer_dataset.figures)))
    assert drawn.summary.level == "events" and drawn.summary.describe() == ""
    ids = [layer["id"] for layer in json.loads(drawn.deck.to_json())["layers"]]
    assert CLUSTERS_LAYER_ID not in ids and EVENTS_LAYER_ID in ids
    spec = build_timeline(explorer_dataset.events)
    assert {parameter["name"] for parameter in spec["params"]} == {"brush", "pick"}
    assert not timeline_summary(explorer_dataset.events).aggregated


def test_the_deck_json_is_compact(explorer_dataset) -> None:
    text = build_deck(explorer_dataset.events, explorer_dataset.places, {}).to_json()
    assert "\n" not in text and ": " not in text[:200]


def test_the_explorer_says_when_it_aggregates(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.support import REPOSITORY_ROOT

    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(write_dataset(tmp_path / "data", 3_000)))
    app = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    captions = " ".join(caption.value for caption in app.caption)
    assert "located events shown as" in captions and " sites." in captions
    assert "3,000 events shown as monthly counts per type" in captions
    assert "Showing the first 500 of 3,000 events" in captions
    assert len(app.dataframe[0].value) == 500
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    assert CLUSTERS_LAYER_ID in [layer["id"] for layer in spec["layers"]]
    app.multiselect(key="filter_types").set_value(["prison_attack"]).run()
    assert "Showing the first" not in " ".join(caption.value for caption in app.caption)
