"""Place names on the map at the opening zoom: clear of markers, counts and each other, inside the narrowest map."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from incidents.contract.load import load_dataset
from incidents.views.map_labels import (
    COUNT_LABEL_OFFSET,
    COUNT_LABEL_SIZE,
    NARROWEST_MAP_WIDTH,
    SAME_SPOT_PIXELS,
    TOWN_LABEL_OFFSET,
    TOWN_LABEL_SIZE,
    label_boxes,
    placed_counts,
    placed_town_labels,
    visible_frame,
    world_pixels,
)
from incidents.views.map_spec import CLUSTERS_LAYER_ID, EVENTS_LAYER_ID, MAP_HEIGHT, build_map
from incidents.words import FigureText
from tests.support import DATA_DIR


def _overlapping(boxes: np.ndarray) -> list[tuple[int, int]]:
    return [
        (first, second)
        for first in range(len(boxes))
        for second in range(first + 1, len(boxes))
        if boxes[first][0] < boxes[second][2]
        and boxes[second][0] < boxes[first][2]
        and boxes[first][1] < boxes[second][3]
        and boxes[second][1] < boxes[first][3]
    ]


def _touching(boxes: np.ndarray, markers: pd.DataFrame, zoom: float) -> list[tuple[int, int]]:
    """(label, marker) pairs where a label's box reaches into a marker's disc and its outline."""
    x, y = world_pixels(markers["longitude"].to_numpy(dtype=float), markers["latitude"].to_numpy(dtype=float), zoom)
    # deck.gl draws the 2-pixel outline centred on the disc's edge.
    reach = markers["radius"].to_numpy(dtype=float) + 1.0
    pairs = []
    for label, (left, top, right, bottom) in enumerate(boxes):
        gap_x = np.clip(x, left, right) - x
        gap_y = np.clip(y, top, bottom) - y
        pairs += [(label, int(marker)) for marker in np.flatnonzero(gap_x**2 + gap_y**2 < reach**2)]
    return pairs


def _outside(boxes: np.ndarray, frame: np.ndarray) -> list[int]:
    return [
        row
        for row, (left, top, right, bottom) in enumerate(boxes)
        if left < frame[0] or top < frame[1] or right > frame[2] or bottom > frame[3]
    ]


def _map(events: pd.DataFrame, places: pd.DataFrame, figures: object, view: dict | None = None) -> dict:
    """The map's JSON as the browser gets it, with its layers' data as frames."""
    spec = json.loads(build_map(events, places, FigureText(figures), view=view).deck.to_json())
    layers = {layer["id"]: pd.DataFrame(layer["data"]) for layer in spec["layers"] if layer["id"] != "borders"}
    return {"view": spec["initialViewState"], **layers}


def _drawn_names(drawn: dict) -> tuple[pd.DataFrame, np.ndarray]:
    names = drawn["town-labels"]
    return names, label_boxes(names, drawn["view"]["zoom"], TOWN_LABEL_SIZE, TOWN_LABEL_OFFSET)


@pytest.fixture(scope="module")
def bundled_map() -> dict:
    dataset = load_dataset(DATA_DIR)
    return _map(dataset.events, dataset.places, dataset.figures)


def test_no_label_overlaps_another_on_the_bundled_map(bundled_map) -> None:
    zoom = bundled_map["view"]["zoom"]
    towns, counts = bundled_map["town-labels"], bundled_map["site-counts"]
    boxes = np.vstack(
        [
            label_boxes(towns, zoom, TOWN_LABEL_SIZE, TOWN_LABEL_OFFSET),
            label_boxes(counts, zoom, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET),
        ]
    )
    names = [*towns["label"], *counts["label"]]
    assert _overlapping(boxes) == [], [(names[first], names[second]) for first, second in _overlapping(boxes)]
    # Every ×N count stays; names yield, but not all of them.
    assert list(counts["label"]) == ["×43", "×11", "×2"]
    assert len(towns) >= 5


def test_no_name_sits_on_a_marker_on_the_bundled_map(bundled_map) -> None:
    names, boxes = _drawn_names(bundled_map)
    markers = bundled_map[EVENTS_LAYER_ID]
    touching = _touching(boxes, markers, bundled_map["view"]["zoom"])
    assert touching == [], [(names["label"].iloc[name], markers["event_id"].iloc[marker]) for name, marker in touching]
    # The towns whose names sat on markers keep a name, beside them.
    assert {"Raqqa", "Suluk", "Qamishli"} <= set(names["label"])


def test_every_name_on_the_bundled_map_fits_a_phone_wide_map(bundled_map) -> None:
    names, boxes = _drawn_names(bundled_map)
    frame = visible_frame(bundled_map["view"], NARROWEST_MAP_WIDTH, MAP_HEIGHT)
    assert [names["label"].iloc[row] for row in _outside(boxes, frame)] == []


def test_a_name_on_a_marker_moves_beside_it(explorer_dataset) -> None:
    # al-Hasakah's point is a pixel from the Ghwayran prison's markers at the opening zoom.
    drawn = _map(explorer_dataset.events, explorer_dataset.places, explorer_dataset.figures)
    names, boxes = _drawn_names(drawn)
    assert list(names["label"]) == ["al-Hasakah"]
    assert _touching(boxes, drawn[EVENTS_LAYER_ID], drawn["view"]["zoom"]) == []


def test_a_name_at_the_map_edge_moves_inside(explorer_dataset) -> None:
    # A view whose left edge, on a phone, falls a few pixels west of al-Hasakah: centred, its name crossed it.
    zoom = 5.5
    town_x, _ = world_pixels(np.array([40.7477]), np.array([36.5024]), zoom)
    centre = np.array([town_x[0] + NARROWEST_MAP_WIDTH / 2 - 8])
    longitude = float(centre[0] / (512.0 * 2**zoom) * 360.0 - 180.0)
    view = {"latitude": 36.0, "longitude": longitude, "zoom": zoom}
    drawn = _map(explorer_dataset.events, explorer_dataset.places, explorer_dataset.figures, view)
    names, boxes = _drawn_names(drawn)
    assert list(names["label"]) == ["al-Hasakah"]
    assert _outside(boxes, visible_frame(view, NARROWEST_MAP_WIDTH, MAP_HEIGHT)) == []


def test_a_name_takes_the_nearest_free_side_of_a_marker() -> None:
    towns = pd.DataFrame({"label": ["Town"], "longitude": [40.0], "latitude": [36.0]})
    marker = pd.DataFrame({"longitude": [40.0], "latitude": [36.0], "radius": [10.0]})
    placed = placed_town_labels(towns, np.array([1]), zoom=6.0, markers=marker)
    boxes = label_boxes(placed, 6.0, TOWN_LABEL_SIZE, TOWN_LABEL_OFFSET)
    assert _touching(boxes, marker, 6.0) == []
    # Straight above, just clear of the disc and its outline: not pushed farther than it needs.
    assert placed["anchor"].iloc[0] == "middle"
    offset_x, offset_y = placed["offset"].iloc[0]
    assert offset_x == 0 and -(10 + 1 + 2 + 6 + TOWN_LABEL_SIZE / 2) <= offset_y < -(10 + 1 + TOWN_LABEL_SIZE / 2)


def test_a_name_whose_usual_place_is_off_the_map_moves_to_a_side_inside_it() -> None:
    towns = pd.DataFrame({"label": ["Northtown"], "longitude": [40.0], "latitude": [36.0]})
    x, y = world_pixels(np.array([40.0]), np.array([36.0]), 6.0)
    # The map's top edge is 10 pixels above the point: no room above, plenty beside and below.
    frame = np.array([x[0] - 200, y[0] - 10, x[0] + 200, y[0] + 200])
    placed = placed_town_labels(towns, np.array([0]), zoom=6.0, frame=frame)
    assert len(placed) == 1 and placed["offset"].iloc[0] != list(TOWN_LABEL_OFFSET)
    assert _outside(label_boxes(placed, 6.0, TOWN_LABEL_SIZE, TOWN_LABEL_OFFSET), frame) == []


def test_a_name_with_no_room_inside_the_map_is_left_off() -> None:
    towns = pd.DataFrame({"label": ["Outside", "Inside"], "longitude": [35.0, 40.0], "latitude": [36.0, 36.0]})
    x, y = world_pixels(np.array([40.0]), np.array([36.0]), 6.0)
    frame = np.array([x[0] - 100, y[0] - 100, x[0] + 100, y[0] + 100])
    assert list(placed_town_labels(towns, np.array([9, 0]), zoom=6.0, frame=frame)["label"]) == ["Inside"]


def test_of_two_names_at_one_point_the_busier_place_keeps_the_usual_place() -> None:
    towns = pd.DataFrame({"label": ["Quiet", "Busy", "Far"], "longitude": [40.0, 40.01, 45.0], "latitude": [36.0] * 3})
    placed = placed_town_labels(towns, np.array([0, 5, 0]), zoom=6.0)
    offsets = dict(zip(placed["label"], placed["offset"], strict=True))
    assert offsets["Busy"] == list(TOWN_LABEL_OFFSET)
    assert offsets["Quiet"] != list(TOWN_LABEL_OFFSET)
    assert _overlapping(label_boxes(placed, 6.0, TOWN_LABEL_SIZE, TOWN_LABEL_OFFSET)) == []


def test_a_name_never_covers_the_point_of_another_named_place() -> None:
    # Two towns a few pixels apart: each name keeps off the other's point, so neither seems the other's.
    towns = pd.DataFrame({"label": ["Westtown", "Easttown"], "longitude": [40.0, 40.2], "latitude": [36.0, 36.0]})
    placed = placed_town_labels(towns, np.array([1, 0]), zoom=6.0)
    boxes = label_boxes(placed, 6.0, TOWN_LABEL_SIZE, TOWN_LABEL_OFFSET)
    x, y = world_pixels(placed["longitude"].to_numpy(), placed["latitude"].to_numpy(), 6.0)
    for row, (left, top, right, bottom) in enumerate(boxes):
        others = [other for other in range(len(placed)) if other != row]
        assert not any(left <= x[other] <= right and top <= y[other] <= bottom for other in others), placed


def test_a_name_moves_aside_for_a_count_in_its_place_and_yields_when_hemmed_in() -> None:
    towns = pd.DataFrame({"label": ["Town"], "longitude": [40.0], "latitude": [36.0]})
    counts = pd.DataFrame({"label": ["×12"], "longitude": [40.0], "latitude": [36.045]})
    placed = placed_town_labels(towns, np.array([9]), zoom=8.0, counts=counts)
    both = np.vstack(
        [
            label_boxes(placed, 8.0, TOWN_LABEL_SIZE, TOWN_LABEL_OFFSET),
            label_boxes(counts, 8.0, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET),
        ]
    )
    assert len(placed) == 1 and _overlapping(both) == []
    # Counts all round the point: no spot close to it is free, so the name is left off.
    ring = pd.DataFrame(
        {
            "label": ["×100000"] * 8,
            "longitude": 40.0 + 0.06 * np.cos(np.linspace(0, 2 * np.pi, 8, endpoint=False)),
            "latitude": 36.0 + 0.05 * np.sin(np.linspace(0, 2 * np.pi, 8, endpoint=False)),
            "offset": [[0.0, 0.0]] * 8,
        }
    )
    hemmed = pd.concat([counts.assign(offset=[list(COUNT_LABEL_OFFSET)]), ring], ignore_index=True)
    assert placed_town_labels(towns, np.array([9]), zoom=8.0, counts=hemmed).empty


def test_names_are_kept_in_their_original_order() -> None:
    towns = pd.DataFrame({"label": ["A", "B", "C"], "longitude": [30.0, 35.0, 40.0], "latitude": [36.0] * 3})
    assert list(placed_town_labels(towns, np.array([0, 9, 3]), zoom=5.0)["label"]) == ["A", "B", "C"]


def test_each_count_on_the_bundled_map_is_nearer_its_own_site_than_another_sites_marker(bundled_map) -> None:
    events = load_dataset(DATA_DIR).events
    zoom = bundled_map["view"]["zoom"]
    counts, markers = bundled_map["site-counts"], bundled_map[EVENTS_LAYER_ID]
    boxes = label_boxes(counts, zoom, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET)
    places = markers["event_id"].map(dict(zip(events["event_id"], events["place_id"], strict=True))).to_numpy()
    marker_x, marker_y = world_pixels(markers["longitude"].to_numpy(), markers["latitude"].to_numpy(), zoom)
    site_x, site_y = world_pixels(counts["longitude"].to_numpy(), counts["latitude"].to_numpy(), zoom)
    misleading = []
    for row, box in enumerate(boxes):
        # A site on the same spot (al-Hol camp and the jail in al-Hawl town) cannot be told apart by any place.
        apart = np.hypot(marker_x - site_x[row], marker_y - site_y[row])
        others = (places != counts["place_id"].iloc[row]) & (apart > SAME_SPOT_PIXELS)
        own = float(_box_distance(box, site_x[row : row + 1], site_y[row : row + 1])[0])
        gaps = _box_distance(box, marker_x[others], marker_y[others]) - markers["radius"].to_numpy()[others]
        if gaps.min() < own:
            misleading.append((counts["label"].iloc[row], counts["place_id"].iloc[row], own, float(gaps.min())))
    assert misleading == [], misleading


def test_names_near_other_markers_take_a_spot_nearer_their_own_point_on_the_bundled_map(bundled_map) -> None:
    zoom = bundled_map["view"]["zoom"]
    names, boxes = _drawn_names(bundled_map)
    markers = bundled_map[EVENTS_LAYER_ID]
    marker_x, marker_y = world_pixels(markers["longitude"].to_numpy(), markers["latitude"].to_numpy(), zoom)
    name_x, name_y = world_pixels(names["longitude"].to_numpy(), names["latitude"].to_numpy(), zoom)
    misread = set()
    for row, box in enumerate(boxes):
        elsewhere = np.hypot(marker_x - name_x[row], marker_y - name_y[row]) > SAME_SPOT_PIXELS
        gaps = _box_distance(box, marker_x[elsewhere], marker_y[elsewhere]) - markers["radius"].to_numpy()[elsewhere]
        if gaps.min() < _box_distance(box, name_x[row : row + 1], name_y[row : row + 1])[0]:
            misread.add(names["label"].iloc[row])
    # Both had a free spot by their own point but took one beside a neighbour's marker (the Raqqa area is too
    # crowded for every name to have one).
    assert not misread & {"Qamishli", "al-Malikiyah (Derik)"}, misread


def test_a_count_keeps_off_a_neighbouring_sites_marker() -> None:
    # Two sites 14 pixels apart at zoom 6 and a third site's marker above and right of the smaller one.
    counts = pd.DataFrame(
        {"place_id": ["big", "small"], "label": ["×43", "×11"], "longitude": [40.2, 40.0], "latitude": [36.0, 36.0]}
    )
    x, y = world_pixels(np.array([40.0]), np.array([36.0]), 6.0)
    longitude, latitude = _lon_lat(x[0] + 20.0, y[0] - 18.0, 6.0)
    markers = pd.DataFrame(
        {
            "place_id": ["big", "small", "other"],
            "longitude": [40.2, 40.0, longitude],
            "latitude": [36.0, 36.0, latitude],
            "radius": [12.0, 6.0, 8.0],
        }
    )
    blind = placed_counts(counts, zoom=6.0)
    placed = placed_counts(counts, zoom=6.0, markers=markers)
    small = label_boxes(placed.iloc[[1]], 6.0, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET)
    other = markers.iloc[[2]]
    assert _touching(label_boxes(blind.iloc[[1]], 6.0, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET), other, 6.0) != []
    assert _touching(small, other, 6.0) == []
    assert placed["offset"].iloc[0] == list(COUNT_LABEL_OFFSET)


def _box_distance(box: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pixels from a box (left, top, right, bottom) to each point; 0 inside it."""
    left, top, right, bottom = box
    return np.hypot(np.clip(x, left, right) - x, np.clip(y, top, bottom) - y)


