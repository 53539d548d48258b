"""Offline gazetteer of Syrian and Iraqi places: a GeoNames extract plus a curated table of facilities.

Both tables are committed CSV files in data/gazetteer/ (see its README for sources and licences), so
looking a name up needs no network and no GeoNames package. Names are matched on `normalise_name` keys:
exactly first, then (when asked) by a difflib similarity score above a cutoff.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geopy.adapters import URLLibAdapter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from incidents.names import normalise_name

__all__ = [
    "CURATED_FILE",
    "FACILITY_KINDS",
    "GEONAMES_FILE",
    "GazetteerEntry",
    "GazetteerError",
    "GazetteerGeocoder",
    "GazetteerMatch",
    "admin1_key",
    "entry_fits_kind",
    "load_gazetteer",
]

GEONAMES_FILE = "geonames.csv"
CURATED_FILE = "curated.csv"
ALTERNATE_SEPARATOR = "|"
DEFAULT_FUZZY_CUTOFF = 0.85

# Places of these kinds are facilities: they only match a curated entry of the same kind, so a prison is
# never placed on a camp; a populated place can still give them a town point.
FACILITY_KINDS: frozenset[str] = frozenset({"prison", "camp", "military_site"})
# GeoNames rows are populated places (cities500 holds nothing else).
POPULATED_PLACE = "populated_place"

_GEONAMES_COLUMNS = ("geonameid", "name", "alternate_names", "admin1", "country", "latitude", "longitude")
_CURATED_COLUMNS = (
    "name",
    "alternate_names",
    "kind",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "coord_precision",
    "coord_source",
    "note",
)


# Words around a governorate's name that rows may or may not carry ("al-Hasakah Governorate").
_ADMIN1_WORDS = re.compile(r"\b(?:governorate|province|muhafazat|mohafazat|muhafazah|wilayah)\b", re.IGNORECASE)


def admin1_key(text: str) -> str:
    """Matching key of a governorate name, without words like "Governorate"."""
    return normalise_name(_ADMIN1_WORDS.sub(" ", text))


class GazetteerError(Exception):
    """A gazetteer file is missing or malformed; the message names the file, line and column."""


@dataclass(frozen=True)
class GazetteerEntry:
    """One place of the gazetteer with every name it is known by."""

    identifier: str
    name: str
    names: tuple[str, ...]
    kind: str
    admin1: str
    country: str
    latitude: float
    longitude: float
    precision: str
    source: str
    note: str = ""
    population: int = 0

    @property
    def is_curated(self) -> bool:
        """True for entries of the hand-made table rather than GeoNames."""
        return self.identifier.startswith("curated:")


@dataclass(frozen=True)
class GazetteerMatch:
    """An entry found for a query: which of its names matched and how closely (1.0 = same key)."""

    entry: GazetteerEntry
    matched_name: str
    score: float

    @property
    def is_fuzzy(self) -> bool:
        """True when the match is by similarity rather than an identical key."""
        return self.score < 1.0


def entry_fits_kind(entry_kind: str, place_kind: str) -> bool:
    """Whether an entry may locate a place of `place_kind` (facilities only match their own kind)."""
    if entry_kind in FACILITY_KINDS:
        return entry_kind == place_kind
    return True


class GazetteerGeocoder(Geocoder):
    """A geopy geocoder over the offline gazetteer; `raw` of each Location carries the provenance."""

    def __init__(self, entries: Iterable[GazetteerEntry], *, fuzzy_cutoff: float = DEFAULT_FUZZY_CUTOFF) -> None:
        """Index the entries by the key of each of their names."""
        # The base class wants an HTTP adapter; the stdlib one is cheap and never used here.
        super().__init__(adapter_factory=URLLibAdapter)
        self.entries: tuple[GazetteerEntry, ...] = tuple(entries)
        self.fuzzy_cutoff = fuzzy_cutoff
        self._by_key: dict[str, list[tuple[GazetteerEntry, str]]] = {}
        for entry in self.entries:
            for name in entry.names:
                key = normalise_name(name)
                if key:
                    bucket = self._by_key.setdefault(key, [])
                    if all(existing is not entry for existing, _ in bucket):
                        bucket.append((entry, name))
        self._admin1_keys: dict[str, set[str]] = {}
        for entry in self.entries:
            if entry.admin1:
                self._admin1_keys.setdefault(entry.country, set()).add(admin1_key(entry.admin1))

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = None,
        country: str = "",
        admin1: str = "",
        kind: str = "",
        fuzzy: bool = True,
    ) -> Location | list[Location] | None:
        """Locate `query` (geopy interface): exact names, then similar ones unless `fuzzy` is false."""
        # `timeout` is accepted for geopy compatibility; nothing here waits on a network.
        matches = self.find(query, country=country, admin1=admin1, kind=kind)
        if not matches and fuzzy:
            matches = self.find(query, country=country, admin1=admin1, kind=kind, fuzzy=True)
        if not matches:
            return None
        locations = [self.to_location(match) for match in matches]
        return locations[0] if exactly_one else locations

    def find(
        self, query: str, *, country: str = "", admin1: str = "", kind: str = "", fuzzy: bool = False
    ) -> list[GazetteerMatch]:
        """Matches for `query`, best first: exact keys, or (with `fuzzy`) similar keys above the cutoff."""
        key = normalise_name(query)
        if not key:
            return []
        if not fuzzy:
            found = [
                GazetteerMatch(entry, name, 1.0)
                for entry, name in self._by_key.get(key, [])
                if self._eligible(entry, country, kind)
            ]
            return self._ranked(found, admin1)
        return self._fuzzy(key, country=country, admin1=admin1, kind=kind)

    def to_location(self, match: GazetteerMatch) -> Location:
        """A geopy Location whose raw dict records where the point comes from."""
        entry = match.entry
        raw = {
            "geocoder": "gazetteer",
            "identifier": entry.identifier,
            "name": entry.name,
            "matched_name": match.matched_name,
            "kind": entry.kind,
            "admin1": entry.admin1,
            "country": entry.country,
            "precision": entry.precision,
            "source": entry.source,
            "note": entry.note,
            "score": round(match.score, 3),
        }
        address = ", ".join(part for part in (entry.name, entry.admin1, entry.country) if part)
        return Location(address, (entry.latitude, entry.longitude), raw)

    def _eligible(self, entry: GazetteerEntry, country: str, kind: str) -> bool:
        """Same country (when given) and a kind that may locate the place."""
        if country and entry.country != country.upper():
            return False
        return entry_fits_kind(entry.kind, kind)

    def _admin1_known(self, country: str, wanted_admin1: str) -> bool:
        """Whether the gazetteer uses this governorate name, so that a mismatch means something."""
        countries = [country.upper()] if country else list(self._admin1_keys)
        return any(wanted_admin1 in self._admin1_keys.get(code, set()) for code in countries)

    def _ranked(self, matches: list[GazetteerMatch], admin1: str) -> list[GazetteerMatch]:
        """Best first: closest score, same governorate, curated before GeoNames, larger population."""
        wanted_admin1 = admin1_key(admin1) if admin1 else ""

        def rank(match: GazetteerMatch) -> tuple[float, bool, bool, int]:
            entry = match.entry
            same_admin1 = bool(wanted_admin1) and admin1_key(entry.admin1) == wanted_admin1
            return (-match.score, not same_admin1, not entry.is_curated, -entry.population)

        return sorted(matches, key=rank)

    def _fuzzy(self, key: str, *, country: str, admin1: str, kind: str) -> list[GazetteerMatch]:
        """Similar keys by difflib ratio; restricted to the place's governorate when the gazetteer knows it."""
        wanted_admin1 = admin1_key(admin1) if admin1 else ""
        restrict_admin1 = bool(wanted_admin1) and self._admin1_known(country, wanted_admin1)
        candidates: dict[str, list[tuple[GazetteerEntry, str]]] = {}
        for candidate_key, bucket in self._by_key.items():
            for entry, name in bucket:
                if not self._eligible(entry, country, kind):
                    continue
                # A loose spelling is only trusted inside the governorate the row names.
                if restrict_admin1 and admin1_key(entry.admin1) != wanted_admin1:
                    continue
                candidates.setdefault(candidate_key, []).append((entry, name))
        close = difflib.get_close_matches(key, list(candidates), n=5, cutoff=self.fuzzy_cutoff)
        found: list[GazetteerMatch] = []
        for candidate_key in close:
            score = difflib.SequenceMatcher(None, key, candidate_key).ratio()
            found.extend(GazetteerMatch(entry, name, score) for entry, name in candidates[candidate_key])
        return self._ranked(found, admin1)


