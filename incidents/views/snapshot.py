"""One self-contained HTML file of a view: map, timeline, list and every card, readable with no network at all.

The map and the timeline are inline SVG drawn here from our own borders and the events, so the file needs no
JavaScript library, tile or font: pydeck's HTML loads deck.gl from a CDN, and the only copy of deck.gl it
ships is a 4 MB Jupyter-widget bundle; inlining Vega, Vega-Lite and Vega-Embed (from vl-convert-python, a 33 MB
package) would add about 0.9 MB for one chart, and Vega compiles expressions at run time. A content security
policy in the file forbids every request and every script but its own few lines, so even text that escaped our
escaping could neither run nor phone home.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from incidents.citation import attribution, day_text, view_citation
from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.exports import download_name
from incidents.figures import format_count
from incidents.language import ENGLISH, N_, Language
from incidents.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, clip, escape_html, excerpt, safe_url
from incidents.view_state import ViewState
from incidents.views.borders import load_borders
from incidents.views.event_card import EventDetails, event_details
from incidents.views.map_spec import HALO_METRES, map_events
from incidents.views.style import hex_colour
from incidents.views.timeline_spec import timeline_frame, type_labels
from incidents.words import (
    ATLAS_SUMMARY,
    CONFIDENCE_OPTIONS,
    PRECISION_OPTIONS,
    PRECISION_WORDS,
    FigureText,
    date_label,
    type_text,
)

# More events than this take many seconds to write (each card is gathered as the explorer's is) and make a file
# too long to read; the explorer asks for a narrower view instead.
SNAPSHOT_EVENT_LIMIT = 200
MIME_TYPE = "text/html"
# The claims table's columns; on a phone each cell is labelled with its column's name.
CLAIMED_BY = N_("Claimed by")
CLAIMED_ON = N_("Claimed on")
REPORTED_BY = N_("Reported by")
NOTE = N_("Note")
# The map's drawing area in SVG units; the page scales it to the width it has.
MAP_WIDTH = 1000
MAP_HEIGHT = 720
# The map never frames less than this many degrees, so a single site still shows its region and borders.
_MIN_SPAN_DEGREES = 3.0
_MAP_MARGIN = 0.12
# Border vertices closer than this (SVG units) to the last one drawn add bytes, not shape.
_MIN_VERTEX_GAP = 0.7
_MAX_TOWN_LABELS = 60
TIMELINE_WIDTH = 1000
_TIMELINE_GUTTER = 150
_BAR_HEIGHT = 10
_ROW_STEP = 14
_LANE_PADDING = 8
_AXIS_HEIGHT = 26

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:#1f2933;background:#fff}
main{max-width:1400px;margin:0 auto;padding:12px 20px 40px}
h1{font-size:1.7rem;margin:.3em 0 .1em}h2{font-size:1.25rem;margin:1.4em 0 .4em}h3{font-size:1.1rem;margin:.2em 0 .4em}
a{color:#0b5cad}.muted{color:#52606d;font-size:.9rem}
nav.jump a{margin-right:1em}
.top{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;align-items:start}
.map>svg{display:block;width:100%;height:auto;border:1px solid #c5ccd3;border-radius:6px;background:#e4ebf0}
.map .land{fill:#f4f1ea;stroke:#787878;stroke-width:1;stroke-linejoin:round}
.map .country{fill:#9aa5b1;font-size:22px;letter-spacing:.25em;text-anchor:middle;font-weight:600}
.map .town{fill:#555}.map .town-dot{fill:#777}
.map .label{fill:#1f2933;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:4px;
stroke-linejoin:round}
.map .halo{fill:#787878;fill-opacity:.12;stroke:#5a5a5a;stroke-opacity:.45;stroke-dasharray:4 3}
.map a:hover circle.mark,.map a:focus circle.mark{stroke:#000;stroke-width:3}
.map a.chosen circle.mark,.timeline a.chosen rect{stroke:#000;stroke-width:3}
.panel{max-height:74vh;overflow:auto;border:1px solid #c5ccd3;border-radius:6px;padding:10px 14px}
.panel>article{display:none}.panel>article:target,#cards:target>article.card{display:block}
.panel:not(:has(:target)) .initial{display:block}
.panel:has(:target) .hint,.panel:has(.initial) .hint,#cards:target .hint{display:none}
#cards:target>article.card{border-bottom:1px solid #c5ccd3;padding-bottom:.6em;margin-bottom:.8em}
.card,.sitebox{overflow-wrap:break-word}.figure td:first-child{white-space:nowrap}
.card dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em .8em;margin:.4em 0}.card dt{font-weight:600}
.card dd{margin:0}
.figure{margin:.6em 0}.figure table{width:100%}
table{border-collapse:collapse;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:4px 6px;border-bottom:1px solid #e1e5ea}
th{background:#f3f5f7}
.whole{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;max-height:22em;overflow:auto;
background:#f3f5f7;padding:6px}
.legend{display:flex;flex-wrap:wrap;gap:.3em 1.2em;margin:.5em 0;font-size:.9rem}
.legend svg.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-.1em}
.timeline{overflow-x:auto;border:1px solid #c5ccd3;border-radius:6px}
.timeline svg{display:block;width:100%;min-width:900px;height:auto}
.timeline .lane-label{font-size:13px;font-weight:600;fill:#1f2933}
.timeline .tick{stroke:#c5ccd3}.timeline .tick-label{font-size:12px;fill:#52606d}
.timeline .lane-line{stroke:#e1e5ea}
.timeline a:hover rect,.timeline a:focus rect{stroke:#000;stroke-width:2}
.list-wrap{overflow-x:auto}.list tr.chosen{background:#fff4d6}
.citation{background:#f3f5f7;padding:8px 10px;border-radius:6px}.citation,.live{overflow-wrap:anywhere}
@media (max-width:800px){.top{grid-template-columns:1fr}.panel{max-height:none}main{padding:8px 10px 30px}
.map .country{font-size:44px}
.figure thead{display:none}.figure table,.figure tbody,.figure tr,.figure td{display:block;width:auto}
.figure tr{border-bottom:1px solid #c5ccd3;padding:4px 0}.figure td{border:0;padding:1px 0}
.figure td:first-child{white-space:normal}.figure td[data-label]:not(:empty)::before{content:attr(data-label) ": ";
color:#52606d}}
@media print{.panel{max-height:none;overflow:visible}.panel>article.card{display:block}.timeline svg{min-width:0}}
"""
# Marks what the address names (a card, a site) on the map, the timeline and the list.
_SCRIPT = """(function () {
  function mark() {
    var key = location.hash.slice(1) || document.body.getAttribute('data-initial') || '';
    document.querySelectorAll('.chosen').forEach(function (element) { element.classList.remove('chosen'); });
    if (!/^(event|site)-[0-9]+$/.test(key)) { return; }
    document.querySelectorAll('[data-keys~="' + key + '"]').forEach(function (element) {
      element.classList.add('chosen');
    });
  }
  window.addEventListener('hashchange', mark);
  mark();
})();"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def snapshot_name(version: str) -> str:
    """The file name of a view's offline copy, carrying the data version."""
    return download_name(version, "view", "html")


