"""Place names that do not overlap at the map's opening zoom: the busiest places keep theirs, the rest yield."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

# Web Mercator at zoom 0 is 512 pixels wide in deck.gl.
_WORLD_PIXELS = 512.0
# An average Helvetica/Arial character is a little over half as wide as the font is tall.
_CHARACTER_WIDTH = 0.6
# Empty pixels kept between two labels so they read as two.
_PADDING = 2.0


def world_pixels(longitude: np.ndarray, latitude: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates at `zoom` (y grows southwards, as on screen)."""
    scale = _WORLD_PIXELS * 2.0**zoom
    x = (longitude + 180.0) / 360.0 * scale
    sine = np.sin(np.radians(np.clip(latitude, -85.0, 85.0)))
    y = (0.5 - np.log((1 + sine) / (1 - sine)) / (4 * math.pi)) * scale
    return x, y


def label_boxes(labels: pd.DataFrame, zoom: float, size: float, offset: tuple[float, float]) -> np.ndarray:
    """Left, top, right and bottom of each centred text label in pixels at `zoom`.

    A label's own pixel offset (column `offset`, [x, y]) replaces the shared `offset` where there is one.
    """
    x, y = world_pixels(labels["longitude"].to_numpy(dtype=float), labels["latitude"].to_numpy(dtype=float), zoom)
    half_width = labels["label"].astype(str).str.len().to_numpy() * size * _CHARACTER_WIDTH / 2 + _PADDING
    half_height = size / 2 + _PADDING
    shifts = np.array(list(labels["offset"]), dtype=float).reshape(-1, 2) if "offset" in labels else None
    if shifts is None or not len(shifts):
        shifts = np.tile(np.asarray(offset, dtype=float), (len(labels), 1))
    centre_x, centre_y = x + shifts[:, 0], y + shifts[:, 1]
    return np.column_stack(
        [centre_x - half_width, centre_y - half_height, centre_x + half_width, centre_y + half_height]
    )


def _overlaps(box: np.ndarray, kept: np.ndarray) -> bool:
    if not len(kept):
        return False
    return bool(np.any((box[0] < kept[:, 2]) & (kept[:, 0] < box[2]) & (box[1] < kept[:, 3]) & (kept[:, 1] < box[3])))


def spaced_labels(candidates: pd.DataFrame, boxes: np.ndarray, priority: np.ndarray, taken: np.ndarray) -> pd.DataFrame:
    """The candidates whose boxes overlap neither a `taken` box nor a higher-priority label kept before them."""
    kept: list[int] = []
    occupied = taken.reshape(-1, 4)
    for row in np.argsort(-priority, kind="stable"):
        if not _overlaps(boxes[row], occupied):
            kept.append(int(row))
            occupied = np.vstack([occupied, boxes[row]])
    return candidates.iloc[sorted(kept)]


TOWN_LABEL_SIZE = 12
TOWN_LABEL_OFFSET = (0.0, -12.0)
COUNT_LABEL_SIZE = 13
COUNT_LABEL_OFFSET = (16.0, 12.0)
# Where else a ×N count may go when its usual place (lower right of the site) is taken: every count is kept.
_COUNT_OFFSETS = [COUNT_LABEL_OFFSET, (16.0, -12.0), (-16.0, 12.0), (-16.0, -12.0), (30.0, 0.0), (-30.0, 0.0)]


def placed_counts(counts: pd.DataFrame, zoom: float) -> pd.DataFrame:
    """The ×N counts (label, longitude, latitude) with a pixel `offset` each, so that no two overlap at `zoom`.

    The largest count takes the usual place; the others take the first corner that is free (or the usual one).
    """
    offsets: list[list[float]] = [list(COUNT_LABEL_OFFSET)] * len(counts)
    occupied = np.empty((0, 4))
    numbers = counts["label"].astype(str).str.replace(r"\D", "", regex=True).replace("", "0").astype(int)
    for row in np.argsort(-numbers.to_numpy(), kind="stable"):
        single = counts.iloc[[row]]
        for candidate in _COUNT_OFFSETS:
            box = label_boxes(single, zoom, COUNT_LABEL_SIZE, candidate)[0]
            if not _overlaps(box, occupied):
                break
        else:
            candidate = COUNT_LABEL_OFFSET
            box = label_boxes(single, zoom, COUNT_LABEL_SIZE, candidate)[0]
        offsets[row] = list(candidate)
        occupied = np.vstack([occupied, box])
    return counts.assign(offset=pd.Series(offsets, index=counts.index, dtype=object))


def spaced_town_labels(towns: pd.DataFrame, busy: np.ndarray, zoom: float, counts: pd.DataFrame | None) -> pd.DataFrame:
    """Town names (label, longitude, latitude) that clear each other and the ×N counts at the opening zoom.

    The place with most events shown keeps its name; ties go to the name first in the alphabet.
    """
    if towns.empty:
        return towns
    boxes = label_boxes(towns, zoom, TOWN_LABEL_SIZE, TOWN_LABEL_OFFSET)
    taken = (
        label_boxes(counts, zoom, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET)
        if counts is not None and len(counts)
        else np.empty((0, 4))
    )
    order = np.lexsort((towns["label"].to_numpy()[::-1], busy))
    priority = np.empty(len(towns))
    priority[order] = np.arange(len(towns))
    return spaced_labels(towns, boxes, priority, taken)