def load_gazetteer(directory: Path, *, fuzzy_cutoff: float = DEFAULT_FUZZY_CUTOFF) -> GazetteerGeocoder:
    """Read geonames.csv and curated.csv from `directory` into a geocoder; GazetteerError if unusable."""
    entries = [*_read_geonames(directory / GEONAMES_FILE), *_read_curated(directory / CURATED_FILE)]
    return GazetteerGeocoder(entries, fuzzy_cutoff=fuzzy_cutoff)


def _read_rows(path: Path, required: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    """Rows of a gazetteer CSV with their line numbers, after checking the header has `required`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GazetteerError(f"{path}: file is missing (run scripts/extract_gazetteer.py)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GazetteerError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise GazetteerError(f"{path.name}:1: missing column(s) {', '.join(missing)}")
    for row in reader:
        yield reader.line_num, {name: (value or "").strip() for name, value in row.items() if name}


def _coordinate(path: Path, line: int, row: dict[str, str], column: str, limit: float) -> float:
    """A latitude or longitude cell as a float within ±limit."""
    try:
        value = float(row[column])
    except ValueError:
        raise GazetteerError(f"{path.name}:{line}: column {column}: {row[column]!r} is not a number") from None
    if not -limit <= value <= limit:
        raise GazetteerError(f"{path.name}:{line}: column {column}: {value} is out of range")
    return value


def _names(name: str, alternates: str) -> tuple[str, ...]:
    """The main name followed by the non-empty alternates."""
    return (name, *(part.strip() for part in alternates.split(ALTERNATE_SEPARATOR) if part.strip()))


def _read_geonames(path: Path) -> list[GazetteerEntry]:
    """Entries of the GeoNames extract: populated places with town precision."""
    entries: list[GazetteerEntry] = []
    for line, row in _read_rows(path, _GEONAMES_COLUMNS):
        names = _names(row["name"], row["alternate_names"])
        if row.get("ascii_name"):
            names = (*names, row["ascii_name"])
        entries.append(
            GazetteerEntry(
                identifier=f"geonames:{row['geonameid']}",
                name=row["name"],
                names=names,
                kind=POPULATED_PLACE,
                admin1=row["admin1"],
                country=row["country"].upper(),
                latitude=_coordinate(path, line, row, "latitude", 90),
                longitude=_coordinate(path, line, row, "longitude", 180),
                precision="town",
                source="geonames",
                population=int(row.get("population") or 0),
            )
        )
    return entries


def _read_curated(path: Path) -> list[GazetteerEntry]:
    """Entries of the curated table, each with its own precision, source and note."""
    entries: list[GazetteerEntry] = []
    for line, row in _read_rows(path, _CURATED_COLUMNS):
        entries.append(
            GazetteerEntry(
                identifier=f"curated:{normalise_name(row['name']).replace(' ', '-')}",
                name=row["name"],
                names=_names(row["name"], row["alternate_names"]),
                kind=row["kind"] or POPULATED_PLACE,
                admin1=row["admin1"],
                country=row["country"].upper(),
                latitude=_coordinate(path, line, row, "latitude", 90),
                longitude=_coordinate(path, line, row, "longitude", 180),
                precision=row["coord_precision"] or "site",
                source=row["coord_source"] or "manual",
                note=row["note"],
            )
        )
    return entries