@dataclass(frozen=True)
class _Projection:
    """Web Mercator scaled and shifted so that a box of longitudes and latitudes fills the map."""

    scale: float
    offset_x: float
    offset_y: float

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        """SVG coordinates of a longitude and latitude."""
        x, y = _mercator(longitude, latitude)
        return round(x * self.scale + self.offset_x, 1), round(-y * self.scale + self.offset_y, 1)

    def metres(self, latitude: float, distance: float) -> float:
        """SVG units that `distance` metres span at `latitude`."""
        radians = math.radians(distance / 111_320.0)
        return radians * self.scale / math.cos(math.radians(latitude))


def _mercator(longitude: float, latitude: float) -> tuple[float, float]:
    clamped = max(-85.0, min(85.0, latitude))
    return math.radians(longitude), math.log(math.tan(math.pi / 4 + math.radians(clamped) / 2))


def _projection(longitudes: Sequence[float], latitudes: Sequence[float]) -> _Projection:
    """A projection framing the points with a margin, never closer than _MIN_SPAN_DEGREES."""
    if len(longitudes):
        west, east, south, north = min(longitudes), max(longitudes), min(latitudes), max(latitudes)
    else:
        west, east, south, north = 38.0, 44.0, 33.0, 37.5
    centre_longitude, centre_latitude = (west + east) / 2, (south + north) / 2
    half_width = max(east - west, _MIN_SPAN_DEGREES) * (0.5 + _MAP_MARGIN)
    half_height = max(north - south, _MIN_SPAN_DEGREES * 0.7) * (0.5 + _MAP_MARGIN)
    left, bottom = _mercator(centre_longitude - half_width, centre_latitude - half_height)
    right, top = _mercator(centre_longitude + half_width, centre_latitude + half_height)
    scale = min(MAP_WIDTH / (right - left), MAP_HEIGHT / (top - bottom))
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    return _Projection(scale, MAP_WIDTH / 2 - middle_x * scale, MAP_HEIGHT / 2 + middle_y * scale)


def _ring_path(ring: Sequence[Sequence[float]], projection: _Projection) -> str:
    points: list[tuple[float, float]] = []
    for position in ring:
        x, y = projection.point(float(position[0]), float(position[1]))
        if points and abs(x - points[-1][0]) + abs(y - points[-1][1]) < _MIN_VERTEX_GAP:
            continue
        points.append((x, y))
    if len(points) < 3:
        return ""
    head, *rest = points
    return f"M{head[0]:g},{head[1]:g}L" + " ".join(f"{x:g},{y:g}" for x, y in rest) + "Z"


def _polygons(geometry: Mapping[str, Any]) -> list[Any]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _inside(x: float, y: float, margin: float = 0.0) -> bool:
    return margin <= x <= MAP_WIDTH - margin and margin <= y <= MAP_HEIGHT - margin


