"""The country borders as the map draws them: outlines simplified to the map's scale, as paths or line segments."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from typing import Any

import numpy as np

from incidents.views.borders import load_borders

# Degrees a simplified outline may stray from the surveyed one: about 1 km, under a pixel at the opening zoom
# (5 km a pixel) and two at the closest fitted zoom. The validator keeps testing points against the full outline.
DISPLAY_TOLERANCE_DEGREES = 0.01


def simplified(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker: the fewest of `points` (in order, ends kept) within `tolerance` of the whole line."""
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = points[first], points[last]
        inner = points[first + 1 : last]
        direction = end - start
        length = float(np.hypot(*direction))
        if length == 0:
            distance = np.hypot(*(inner - start).T)
        else:
            cross = direction[0] * (inner[:, 1] - start[1]) - direction[1] * (inner[:, 0] - start[0])
            distance = np.abs(cross) / length
        farthest = int(np.argmax(distance))
        if distance[farthest] > tolerance:
            middle = first + 1 + farthest
            keep[middle] = True
            stack.extend([(first, middle), (middle, last)])
    return points[keep]


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


@cache
def border_paths(tolerance: float = DISPLAY_TOLERANCE_DEGREES) -> tuple[dict[str, Any], ...]:
    """Every ring of every country as one path of [longitude, latitude] points, simplified to `tolerance`."""
    paths = []
    for feature in load_borders()["features"]:
        for ring in _rings(feature.get("geometry") or {}):
            points = simplified(np.asarray(ring, dtype=float), tolerance)
            if len(points) >= 3:
                paths.append({"path": np.round(points, 3).tolist()})
    return tuple(paths)


@cache
def border_segments(tolerance: float = DISPLAY_TOLERANCE_DEGREES) -> tuple[dict[str, list[float]], ...]:
    """The same outlines as straight segments from `s` to `t`, for the map's line layer."""
    return tuple({"s": start, "t": end} for row in border_paths(tolerance) for start, end in pairwise(row["path"]))
