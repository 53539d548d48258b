"""Content checks for the hand-checked dataset in data/: seeds, references, same-day pairs, spot checks, Frictionless,
place points inside their country.

The spot checks are taken from the project's research fact sheets; they guard against transcription slips.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TABLES = ("events", "places", "sources", "claims", "actors")

SEED_SOURCE_IDS = (
    "seed-000-telegraaf-is-offensief",
    "seed-001-volkskrant-dagenlange-gevechten",
    "seed-002-telegraaf-gevangenis-aangevallen",
    "seed-003-trouw-honderden-ontsnapt",
    "seed-004-neurink-corona",
)

# Pairs of events that share date_start and place_id but are genuinely distinct (also listed in data/README.md).
DISTINCT_SAME_DAY_PAIRS = {
    # A foiled smuggling attempt in early 2020 vs the RIC estimate of all killings in al-Hol during 2020.
    frozenset({"2020-01-01-al-hol-smuggling-foiled-six-women", "2020-01-01-al-hol-killings-annual-total"}),
    # The 2021 year total vs the January-March 2021 surge that holds the early running counts.
    frozenset({"2021-01-01-al-hol-camp-killings", "2021-01-01-al-hol-killings-january-march"}),
    # The UN's count from January 2021 to June 2022 vs the 2021 year total and the first-quarter surge.
    frozenset({"2021-01-01-al-hol-camp-killings", "2021-01-01-al-hol-killings-to-mid-2022"}),
    frozenset({"2021-01-01-al-hol-killings-january-march", "2021-01-01-al-hol-killings-to-mid-2022"}),
    # The 2022 year total, the January-July 2022 running counts and one killing on 1 January 2022.
    frozenset({"2022-01-01-al-hol-camp-killings", "2022-01-01-al-hol-killings-january-july"}),
    frozenset({"2022-01-01-al-hol-camp-killings", "2022-01-01-al-hol-displaced-man-shot"}),
    frozenset({"2022-01-01-al-hol-killings-january-july", "2022-01-01-al-hol-displaced-man-shot"}),
    # The sit-in in Roj camp on 19 October 2021 and the tent fires that followed it that day or the next.
    frozenset({"2021-10-19-roj-camp-sit-in", "2021-10-19-roj-camp-tent-fires"}),
}


def read_table(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: read_table(name) for name in TABLES}


def split_ids(cell: str) -> list[str]:
    return [item for item in cell.split(";") if item]


# ---------- 1. seeds


@pytest.mark.parametrize("seed_id", SEED_SOURCE_IDS)
def test_seed_is_a_source_cited_by_a_claim_and_an_event(tables: dict[str, pd.DataFrame], seed_id: str) -> None:
    assert seed_id in set(tables["sources"]["source_id"])
    assert seed_id in set(tables["claims"]["source_id"]), f"no claim cites {seed_id}"
    cited_by_events = {source for cell in tables["events"]["source_ids"] for source in split_ids(cell)}
    assert seed_id in cited_by_events, f"no event cites {seed_id}"


# ---------- 2. references


def test_every_event_has_existing_sources(tables: dict[str, pd.DataFrame]) -> None:
    known = set(tables["sources"]["source_id"])
    for event_id, cell in zip(tables["events"]["event_id"], tables["events"]["source_ids"], strict=True):
        sources = split_ids(cell)
        assert sources, f"{event_id} has no source"
        missing = [source for source in sources if source not in known]
        assert not missing, f"{event_id} cites unknown sources {missing}"


def test_every_event_actor_and_place_exists(tables: dict[str, pd.DataFrame]) -> None:
    actors = set(tables["actors"]["actor_id"])
    places = set(tables["places"]["place_id"])
    for event in tables["events"].itertuples():
        assert event.place_id in places, f"{event.event_id}: unknown place {event.place_id}"
        for actor in split_ids(event.initiators) + split_ids(event.targets):
            assert actor in actors, f"{event.event_id}: unknown actor {actor}"


def test_every_claim_references_existing_rows(tables: dict[str, pd.DataFrame]) -> None:
    events = set(tables["events"]["event_id"])
    sources = set(tables["sources"]["source_id"])
    actors = set(tables["actors"]["actor_id"])
    claims = tables["claims"]
    assert set(claims["event_id"]) <= events, sorted(set(claims["event_id"]) - events)
    assert set(claims["source_id"]) <= sources, sorted(set(claims["source_id"]) - sources)
    assert set(claims["claimant"]) <= actors, sorted(set(claims["claimant"]) - actors)


# ---------- 3. same day, same place


def test_events_sharing_date_and_place_are_documented_as_distinct(tables: dict[str, pd.DataFrame]) -> None:
    events = tables["events"].set_index("event_id")
    for _, group in tables["events"].groupby(["date_start", "place_id"]):
        for first, second in combinations(sorted(group["event_id"]), 2):
            if second in (events.at[first, "parent_id"],) or first == events.at[second, "parent_id"]:
                continue  # an episode and its first phase start together by design
            assert frozenset({first, second}) in DISTINCT_SAME_DAY_PAIRS, (
                f"{first} and {second} share date_start and place_id but are not in the documented allow-list"
            )
            for this, other in ((first, second), (second, first)):
                notes = events.at[this, "notes"]
                assert "distinct from" in notes.lower(), f"{this}: notes must say 'distinct from'"
                assert other in notes, f"{this}: notes must name {other}"


# ---------- 4. spot checks


def event(tables: dict[str, pd.DataFrame], event_id: str) -> pd.Series:
    rows = tables["events"][tables["events"]["event_id"] == event_id]
    assert len(rows) == 1, f"{event_id} not found"
    return rows.iloc[0]


def place(tables: dict[str, pd.DataFrame], place_id: str) -> pd.Series:
    rows = tables["places"][tables["places"]["place_id"] == place_id]
    assert len(rows) == 1, f"{place_id} not found"
    return rows.iloc[0]


def claims_for(tables: dict[str, pd.DataFrame], event_id: str, metric: str, claimant: str) -> pd.DataFrame:
    claims = tables["claims"]
    return claims[(claims["event_id"] == event_id) & (claims["metric"] == metric) & (claims["claimant"] == claimant)]


def has_claim(tables, event_id: str, metric: str, claimant: str, low: int, high: int | None, on: str | None = None):
    rows = claims_for(tables, event_id, metric, claimant)
    rows = rows[(rows["value_low"] == str(low)) & (rows["value_high"] == ("" if high is None else str(high)))]
    if on is not None:
        rows = rows[rows["claimed_on"] == on]
    assert len(rows) >= 1, f"no {metric} claim {low}-{high} by {claimant} on {event_id}"


def dates_are(tables, event_id: str, start: str, end: str, precision: str = "day"):
    row = event(tables, event_id)
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (start, end, precision)


def near(tables, place_id: str, latitude: float, longitude: float):
    row = place(tables, place_id)
    assert abs(float(row["latitude"]) - latitude) <= 0.01
    assert abs(float(row["longitude"]) - longitude) <= 0.01


def alt_names_include(tables, place_id: str, *names: str):
    spellings = [name.strip() for name in place(tables, place_id)["alt_names"].split(";")]
    for name in names:
        assert name in spellings, f"{place_id}: alt_names lack {name!r}"


GHWAYRAN_2022 = "2022-01-20-ghwayran-prison-attack"
AIN_ISSA = "2019-10-13-ain-issa-camp-escape"
GHWAYRAN_2020 = "2020-03-29-ghwayran-prison-riot"


def sdf_final_toll_is_121(tables) -> None:
    security = claims_for(tables, GHWAYRAN_2022, "killed_security", "sdf")
    civilians = claims_for(tables, GHWAYRAN_2022, "killed_civilians", "sdf")
    final_security = security[security["claimed_on"] == "2022-01-31"]
    final_civilians = civilians[civilians["claimed_on"] == "2022-01-31"]
    assert len(final_security) == 1 and len(final_civilians) == 1
    total = int(final_security.iloc[0]["value_low"]) + int(final_civilians.iloc[0]["value_low"])
    assert total == 121  # 40 fighters + 77 guards and staff + 4 civilians


def placed_at(tables, event_id: str, place_id: str):
    assert event(tables, event_id)["place_id"] == place_id


def event_kind(tables, event_id: str, event_type: str, subtype: str):
    row = event(tables, event_id)
    assert (row["event_type"], row["subtype"]) == (event_type, subtype)


SPOT_CHECKS: dict[str, Callable[[dict[str, pd.DataFrame]], None]] = {
    "ghwayran 2022 attack lasts 20-30 Jan": lambda t: dates_are(t, GHWAYRAN_2022, "2022-01-20", "2022-01-30", "span"),
    "ain issa escape on 13 Oct 2019": lambda t: dates_are(t, AIN_ISSA, "2019-10-13", ""),
    "derik escape attempt on 5 Apr 2019": lambda t: dates_are(
        t, "2019-04-05-derik-prison-escape-attempt", "2019-04-05", ""
    ),
    "ghwayran riot 29-30 Mar 2020": lambda t: dates_are(t, GHWAYRAN_2020, "2020-03-29", "2020-03-30", "span"),
    "raqqa asayish complex attack on 26 Dec 2022": lambda t: dates_are(
        t, "2022-12-26-raqqa-asayish-complex-prison-attack", "2022-12-26", ""
    ),
    "2021 al-hol killings is a year-long context row": lambda t: dates_are(
        t, "2021-01-01-al-hol-camp-killings", "2021-01-01", "2021-12-31", "year"
    ),
    "turkish offensive is context": lambda t: event_kind(
        t, "2019-10-09-operation-peace-spring-begins", "context", "offensive"
    ),
    "us 100+ estimate is an aggregate": lambda t: event_kind(
        t, "2019-10-09-us-estimate-100-plus-escaped", "context", "aggregate_estimate"
    ),
    "diyala attack is a related attack": lambda t: event_kind(
        t, "2022-01-21-diyala-al-azim-army-post-attack", "related_attack", "armed_assault"
    ),
    "ghwayran prison coordinates": lambda t: near(t, "pl-ghwayran-prison", 36.4775, 40.7625),
    "al-hol camp coordinates": lambda t: near(t, "pl-al-hol-camp", 36.3755, 41.1485),
    "al-hasakah coordinates": lambda t: near(t, "pl-hasakah", 36.5024, 40.7477),
    "al-hol prison escape is not at the camp": lambda t: placed_at(
        t, "2020-05-17-al-hol-prison-escape", "pl-al-hol-prison"
    ),
    "IS claims 800+ escaped at ghwayran (open high)": lambda t: has_claim(t, GHWAYRAN_2022, "escaped", "is", 800, None),
    "ain issa: administration 785": lambda t: has_claim(t, AIN_ISSA, "escaped", "aanes", 785, 785, "2019-10-13"),
    "ain issa: SOHR about 100": lambda t: has_claim(t, AIN_ISSA, "escaped", "sohr", 100, 100, "2019-10-13"),
    "ghwayran 2022: SDF final toll 121": sdf_final_toll_is_121,
    "ghwayran 2022: SOHR final security-side toll 154": lambda t: has_claim(
        t, GHWAYRAN_2022, "killed_security", "sohr", 154, 154
    ),
    "ghwayran 2022: SOHR running toll of 30 Jan keeps its date": lambda t: has_claim(
        t, GHWAYRAN_2022, "killed_total", "sohr", 373, 373, "2022-01-30"
    ),
    "ghwayran 2020: SDF says 0 escaped": lambda t: has_claim(t, GHWAYRAN_2020, "escaped", "sdf", 0, 0),
    "ghwayran 2020: SOHR says 4 escaped": lambda t: has_claim(t, GHWAYRAN_2020, "escaped", "sohr", 4, 4),
    "ghwayran 2020: SANA says 12 escaped": lambda t: has_claim(t, GHWAYRAN_2020, "escaped", "sana", 12, 12),
    "al-hasakah alt names carry the seeds' spellings": lambda t: alt_names_include(
        t, "pl-hasakah", "Hasaka", "Hasakeh", "Al-Hasaka", "al-Hasakah"
    ),
    "ain issa alt names carry the seed's spelling": lambda t: alt_names_include(t, "pl-ain-issa-camp", "Ain Issa"),
    "north-east syria alt names carry the Dutch form": lambda t: alt_names_include(
        t, "pl-northeast-syria", "Noord-Oost Syrië"
    ),
}


@pytest.mark.parametrize("name", list(SPOT_CHECKS))
def test_spot_check_against_fact_sheets(tables: dict[str, pd.DataFrame], name: str) -> None:
    SPOT_CHECKS[name](tables)


# ---------- 5. frictionless


def test_package_validates_with_frictionless() -> None:
    import frictionless

    report = frictionless.validate(str(DATA_DIR / "datapackage.json"))
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors][:20]
    assert report.valid, "\n".join(errors)


def test_titles_and_summaries_carry_no_editors_notes(tables: dict[str, pd.DataFrame]) -> None:
    # Titles and summaries reach readers whole (notes are filtered, these are not): no "seed 004" or "re-check".
    from incidents.editorial import is_editorial

    marked = [
        (row.event_id, column)
        for row in tables["events"].itertuples()
        for column in ("title", "summary")
        if is_editorial(str(getattr(row, column)))
    ]
    assert marked == []


# ---------- 6. places


def test_every_place_point_lies_in_its_country(tables: dict[str, pd.DataFrame]) -> None:
    # A point is drawn on the map's own border outline: a Syrian place must not land in Turkey. Border towns such as
    # Tal Abyad sit on the line, so a point passes when it, or a point about 1 km away, lies inside its country.
    from incidents.views.borders import load_borders, point_in_country

    borders = load_borders()
    step = 0.01
    nudges = ((0.0, 0.0), (step, 0.0), (-step, 0.0), (0.0, step), (0.0, -step))
    outside = [
        place.place_id
        for place in tables["places"].itertuples()
        if place.latitude
        and not any(
            point_in_country(
                borders, str(place.country), float(str(place.latitude)) + north, float(str(place.longitude)) + east
            )
            for north, east in nudges
        )
    ]
    assert outside == []