def _borders_svg(projection: _Projection, language: Language = ENGLISH) -> str:
    """Every country outline as one path, and the names of the countries whose largest part is in view."""
    paths, names = [], []
    for feature in load_borders().get("features", []):
        polygons = _polygons(feature.get("geometry") or {})
        path = "".join(_ring_path(ring, projection) for polygon in polygons for ring in polygon)
        if path:
            paths.append(f'<path class="land" fill-rule="evenodd" d="{path}"/>')
        if not polygons:
            continue
        largest = max(polygons, key=lambda polygon: len(polygon[0]))
        longitudes = [float(position[0]) for position in largest[0]]
        latitudes = [float(position[1]) for position in largest[0]]
        x, y = projection.point((min(longitudes) + max(longitudes)) / 2, (min(latitudes) + max(latitudes)) / 2)
        properties = feature.get("properties") or {}
        name = language.country_name(str(properties.get("iso_a2", "")), str(properties.get("name", "")))
        if name and _inside(x, y, 60):
            names.append(f'<text class="country" x="{x:g}" y="{y:g}">{escape_html(name.upper(), 40)}</text>')
    return "".join(paths) + "".join(names)


@dataclass(frozen=True)
class _Site:
    """One point on the map: a place and the events shown there."""

    key: str
    name: str
    x: float
    y: float
    halo: float
    colour: str
    event_keys: tuple[str, ...]
    precision: str


class _Labels:
    """Places labels where they overlap neither a label nor a marker already placed."""

    def __init__(self, obstacles: Iterable[tuple[float, float, float, float]] = ()) -> None:
        self._boxes = list(obstacles)

    def place(self, text: str, x: float, y: float, gap: float, size: float) -> tuple[float, float, str] | None:
        """Where to write `text` beside a marker at (x, y) of radius `gap`: x, y and anchor, or None."""
        width, height = 0.62 * size * len(text), size
        candidates = [
            (x + gap + 3, y + size * 0.35, "start", x + gap + 3),
            (x - gap - 3, y + size * 0.35, "end", x - gap - 3 - width),
            (x, y - gap - 4, "middle", x - width / 2),
            (x, y + gap + size, "middle", x - width / 2),
        ]
        for text_x, text_y, anchor, left in candidates:
            box = (left, text_y - height, left + width, text_y + 3)
            if box[0] < 2 or box[2] > MAP_WIDTH - 2 or box[1] < 2 or box[3] > MAP_HEIGHT - 2:
                continue
            if not any(_overlap(box, other) for other in self._boxes):
                self._boxes.append(box)
                return text_x, text_y, anchor
        return None


def _overlap(first: tuple[float, float, float, float], second: tuple[float, float, float, float]) -> bool:
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def _sites(
    events: pd.DataFrame, keys: Mapping[str, str], projection: _Projection, language: Language = ENGLISH
) -> list[_Site]:
    """The located incidents grouped by place: a place known only roughly keeps its halo."""
    located = map_events(events)
    located = located[located["has_location"].to_numpy(dtype=bool)]
    sites: list[_Site] = []
    for position, (place_id, group) in enumerate(located.groupby("place_id", sort=False, observed=True), start=1):
        first = group.iloc[0]
        latitude, longitude = float(first["latitude"]), float(first["longitude"])
        x, y = projection.point(longitude, latitude)
        halo_metres = max(
            max(HALO_METRES.get(str(value), 0) for value in group["location_precision"].astype(str)),
            HALO_METRES.get(str(first["coord_precision"]), 0),
        )
        coarsest = max(
            (str(value) for value in group["location_precision"].astype(str)),
            key=lambda value: HALO_METRES.get(value, 0),
        )
        common_type = str(group["event_type"].astype(str).value_counts().index[0])
        sites.append(
            _Site(
                key=f"site-{position}",
                name=str(first["place_name"] or place_id),
                x=x,
                y=y,
                halo=max(projection.metres(latitude, halo_metres), 12.0) if halo_metres else 0.0,
                colour=hex_colour(common_type),
                event_keys=tuple(keys[str(event_id)] for event_id in group["event_id"]),
                precision=language.gettext(PRECISION_WORDS.get(coarsest, coarsest)),
            )
        )
    return sites


# Marker sizes by the number of events at a point: radius on a wide screen (SVG units), doubled on a phone,
# where the map is drawn at about a third of its size and a finger needs a target.
_SIZE_STEPS = ((1, 7.0), (2, 10.0), (4, 12.5), (10, 16.0), (20, 20.0), (40, 24.0))


def _size_class(count: int) -> int:
    return max(index for index, (least, _radius) in enumerate(_SIZE_STEPS) if count >= least)


@dataclass(frozen=True)
class _Layout:
    """How big labels and markers are drawn for one kind of screen; the page shows the one that fits."""

    name: str
    label_size: float
    town_size: float
    radius_factor: float


_LAYOUTS = (_Layout("wide", 15, 13, 1.0), _Layout("narrow", 32, 26, 2.0))


def _layout_css() -> str:
    wide = "".join(f".map .r{index}{{r:{radius:g}px}}" for index, (_least, radius) in enumerate(_SIZE_STEPS))
    narrow = "".join(f".map .r{index}{{r:{radius * 2:g}px}}" for index, (_least, radius) in enumerate(_SIZE_STEPS))
    return (
        f"{wide}.map .labels-narrow{{display:none}}.map .town-dot{{r:2.5px}}"
        f"@media (max-width:600px){{{narrow}.map .labels-wide{{display:none}}.map .labels-narrow{{display:inline}}"
        ".map .town-dot{r:5px}.map .label{stroke-width:7px}}"
    )


