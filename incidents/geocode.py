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
import datetime
import difflib
import http.client
import ipaddress
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from geopy.adapters import URLLibAdapter
from geopy.distance import geodesic
from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable, GeopyError
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from incidents.atomic import write_text_atomic
from incidents.gazetteer import (
    FACILITY_KINDS,
    POPULATED_PLACE,
    GazetteerError,
    GazetteerGeocoder,
    GazetteerMatch,
    load_gazetteer,
)
from incidents.names import normalise_name

__all__ = [
    "DEFAULT_USER_AGENT",
    "InputError",
    "NominatimCache",
    "NominatimClient",
    "PlacesFile",
    "Resolution",
    "Resolver",
    "StudyRegion",
    "main",
    "read_places",
    "write_places",
]

DEFAULT_USER_AGENT = "detention-atlas/0.1 (+https://example.org/detention-atlas)"
NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
# Nominatim's usage policy: an absolute maximum of one request per second.
NOMINATIM_MIN_INTERVAL_SECONDS = 1.0
NOMINATIM_RESULT_LIMIT = 5
DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_THRESHOLD_KM = 5.0
DEFAULT_FUZZY_CUTOFF = 0.85
COORDINATE_DECIMALS = 5

PLACES_FILE = "places.csv"
DESCRIPTOR_FILE = "datapackage.json"
GAZETTEER_DIR = "gazetteer"
CACHE_FILE = "cache.json"

REQUIRED_COLUMNS = ("place_id", "name", "latitude", "longitude", "coord_precision", "coord_source", "checked")
NAME_SEPARATOR = ";"

# Words that make a name a facility's; without them the rest of the name is usually its town
# ("al-Hol camp" -> "al-Hol"). English, Dutch (the project's press sources) and Arabic.
_FACILITY_WORDS = re.compile(
    r"\b(?:(?:refugee|displacement|idp|detention|internment|vluchtelingen|detentie)[ -]?camp"
    r"|camp|kamp|prison|jail|gaol|gevangenis|detention (?:centre|center|facility)|central|military base"
    r"|base|mukhayyam|sijn|of)\b|مخيم|سجن",
    re.IGNORECASE,
)

# Nominatim result categories (OSM class/type/addresstype) by what they are.
_SETTLEMENT_TYPES = frozenset({"city", "town", "village", "hamlet", "isolated_dwelling", "municipality", "locality"})
_NEIGHBOURHOOD_TYPES = frozenset({"suburb", "quarter", "neighbourhood", "city_block", "borough", "residential"})
_REGION_TYPES = frozenset({"state", "province", "region", "county", "district", "governorate", "administrative"})
_FEATURE_CLASSES = frozenset({"amenity", "building", "landuse", "military", "office", "man_made", "tourism"})


class InputError(Exception):
    """Input that stops the run; the message is one line naming the file, line and column."""


@dataclass(frozen=True)
class StudyRegion:
    """Bounding box that every geocoded point must fall in (the descriptor's x-study-region)."""

    min_latitude: float = 29.0
    max_latitude: float = 37.6
    min_longitude: float = 35.5
    max_longitude: float = 48.8

    def contains(self, latitude: float, longitude: float) -> bool:
        """Whether the point lies inside the box."""
        return (
            self.min_latitude <= latitude <= self.max_latitude and self.min_longitude <= longitude <= self.max_longitude
        )

    def viewbox(self) -> list[tuple[float, float]]:
        """The box as geopy's Nominatim viewbox: two (latitude, longitude) corners."""
        return [(self.min_latitude, self.min_longitude), (self.max_latitude, self.max_longitude)]


