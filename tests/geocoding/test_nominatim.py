"""Nominatim on loopback: rate limit, identification, the cache, and falling back to the gazetteer when it fails."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from incidents.contract.schema import CONTRACT
from incidents.geocoding.cli import main
from incidents.geocoding.nominatim import NominatimCache, NominatimClient
from tests.geocoding.support import (
    GAZETTEER_DIR,
    HASAKAH_OSM,
    NOMINATIM_ANSWERS,
    TEST_USER_AGENT,
    FakeNominatim,
    dataset,
    locate,
    raw_lines,
    rows_by_id,
    run_geocode,
)


def closed_port() -> int:
    """A loopback port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
