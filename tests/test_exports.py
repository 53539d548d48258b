"""Downloads: our-schema CSV round-trips, ACLED columns and codes, RFC 7946 GeoJSON, no spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from decimal import Decimal

import pandas as pd
import pytest

from incidents.contract.schema import CONTRACT, EVENT_TYPES, SUBTYPES
from incidents.exports import (
    ACLED_COLUMNS,
    ACLED_EXTRA_COLUMNS,
    ACLED_NUMERIC_COLUMNS,
    PROVENANCE_COLUMNS,
    acled_category,
    acled_csv,
    download_name,
    event_link,
    events_csv,
    events_geojson,
    events_table,
    spreadsheet_safe,
)
from incidents.filters import EventFilter, filter_events
from incidents.view_state import ViewState
from tests.support import EXPLORER_DIR

FIELDS = list(CONTRACT.table("events").field_names)
HOSTILE = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"]
# ACLED's event types and sub-event types (ACLED codebook, 2019 onwards).
ACLED_CATEGORIES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}


def _read(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _fixture_events() -> pd.DataFrame:
    return pd.read_csv(EXPLORER_DIR / "events.csv", dtype=str, keep_default_na=False)


def test_our_schema_csv_round_trips_every_event(explorer_dataset) -> None:
    exported = _read(events_csv(explorer_dataset, explorer_dataset.events))
    assert list(exported.columns) == [*FIELDS, *PROVENANCE_COLUMNS]
    pd.testing.assert_frame_equal(exported[FIELDS], _fixture_events())


def test_our_schema_csv_is_exactly_the_filtered_view(explorer_dataset) -> None:
    events = filter_events(explorer_dataset, EventFilter(event_types=("riot", "camp_incident")))
    exported = _read(events_csv(explorer_dataset, events))
    original = _fixture_events().set_index("event_id", drop=False).loc[list(events["event_id"])].reset_index(drop=True)
    assert list(exported["event_id"]) == [
        "2019-04-05-derik-riot",
        "2019-10-01-al-hol-smuggling",
        "2020-03-29-ghwayran-riot",
        "2021-01-01-al-hol-killings",
    ]
    pd.testing.assert_frame_equal(exported[FIELDS], original)


def test_every_row_carries_version_licence_and_source_links(explorer_dataset) -> None:
    exported = _read(events_csv(explorer_dataset, explorer_dataset.events)).set_index("event_id")
    assert set(exported["data_version"]) == {explorer_dataset.version}
    assert set(exported["licence"]) == {"CC-BY-4.0"}
    assert exported.at["2022-01-20-ghwayran-attack", "source_urls"] == "https://example.org/a https://example.org/c"


def test_an_empty_view_gives_a_header_only(explorer_dataset) -> None:
    empty = explorer_dataset.events.iloc[0:0]
    assert events_csv(explorer_dataset, empty).strip() == ",".join([*FIELDS, *PROVENANCE_COLUMNS])
    assert acled_csv(explorer_dataset, empty).strip() == ",".join([*ACLED_COLUMNS, *ACLED_EXTRA_COLUMNS])
    assert json.loads(events_geojson(explorer_dataset, empty))["features"] == []


def test_acled_columns_are_exactly_acleds(explorer_dataset) -> None:
    exported = pd.read_csv(io.StringIO(acled_csv(explorer_dataset, explorer_dataset.events)))
    assert ACLED_COLUMNS == (
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "iso",
        "region",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    )
    assert tuple(exported.columns) == (
        *ACLED_COLUMNS,
        "event_id",
        "atlas_event_type",
        "atlas_subtype",
        "atlas_episode_id",
        "source_urls",
        "data_version",
        "licence",
    )
    # The IS leader's call to free prisoners is a statement, not an event in ACLED's sense.
    incidents = explorer_dataset.events[explorer_dataset.events["record_kind"] == "incident"]
    assert list(exported["event_id"]) == list(incidents["event_id"])
    assert "2019-09-16-call-to-free-prisoners" not in set(exported["event_id"])


def test_acled_codes_for_known_events(explorer_dataset) -> None:
    exported = pd.read_csv(io.StringIO(acled_csv(explorer_dataset, explorer_dataset.events))).set_index("event_id")
    attack = exported.loc["2022-01-20-ghwayran-attack"]
    assert attack["event_date"] == "2022-01-20"
    assert attack["year"] == 2022
    # Eleven days in one row: ACLED codes a range longer than a week like a month.
    assert attack["time_precision"] == 3
    # SOHR's latest (373) is the lowest current claim; the SDF said 495 and SOHR's early 28 is superseded.
    assert attack["fatalities"] == 373
    assert attack["admin1"] == "al-Hasakah"
    assert (attack["event_type"], attack["sub_event_type"]) == ("Battles", "Armed clash")
    assert (attack["atlas_event_type"], attack["atlas_subtype"]) == ("prison_attack", "armed_assault")
    assert (attack["actor1"], attack["actor2"]) == ("Islamic State", "Syrian Democratic Forces")
    assert attack["source"] == "Example News; Voorbeeldkrant"
    assert attack["location"] == "Ghwayran prison"
    assert attack["geo_precision"] == 1
    assert exported.at["2019-10-01-al-hol-smuggling", "time_precision"] == 3
    assert exported.at["2021-01-01-al-hol-killings", "time_precision"] == 3
    riot = exported.loc["2020-03-29-ghwayran-riot"]
    assert (riot["event_type"], riot["sub_event_type"]) == ("Riots", "Mob violence")
    assert riot["fatalities"] == 0
    diyala = exported.loc["2022-01-21-diyala-army-post"]
    assert pd.isna(diyala["latitude"]) and pd.isna(diyala["longitude"])
    assert diyala["geo_precision"] == 2
    assert diyala["fatalities"] == 11
    assert (diyala["country"], diyala["iso"], diyala["region"]) == ("Iraq", 368, "Middle East")
    assert (attack["country"], attack["iso"]) == ("Syria", 760)
    assert exported.at["2019-10-13-ain-issa-camp-escape", "source"] == "Example News; Example Monitor"


@pytest.mark.parametrize("subtype", SUBTYPES)
def test_every_subtype_maps_to_a_real_acled_category(subtype: str) -> None:
    for event_type in EVENT_TYPES:
        main, sub = acled_category(event_type, subtype)
        assert sub in ACLED_CATEGORIES[main], (subtype, main, sub)


def test_an_unknown_subtype_falls_back_on_the_event_type() -> None:
    assert acled_category("riot", "something-new") == ("Riots", "Mob violence")
    assert acled_category("unknown", "something-new") == ("Strategic developments", "Other")


def _decimals(number: float) -> int:
    exponent = Decimal(repr(number)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def test_geojson_follows_rfc_7946(explorer_dataset) -> None:
    text = events_geojson(explorer_dataset, explorer_dataset.events)
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert collection["metadata"] == {
        "source": "Detention Atlas",
        "data_version": explorer_dataset.version,
        "licence": "CC-BY-4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    }
    features = collection["features"]
    assert [feature["properties"]["event_id"] for feature in features] == list(explorer_dataset.events["event_id"])
    for feature in features:
        assert feature["type"] == "Feature"
        assert "crs" not in feature
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        assert geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert _decimals(longitude) <= 6 and _decimals(latitude) <= 6
    by_id = {feature["id"]: feature for feature in features}
    assert by_id["2022-01-21-diyala-army-post"]["geometry"] is None
    assert by_id["2019-04-05-derik-riot"]["geometry"]["coordinates"] == [42.1401, 37.177]
    attack = by_id["2022-01-20-ghwayran-attack"]["properties"]
    assert attack["site"] == "Ghwayran prison"
    assert attack["date_precision"] == "span" and attack["date_end"] == "2022-01-30"
    assert (attack["record_kind"], attack["parent_id"]) == ("incident", "")
    assert [source["url"] for source in attack["sources"]] == ["https://example.org/a", "https://example.org/c"]
    killed = next(figure for figure in attack["figures"] if figure["metric"] == "killed_total")
    assert (killed["headline"], killed["range_low"], killed["range_high"]) == (373, 28, 495)
    assert "NaN" not in text


def test_geojson_rounds_coordinates_to_six_decimals(explorer_dataset) -> None:
    events = explorer_dataset.events.assign(latitude=36.123456789, longitude=-40.987654321)
    feature = json.loads(events_geojson(explorer_dataset, events.iloc[:1]))["features"][0]
    assert feature["geometry"]["coordinates"] == [-40.987654, 36.123457]


@pytest.mark.parametrize("value", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_spreadsheet_safe_defuses_formulas(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Riot at Derik prison", "", "al-Hol", "2+2", "'quoted", "Ḩasakah", "x=1"])
def test_spreadsheet_safe_leaves_ordinary_text(value: str) -> None:
    assert spreadsheet_safe(value) == value


def test_spreadsheet_safe_turns_missing_into_empty() -> None:
    assert spreadsheet_safe(None) == ""
    assert spreadsheet_safe(float("nan")) == ""


@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_download_cell_starts_a_formula(explorer_dataset, hostile: str) -> None:
    events = explorer_dataset.events.assign(title=hostile, summary=hostile, notes=hostile, longitude=-40.5)
    dataset = replace(explorer_dataset, events=events)
    ours = _rows(events_csv(dataset, events))
    assert [row["title"] for row in ours] == ["'" + hostile] * len(events)
    assert {row["notes"] for row in ours} == {"'" + hostile}
    acled = _rows(acled_csv(dataset, events))
    assert {row["notes"] for row in acled} == {f"'{hostile} Notes: {hostile}"}
    # Numbers stay numbers: a western longitude keeps its minus sign and no apostrophe.
    located = [row for row in acled if row["event_id"] != "2022-01-21-diyala-army-post"]
    assert {row["longitude"] for row in located} == {"-40.5"}
    for row in (*ours, *acled):
        for column, cell in row.items():
            if column not in ACLED_NUMERIC_COLUMNS:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


def test_file_names_carry_the_data_version() -> None:
    assert download_name("0.1.0+71d2551b", "events", "csv") == "detention-atlas-events-0.1.0-71d2551b.csv"
    assert download_name("1.0/../x", "events", "geojson") == "detention-atlas-events-1.0-..-x.geojson"


def test_events_table_links_to_the_event_with_the_filters(explorer_dataset) -> None:
    view = ViewState(criteria=EventFilter(event_types=("riot",)))
    events = filter_events(explorer_dataset, view.criteria)
    table = events_table(explorer_dataset, events, view, "https://atlas.example/")
    assert list(table["Link"]) == [
        "https://atlas.example/?type=riot&event=2019-04-05-derik-riot",
        "https://atlas.example/?type=riot&event=2020-03-29-ghwayran-riot",
    ]
    assert list(table["When"]) == ["5 Apr 2019", "29–30 Mar 2020"]
    assert list(table["Sources"]) == [1, 1]
    assert event_link(ViewState(), "2022-01-20-ghwayran-attack") == "/?event=2022-01-20-ghwayran-attack"


def test_events_table_summarises_conservative_figures(explorer_dataset) -> None:
    table = events_table(explorer_dataset, explorer_dataset.events, ViewState())
    figures = dict(zip(explorer_dataset.events["event_id"], table["Figures (conservative)"], strict=True))
    assert "Killed: total 373 (range 28–495)" in figures["2022-01-20-ghwayran-attack"]
    assert figures["2019-10-13-ain-issa-camp-escape"] == "Escaped 100 (range 100–785)"
    assert figures["2019-04-05-derik-riot"] == ""
    assert (
        dict(zip(explorer_dataset.events["event_id"], table["Sources"], strict=True))["2022-01-20-ghwayran-attack"] == 2
    )


def test_acled_file_can_be_summed_without_double_counting(real_dataset) -> None:
    """The reader's complaint: context rows carried 185 fatalities and a 10-day battle was one exact-day row."""
    exported = pd.read_csv(io.StringIO(acled_csv(real_dataset, real_dataset.events))).set_index("event_id")
    kinds = real_dataset.events.set_index("event_id")["record_kind"].astype(str)
    assert set(kinds[exported.index]) == {"incident"}, "only incidents go out, never aggregates or statements"
    assert exported.index.is_unique
    # Ghwayran 2022 goes out as its four dated phases, never as the ten-day episode itself.
    episode = "2022-01-20-ghwayran-prison-attack"
    assert episode not in exported.index
    phases = exported[exported["atlas_episode_id"] == episode]
    assert list(phases["event_date"]) == ["2022-01-20", "2022-01-21", "2022-01-24", "2022-01-27"]
    figures = real_dataset.figures.set_index(["event_id", "metric"])
    assert phases["fatalities"].sum() == figures.at[(episode, "killed_total"), "headline"]
    assert "derived share" in phases.iloc[0]["notes"]
    # al-Hol in 2021: the incidents' fatalities stay within the conservative year total instead of adding to it.
    al_hol_2021 = exported[(exported["year"] == 2021) & (exported["location"] == "al-Hol camp")]
    assert (
        0
        < al_hol_2021["fatalities"].sum()
        <= figures.at[("2021-01-01-al-hol-camp-killings", "killed_total"), "headline"]
    )
