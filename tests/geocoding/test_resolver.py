"""Resolving a place: what kind of OSM result fits which place, town fallbacks for facilities, fuzzy notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidents.geocoding.cli import main
from incidents.geocoding.gazetteer import GazetteerGeocoder
from incidents.geocoding.nominatim import NominatimCache
from incidents.geocoding.resolver import PlaceQuery, Resolver, classify_osm, judge, town_names
from tests.geocoding.support import (
    HASAKAH_OSM,
    TOLERANCE_DEGREES,
    dataset,
    rows_by_id,
    run_geocode,
)


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