def _lon_lat(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The inverse of world_pixels for one point."""
    scale = 512.0 * 2.0**zoom
    longitude = x / scale * 360.0 - 180.0
    latitude = float(np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * y / scale)))))
    return longitude, latitude


def test_two_counts_at_neighbouring_sites_both_stay_and_do_not_overlap() -> None:
    counts = pd.DataFrame({"label": ["×43", "×11"], "longitude": [40.0, 40.0], "latitude": [36.0, 36.0]})
    placed = placed_counts(counts, zoom=6.0)
    assert list(placed["label"]) == ["×43", "×11"]
    assert _overlapping(label_boxes(placed, 6.0, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET)) == []
    # The larger count keeps the usual place, lower right of its site.
    assert placed["offset"].iloc[0] == list(COUNT_LABEL_OFFSET)


def test_a_name_under_a_circle_of_an_aggregated_map_moves_beside_it(tmp_path) -> None:
    from benchmarks.synthetic import write_dataset

    dataset = load_dataset(write_dataset(tmp_path, 3_000))
    circles = _map(dataset.events, dataset.places, dataset.figures)[CLUSTERS_LAYER_ID]
    largest = circles.loc[circles["radius"].idxmax()]
    # A town right at the largest circle's centre, where the circle and its count take the usual place of a name.
    town = dataset.places.iloc[[0]].assign(
        place_id="pl-circle-town",
        name="Circletown",
        kind="town",
        longitude=largest["longitude"],
        latitude=largest["latitude"],
    )
    drawn = _map(dataset.events, pd.concat([dataset.places, town]), dataset.figures)
    names, boxes = _drawn_names(drawn)
    assert "Circletown" in set(names["label"])
    assert _touching(boxes, drawn[CLUSTERS_LAYER_ID], drawn["view"]["zoom"]) == []
