"""Place names that stay on the map at its opening zoom, clear of markers and each other: the busiest places first."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from incidents.text import fold

# Web Mercator at zoom 0 is 512 pixels wide in deck.gl.
_WORLD_PIXELS = 512.0
# An average Helvetica/Arial character is a little over half as wide as the font is tall.
_CHARACTER_WIDTH = 0.6
# Empty pixels kept between two labels so they read as two.
_PADDING = 2.0
# The server never learns how wide a reader's map is: it fills the page's column. On a 390-pixel phone that is
# 358 pixels (the page keeps 16 on each side), the narrowest the map is read at; names kept inside a frame that
# wide around the view's centre are inside every wider map too.
NARROWEST_MAP_WIDTH = 358.0
# Pixels between a name and its point, or between a name and the edge of the markers drawn on its point.
_GAP = 6.0
# deck.gl draws a marker's outline centred on its edge: half of the 2-pixel outline lies outside the radius.
_MARKER_RIM = 1.0
# Where a name may go around its point, in the order tried at each distance: above (where names always were),
# right, below, left, then the four corners between them. Each is a direction from the point to the name's
# nearest edge or corner.
_SIDES = {
    "above": (0.0, -1.0),
    "right": (1.0, 0.0),
    "below": (0.0, 1.0),
    "left": (-1.0, 0.0),
    "upper right": (math.sqrt(0.5), -math.sqrt(0.5)),
    "lower right": (math.sqrt(0.5), math.sqrt(0.5)),
    "upper left": (-math.sqrt(0.5), -math.sqrt(0.5)),
    "lower left": (-math.sqrt(0.5), math.sqrt(0.5)),
}
# Pixels a name moves out at a time from its point until it clears the markers there.
_STEP = 3.0
# How much farther than the markers on its point a name may go to find room: one line of text, no more, or it
# would read as a neighbour's name.
_SLACK = 12.0


def world_pixels(longitude: np.ndarray, latitude: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator pixel coordinates at `zoom` (y grows southwards, as on screen)."""
    scale = _WORLD_PIXELS * 2.0**zoom
    x = (longitude + 180.0) / 360.0 * scale
    sine = np.sin(np.radians(np.clip(latitude, -85.0, 85.0)))
    y = (0.5 - np.log((1 + sine) / (1 - sine)) / (4 * math.pi)) * scale
    return x, y


def text_widths(labels: pd.Series, size: float) -> np.ndarray:
    """Estimated pixel width of each label at font `size`."""
    return labels.astype(str).str.len().to_numpy() * size * _CHARACTER_WIDTH


def _boxes(
    x: np.ndarray, y: np.ndarray, widths: np.ndarray, size: float, shifts: np.ndarray, anchors: np.ndarray
) -> np.ndarray:
    """Padded left, top, right and bottom of text at (x, y) moved by `shifts`, anchored at start, middle or end."""
    anchor_x = x + shifts[:, 0]
    left = np.where(anchors == "start", anchor_x, np.where(anchors == "end", anchor_x - widths, anchor_x - widths / 2))
    top = y + shifts[:, 1] - size / 2
    return np.column_stack([left - _PADDING, top - _PADDING, left + widths + _PADDING, top + size + _PADDING])


def label_boxes(labels: pd.DataFrame, zoom: float, size: float, offset: tuple[float, float]) -> np.ndarray:
    """Left, top, right and bottom of each text label in pixels at `zoom`, as deck.gl draws it.

    A label's own pixel offset (column `offset`, [x, y]) replaces the shared `offset` where there is one; its own
    text anchor (column `anchor`: start, middle or end) says which end of the text the offset point is.
    """
    x, y = world_pixels(labels["longitude"].to_numpy(dtype=float), labels["latitude"].to_numpy(dtype=float), zoom)
    shifts = np.array(list(labels["offset"]), dtype=float).reshape(-1, 2) if "offset" in labels else None
    if shifts is None or not len(shifts):
        shifts = np.tile(np.asarray(offset, dtype=float), (len(labels), 1))
    anchors = labels["anchor"].to_numpy(dtype=str) if "anchor" in labels else np.full(len(labels), "middle")
    return _boxes(x, y, text_widths(labels["label"], size), size, shifts, anchors)


