"""The geocode command end to end: places filled with provenance, the summary, check mode, errors, interrupts."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from incidents.geocoding import atomic, resolver
from incidents.geocoding.cli import Progress, main
from incidents.geocoding.places_file import read_places
from incidents.geocoding.resolver import PlaceQuery, Resolver
from tests.geocoding.support import (
    NOMINATIM_ANSWERS,
    TOLERANCE_DEGREES,
    FakeNominatim,
    dataset,
    raw_lines,
    rows_by_id,
    run_geocode,
    temporary_files,
)
from tests.support import REPOSITORY_ROOT


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


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = dataset(tmp_path, "places_missing_coords.csv")
    original = (data_dir / "places.csv").read_bytes()
    assert main(run_geocode(data_dir, "--offline", "--dry-run")) == 0
    assert (data_dir / "places.csv").read_bytes() == original
    assert sorted(path.name for path in data_dir.iterdir()) == ["places.csv"]
    output = capsys.readouterr().out
    assert "would fill pl-hasakah: 36.50237, 40.74772 town geonames" in output
    assert "dry run: nothing written" in output


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


def test_the_package_command_line_dispatches_to_geocode(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_variants.csv")
    original = (data_dir / "places.csv").read_bytes()
    command = [sys.executable, "-m", "incidents", "geocode", *run_geocode(data_dir, "--offline", "--dry-run")]
    finished = subprocess.run(command, cwd=REPOSITORY_ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode == 0, finished.stderr
    assert "would fill pl-v-hasaka" in finished.stdout
    assert (data_dir / "places.csv").read_bytes() == original


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
