"""The map, checked through the JSON that pydeck sends to the browser."""

from __future__ import annotations

import json

import pytest
from pydeck.bindings.json_tools import default_serialize

from incidents.filters import EventFilter, filter_events
from incidents.views.map_spec import EVENTS_LAYER_ID, build_deck, site_counts
from incidents.views.style import EVENT_TYPE_COLOURS
from incidents.words import FigureText


@pytest.fixture(scope="module")
def spec(explorer_dataset) -> dict:
    deck = build_deck(
        explorer_dataset.events,
        explorer_dataset.places,
        dict(FigureText(explorer_dataset.figures)),
        selected_id="2022-01-20-ghwayran-attack",
    )
    return json.loads(deck.to_json())


def _layer(spec: dict, layer_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


def test_every_layer_has_an_id(spec) -> None:
    assert [layer["id"] for layer in spec["layers"]] == [
        "borders",
        "town-labels",
        "precision-halos",
        "events",
        "site-counts",
        "selected",
    ]


def test_no_third_party_basemap_by_default(spec) -> None:
    assert "mapProvider" not in spec
    assert spec["mapStyle"] == "__MAP_STYLE__"  # pydeck's sentinel: Streamlit draws no basemap


def test_street_basemap_is_opt_in(explorer_dataset) -> None:
    deck = build_deck(explorer_dataset.events, explorer_dataset.places, {}, street_basemap=True)
    assert json.loads(deck.to_json())["mapProvider"] == "carto"


def test_unlocated_events_are_left_off_the_map(spec) -> None:
    ids = [row["event_id"] for row in _layer(spec, EVENTS_LAYER_ID)["data"]]
    assert "2022-01-21-diyala-army-post" not in ids
    # The statement row is located (at a region point) but is context, not a map point.
    assert "2019-09-16-call-to-free-prisoners" not in ids
    assert len(ids) == 6


def test_size_follows_the_conservative_figure(spec) -> None:
    rows = {row["event_id"]: row for row in _layer(spec, EVENTS_LAYER_ID)["data"]}
    # Ain Issa: SOHR's 100, not the administration's 785; Derik has no figure at all.
    assert rows["2019-10-13-ain-issa-camp-escape"]["radius"] == pytest.approx(4 + 1.6 * 10)
    assert rows["2019-04-05-derik-riot"]["radius"] == 4
    assert rows["2022-01-20-ghwayran-attack"]["radius"] > rows["2019-10-13-ain-issa-camp-escape"]["radius"]


def test_colour_by_type_and_hollow_when_imprecise(spec) -> None:
    rows = {row["event_id"]: row for row in _layer(spec, EVENTS_LAYER_ID)["data"]}
    attack = rows["2022-01-20-ghwayran-attack"]
    assert attack["fill"][:3] == list(EVENT_TYPE_COLOURS["prison_attack"])
    derik = rows["2019-04-05-derik-riot"]  # prison placed at its town's point
    assert derik["fill"] == [255, 255, 255, 150]
    assert derik["outline"][:3] == list(EVENT_TYPE_COLOURS["riot"])


def test_imprecise_events_get_a_halo(spec) -> None:
    halos = _layer(spec, "precision-halos")["data"]
    # Two town points; the region-wide statement that had the 80 km halo is context and not drawn.
    assert sorted(row["halo"] for row in halos) == [6000, 6000]


def test_events_sharing_a_site_are_spread_and_counted(spec) -> None:
    rows = [row for row in _layer(spec, EVENTS_LAYER_ID)["data"] if "ghwayran" in row["event_id"]]
    assert (rows[0]["longitude"], rows[0]["latitude"]) != (rows[1]["longitude"], rows[1]["latitude"])
    labels = {row["place_id"]: row["label"] for row in _layer(spec, "site-counts")["data"]}
    assert labels == {"pl-al-hol-camp": "×2", "pl-ghwayran-prison": "×2"}


def test_selected_event_is_ringed(spec) -> None:
    assert len(_layer(spec, "selected")["data"]) == 1


def test_tooltip_is_plain_text(explorer_dataset) -> None:
    events = filter_events(explorer_dataset, EventFilter(event_types=("riot",))).copy()
    events["title"] = '<img src=x onerror="alert(1)">'
    deck = build_deck(events, explorer_dataset.places, {"2019-04-05-derik-riot": "Escaped: 0"})
    spec = json.loads(deck.to_json())
    # Text mode makes deck.gl insert the text as text; the browser test checks nothing is injected.
    assert deck._tooltip["text"] == "{tooltip}" and "html" not in deck._tooltip
    tooltip = _layer(spec, EVENTS_LAYER_ID)["data"][0]["tooltip"]
    assert tooltip == '<img src=x onerror="alert(1)">\n5 Apr 2019\nRiot · Derik prison\nEscaped: 0'


def test_only_needed_columns_reach_the_browser(spec) -> None:
    row = _layer(spec, EVENTS_LAYER_ID)["data"][0]
    assert set(row) == {"event_id", "longitude", "latitude", "radius", "fill", "outline", "tooltip"}


def test_the_borders_written_once_give_the_same_json_as_pydeck(explorer_dataset) -> None:
    deck = build_deck(explorer_dataset.events, explorer_dataset.places, dict(FigureText(explorer_dataset.figures)))
    plain = json.dumps(deck, sort_keys=True, default=default_serialize, separators=(",", ":"))
    assert deck.to_json() == plain
    borders = json.loads(deck.to_json())["layers"][0]
    assert borders["@@type"] == "LineLayer" and borders["getSourcePosition"] == "@@=s"
    assert all(len(row["s"]) == len(row["t"]) == 2 for row in borders["data"])


def test_sites_with_several_events_are_counted_in_list_order(explorer_dataset) -> None:
    events = explorer_dataset.events
    counts = site_counts(events, events)
    located = events[events["has_location"]]
    expected = located["place_id"].value_counts()
    assert dict(zip(counts["place_id"], counts["label"], strict=True)) == {
        place: f"×{count}" for place, count in expected[expected > 1].items()
    }
    first_seen = list(dict.fromkeys(located["place_id"]))
    assert list(counts["place_id"]) == [place for place in first_seen if expected[place] > 1]