def _overlapping(boxes: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Per box, whether it overlaps any of the `kept` boxes."""
    if not len(kept) or not len(boxes):
        return np.zeros(len(boxes), dtype=bool)
    across = (boxes[:, [0]] < kept[:, 2]) & (kept[:, 0] < boxes[:, [2]])
    return np.asarray(np.any(across & (boxes[:, [1]] < kept[:, 3]) & (kept[:, 1] < boxes[:, [3]]), axis=1))


def _overlaps(box: np.ndarray, kept: np.ndarray) -> bool:
    return bool(_overlapping(box[None, :], kept)[0])


def _covers(boxes: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per box, whether any of the points (x, y) lies inside it."""
    if not len(boxes) or not len(x):
        return np.zeros(len(boxes), dtype=bool)
    inside = (boxes[:, [0]] <= x) & (x <= boxes[:, [2]]) & (boxes[:, [1]] <= y) & (y <= boxes[:, [3]])
    return np.asarray(inside.any(axis=1))


def visible_frame(view: Mapping[str, float], width: float, height: float) -> np.ndarray:
    """Left, top, right and bottom in pixels of a `width` by `height` map opening on `view` (centre and zoom)."""
    x, y = world_pixels(np.array([view["longitude"]]), np.array([view["latitude"]]), view["zoom"])
    return np.array([x[0] - width / 2, y[0] - height / 2, x[0] + width / 2, y[0] + height / 2])


def _hits_markers(boxes: np.ndarray, markers: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Per box, whether it touches any marker's disc (centre x, centre y, radius in pixels)."""
    centre_x, centre_y, radius = markers
    if not len(radius):
        return np.zeros(len(boxes), dtype=bool)
    nearest_x = np.clip(centre_x[None, :], boxes[:, [0]], boxes[:, [2]])
    nearest_y = np.clip(centre_y[None, :], boxes[:, [1]], boxes[:, [3]])
    reach = radius[None, :] + _MARKER_RIM
    return np.any((nearest_x - centre_x[None, :]) ** 2 + (nearest_y - centre_y[None, :]) ** 2 < reach**2, axis=1)


def _side(direction: tuple[float, float], distance: float, size: float) -> tuple[tuple[float, float], str]:
    """Pixel offset and text anchor that put a name's nearest edge or corner `distance` pixels from its point."""
    across, down = direction
    anchor = "start" if across > 0 else "end" if across < 0 else "middle"
    # The text is centred on its offset vertically: above or below, it moves half its height farther.
    return (across * distance, down * distance + math.copysign(size / 2, down) if down else 0.0), anchor


TOWN_LABEL_SIZE = 12
# The usual place of a town's name: just above its point.
TOWN_LABEL_OFFSET = (0.0, -(_GAP + TOWN_LABEL_SIZE / 2))
COUNT_LABEL_SIZE = 13
COUNT_LABEL_OFFSET = (16.0, 12.0)
# Where else a ×N count may go when its usual place (lower right of the site) is taken: every count is kept.
_COUNT_OFFSETS = [COUNT_LABEL_OFFSET, (16.0, -12.0), (-16.0, 12.0), (-16.0, -12.0), (30.0, 0.0), (-30.0, 0.0)]


# Sites whose points are this few pixels apart at the zoom are one spot on the map: their markers mingle, and no
# place for a count can tell them apart.
SAME_SPOT_PIXELS = 6.0


def _box_distances(boxes: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pixels from each box (rows) to each point (columns); 0 for a point inside the box."""
    gap_x = np.maximum(np.maximum(boxes[:, [0]] - x[None, :], x[None, :] - boxes[:, [2]]), 0.0)
    gap_y = np.maximum(np.maximum(boxes[:, [1]] - y[None, :], y[None, :] - boxes[:, [3]]), 0.0)
    return np.asarray(np.hypot(gap_x, gap_y))


def placed_counts(counts: pd.DataFrame, zoom: float, markers: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ×N counts (label, longitude, latitude) with a pixel `offset` each, so that no two overlap at `zoom`.

    The largest count takes the usual place; the others take the first corner that is free (or the usual one). With
    the `markers` (longitude, latitude, pixel radius and place_id), a count also keeps off other sites' markers and
    stays nearer its own site than to any of them where a corner allows (a count beside a neighbour's marker
    reads as the neighbour's); sites on the same spot are not told apart.
    """
    offsets: list[list[float]] = [list(COUNT_LABEL_OFFSET)] * len(counts)
    occupied = np.empty((0, 4))
    numbers = counts["label"].astype(str).str.replace(r"\D", "", regex=True).replace("", "0").astype(int)
    if markers is not None and len(markers):
        marker_x, marker_y = world_pixels(
            markers["longitude"].to_numpy(dtype=float), markers["latitude"].to_numpy(dtype=float), zoom
        )
        marker_radius = markers["radius"].to_numpy(dtype=float)
        marker_places = markers["place_id"].to_numpy(dtype=object)
    site_x, site_y = world_pixels(
        counts["longitude"].to_numpy(dtype=float), counts["latitude"].to_numpy(dtype=float), zoom
    )
    widths = text_widths(counts["label"], COUNT_LABEL_SIZE)
    sites = counts["place_id"].to_numpy(dtype=object) if "place_id" in counts else np.full(len(counts), None)
    shifts = np.asarray(_COUNT_OFFSETS, dtype=float)
    centred = np.full(len(shifts), "middle")
    for row in np.argsort(-numbers.to_numpy(), kind="stable"):
        # Every place the count may take, as label_boxes draws it, in one step (this runs on every rerun).
        boxes = _boxes(
            np.full(len(shifts), site_x[row]),
            np.full(len(shifts), site_y[row]),
            np.full(len(shifts), widths[row]),
            COUNT_LABEL_SIZE,
            shifts,
            centred,
        )
        free = ~_overlapping(boxes, occupied)
        clear = free.copy()
        if markers is not None and len(markers):
            apart = np.hypot(marker_x - site_x[row], marker_y - site_y[row])
            others = (marker_places != sites[row]) & (apart > SAME_SPOT_PIXELS)
            discs = (marker_x[others], marker_y[others], marker_radius[others])
            clear &= ~_hits_markers(boxes, discs)
            if others.any():
                own = _box_distances(boxes, site_x[row : row + 1], site_y[row : row + 1])[:, 0]
                nearest = (_box_distances(boxes, discs[0], discs[1]) - discs[2][None, :]).min(axis=1)
                clear &= own <= nearest
        choice = int(np.argmax(clear)) if clear.any() else int(np.argmax(free)) if free.any() else 0
        offsets[row] = list(_COUNT_OFFSETS[choice])
        occupied = np.vstack([occupied, boxes[choice]])
    return counts.assign(offset=pd.Series(offsets, index=counts.index, dtype=object))


def _discs(markers: pd.DataFrame | None, zoom: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pixel centres, radii and numbers of the markers at `zoom`, markers drawn on the same pixel taken as one."""
    if markers is None or not len(markers):
        return np.empty(0), np.empty(0), np.empty(0), np.empty(0)
    x, y = world_pixels(markers["longitude"].to_numpy(dtype=float), markers["latitude"].to_numpy(dtype=float), zoom)
    # Thousands of events at a few sites land on a few hundred pixels: each pixel is checked once, not per event.
    pixels, first, inverse, number = np.unique(
        np.column_stack([np.round(x), np.round(y)]), axis=0, return_index=True, return_inverse=True, return_counts=True
    )
    radius = np.zeros(len(pixels))
    np.maximum.at(radius, inverse.ravel(), markers["radius"].to_numpy(dtype=float))
    return x[first], y[first], radius, number.astype(float)


def _candidates(farthest: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every spot a name may take, nearest first: distances, pixel offsets and text anchors."""
    distances, offsets, anchors = [], [], []
    for distance in np.arange(_GAP, farthest + _STEP / 2, _STEP):
        for direction in _SIDES.values():
            offset, anchor = _side(direction, float(distance), TOWN_LABEL_SIZE)
            distances.append(float(distance))
            offsets.append(offset)
            anchors.append(anchor)
    return np.array(distances), np.array(offsets).reshape(-1, 2), np.array(anchors, dtype=str)


def placed_town_labels(
    towns: pd.DataFrame,
    busy: np.ndarray,
    zoom: float,
    counts: pd.DataFrame | None = None,
    markers: pd.DataFrame | None = None,
    frame: np.ndarray | None = None,
) -> pd.DataFrame:
    """Town names (label, longitude, latitude) with the pixel `offset` and text `anchor` of a free spot near each.

    A spot is free when it clears the ×N `counts`, the discs of the `markers` (longitude, latitude, pixel radius),
    the names placed before and their points, and lies inside the `frame` (left, top, right, bottom in pixels).
    """
    if towns.empty:
        return towns.assign(offset=pd.Series(dtype=object), anchor=pd.Series(dtype=str))
    x, y = world_pixels(towns["longitude"].to_numpy(dtype=float), towns["latitude"].to_numpy(dtype=float), zoom)
    widths = text_widths(towns["label"], TOWN_LABEL_SIZE)
    disc_x, disc_y, radius, number = _discs(markers, zoom)
    apart = np.hypot(x[:, None] - disc_x[None, :], y[:, None] - disc_y[None, :])
    # A name moves out from its point only as far as the radius of the largest marker drawn over the point, and a
    # line farther to find room: any farther and it would read as a neighbour's name.
    over = apart < radius[None, :] + _MARKER_RIM
    reach = np.where(over, radius[None, :] + _MARKER_RIM, 0.0).max(axis=1, initial=0.0)
    limit = reach + _GAP + _SLACK
    beside = ((apart < radius[None, :] + _MARKER_RIM + _GAP) * number[None, :]).sum(axis=1)
    distances, offsets, anchors = _candidates(float(limit.max()))
    occupied = (
        label_boxes(counts, zoom, COUNT_LABEL_SIZE, COUNT_LABEL_OFFSET)
        if counts is not None and len(counts)
        else np.empty((0, 4))
    )
    # The place with most markers on or beside its point is named first, then the one with most events shown
    # (`busy`); ties go to the name first in the alphabet. A name with no free spot close to its point is left off.
    names = np.array([fold(str(name)) for name in towns["label"]], dtype=str)
    order = np.lexsort((names, -np.asarray(busy, dtype=float), -beside))
    placed: dict[int, tuple[list[float], str]] = {}
    named = np.empty((0, 4))
    named_x, named_y = np.empty(0), np.empty(0)
    for row in order:
        # A name never covers the point of another named place, or it would seem to be that place's name.
        if _covers(named, x[row : row + 1], y[row : row + 1]).any():
            continue
        # The spots are nearest first (above, right, below, left, then the corners, at each distance): this name's
        # are the first few.
        spots = int(np.searchsorted(distances, limit[row], side="right"))
        usable = np.ones(spots, dtype=bool)
        boxes = _boxes(
            np.full(spots, x[row]),
            np.full(spots, y[row]),
            np.full(spots, widths[row]),
            TOWN_LABEL_SIZE,
            offsets[:spots],
            anchors[:spots],
        )
        if frame is not None:
            usable &= (boxes[:, 0] >= frame[0]) & (boxes[:, 1] >= frame[1])
            usable &= (boxes[:, 2] <= frame[2]) & (boxes[:, 3] <= frame[3])
        near = apart[row] < limit[row] + widths[row] + TOWN_LABEL_SIZE + radius + _MARKER_RIM + 2 * _PADDING
        usable &= ~_hits_markers(boxes, (disc_x[near], disc_y[near], radius[near]))
        usable &= ~_overlapping(boxes, occupied)
        usable &= ~_covers(boxes, named_x, named_y)
        if not usable.any():
            continue
        # Of the free spots, the nearest that lies nearer the name's own point than any marker elsewhere, where
        # there is one: a name beside another place's marker reads as that place's name.
        elsewhere = near & (apart[row] > SAME_SPOT_PIXELS)
        if elsewhere.any():
            own = _box_distances(boxes, x[row : row + 1], y[row : row + 1])[:, 0]
            gaps = _box_distances(boxes, disc_x[elsewhere], disc_y[elsewhere]) - radius[elsewhere][None, :]
            unmistaken = usable & (own <= gaps.min(axis=1))
            usable = unmistaken if unmistaken.any() else usable
        spot = int(np.argmax(usable))
        placed[int(row)] = ([round(float(value), 1) for value in offsets[spot]], str(anchors[spot]))
        occupied = np.vstack([occupied, boxes[spot]])
        named = np.vstack([named, boxes[spot]])
        named_x, named_y = np.append(named_x, x[row]), np.append(named_y, y[row])
    rows = sorted(placed)
    kept = towns.iloc[rows]
    return kept.assign(
        offset=pd.Series([placed[row][0] for row in rows], index=kept.index, dtype=object),
        anchor=[placed[row][1] for row in rows],
    )
