"""Charts by their Vega-Lite spec: one mark per claim, open ends as arrows, ranges as rules, population over time."""

from __future__ import annotations

import pandas as pd

from incidents.contested import CLAIM_COLUMNS, claims_for
from incidents.sites import population_claims
from incidents.views.charts import ROW_HEIGHT, chart_frames, contested_chart, population_chart

AIN_ISSA = "2019-10-13-ain-issa-camp-escape"
GHWAYRAN = "2022-01-20-ghwayran-attack"


def test_chart_has_one_mark_per_claim(explorer_dataset) -> None:
    claims = claims_for(explorer_dataset, GHWAYRAN, "killed_total")
    chart = contested_chart(claims)
    ranges, singles, opens, arrows, labels, names = chart.layer
    assert len(ranges.data) + len(singles.data) + len(opens.data) == len(claims) == 3
    assert len(singles.data) == 3 and len(opens.data) == 0
    spec = chart.to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "point", "rule", "point", "text", "text"]


def test_chart_names_claimants_above_their_rows_and_kinds_in_words(explorer_dataset) -> None:
    claims = claims_for(explorer_dataset, GHWAYRAN, "killed_total")
    spec = contested_chart(claims).to_dict()
    names = spec["layer"][-1]
    # Above the row, left-aligned across the plot: no axis column of names to squeeze the figures on a phone.
    assert names["mark"]["baseline"] == "bottom" and names["mark"]["dy"] < 0
    assert all(layer["encoding"]["y"]["axis"] is None for layer in spec["layer"])
    assert spec["height"] == {"step": ROW_HEIGHT}
    assert set(chart_frames(claims)["single"]["kind_label"]) == {"Monitor", "Armed group"}


def test_chart_draws_open_ended_claims_as_arrows_with_a_plus(explorer_dataset) -> None:
    claims = claims_for(explorer_dataset, GHWAYRAN, "escaped")
    frames = chart_frames(claims)
    assert len(frames["open"]) == 1 and frames["range"].empty and frames["single"].empty
    open_claim = frames["open"].iloc[0]
    assert open_claim["x_end"] > open_claim["value_low"] == 800
    assert list(frames["open"]["label"]) == ["800+"]
    spec = contested_chart(claims).to_dict()
    assert spec["layer"][3]["mark"]["shape"] == "triangle-right"
    assert spec["layer"][2]["mark"]["strokeDash"]


def test_chart_draws_ranges_as_rules(explorer_dataset) -> None:
    claims = claims_for(explorer_dataset, AIN_ISSA, "escaped")
    ranged = claims.assign(value_high=[900, 150], value_text=["785–900", "100–150"])
    frames = chart_frames(ranged)
    assert len(frames["range"]) == 2
    assert list(frames["range"]["x_end"]) == [900, 150]


def test_chart_of_no_claims_still_renders() -> None:
    assert contested_chart(pd.DataFrame(columns=CLAIM_COLUMNS)).to_dict()["layer"]


def test_population_chart_draws_only_dated_claims(population_dataset) -> None:
    claims = population_claims(population_dataset, "pl-al-hol-camp")
    chart = population_chart(claims)
    ranges, points = chart.layer
    assert len(points.data) == 3
    # Only a claimed range gets a rule, from its low to its high figure.
    assert list(ranges.data["claim_id"]) == ["p2"]
    assert list(ranges.data["value_top"]) == [60000]
    assert chart.to_dict()["layer"][0]["mark"]["type"] == "rule"
