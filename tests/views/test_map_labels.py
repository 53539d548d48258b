"""Place names on the map: none overlaps another or a ×N count at the opening zoom; the busiest place wins."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from incidents.contract.load import load_dataset
from incidents.views.map_labels import (
    COUNT_LABEL_OFFSET,
    COUNT_LABEL_SIZE,
    TOWN_LABEL_OFFSET,
    TOWN_LABEL_SIZE,
    label_boxes,
    placed_counts,
    spaced_town_labels,
)
from incidents.views.map_spec import build_map
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


def test_no_label_overlaps_another_on_the_bundled_map() -> None:
    dataset = load_dataset(DATA_DIR)
    spec = json.loads(build_map(dataset.events, dataset.places, FigureText(dataset.figures)).deck.to_json())
    zoom = spec["initialViewState"]["zoom"]
    layers = {layer["id"]: pd.DataFrame(layer["data"]) for layer in spec["layers"] if "data" in layer}
    towns, counts = layers["town-labels"], layers["site-counts"]
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


def test_of_two_overlapping_names_the_busier_place_keeps_its_name() -> None:
    towns = pd.DataFrame({"label": ["Quiet", "Busy", "Far"], "longitude": [40.0, 40.01, 45.0], "latitude": [36.0] * 3})
    kept = spaced_town_labels(towns, np.array([0, 5, 0]), zoom=6.0, counts=None)
    assert list(kept["label"]) == ["Busy", "Far"]


def test_a_name_yields_to_a_count_in_its_place() -> None:
    towns = pd.DataFrame({"label": ["Town"], "longitude": [40.0], "latitude": [36.0]})
    counts = pd.DataFrame({"label": ["×12"], "longitude": [40.0], "latitude": [36.045]})
    assert spaced_town_labels(towns, np.array([9]), zoom=8.0, counts=counts).empty
    assert len(spaced_town_labels(towns, np.array([9]), zoom=8.0, counts=counts.assign(longitude=44.0))) == 1


def test_names_are_kept_in_their_original_order() -> None:
    towns = pd.DataFrame({"label": ["A", "B", "C"], "longitude": [30.0, 35.0, 40.0], "latitude": [36.0] * 3})
    assert list(spaced_town_labels(towns, np.array([0, 9, 3]), zoom=5.0, counts=None)["label"]) == ["A", "B", "C"]


def test_two_counts_at_neighbouring_sites_both_stay_and_do_not_overlap() -> None:
    counts = pd.DataFrame({"label": ["×43", "×11"], "longitude": [40.0, 40.0], "latitude": [36.0, 36.0]})
    placed = placed_counts(counts, zoom=6.0)
    assert list(placed["label"]) == ["×43", "×11"]
    assert _overlapping(label_boxes(placed, 6.0, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET)) == []
    # The larger count keeps the usual place, lower right of its site.
    assert placed["offset"].iloc[0] == list(COUNT_LABEL_OFFSET)
