"""The borders as drawn: simplified within a kilometre of the surveyed outline, every country still there."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from incidents.views.borders import load_borders
from incidents.views.map_borders import DISPLAY_TOLERANCE_DEGREES, border_paths, border_segments, simplified


def _distance_to_line(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """Each point's distance to the nearest segment of `line`."""
    starts, ends = line[:-1], line[1:]
    direction = ends - starts
    length = np.maximum((direction**2).sum(axis=1), 1e-18)
    along = np.clip(((points[:, None, :] - starts) * direction).sum(axis=2) / length, 0, 1)
    nearest = starts + along[..., None] * direction
    return np.sqrt(((points[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)


def test_a_straight_run_keeps_only_its_ends() -> None:
    line = np.array([[0.0, 0.0], [1.0, 0.001], [2.0, 0.0], [3.0, -0.001], [4.0, 0.0]])
    assert simplified(line, 0.01).tolist() == [[0.0, 0.0], [4.0, 0.0]]


def test_a_corner_beyond_the_tolerance_is_kept() -> None:
    line = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    assert simplified(line, 0.01).tolist() == line.tolist()


def test_every_surveyed_point_stays_within_the_tolerance_of_its_simplified_ring() -> None:
    syria = next(feature for feature in load_borders()["features"] if feature["properties"]["iso_a2"] == "SY")
    ring = np.asarray(syria["geometry"]["coordinates"][0], dtype=float)
    kept = simplified(ring, DISPLAY_TOLERANCE_DEGREES)
    assert len(kept) < len(ring) / 2
    assert _distance_to_line(ring, kept).max() <= DISPLAY_TOLERANCE_DEGREES + 1e-9


def test_every_country_keeps_its_outline_with_a_third_of_the_points() -> None:
    features = load_borders()["features"]
    surveyed = sum(
        len(ring)
        for feature in features
        for polygon in (
            [feature["geometry"]["coordinates"]]
            if feature["geometry"]["type"] == "Polygon"
            else feature["geometry"]["coordinates"]
        )
        for ring in polygon
    )
    drawn = sum(len(row["path"]) for row in border_paths())
    assert drawn < surveyed / 2
    # Syria's outline is a closed ring drawn as one path.
    assert any(row["path"][0] == row["path"][-1] and len(row["path"]) > 50 for row in border_paths())


def test_the_segments_draw_every_path_end_to_end() -> None:
    segments = border_segments()
    assert len(segments) == sum(len(row["path"]) - 1 for row in border_paths())
    chained = iter(segments)
    for row in border_paths():
        for start, end in pairwise(row["path"]):
            assert next(chained) == {"s": start, "t": end}
