"""What the geocoding tests share: fixture files, a run's arguments, row readers, a fake Nominatim server."""

from __future__ import annotations

import csv
import json
import shutil
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from incidents.geocoding import atomic
from tests.support import REPOSITORY_ROOT

FIXTURES = REPOSITORY_ROOT / "tests" / "data" / "geocode"
GAZETTEER_DIR = REPOSITORY_ROOT / "data" / "gazetteer"
TOLERANCE_DEGREES = 0.05
TEST_USER_AGENT = "detention-atlas-tests/0.1 (+https://example.org/detention-atlas)"


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
