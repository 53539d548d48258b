"""Data health on the fixture: precision and confidence counts, thin sourcing, unchecked and unplaced sites."""

from __future__ import annotations

from dataclasses import replace

from incidents import check_dataset
from incidents.contract.problems import Problem
from incidents.health import data_health, sources_table, validation_summary
from tests.support import EXPLORER_DIR


def _counts(frame, column: str) -> dict[str, int]:
    return dict(zip(frame[column], frame["events"], strict=True))


def test_counts_list_every_level_in_contract_order(explorer_dataset) -> None:
    health = data_health(explorer_dataset)
    assert (health.event_count, health.place_count, health.source_count, health.claim_count) == (8, 7, 3, 8)
    assert _counts(health.date_precision, "date_precision") == {
        "day": 4,
        "days": 0,
        "span": 2,
        "week": 0,
        "month": 1,
        "year": 1,
    }
    assert _counts(health.location_precision, "location_precision") == {
        "site": 4,
        "neighbourhood": 0,
        "town": 2,
        "district": 1,
        "governorate": 0,
        "region": 1,
    }
    assert _counts(health.confidence, "confidence") == {"high": 4, "medium": 3, "low": 1}
    assert health.undated_claims == 0
    assert health.open_ended_claims == 1


def test_events_resting_on_one_source(explorer_dataset) -> None:
    single = data_health(explorer_dataset).single_source_events
    assert list(single["event_id"]) == [
        "2019-04-05-derik-riot",
        "2019-09-16-call-to-free-prisoners",
        "2019-10-01-al-hol-smuggling",
        "2020-03-29-ghwayran-riot",
        "2021-01-01-al-hol-killings",
        "2022-01-21-diyala-army-post",
    ]
    assert dict(zip(single["event_id"], single["source"], strict=True))["2022-01-21-diyala-army-post"] == (
        "Voorbeeldkrant"
    )
    assert list(single.columns) == ["event_id", "when", "title", "confidence", "source"]


def test_places_not_checked_and_without_coordinates(explorer_dataset) -> None:
    health = data_health(explorer_dataset)
    assert list(health.unchecked_places["place_id"]) == [
        "pl-derik-prison",
        "pl-northeast-syria",
        "pl-ain-issa-camp",
        "pl-al-azim",
        "pl-hasakah",
    ]
    assert dict(zip(health.unchecked_places["place_id"], health.unchecked_places["events"], strict=True)) == {
        "pl-derik-prison": 1,
        "pl-northeast-syria": 1,
        "pl-ain-issa-camp": 1,
        "pl-al-azim": 1,
        "pl-hasakah": 0,
    }
    assert list(health.places_without_coordinates["place_id"]) == ["pl-al-azim"]


def test_validation_summary_of_the_fixture() -> None:
    summary = validation_summary(check_dataset(EXPLORER_DIR))
    assert (summary.errors, summary.warnings, summary.valid) == (0, 1, True)
    assert list(summary.problems["file"]) == ["places.csv"]
    assert summary.problems.iloc[0]["problem"].startswith("places.csv:7:place_id: warning:")


def test_validation_summary_counts_errors() -> None:
    problems = [
        Problem("events.csv", 3, "date_start", "2022-13-01", "is not a date"),
        Problem("places.csv", 2, None, None, "odd", "warning"),
    ]
    summary = validation_summary(problems)
    assert (summary.errors, summary.warnings, summary.valid) == (1, 1, False)
    assert validation_summary([]).problems.empty


def test_sources_table_counts_citations_and_keeps_only_web_links(explorer_dataset) -> None:
    table = sources_table(explorer_dataset).set_index("source_id")
    assert table.at["src-a", "events"] == 4
    assert table.at["src-c", "claims"] == 4
    assert table.at["src-b", "archived"] == "https://archive.example.org/b"
    sources = explorer_dataset.sources.assign(
        url=["javascript:alert(1)", "ftp://example.org/b", "https://example.org/c"]
    )
    links = sources_table(replace(explorer_dataset, sources=sources)).set_index("source_id")["link"]
    assert [link if isinstance(link, str) else None for link in links] == [None, None, "https://example.org/c"]
