"""Load the bundled country-borders GeoJSON and test points against it, in pure Python."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

DEFAULT_BORDERS_PATH: Path = Path(__file__).resolve().parents[2] / "data" / "geo" / "borders.geojson"

PolygonCoords = Sequence[Sequence[Sequence[float]]]


def load_borders(path: Path | None = None) -> dict[str, Any]:
    """Read the borders FeatureCollection (default: the repository's data/geo/borders.geojson)."""
    source = DEFAULT_BORDERS_PATH if path is None else path
    data = json.loads(source.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{source.name} is not a GeoJSON FeatureCollection")
    if not isinstance(data.get("features"), list):
        raise ValueError(f"{source.name} has no features list")
    return data


def _ring_contains(ring: Sequence[Sequence[float]], x: float, y: float) -> bool:
    """Return whether (x, y) lies inside a closed ring, by even-odd ray casting."""
    inside = False
    count = len(ring)
    if count < 4:
        return False
    x1, y1 = float(ring[-1][0]), float(ring[-1][1])
    for position in ring:
        x2, y2 = float(position[0]), float(position[1])
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        x1, y1 = x2, y2
    return inside


def _polygon_contains(rings: PolygonCoords, x: float, y: float) -> bool:
    """Return whether (x, y) is inside the exterior ring and outside every hole."""
    if not rings or not _ring_contains(rings[0], x, y):
        return False
    return not any(_ring_contains(hole, x, y) for hole in rings[1:])


def _polygons(geometry: Mapping[str, Any]) -> Iterator[PolygonCoords]:
    """Yield the polygons of a Polygon or MultiPolygon geometry (nothing for other types)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        yield geometry["coordinates"]
    elif kind == "MultiPolygon":
        yield from geometry["coordinates"]


def point_in_country(borders: Mapping[str, Any], iso_a2: str, latitude: float, longitude: float) -> bool:
    """Return whether (latitude, longitude) falls inside the country with ISO 3166-1 alpha-2 code ISO_A2."""
    code = iso_a2.strip().upper()
    for feature in borders.get("features", []):
        properties = feature.get("properties") or {}
        if str(properties.get("iso_a2", "")).upper() != code:
            continue
        geometry = feature.get("geometry") or {}
        if any(_polygon_contains(rings, longitude, latitude) for rings in _polygons(geometry)):
            return True
    return False
