"""Tests for the bundled country-borders layer and its pure-Python loader (no network)."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from incidents.views.borders import DEFAULT_BORDERS_PATH, load_borders, point_in_country
from tests.support import REPOSITORY_ROOT as REPO_ROOT

BORDERS_FILE = REPO_ROOT / "data" / "geo" / "borders.geojson"

EXPECTED_COUNTRIES = {
    "SY": "SYR",
    "IQ": "IRQ",
    "TR": "TUR",
    "JO": "JOR",
    "LB": "LBN",
    "IL": "ISR",
    "PS": "PSE",
    "CY": "CYP",
    "IR": "IRN",
    "SA": "SAU",
}


@pytest.fixture(scope="module")
def borders() -> dict[str, Any]:
    return load_borders()


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2.0


def _feature(borders: dict[str, Any], iso_a2: str) -> dict[str, Any]:
    matches = [f for f in borders["features"] if f["properties"]["iso_a2"] == iso_a2]
    assert len(matches) == 1, iso_a2
    return matches[0]


def _segment_distance(px: float, py: float, a: list[float], b: list[float]) -> float:
    ax, ay, bx, by = a[0], a[1], b[0], b[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _distance_to_outline_deg(feature: dict[str, Any], latitude: float, longitude: float) -> float:
    return min(
        _segment_distance(longitude, latitude, a, b)
        for rings in _polygons(feature["geometry"])
        for ring in rings
        for a, b in zip(ring, ring[1:], strict=False)
    )


# --- the file itself -------------------------------------------------------------------------------


def test_default_path_is_the_repository_file() -> None:
    assert DEFAULT_BORDERS_PATH == BORDERS_FILE
    assert BORDERS_FILE.is_file()


def test_file_parses_as_plain_json() -> None:
    data = json.loads(BORDERS_FILE.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"


def test_file_is_small() -> None:
    assert BORDERS_FILE.stat().st_size < 300 * 1024


def test_feature_collection_with_expected_countries(borders: dict[str, Any]) -> None:
    assert borders["type"] == "FeatureCollection"
    codes = {f["properties"]["iso_a2"]: f["properties"]["iso_a3"] for f in borders["features"]}
    assert codes == EXPECTED_COUNTRIES
    for feature in borders["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {"name", "iso_a2", "iso_a3"}
        assert isinstance(feature["properties"]["name"], str) and feature["properties"]["name"]
    assert _feature(borders, "SY")["properties"]["name"] == "Syria"


def test_geometries_are_valid_closed_polygons(borders: dict[str, Any]) -> None:
    for feature in borders["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] in {"Polygon", "MultiPolygon"}
        polygons = _polygons(geometry)
        assert polygons
        for rings in polygons:
            assert rings
            for ring in rings:
                assert len(ring) >= 4
                assert ring[0] == ring[-1]
                for position in ring:
                    assert len(position) == 2
                    lon, lat = position
                    assert -180.0 <= lon <= 180.0
                    assert -90.0 <= lat <= 90.0
                assert all(p != q for p, q in zip(ring, ring[1:], strict=False)), "consecutive duplicates"


def test_coordinates_are_lon_lat(borders: dict[str, Any]) -> None:
    # Syria spans roughly 35.7-42.4 E and 32.3-37.3 N; swapped axes would put it elsewhere.
    polygons = _polygons(_feature(borders, "SY")["geometry"])
    positions = [p for rings in polygons for ring in rings for p in ring]
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    assert 35.0 < min(lons) and max(lons) < 43.0
    assert 32.0 < min(lats) and max(lats) < 38.0


def test_ring_orientation_follows_rfc7946(borders: dict[str, Any]) -> None:
    for feature in borders["features"]:
        for rings in _polygons(feature["geometry"]):
            assert _signed_area(rings[0]) > 0, f"{feature['properties']['iso_a3']} exterior not CCW"
            for hole in rings[1:]:
                assert _signed_area(hole) < 0, f"{feature['properties']['iso_a3']} hole not CW"


def test_syria_has_detailed_outline(borders: dict[str, Any]) -> None:
    rings = [ring for rings in _polygons(_feature(borders, "SY")["geometry"]) for ring in rings]
    assert sum(len(ring) - 1 for ring in rings) >= 300


# --- point_in_country on the real data -----------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "latitude", "longitude"),
    [
        ("al-Malikiyah / Derik", 37.1770, 42.1401),
        ("Roj camp area", 37.08, 42.10),
        ("al-Hol camp", 36.3755, 41.1485),
        ("Hasakah", 36.5024, 40.7477),
        ("Raqqa", 35.9528, 39.0079),
        ("Ain Issa", 36.3855, 38.8623),
    ],
)
def test_points_inside_syria(borders: dict[str, Any], label: str, latitude: float, longitude: float) -> None:
    assert point_in_country(borders, "SY", latitude, longitude), label
    assert not point_in_country(borders, "TR", latitude, longitude), label
    assert not point_in_country(borders, "IQ", latitude, longitude), label


def test_tal_abyad_is_on_the_border_within_tolerance(borders: dict[str, Any]) -> None:
    # Tal Abyad sits on the Syria-Turkey border; the 1:10m source line runs about 0.4 km south of the
    # town centre, so the point itself lands in Turkey. Accept it if it is within ~1 km of Syria.
    latitude, longitude = 36.6965, 38.9538
    syria = _feature(borders, "SY")
    inside = point_in_country(borders, "SY", latitude, longitude)
    assert inside or _distance_to_outline_deg(syria, latitude, longitude) < 0.01
    # A point 1 km further south is unambiguously Syrian.
    assert point_in_country(borders, "SY", latitude - 0.01, longitude)


def test_baqubah_is_in_iraq(borders: dict[str, Any]) -> None:
    assert point_in_country(borders, "IQ", 33.7540, 44.6052)
    assert not point_in_country(borders, "SY", 33.7540, 44.6052)


def test_ankara_is_in_turkey_not_syria(borders: dict[str, Any]) -> None:
    assert point_in_country(borders, "TR", 39.9, 32.8)
    assert not point_in_country(borders, "SY", 39.9, 32.8)


def test_sea_and_unknown_codes_are_outside(borders: dict[str, Any]) -> None:
    assert not point_in_country(borders, "SY", 35.0, 34.0)  # Mediterranean, west of Syria
    assert not point_in_country(borders, "XX", 36.5, 40.7)
    assert point_in_country(borders, "sy", 36.5024, 40.7477)  # code is case-insensitive


# --- point_in_country on synthetic geometry --------------------------------------------------------


def _collection(geometry: dict[str, Any]) -> dict[str, Any]:
    properties = {"name": "Testland", "iso_a2": "TL", "iso_a3": "TLD"}
    feature = {"type": "Feature", "properties": properties, "geometry": geometry}
    return {"type": "FeatureCollection", "features": [feature]}


SQUARE = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
HOLE = [[4.0, 4.0], [4.0, 6.0], [6.0, 6.0], [6.0, 4.0], [4.0, 4.0]]
ISLAND = [[20.0, 20.0], [22.0, 20.0], [22.0, 22.0], [20.0, 22.0], [20.0, 20.0]]


def test_polygon_with_hole() -> None:
    data = _collection({"type": "Polygon", "coordinates": [SQUARE, HOLE]})
    assert point_in_country(data, "TL", 2.0, 2.0)
    assert not point_in_country(data, "TL", 5.0, 5.0)  # in the hole
    assert not point_in_country(data, "TL", 11.0, 5.0)


def test_multipolygon() -> None:
    data = _collection({"type": "MultiPolygon", "coordinates": [[SQUARE, HOLE], [ISLAND]]})
    assert point_in_country(data, "TL", 1.0, 9.0)
    assert point_in_country(data, "TL", 21.0, 21.0)
    assert not point_in_country(data, "TL", 5.0, 5.0)
    assert not point_in_country(data, "TL", 15.0, 15.0)


def test_latitude_longitude_argument_order() -> None:
    tall = [[0.0, 0.0], [1.0, 0.0], [1.0, 10.0], [0.0, 10.0], [0.0, 0.0]]  # lon 0-1, lat 0-10
    data = _collection({"type": "Polygon", "coordinates": [tall]})
    assert point_in_country(data, "TL", 8.0, 0.5)
    assert not point_in_country(data, "TL", 0.5, 8.0)


def test_load_borders_rejects_non_feature_collections(tmp_path: Path) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps({"type": "Feature"}), encoding="utf-8")
    with pytest.raises(ValueError, match="FeatureCollection"):
        load_borders(bad)


def test_load_borders_reads_an_explicit_path(tmp_path: Path) -> None:
    path = tmp_path / "one.geojson"
    path.write_text(json.dumps(_collection({"type": "Polygon", "coordinates": [SQUARE]})), encoding="utf-8")
    loaded = load_borders(path)
    assert point_in_country(loaded, "TL", 5.0, 5.0)


# --- pure helpers of the extraction script (pyshp not needed) --------------------------------------


@pytest.fixture(scope="module")
def extractor() -> ModuleType:
    script = REPO_ROOT / "scripts" / "extract_borders.py"
    spec = importlib.util.spec_from_file_location("extract_borders", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_clean_ring_rounds_dedupes_and_closes(extractor: ModuleType) -> None:
    raw = [(0.001, 0.0), (0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (1.004, 1.0), (0.0, 1.0)]
    ring = extractor.clean_ring(raw, {}, 2)
    assert ring == [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]


def test_clean_ring_uses_fine_precision_for_listed_vertices(extractor: ModuleType) -> None:
    raw = [(0.0, 0.0), (1.23456, 0.0), (1.0, 1.0)]
    ring = extractor.clean_ring(raw, {(1.23456, 0.0): 3}, 2)
    assert (1.235, 0.0) in ring


def test_clean_ring_drops_degenerate_rings(extractor: ModuleType) -> None:
    assert extractor.clean_ring([(0.0, 0.0), (0.001, 0.001), (0.002, 0.0), (0.0, 0.0)], {}, 2) == []
    assert extractor.clean_ring([(0.0, 0.0), (1.0, 1.0), (2.0, 2.0), (0.0, 0.0)], {}, 2) == []


def test_clean_geometry_orients_rings(extractor: ModuleType) -> None:
    clockwise_square = [tuple(p) for p in reversed(SQUARE)]
    counter_clockwise_hole = [tuple(p) for p in reversed(HOLE)]
    geometry = {"type": "Polygon", "coordinates": [clockwise_square, counter_clockwise_hole]}
    cleaned = extractor.clean_geometry(geometry, {}, 2)
    assert cleaned is not None and cleaned["type"] == "Polygon"
    exterior, hole = cleaned["coordinates"]
    assert _signed_area(exterior) > 0
    assert _signed_area(hole) < 0