def read_study_region(data_dir: Path) -> StudyRegion:
    """The study region declared in datapackage.json, or the default box when it is absent."""
    try:
        descriptor = json.loads((data_dir / DESCRIPTOR_FILE).read_text(encoding="utf-8"))
        box = descriptor["x-study-region"]
        return StudyRegion(
            float(box["min_latitude"]),
            float(box["max_latitude"]),
            float(box["min_longitude"]),
            float(box["max_longitude"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        # The validator reports a broken descriptor; geocoding only needs a sensible box.
        return StudyRegion()


# ---------------------------------------------------------------------------------------------------------
# places.csv, kept as raw records so that rows that are not filled are written back byte for byte
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Record:
    """One CSV record: the line it starts on, its exact text (with line terminator) and its cells."""

    line: int
    raw: str
    cells: list[str]

    @property
    def terminator(self) -> str:
        """The record's own line ending ("" for a last line without one)."""
        for ending in ("\r\n", "\n", "\r"):
            if self.raw.endswith(ending):
                return ending
        return ""

    @property
    def is_blank(self) -> bool:
        """True for an empty line."""
        return self.cells == [""]


@dataclass
class PlacesFile:
    """places.csv as read: byte-order mark, header, records; `render` rewrites only changed rows."""

    path: Path
    byte_order_mark: str
    columns: list[str]
    records: list[Record]
    original: bytes = b""

    def row(self, record: Record) -> dict[str, str]:
        """The record's cells by column name."""
        return dict(zip(self.columns, record.cells, strict=True))

    def render(self, changes: dict[int, dict[str, str]]) -> str:
        """The file's text with the records at the given indexes rewritten with the new cell values."""
        parts = [self.byte_order_mark]
        for index, record in enumerate(self.records):
            update = changes.get(index)
            if update is None:
                parts.append(record.raw)
                continue
            values = self.row(record) | update
            parts.append(",".join(format_cell(values[column]) for column in self.columns) + record.terminator)
        return "".join(parts)


def format_cell(value: str) -> str:
    """A CSV cell, quoted only when it holds a comma, a quote or a line break."""
    if any(char in value for char in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def split_records(text: str, file: str) -> list[Record]:
    """Split CSV text into records, keeping each record's exact text; quoted line breaks stay inside."""
    records: list[Record] = []
    cells: list[str] = []
    cell: list[str] = []
    in_quotes = False
    at_field_start = True
    record_start = 0
    record_line = line = quote_line = 1
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if in_quotes:
            if char == '"':
                if text.startswith('"', index + 1):
                    cell.append('"')
                    index += 2
                    continue
                in_quotes = False
            else:
                if char == "\n" or (char == "\r" and not text.startswith("\n", index + 1)):
                    line += 1
                cell.append(char)
            index += 1
            continue
        if char == '"' and at_field_start:
            in_quotes, at_field_start, quote_line = True, False, line
        elif char == ",":
            cells.append("".join(cell))
            cell, at_field_start = [], True
        elif char in "\r\n":
            end = index + 2 if text.startswith("\r\n", index) else index + 1
            cells.append("".join(cell))
            records.append(Record(record_line, text[record_start:end], cells))
            cells, cell, at_field_start = [], [], True
            line += 1
            record_start, record_line, index = end, line, end
            continue
        else:
            cell.append(char)
            at_field_start = False
        index += 1
    if in_quotes:
        raise InputError(f"{file}:{quote_line}: a quoted cell opened here is never closed (unbalanced '\"')")
    if record_start < length:
        cells.append("".join(cell))
        records.append(Record(record_line, text[record_start:], cells))
    return records


def read_places(path: Path) -> PlacesFile:
    """Read places.csv; InputError (one line, naming file, line and column) when it cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file is missing; expected the places table (CSV)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as 'CSV UTF-8'"
        ) from None
    byte_order_mark = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(byte_order_mark) :]
    if not text.strip():
        raise InputError(f"{path}:1: file is empty; expected a header with {', '.join(REQUIRED_COLUMNS)}")
    records = split_records(text, str(path))
    header = records[0]
    columns = [name.strip() for name in header.cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        hint = " (the file seems to use ';' between columns; the dataset uses ',')" if ";" in header.raw else ""
        raise InputError(f"{path}:1: column(s) {', '.join(missing)} missing from the header{hint}")
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    if duplicated:
        raise InputError(f"{path}:1: column(s) {', '.join(duplicated)} appear more than once in the header")
    return PlacesFile(path, byte_order_mark, columns, records, data)


def write_places(places: PlacesFile, changes: dict[int, dict[str, str]]) -> None:
    """Replace the file with the changed rows, unless someone else changed it since it was read."""
    try:
        current = places.path.read_bytes()
    except OSError:
        current = b""
    if current != places.original:
        # A long online run must not overwrite edits made meanwhile (a hand-checked row among them).
        raise InputError(f"{places.path}: changed by someone else during the run; nothing written, run again")
    write_text_atomic(places.path, places.render(changes))


# ---------------------------------------------------------------------------------------------------------
# Geocoders: the Nominatim cache, Nominatim itself, and the chain that ends in the gazetteer
# ---------------------------------------------------------------------------------------------------------


def cache_key(query: str, country: str) -> str:
    """Cache key of a query: the country code and the normalised query ("SY:hasaka")."""
    return f"{country.upper()}:{normalise_name(query)}"


class NominatimCache(Geocoder):
    """Nominatim answers stored in a committed JSON file; a geopy geocoder that never touches the network."""

    def __init__(self, path: Path, entries: dict[str, dict[str, Any]] | None = None) -> None:
        """Wrap already-loaded entries; use `load` to read them from `path`."""
        super().__init__(adapter_factory=URLLibAdapter)
        self.path = path
        self.entries: dict[str, dict[str, Any]] = dict(entries or {})

    @classmethod
    def load(cls, path: Path) -> NominatimCache:
        """Read the cache file (a missing file is an empty cache); InputError if it is not a valid cache."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{path}: cannot be read ({error})") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{error.lineno}: column {error.colno}: not valid JSON ({error.msg})") from None
        entries = document.get("entries") if isinstance(document, dict) else None
        if not isinstance(entries, dict) or not all(isinstance(entry, dict) for entry in entries.values()):
            raise InputError(f"{path}: expected an object with an 'entries' object of cached answers")
        return cls(path, entries)

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached answer for a key, or None when the query was never asked."""
        return self.entries.get(key)

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Remember an answer (saved by `save`)."""
        self.entries[key] = entry

    def save(self) -> None:
        """Write the cache atomically, keys sorted so that its diffs stay readable."""
        document = {
            "about": (
                "Answers of the Nominatim search API for `python -m incidents geocode`, keyed by country code "
                "and normalised query. Results: (c) OpenStreetMap contributors, ODbL 1.0. Delete an entry to "
                "ask again; an empty results list means Nominatim found nothing."
            ),
            "entries": dict(sorted(self.entries.items())),
        }
        write_text_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout: Any = None, country: str = ""
    ) -> Location | list[Location] | None:
        """The cached Nominatim results for `query` as geopy Locations (geopy interface)."""
        entry = self.get(cache_key(query, country))
        if not entry or not entry.get("results"):
            return None
        locations = [
            Location(result.get("display_name", ""), (float(result["lat"]), float(result["lon"])), result)
            for result in entry["results"]
        ]
        return locations[0] if exactly_one else locations


def _is_loopback(domain: str) -> bool:
    """Whether a Nominatim domain ("host" or "host:port") is this machine."""
    host = domain.rsplit(":", 1)[0] if domain.count(":") == 1 else domain
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NominatimClient:
    """geopy's Nominatim with the project's manners: one request a second, no retries, offline on failure."""

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        domain: str = NOMINATIM_DOMAIN,
        scheme: str = "https",
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        min_interval: float = NOMINATIM_MIN_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Configure the client; nothing is sent until `search`."""
        # urllib makes exactly one attempt per request (requests' adapter would retry), and a proxy from
        # the environment must never see loopback traffic.
        self.geocoder = Nominatim(
            user_agent=user_agent,
            domain=domain,
            scheme=scheme,
            timeout=timeout,
            proxies={} if _is_loopback(domain) else None,
            adapter_factory=URLLibAdapter,
        )
        self.domain = domain
        self.min_interval = min_interval
        self.clock = clock
        self.sleep = sleep
        self.available = True
        self.failure = ""
        self.requests = 0
        self._last_finished: float | None = None

    def search(self, query: str, country: str, region: StudyRegion) -> list[dict[str, Any]] | None:
        """Nominatim's results for `query` (maybe none), or None once the service has failed."""
        if not self.available:
            return None
        self._wait_turn()
        self.requests += 1
        try:
            found = self.geocoder.geocode(
                query,
                exactly_one=False,
                limit=NOMINATIM_RESULT_LIMIT,
                country_codes=[country.lower()] if country else None,
                viewbox=region.viewbox(),
                bounded=True,
                language="en",
            )
        except (GeocoderUnavailable, GeocoderTimedOut, GeocoderServiceError, GeopyError) as error:
            self._go_offline(error)
            return None
        except (OSError, http.client.HTTPException) as error:
            # urllib errors while reading the body escape geopy's wrapping; they are network failures too.
            self._go_offline(error)
            return None
        finally:
            # Counting from the end of a request keeps the gap at the server at least `min_interval`.
            self._last_finished = self.clock()
        return [dict(location.raw) for location in found or []]

    def _wait_turn(self) -> None:
        """Sleep until `min_interval` has passed since the previous request finished."""
        if self._last_finished is None:
            return
        remaining = self.min_interval - (self.clock() - self._last_finished)
        if remaining > 0:
            self.sleep(remaining)

    def _go_offline(self, error: BaseException) -> None:
        """Stop using Nominatim for the rest of the run, remembering why."""
        self.available = False
        detail = str(error).strip() or type(error).__name__
        self.failure = f"{type(error).__name__}: {detail}"


@dataclass(frozen=True)
class PlaceQuery:
    """What the geocoders are told about a place."""

    place_id: str
    names: tuple[str, ...]
    kind: str
    country: str
    admin1: str


@dataclass(frozen=True)
class Resolution:
    """Coordinates found for a place, with their provenance."""

    latitude: float
    longitude: float
    precision: str
    source: str
    geocoder: str
    query: str
    matched: str
    score: float
    fuzzy: bool = False
    note: str = ""


def classify_osm(result: dict[str, Any]) -> str:
    """What a Nominatim result is: a facility kind, settlement, neighbourhood, region, feature or unusable."""
    category = str(result.get("class") or result.get("category") or "")
    osm_type = str(result.get("type") or "")
    address_type = str(result.get("addresstype") or "")
    if osm_type == "prison":
        return "prison"
    if osm_type in ("refugee_site", "refugee_camp") or address_type == "refugee_site":
        return "camp"
    if category == "military" or osm_type == "military" or category == "landuse" and osm_type == "military":
        return "military_site"
    for kind_type in (address_type, osm_type):
        if kind_type in _SETTLEMENT_TYPES:
            return "settlement"
        if kind_type in _NEIGHBOURHOOD_TYPES:
            return "neighbourhood"
        if kind_type in _REGION_TYPES:
            return "region"
    if category in _FEATURE_CLASSES:
        return "feature"
    return "unusable"


def judge(place_kind: str, result_kind: str) -> tuple[str, bool] | None:
    """Precision a result gives a place, and whether it is final; None when it must not locate the place."""
    if place_kind in FACILITY_KINDS:
        if result_kind == place_kind or result_kind == "feature":
            return "site", True
        if result_kind in FACILITY_KINDS or result_kind == "unusable":
            # Never a prison on a camp: another facility is a different place.
            return None
        # Only the facility's town (or area) was found: a fallback, labelled as such.
        return ("town" if result_kind == "settlement" else result_kind), False
    if result_kind in FACILITY_KINDS or result_kind in ("feature", "unusable"):
        return None
    if result_kind == "settlement":
        return "town", place_kind != "region"
    if result_kind == "neighbourhood":
        return "neighbourhood", place_kind != "region"
    return "region", place_kind == "region"


def town_names(names: Iterable[str]) -> list[str]:
    """The names with facility words removed ("al-Hol camp" -> "al-Hol"), for a town-point fallback."""
    stripped: list[str] = []
    for name in names:
        remainder = " ".join(_FACILITY_WORDS.sub(" ", name).split()).strip(" -,;/()")
        if remainder and remainder != name.strip():
            stripped.append(remainder)
    return stripped


def _distinct(queries: Iterable[str], seen: set[str]) -> list[str]:
    """Queries whose normalised key has not been tried yet (first spelling wins)."""
    kept: list[str] = []
    for query in queries:
        key = normalise_name(query)
        if key and key not in seen:
            seen.add(key)
            kept.append(query)
    return kept


def name_similarity(query: str, name: str) -> float:
    """difflib ratio of the normalised query and the normalised name (1.0 = same key)."""
    query_key, name_key = normalise_name(query), normalise_name(name)
    if not query_key or not name_key:
        return 0.0
    return round(difflib.SequenceMatcher(None, query_key, name_key).ratio(), 3)


@dataclass
class Resolver:
    """The geocoder chain: cache, then Nominatim when online, then the gazetteer (exact, then fuzzy)."""

    gazetteer: GazetteerGeocoder
    cache: NominatimCache
    nominatim: NominatimClient | None
    region: StudyRegion = field(default_factory=StudyRegion)
    save_cache: bool = True
    today: str = field(default_factory=lambda: datetime.date.today().isoformat())

    def resolve(self, place: PlaceQuery) -> Resolution | None:
        """Best coordinates for a place: the facility itself if any geocoder knows it, else its town."""
        fallback: Resolution | None = None
        seen: set[str] = set()
        stages = [_distinct(place.names, seen)]
        if place.kind in FACILITY_KINDS:
            stages.append(_distinct(town_names(place.names), seen))
        attempts: list[Callable[[str], tuple[Resolution, bool] | None]] = [
            lambda query: self._from_nominatim(query, place),
            lambda query: self._from_gazetteer(query, place, fuzzy=False),
            lambda query: self._from_gazetteer(query, place, fuzzy=True),
        ]
        for queries in stages:
            for attempt in attempts:
                for query in queries:
                    found = attempt(query)
                    if found is None:
                        continue
                    resolution, final = found
                    if final:
                        return resolution
                    # Keep the first fallback, unless it was a fuzzy match and an exact one turns up.
                    if fallback is None or (fallback.fuzzy and not resolution.fuzzy):
                        fallback = resolution
        return fallback

    def _from_nominatim(self, query: str, place: PlaceQuery) -> tuple[Resolution, bool] | None:
        """A result from the cache, or from Nominatim (then cached) while it is available."""
        key = cache_key(query, place.country)
        entry = self.cache.get(key)
        geocoder = "cache"
        if entry is None:
            if self.nominatim is None:
                return None
            results = self.nominatim.search(query, place.country, self.region)
            if results is None:
                return None
            geocoder = "nominatim"
            entry = {
                "query": query,
                "retrieved": self.today,
                "results": [self._trim(result, query) for result in results],
            }
            self.cache.put(key, entry)
            if self.save_cache:
                self.cache.save()
        return self._pick_osm(entry.get("results") or [], query, place, geocoder)

    @staticmethod
    def _trim(result: dict[str, Any], query: str) -> dict[str, Any]:
        """The parts of a Nominatim result worth keeping, with the name similarity score."""
        kept: dict[str, Any] = {
            name: result[name]
            for name in ("lat", "lon", "display_name", "name", "class", "type", "addresstype", "place_rank")
            if name in result
        }
        if "category" in result and "class" not in kept:
            kept["class"] = result["category"]
        for name in ("osm_type", "osm_id"):
            if name in result:
                kept[name] = result[name]
        shown_name = str(result.get("name") or str(result.get("display_name", "")).split(",")[0])
        kept["score"] = name_similarity(query, shown_name)
        return kept

    def _pick_osm(
        self, results: Sequence[dict[str, Any]], query: str, place: PlaceQuery, geocoder: str
    ) -> tuple[Resolution, bool] | None:
        """The first final result in Nominatim's order, else the first acceptable one."""
        fallback: tuple[Resolution, bool] | None = None
        for result in results:
            try:
                latitude, longitude = float(result["lat"]), float(result["lon"])
            except (KeyError, TypeError, ValueError):
                continue
            if not self.region.contains(latitude, longitude):
                continue
            verdict = judge(place.kind, classify_osm(result))
            if verdict is None:
                continue
            precision, final = verdict
            display_name = str(result.get("display_name", ""))
            shown_name = str(result.get("name") or display_name.split(",")[0])
            note = "" if final or place.kind not in FACILITY_KINDS else _town_point_note(shown_name)
            resolution = Resolution(
                latitude,
                longitude,
                precision,
                "nominatim",
                geocoder,
                query,
                display_name,
                float(result.get("score", name_similarity(query, shown_name))),
                note=note,
            )
            if final:
                return resolution, True
            fallback = fallback or (resolution, False)
        return fallback

    def _from_gazetteer(self, query: str, place: PlaceQuery, *, fuzzy: bool) -> tuple[Resolution, bool] | None:
        """The best gazetteer match that may locate the place."""
        matches = self.gazetteer.find(query, country=place.country, admin1=place.admin1, kind=place.kind, fuzzy=fuzzy)
        for match in matches:
            entry = match.entry
            if not self.region.contains(entry.latitude, entry.longitude):
                continue
            entry_kind = "settlement" if entry.kind in (POPULATED_PLACE, "town", "city") else entry.kind
            verdict = judge(place.kind, entry_kind)
            if verdict is None:
                continue
            precision, final = verdict
            if entry_kind == place.kind:
                # A curated facility knows its own precision (Roj camp is only a town point).
                precision = entry.precision
            return self._gazetteer_resolution(match, query, precision, final, place), final
        return None

    @staticmethod
    def _gazetteer_resolution(
        match: GazetteerMatch, query: str, precision: str, final: bool, place: PlaceQuery
    ) -> Resolution:
        """A Resolution for a gazetteer match, with notes for reviewers where the match is weak."""
        entry = match.entry
        notes = [entry.note] if entry.note else []
        if match.is_fuzzy:
            notes.append(
                f"Coordinates from a fuzzy name match of '{query}' to '{match.matched_name}' "
                f"({entry.name}, score {match.score:.2f}); check them."
            )
        if not final and place.kind in FACILITY_KINDS:
            notes.append(_town_point_note(entry.name))
        return Resolution(
            entry.latitude,
            entry.longitude,
            precision,
            entry.source,
            "gazetteer",
            query,
            entry.name,
            round(match.score, 3),
            fuzzy=match.is_fuzzy,
            note=" ".join(notes),
        )


def _town_point_note(town: str) -> str:
    """Note for a facility placed on its town because the facility itself was not found."""
    return f"Town point of {town}: no coordinate for the facility itself was found."


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
    names += [part.strip() for part in row.get("alt_names", "").split(NAME_SEPARATOR) if part.strip()]
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