def _labels_svg(
    dataset: Dataset, ordered: Sequence[_Site], projection: _Projection, layout: _Layout, language: Language
) -> str:
    """Site names (busiest first) and town names where they fit without overlapping, for one screen size."""
    factor = layout.radius_factor
    obstacles = []
    for site in ordered:
        radius = _SIZE_STEPS[_size_class(len(site.event_keys))][1] * factor
        obstacles.append((site.x - radius, site.y - radius, site.x + radius, site.y + radius))
    labels = _Labels(obstacles)
    parts = []
    for site in ordered:
        count = len(site.event_keys)
        radius = _SIZE_STEPS[_size_class(count)][1] * factor
        label = short_name(site.name) + (f" ×{format_count(count, language)}" if count > 1 else "")
        spot = labels.place(label, site.x, site.y, radius, layout.label_size)
        if spot:
            parts.append(
                f'<text class="label" x="{spot[0]:g}" y="{spot[1]:g}" text-anchor="{spot[2]}" '
                f'font-size="{layout.label_size:g}">{escape_html(label, 60)}</text>'
            )
    site_names = {site.name for site in ordered}
    towns = dataset.places[
        dataset.places["kind"].astype(str).isin(["town", "city"]).to_numpy()
        & dataset.places["latitude"].notna().to_numpy()
    ]
    written = 0
    for town in towns.to_dict("records"):
        if str(town["name"]) in site_names or written >= _MAX_TOWN_LABELS:
            continue
        x, y = projection.point(float(town["longitude"]), float(town["latitude"]))
        if not _inside(x, y, 4):
            continue
        name = clip(str(town["name"]), 40)
        spot = labels.place(name, x, y, 3 * factor, layout.town_size)
        if spot:
            written += 1
            parts.append(
                f'<text class="town" x="{spot[0]:g}" y="{spot[1]:g}" text-anchor="{spot[2]}" '
                f'font-size="{layout.town_size:g}">{escape_html(name, 40)}</text>'
            )
    return f'<g class="labels-{layout.name}">{"".join(parts)}</g>'


def _map_svg(
    dataset: Dataset,
    sites: Sequence[_Site],
    projection: _Projection,
    titles: Mapping[str, str],
    language: Language = ENGLISH,
) -> str:
    """The map: borders, town names for orientation, a marker per site linking to its card or its events."""
    _ = language.gettext
    ordered = sorted(sites, key=lambda site: -len(site.event_keys))
    site_names = {site.name for site in sites}
    towns = dataset.places[
        dataset.places["kind"].astype(str).isin(["town", "city"]).to_numpy()
        & dataset.places["latitude"].notna().to_numpy()
    ]
    dots = []
    for town in towns.to_dict("records"):
        x, y = projection.point(float(town["longitude"]), float(town["latitude"]))
        if str(town["name"]) not in site_names and _inside(x, y, 4):
            dots.append(f'<circle class="town-dot" cx="{x:g}" cy="{y:g}"/>')
    parts = [
        f'<svg viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" role="img" aria-labelledby="map-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="map-title">'
        + escape_html(
            _("Map of the events in this view; each site links to its events, which are also in the list below."),
            None,
        )
        + "</title>",
        _borders_svg(projection, language),
        *dots[:_MAX_TOWN_LABELS],
    ]
    parts.extend(
        f'<circle class="halo" cx="{site.x:g}" cy="{site.y:g}" r="{site.halo:.1f}"/>' for site in ordered if site.halo
    )
    for site in ordered:
        count = len(site.event_keys)
        target = site.event_keys[0] if count == 1 else site.key
        what = (
            titles[site.event_keys[0]]
            if count == 1
            else language.ngettext("{count} event", "{count} events", count).format(count=format_count(count, language))
        )
        tooltip = escape_html(f"{site.name}: {what}", SHORT_TEXT_LIMIT)
        fill = "#ffffff" if site.halo else site.colour
        keys = " ".join((site.key, *site.event_keys))
        parts.append(
            f'<a href="#{target}" data-keys="{keys}" aria-label="{tooltip}"><title>{tooltip}</title>'
            f'<circle class="mark r{_size_class(count)}" cx="{site.x:g}" cy="{site.y:g}" '
            f'r="{_SIZE_STEPS[_size_class(count)][1]:g}" fill="{fill}" fill-opacity="0.9" stroke="{site.colour}" '
            'stroke-width="2.5"/></a>'
        )
    parts.extend(_labels_svg(dataset, ordered, projection, layout, language) for layout in _LAYOUTS)
    parts.append("</svg>")
    return "".join(parts)


def short_name(name: str) -> str:
    """A site's name without its qualifiers, for a map label: 'Taji prison, north of Baghdad' -> 'Taji prison'."""
    cut = min((index for index in (name.find(", "), name.find(" (")) if index > 0), default=len(name))
    return clip(name[:cut], 40)


