"""Fill missing place coordinates in places.csv: `python -m incidents geocode [DATA_DIR] [options]`.

A data-preparation step, never run by the app. Each place without coordinates is looked up by its name and
alternate names through a chain of geopy geocoders:

1. a committed cache of Nominatim answers (data/gazetteer/cache.json), keyed by country and normalised query;
2. Nominatim itself, when online: identified by a user agent, at most one request a second, no retries; the
   first network failure switches the run to offline;
3. the offline gazetteer (GeoNames extract plus a curated table of facilities), exact names then fuzzy.

Rows with checked=true are never changed, and every row that is not filled keeps its exact bytes; the
file is replaced atomically. `--check` compares the hand-checked coordinates with the geocoders instead.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from geopy.distance import geodesic

from incidents.contract.schema import LIST_DELIMITER
from incidents.geocoding.gazetteer import (
    DEFAULT_FUZZY_CUTOFF,
    GazetteerError,
    load_gazetteer,
)
from incidents.geocoding.nominatim import (
    DEFAULT_TIMEOUT_SECONDS,
    DEFAULT_USER_AGENT,
    NOMINATIM_DOMAIN,
    NominatimCache,
    NominatimClient,
)
from incidents.geocoding.places_file import (
    InputError,
    PlacesFile,
    Record,
    read_places,
    read_study_region,
    write_places,
)
from incidents.geocoding.resolver import PlaceQuery, Resolution, Resolver

DEFAULT_THRESHOLD_KM = 5.0
COORDINATE_DECIMALS = 5
PLACES_FILE = "places.csv"
GAZETTEER_DIR = "gazetteer"
CACHE_FILE = "cache.json"


# ---------------------------------------------------------------------------------------------------------
# The run: progress, filling, checking, summary
# ---------------------------------------------------------------------------------------------------------


class Progress:
    """A one-line text progress bar on a terminal stream; silent when the stream is not a terminal."""

    WIDTH = 30

    def __init__(self, stream: TextIO, *, enabled: bool | None = None) -> None:
        """Prepare a bar on `stream`; `start` sets the number of steps."""
        self.total = 0
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self._shown = False

    def start(self, total: int) -> None:
        """Begin a run of `total` steps."""
        self.total = total
        self.update(0)

    def update(self, done: int, label: str = "") -> None:
        """Redraw the bar with `done` steps finished and the current item's label."""
        if not self.enabled or self.total == 0:
            return
        filled = round(self.WIDTH * done / self.total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\rgeocode [{bar}] {done}/{self.total} {label[:40]:<40}")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        """End the bar's line so that later output starts on a fresh one."""
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False


@dataclass
class Report:
    """What a run found, for the summary and the exit code."""

    filled: list[tuple[str, str, Resolution]] = field(default_factory=list)
    unresolved: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    skipped_checked: int = 0
    already_located: int = 0
    problems: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    agreements: int = 0
    not_found_checked: list[str] = field(default_factory=list)


def _count(number: int, noun: str) -> str:
    """The count with its noun, plural unless it is one ("1 row", "2 rows")."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _format_number(value: float) -> str:
    """A coordinate with at most COORDINATE_DECIMALS decimals and no trailing zeros."""
    text = f"{value:.{COORDINATE_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _place_query(row: dict[str, str]) -> PlaceQuery:
    """The geocoders' view of a row: its names, kind, country and governorate."""
    names = [row["name"].strip()]
    names += [part.strip() for part in row.get("alt_names", "").split(LIST_DELIMITER) if part.strip()]
    return PlaceQuery(
        place_id=row["place_id"].strip(),
        names=tuple(name for name in names if name),
        kind=row.get("kind", "").strip(),
        country=row.get("country", "").strip().upper(),
        admin1=row.get("admin1", "").strip(),
    )


def _parse_coordinate(value: str) -> float | None:
    """A coordinate cell as a float, or None when it is not a number."""
    try:
        return float(value)
    except ValueError:
        return None


def _describe(resolution: Resolution) -> str:
    """One-line provenance of a resolution."""
    how = f"{resolution.geocoder}{' fuzzy' if resolution.fuzzy else ''}"
    return (
        f"{_format_number(resolution.latitude)}, {_format_number(resolution.longitude)} "
        f"{resolution.precision} {resolution.source} ({how}: '{resolution.matched}' for '{resolution.query}', "
        f"score {resolution.score:.2f})"
    )


def _updated_cells(row: dict[str, str], resolution: Resolution, columns: Sequence[str]) -> dict[str, str]:
    """The cells a resolution fills: coordinates, their provenance, and a note when one is needed."""
    update = {
        "latitude": _format_number(resolution.latitude),
        "longitude": _format_number(resolution.longitude),
        "coord_precision": resolution.precision,
        "coord_source": resolution.source,
    }
    if resolution.note and "notes" in columns:
        existing = row.get("notes", "").strip()
        if resolution.note not in existing:
            update["notes"] = f"{existing} {resolution.note}".strip()
    return update


def fill(
    places: PlacesFile,
    resolver: Resolver,
    report: Report,
    progress: Progress,
    out: TextIO,
    *,
    dry_run: bool,
) -> dict[int, dict[str, str]]:
    """Resolve every unchecked row without coordinates; return the cell updates by record index."""
    file = str(places.path)
    todo: list[tuple[int, Record, dict[str, str]]] = []
    for index, record in enumerate(places.records[1:], start=1):
        if record.is_blank:
            continue
        if len(record.cells) != len(places.columns):
            report.problems.append(
                f"{file}:{record.line}: has {len(record.cells)} fields but the header has "
                f"{len(places.columns)}; row left unchanged"
            )
            continue
        row = places.row(record)
        checked = row["checked"].strip().lower()
        if checked == "true":
            report.skipped_checked += 1
            continue
        if checked != "false":
            report.problems.append(
                f"{file}:{record.line}: column checked: {row['checked']!r} is not true or false; row left unchanged"
            )
            continue
        latitude, longitude = row["latitude"].strip(), row["longitude"].strip()
        if latitude and longitude:
            report.already_located += 1
            continue
        if latitude or longitude:
            column = "longitude" if latitude else "latitude"
            report.problems.append(
                f"{file}:{record.line}: column {column}: empty while the other coordinate is filled; row left unchanged"
            )
            continue
        if not row["name"].strip():
            report.problems.append(f"{file}:{record.line}: column name: empty, nothing to geocode")
            continue
        todo.append((index, record, row))

    changes: dict[int, dict[str, str]] = {}
    verb = "would fill" if dry_run else "filled"
    progress.start(len(todo))
    for done, (index, _record, row) in enumerate(todo):
        place = _place_query(row)
        progress.update(done, place.names[0])
        resolution = resolver.resolve(place)
        if resolution is None:
            report.unresolved.append((place.place_id, place.names[0], place.names))
            continue
        changes[index] = _updated_cells(row, resolution, places.columns)
        report.filled.append((place.place_id, place.names[0], resolution))
        progress.close()
        print(f"  {verb} {place.place_id}: {_describe(resolution)}", file=out)
    progress.update(len(todo), "done")
    progress.close()
    return changes


def check(
    places: PlacesFile, resolver: Resolver, report: Report, progress: Progress, out: TextIO, *, threshold_km: float
) -> None:
    """Compare every hand-checked row's coordinates with the geocoders' and report those too far apart."""
    file = str(places.path)
    rows: list[tuple[Record, dict[str, str], float, float]] = []
    for record in places.records[1:]:
        if record.is_blank or len(record.cells) != len(places.columns):
            continue
        row = places.row(record)
        if row["checked"].strip().lower() != "true":
            continue
        latitude, longitude = _parse_coordinate(row["latitude"]), _parse_coordinate(row["longitude"])
        if latitude is None or longitude is None:
            report.problems.append(
                f"{file}:{record.line}: columns latitude/longitude: checked row without usable coordinates"
            )
            continue
        rows.append((record, row, latitude, longitude))
    progress.start(len(rows))
    for done, (record, row, latitude, longitude) in enumerate(rows):
        place = _place_query(row)
        progress.update(done, place.names[0])
        resolution = resolver.resolve(place)
        if resolution is None:
            report.not_found_checked.append(place.place_id)
            continue
        distance = geodesic((latitude, longitude), (resolution.latitude, resolution.longitude)).km
        if distance > threshold_km:
            message = (
                f"{file}:{record.line}: {place.place_id} ({place.names[0]}): checked "
                f"{_format_number(latitude)}, {_format_number(longitude)} is {distance:.1f} km from "
                f"{_describe(resolution)}"
            )
            report.disagreements.append(message)
            progress.close()
            print(f"  disagree {message}", file=out)
        else:
            report.agreements += 1
    progress.update(len(rows), "done")
    progress.close()


def _summary(report: Report, nominatim: NominatimClient | None, *, checking: bool, threshold_km: float) -> str:
    """The closing lines of a run."""
    lines: list[str] = []
    if checking:
        lines.append(
            f"checked rows: {report.agreements} agree within {threshold_km:g} km, "
            f"{len(report.disagreements)} disagree, {len(report.not_found_checked)} not found by any geocoder"
            + (f" ({', '.join(report.not_found_checked)})" if report.not_found_checked else "")
        )
    else:
        by_geocoder = dict.fromkeys(("cache", "nominatim", "gazetteer"), 0)
        for _place_id, _name, resolution in report.filled:
            by_geocoder[resolution.geocoder] += 1
        fuzzy = [
            f"{place_id} {resolution.score:.2f}" for place_id, _name, resolution in report.filled if resolution.fuzzy
        ]
        counts = ", ".join(f"{name} {count}" for name, count in by_geocoder.items())
        lines.append(f"resolved {len(report.filled)} ({counts})" + (f"; fuzzy: {', '.join(fuzzy)}" if fuzzy else ""))
        unresolved = "; ".join(f"{place_id} ({name})" for place_id, name, _names in report.unresolved)
        lines.append(f"unresolved {len(report.unresolved)}" + (f": {unresolved}" if unresolved else ""))
        lines.append(
            f"skipped {_count(report.skipped_checked, 'checked row')}; "
            f"{_count(report.already_located, 'unchecked row')} already had coordinates"
        )
    if nominatim is None:
        lines.append("Nominatim: not used (offline)")
    elif not nominatim.available:
        lines.append(
            f"Nominatim: unavailable after {nominatim.requests} request(s) ({nominatim.failure}); "
            "the rest of the run was offline"
        )
    else:
        lines.append(f"Nominatim: {nominatim.requests} request(s) to {nominatim.domain}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The command-line options of `python -m incidents geocode`."""
    parser = argparse.ArgumentParser(
        prog="python -m incidents geocode",
        description="Fill missing coordinates in places.csv (hand-checked rows are never changed).",
    )
    parser.add_argument("data_dir", nargs="?", default="data", type=Path, help="dataset directory (default: data)")
    parser.add_argument("--offline", action="store_true", help="never ask Nominatim; use the cache and gazetteer")
    parser.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare hand-checked coordinates with the geocoders; places.csv is not changed",
    )
    parser.add_argument(
        "--threshold-km",
        type=float,
        default=DEFAULT_THRESHOLD_KM,
        help="distance over which --check reports a disagreement (default: %(default)s)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when places stay unresolved or --check finds disagreements (default: report only)",
    )
    parser.add_argument(
        "--fuzzy-cutoff",
        type=float,
        default=DEFAULT_FUZZY_CUTOFF,
        help="lowest name similarity (0-1) a fuzzy gazetteer match may have (default: %(default)s)",
    )
    parser.add_argument(
        "--gazetteer-dir", type=Path, help="folder of geonames.csv and curated.csv (default: DATA_DIR/gazetteer)"
    )
    parser.add_argument("--cache", type=Path, help="Nominatim cache file (default: GAZETTEER_DIR/cache.json)")
    parser.add_argument("--user-agent", default=DEFAULT_USER_AGENT, help="User-Agent sent to Nominatim")
    parser.add_argument("--nominatim-domain", default=NOMINATIM_DOMAIN, help="Nominatim host[:port]")
    parser.add_argument("--nominatim-scheme", choices=("https", "http"), default="https", help="Nominatim scheme")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, help="seconds to wait for Nominatim")
    parser.add_argument("--no-progress", action="store_true", help="never draw the progress bar")
    return parser


