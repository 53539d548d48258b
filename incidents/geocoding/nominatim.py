"""Geocoders: the committed Nominatim cache and Nominatim itself (identified, rate-limited, offline on failure)."""

from __future__ import annotations

import http.client
import ipaddress
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geopy.adapters import URLLibAdapter
from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable, GeopyError
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from incidents.contract.schema import StudyRegion
from incidents.geocoding.atomic import write_text_atomic
from incidents.geocoding.places_file import InputError
from incidents.names import normalise_name

DEFAULT_USER_AGENT = "detention-atlas/0.1 (+https://example.org/detention-atlas)"
NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
# Nominatim's usage policy: an absolute maximum of one request per second.
NOMINATIM_MIN_INTERVAL_SECONDS = 1.0
NOMINATIM_RESULT_LIMIT = 5
DEFAULT_TIMEOUT_SECONDS = 10.0


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