def _site_box(site: _Site, details: Mapping[str, EventDetails], language: Language = ENGLISH) -> str:
    rows = "".join(
        f'<li><a href="#{key}">{escape_html(details[key].title, SHORT_TEXT_LIMIT)}</a> '
        f'<span class="muted">{escape_html(details[key].when)} · {escape_html(details[key].type_label)}</span></li>'
        for key in site.event_keys
    )
    return (
        f'<article class="sitebox" id="{site.key}"><h3>{escape_html(site.name, SHORT_TEXT_LIMIT)}</h3>'
        "<p>"
        + escape_html(
            language.ngettext(
                "{count} event at this point, located to {precision}. Pick it to read its card.",
                "{count} events at this point, located to {precision}. Pick one to read its card.",
                len(site.event_keys),
            ).format(count=format_count(len(site.event_keys), language), precision=site.precision),
            None,
        )
        + f"</p><ul>{rows}</ul></article>"
    )


def _month_starts(first: pd.Timestamp, last: pd.Timestamp) -> list[pd.Timestamp]:
    return list(pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS"))


def _timeline_svg(events: pd.DataFrame, keys: Mapping[str, str], language: Language = ENGLISH) -> str:
    """A lane per event type; bars span the dates, faded where only the week, month or year is known."""
    _ = language.gettext
    frame = timeline_frame(events, None, language)
    if frame.empty:
        empty = _("No events in this view.")
        return f'<p class="muted">{escape_html(empty)}</p>'
    first = pd.Timestamp(frame["start"].min()).to_period("M").to_timestamp()
    last = pd.Timestamp(frame["end"].max())
    last = max(last, first + pd.Timedelta(days=60))
    # Room after the last bar, so it never sits on the frame's edge.
    last = last + (last - first) * 0.02
    span = (last - first).total_seconds()
    usable = TIMELINE_WIDTH - _TIMELINE_GUTTER - 12

    def x_of(moment: Any) -> float:
        return round(_TIMELINE_GUTTER + (pd.Timestamp(moment) - first).total_seconds() / span * usable, 1)

    lanes = [label for label in type_labels(language).values() if label in set(frame["lane"])]
    body: list[str] = []
    top = _AXIS_HEIGHT
    for lane in lanes:
        rows = frame[(frame["lane"] == lane).to_numpy()].sort_values("start", kind="stable")
        bands = rows[rows["episode"].to_numpy(dtype=bool)]
        bars = rows[~rows["episode"].to_numpy(dtype=bool)]
        row_ends: list[float] = []
        placed: list[tuple[int, Any, float, float]] = []
        for row in bars.itertuples(index=False):
            left, right = x_of(row.start), max(x_of(row.end), x_of(row.start) + 3)
            level = next((index for index, end in enumerate(row_ends) if end + 2 <= left), len(row_ends))
            if level == len(row_ends):
                row_ends.append(right)
            row_ends[level] = right
            placed.append((level, row, left, right))
        height = max(1, len(row_ends)) * _ROW_STEP + 2 * _LANE_PADDING
        body.append(
            f'<line class="lane-line" x1="0" x2="{TIMELINE_WIDTH}" y1="{top}" y2="{top}"/>'
            f'<text class="lane-label" x="6" y="{top + 18}">{escape_html(lane)}</text>'
        )
        for row in bands.itertuples(index=False):
            left, right = x_of(row.start), x_of(row.end)
            body.append(
                _bar(
                    keys[str(row.event_id)],
                    row,
                    left,
                    top + 2,
                    right - left,
                    height - 4,
                    hex_colour(str(row.event_type)),
                )
            )
        for level, row, left, right in placed:
            y = top + _LANE_PADDING + level * _ROW_STEP
            body.append(
                _bar(keys[str(row.event_id)], row, left, y, right - left, _BAR_HEIGHT, hex_colour(str(row.event_type)))
            )
        top += height
    ticks = []
    months = _month_starts(first, last)
    label_months = len(months) <= 18
    januaries = [x_of(month) for month in months if month.month == 1]
    # The first month is named too (the year is not otherwise shown), unless the next January is right beside it.
    name_first = not januaries or januaries[0] - x_of(months[0]) > 70
    for month in months:
        x = x_of(month)
        if (month.month == 1 or label_months or (month == months[0] and name_first)) and x < TIMELINE_WIDTH - 40:
            text = language.date(month.date(), "MMM y") if label_months or month.month != 1 else f"{month.year}"
            ticks.append(
                f'<line class="tick" x1="{x:g}" x2="{x:g}" y1="{_AXIS_HEIGHT - 6}" y2="{top}"/>'
                f'<text class="tick-label" x="{x + 3:g}" y="{_AXIS_HEIGHT - 10}">{text}</text>'
            )
    return (
        f'<svg viewBox="0 0 {TIMELINE_WIDTH} {top + 4}" role="img" aria-labelledby="timeline-title" '
        'xmlns="http://www.w3.org/2000/svg"><title id="timeline-title">'
        + escape_html(_("Timeline of the events in this view, a lane per type; each bar links to its card."), None)
        + "</title>"
        + "".join(ticks)
        + "".join(body)
        + "</svg>"
    )


def _bar(key: str, row: Any, x: float, y: float, width: float, height: float, colour: str) -> str:
    tooltip = escape_html(f"{row.title} · {row.when}", SHORT_TEXT_LIMIT + 60)
    if row.episode:
        look = f'fill="{colour}" fill-opacity="0.13" stroke="{colour}" stroke-opacity="0.4"'
    elif row.context:
        look = f'fill="#ffffff" stroke="{colour}" stroke-width="1.5" stroke-dasharray="3 2"'
    elif row.imprecise:
        look = f'fill="{colour}" fill-opacity="0.3" stroke="{colour}" stroke-dasharray="3 2"'
    else:
        look = f'fill="{colour}" stroke="{colour}"'
    return (
        f'<a href="#{key}" data-keys="{key}" aria-label="{tooltip}"><title>{tooltip}</title>'
        f'<rect x="{x:g}" y="{y:g}" width="{max(width, 3):.1f}" height="{height:g}" rx="2" {look}/></a>'
    )


def _link(label: object, url: object, limit: int = SHORT_TEXT_LIMIT) -> str:
    """A link when the address is plain http(s); otherwise the label alone, as text."""
    target = safe_url(url)
    shown = escape_html(label, limit)
    if target is None:
        return shown
    return f'<a href="{escape_html(target, None)}" rel="noopener noreferrer">{shown}</a>'


def _card(key: str, details: EventDetails, initial: bool, language: Language = ENGLISH) -> str:
    """Everything the explorer's card says: dates, site, actors, summary, every figure's claims, sources."""
    _ = language.gettext
    summary = excerpt(details.summary, LONG_TEXT_LIMIT)
    whole = ""
    if summary.is_cut:
        # Monospace text lays out in linear time; the whole of a very long summary stays in the file, folded.
        whole = (
            "<details><summary>"
            + escape_html(
                _("Read the whole summary ({count} characters)").format(
                    count=format_count(len(details.summary), language)
                )
            )
            + "</summary>"
            f'<div class="whole">{escape_html(details.summary, None)}</div></details>'
        )
    facts = [
        (_("Type"), details.type_label),
        (_("When"), details.when),
        (
            _("Site"),
            _("{site} — located to {precision}").format(site=details.place_name, precision=details.place_precision),
        ),
    ]
    if details.actors_line:
        facts.append((_("Who"), details.actors_line))
    facts.append((_("Confidence"), details.confidence))
    headers = {name: escape_html(_(name)) for name in (CLAIMED_BY, CLAIMED_ON, REPORTED_BY, NOTE)}
    figure_word, figures_word, archived_word = _("Figure"), _("Figures"), _("archived copy")
    sources_heading = _("Sources ({count})").format(count=format_count(len(details.sources), language))
    rows = "".join(f"<dt>{escape_html(term)}</dt><dd>{escape_html(value)}</dd>" for term, value in facts)
    figures = ""
    if details.figures:
        blocks = []
        for figure in details.figures:
            claims = "".join(
                f"<tr><td><b>{escape_html(claim.value_text)}</b></td>"
                f'<td data-label="{headers[CLAIMED_BY]}">{escape_html(claim.claimant)}</td>'
                f'<td data-label="{headers[CLAIMED_ON]}">{escape_html(claim.claimed_on)}</td>'
                f'<td data-label="{headers[REPORTED_BY]}">{_link(claim.source_label, claim.source_url)}</td>'
                f'<td data-label="{headers[NOTE]}">{escape_html(claim.note)}</td></tr>'
                for claim in figure.claims
            )
            spread = language.ngettext(
                "(range {range}, {count} claim)", "(range {range}, {count} claims)", figure.claim_count
            ).format(range=figure.range_text, count=format_count(figure.claim_count, language))
            blocks.append(
                f'<div class="figure"><h4>{escape_html(figure.label)}: {escape_html(figure.headline)} '
                f"{escape_html(spread)}</h4>"
                f"<table><thead><tr><th>{escape_html(figure_word)}</th><th>{headers[CLAIMED_BY]}</th>"
                f"<th>{headers[CLAIMED_ON]}</th><th>{headers[REPORTED_BY]}</th><th>{headers[NOTE]}</th></tr></thead>"
                f"<tbody>{claims}</tbody></table></div>"
            )
        figures = (
            f'<h4>{escape_html(figures_word)}</h4><p class="muted">'
            + escape_html(
                _(
                    "Headline: the lowest current stated claim; the range shows every stated claim. Competing claims "
                    "stand side by side. Derived figures and sub-counts are listed, never a headline."
                ),
                None,
            )
            + "</p>"
            + "".join(blocks)
        )
    sources = "".join(
        f"<li>{escape_html(source.publisher, SHORT_TEXT_LIMIT)}, {_link(source.title, source.url)} "
        f"({escape_html(source.published)}, {escape_html(source.language)})"
        + (f" · {_link(archived_word, source.archived_url)}" if source.archived_url else "")
        + "</li>"
        for source in details.sources
    )
    extra = " initial" if initial else ""
    return (
        f'<article class="card{extra}" id="{key}"><h3>{escape_html(details.title, SHORT_TEXT_LIMIT)}</h3>'
        f"<dl>{rows}</dl><p>{escape_html(summary.shown, None)}</p>{whole}{figures}"
        f"<h4>{escape_html(sources_heading)}</h4>"
        f"<ul>{sources}</ul></article>"
    )


def _list_table(
    events: pd.DataFrame, keys: Mapping[str, str], figure_text: Mapping[str, str], language: Language = ENGLISH
) -> str:
    _ = language.gettext
    rows = []
    for event in events[
        ["event_id", "date_start", "date_end", "date_precision", "event_type", "record_kind", "title", "place_name"]
    ].to_dict("records"):
        key = keys[str(event["event_id"])]
        when = date_label(event["date_start"], event["date_end"], str(event["date_precision"]), language)
        rows.append(
            f'<tr data-keys="{key}"><td>{escape_html(when)}</td>'
            f"<td>{escape_html(type_text(str(event['event_type']), str(event['record_kind']), language))}</td>"
            f'<td><a href="#{key}">{escape_html(event["title"], SHORT_TEXT_LIMIT)}</a></td>'
            f"<td>{escape_html(event['place_name'] or '', SHORT_TEXT_LIMIT)}</td>"
            f"<td>{escape_html(figure_text.get(str(event['event_id']), ''))}</td></tr>"
        )
    names = (N_("When"), N_("Type"), N_("Title"), N_("Site"), N_("Figures"))
    headers = "".join(f"<th>{escape_html(_(name))}</th>" for name in names)
    return (
        f'<div class="list-wrap"><table class="list"><thead><tr>{headers}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _legend(events: pd.DataFrame, language: Language = ENGLISH) -> str:
    present = set(events["event_type"].astype(str))
    swatches = "".join(
        f'<span><svg class="swatch" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="{hex_colour(kind)}"/></svg>'
        f"{escape_html(label)}</span>"
        for kind, label in type_labels(language).items()
        if kind in present
    )
    return f'<div class="legend">{swatches}</div>'


def _view_words(dataset: Dataset, view: ViewState, language: Language = ENGLISH) -> list[str]:
    """The filters of the view in words, for the reader of the file."""
    _ = language.gettext
    criteria = view.criteria
    words = []
    if criteria.years:
        words.append(_("years {years}").format(years=", ".join(str(year) for year in criteria.years)))
    if criteria.date_from or criteria.date_to:
        start = day_text(criteria.date_from, language) if criteria.date_from else _("the start")
        end = day_text(criteria.date_to, language) if criteria.date_to else _("the end")
        words.append(_("from {start} to {end}").format(start=start, end=end))
    if criteria.event_types:
        labels = type_labels(language)
        words.append(
            _("types {types}").format(types=", ".join(labels.get(kind, kind) for kind in criteria.event_types))
        )
    if criteria.actors:
        names = dataset.actors.set_index("actor_id")["name"] if "name" in dataset.actors else pd.Series(dtype=str)
        actors = ", ".join(str(names.get(actor, actor)) for actor in criteria.actors)
        words.append(_("actors {actors}").format(actors=actors))
    if criteria.places:
        names = dataset.places.set_index("place_id")["name"]
        words.append(
            _("sites {sites}").format(sites=", ".join(str(names.get(place, place)) for place in criteria.places))
        )
    if criteria.governorates:
        words.append(_("governorates {governorates}").format(governorates=", ".join(criteria.governorates)))
    if criteria.min_confidence:
        level = _(CONFIDENCE_OPTIONS.get(criteria.min_confidence, criteria.min_confidence))
        words.append(_("confidence: {level}").format(level=level))
    if criteria.min_location_precision:
        precision = _(PRECISION_OPTIONS.get(criteria.min_location_precision, criteria.min_location_precision))
        words.append(_("location: {precision}").format(precision=precision))
    if criteria.text:
        words.append(_("search “{text}”").format(text=criteria.text))
    if view.brush:
        words.append(
            _("period {start} – {end}").format(
                start=day_text(view.brush[0], language), end=day_text(view.brush[1], language)
            )
        )
    return words


def _page_style() -> str:
    return _STYLE + _layout_css()


def content_security_policy() -> str:
    """No request of any kind, and only this file's own style and script."""
    return (
        f"default-src 'none'; style-src '{_sha256(_page_style())}'; script-src '{_sha256(_SCRIPT)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def build_snapshot(
    dataset: Dataset,
    events: pd.DataFrame,
    view: ViewState,
    permalink: str,
    accessed: dt.date,
    language: Language = ENGLISH,
) -> str:
    """The offline HTML file of `events` (the view's filtered rows) in the reader's language, with its citation."""
    if len(events) > SNAPSHOT_EVENT_LIMIT:
        raise ValueError(f"an offline copy holds at most {SNAPSHOT_EVENT_LIMIT} events; this view has {len(events)}")
    _ = language.gettext
    number = language.number
    keys = {str(event_id): f"event-{position}" for position, event_id in enumerate(events["event_id"], start=1)}
    details = {keys[str(event_id)]: event_details(dataset, str(event_id), language) for event_id in events["event_id"]}
    titles = {key: card.title for key, card in details.items()}
    located = map_events(events)
    located = located[located["has_location"].to_numpy(dtype=bool)]
    projection = _projection(
        list(located["longitude"].to_numpy(dtype=float)), list(located["latitude"].to_numpy(dtype=float))
    )
    sites = _sites(events, keys, projection, language)
    figure_text = FigureText(dataset.figures, language=language)
    credit = attribution(CONTRACT)
    event_title = str(dataset.events.at[view.event_id, "title"]) if view.event_id in dataset.events.index else None
    citation = view_citation(
        credit, CONTRACT, dataset.version, permalink, accessed, event_title, len(events), dataset.event_count, language
    )
    initial = keys.get(view.event_id or "", "")
    unlocated = int((~events["has_location"].to_numpy(dtype=bool)).sum())
    not_drawn = len(events) - len(located) - unlocated
    filters = _view_words(dataset, view, language)
    notes = [
        _(
            "Filled dot: the exact site. White dot in a grey dashed halo: known only to the town or region. "
            "Larger dots hold more events; ×N counts the events at one point."
        )
    ]
    if not_drawn:
        notes.append(
            _(
                "{count} context row(s) and multi-day episode(s) are not points (an episode is drawn through its "
                "phases); they are on the timeline and in the list."
            ).format(count=number(not_drawn))
        )
    if unlocated:
        notes.append(
            _("{count} event(s) without coordinates are not on the map but are in the list.").format(
                count=number(unlocated)
            )
        )
    notes.append(_("Borders: Natural Earth."))
    cards = "".join(_card(key, card, key == initial, language) for key, card in details.items())
    site_boxes = "".join(_site_box(site, details, language) for site in sites if len(site.event_keys) > 1)
    live = safe_url(permalink)
    permalink_line = (
        '<p class="live">'
        + escape_html(_("Live view:"))
        + f' <a href="{escape_html(live, None)}" rel="noopener noreferrer">{escape_html(permalink, None)}</a> '
        + escape_html(_("(needs a network)."))
        + "</p>"
        if live
        else ""
    )
    body_initial = f' data-initial="{initial}"' if initial else ""
    shown = _("{shown} of {total} events").format(shown=number(len(events)), total=number(dataset.event_count))
    made = _(
        "Offline copy made on {day} from data version {version}. It opens without a network; the links to sources "
        "need one."
    ).format(day=day_text(accessed, language), version=dataset.version)
    page_title, read_all, timeline_heading, cite_heading = (
        _("Detention Atlas: offline copy of a view"),
        _("Read every card"),
        _("Timeline"),
        _("Cite and reuse"),
    )
    list_heading = _("Events in this view ({count})").format(count=number(len(events)))
    jump = "".join(
        f'<a href="#{anchor}">{escape_html(_(label))}</a>'
        for anchor, label in (
            ("map", N_("Map")),
            ("timeline", N_("Timeline")),
            ("list", N_("List")),
            ("cards", N_("Every card")),
            ("cite", N_("Cite")),
        )
    )
    hint = _(
        "Pick a point on the map, a bar on the timeline or a row in the list to read its card: sources and "
        "competing figures."
    )
    lanes = _(
        "A lane per type. Faded, dashed bars: only the week, month or year is known. White dashed bars: context "
        "rows. Pale bands: a multi-day episode behind its phases."
    )
    licence = _("Data version {version}. Licence: {licence}. Cite the sources of each event as well.").format(
        version=escape_html(dataset.version), licence=_link(CONTRACT.licence_name, CONTRACT.licence_url)
    )
    corrections = _("Corrections: {contact}.").format(contact=credit.contact or credit.publisher)
    return "".join(
        [
            f'<!DOCTYPE html><html lang="{escape_html(language.code)}"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape_html(page_title)}</title>",
            f"<style>{_page_style()}</style></head><body{body_initial}><main>",
            "<h1>Detention Atlas</h1>",
            '<p class="muted">' + escape_html(_(ATLAS_SUMMARY), None) + "</p>",
            f"<p><b>{escape_html(shown)}</b> · "
            + escape_html("; ".join(filters) if filters else _("no filters"), None)
            + f'</p><p class="muted">{escape_html(made, None)}</p>',
            f'<nav class="jump">{jump}</nav>',
            '<section class="top"><div class="map" id="map">',
            _map_svg(dataset, sites, projection, titles, language),
            f'{_legend(events, language)}<p class="muted">{escape_html(" ".join(notes), None)}</p></div>',
            f'<div class="panel" id="cards"><p class="hint">{escape_html(hint, None)} '
            f'<a href="#cards">{escape_html(read_all)}</a>.</p>',
            cards,
            site_boxes,
            "</div></section>",
            f'<h2 id="timeline">{escape_html(timeline_heading)}</h2>',
            f'<p class="muted">{escape_html(lanes, None)}</p>',
            f'<div class="timeline">{_timeline_svg(events, keys, language)}</div>',
            f'<h2 id="list">{escape_html(list_heading)}</h2>',
            _list_table(events, keys, figure_text, language),
            f'<h2 id="cite">{escape_html(cite_heading)}</h2>',
            f'<p class="citation">{escape_html(citation, None)}</p>',
            permalink_line,
            f"<p>{licence} {escape_html(corrections, None)}</p>",
            f"</main><script>{_SCRIPT}</script></body></html>",
        ]
    )


def snapshot_bytes(
    dataset: Dataset,
    events: pd.DataFrame,
    view: ViewState,
    permalink: str,
    accessed: dt.date,
    language: Language = ENGLISH,
) -> bytes:
    """The offline file as UTF-8 bytes, ready to download."""
    return build_snapshot(dataset, events, view, permalink, accessed, language).encode("utf-8")