def _parse_arguments(argv: Sequence[str]) -> argparse.Namespace | int:
    """Parsed options, or the exit code argparse chose (0 for --help, 2 for usage errors)."""
    parser = build_parser()
    try:
        arguments = parser.parse_args(list(argv))
        if arguments.threshold_km <= 0:
            parser.error("--threshold-km must be greater than 0")
        if not 0 < arguments.fuzzy_cutoff <= 1:
            parser.error("--fuzzy-cutoff must be in (0, 1]")
        if arguments.timeout <= 0:
            parser.error("--timeout must be greater than 0")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 2
    return arguments


def run(arguments: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Carry out a parsed command; returns the exit code."""
    data_dir: Path = arguments.data_dir
    if not data_dir.is_dir():
        print(f"{data_dir}: not a directory; give the folder that holds {PLACES_FILE}", file=err)
        return 1
    gazetteer_dir: Path = arguments.gazetteer_dir or data_dir / GAZETTEER_DIR
    places = read_places(data_dir / PLACES_FILE)
    cache = NominatimCache.load(arguments.cache or gazetteer_dir / CACHE_FILE)
    try:
        gazetteer = load_gazetteer(gazetteer_dir, fuzzy_cutoff=arguments.fuzzy_cutoff)
    except GazetteerError as error:
        raise InputError(str(error)) from None
    nominatim = None
    if not arguments.offline:
        nominatim = NominatimClient(
            user_agent=arguments.user_agent,
            domain=arguments.nominatim_domain,
            scheme=arguments.nominatim_scheme,
            timeout=arguments.timeout,
        )
    writing = not (arguments.dry_run or arguments.check)
    resolver = Resolver(
        gazetteer, cache, nominatim, region=read_study_region(data_dir), save_cache=not arguments.dry_run
    )
    report = Report()
    progress = Progress(err, enabled=False if arguments.no_progress else None)
    mode = "check" if arguments.check else "dry run" if arguments.dry_run else "geocode"
    source = "offline" if nominatim is None else f"Nominatim at {nominatim.domain}, then offline gazetteer"
    rows = sum(not record.is_blank for record in places.records[1:])
    print(f"{mode} {places.path}: {_count(rows, 'row')}; {source}", file=out)
    try:
        if arguments.check:
            check(places, resolver, report, progress, out, threshold_km=arguments.threshold_km)
        else:
            changes = fill(places, resolver, report, progress, out, dry_run=not writing)
            if writing and changes:
                write_places(places, changes)
    except KeyboardInterrupt:
        progress.close()
        cached = "" if arguments.dry_run else " (Nominatim answers so far are cached)"
        print(f"interrupted: {places.path} was not changed{cached}", file=err)
        return 1
    for problem in report.problems:
        print(problem, file=err)
    print(_summary(report, nominatim, checking=arguments.check, threshold_km=arguments.threshold_km), file=out)
    if not arguments.check:
        changed = len(report.filled)
        outcome = (
            f"wrote {places.path} ({_count(changed, 'row')} changed)" if writing and changed else "nothing written"
        )
        print(outcome if writing else "dry run: nothing written", file=out)
    if report.problems:
        return 1
    if arguments.strict and (report.unresolved or report.disagreements):
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m incidents geocode`: 0 on success, 1 on problems, 2 on usage errors."""
    parsed = _parse_arguments(sys.argv[1:] if argv is None else argv)
    if isinstance(parsed, int):
        return parsed
    try:
        return run(parsed, sys.stdout, sys.stderr)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # A failed write (disk full, permissions): the atomic writer left the old file in place.
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}; nothing was changed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing was changed", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
