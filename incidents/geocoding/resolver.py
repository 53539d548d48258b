"""From a place's names to coordinates: Nominatim cache, Nominatim, then the offline gazetteer, judged by kind."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from incidents.contract.schema import CONTRACT, StudyRegion
from incidents.geocoding.gazetteer import (
    FACILITY_KINDS,
    POPULATED_PLACE,
    GazetteerGeocoder,
    GazetteerMatch,
)
from incidents.geocoding.nominatim import NominatimCache, NominatimClient, cache_key
from incidents.names import normalise_name

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
    region: StudyRegion = CONTRACT.region
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
