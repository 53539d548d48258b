"""Contested figures: the disagreement ranking and the claims of one figure, oldest first."""

from __future__ import annotations

from dataclasses import replace

import pytest

from incidents.contested import (
    claims_for,
    contested_events,
    contested_metrics,
    default_event,
    disagreement_ratio,
    disagreements,
)

AIN_ISSA = "2019-10-13-ain-issa-camp-escape"
GHWAYRAN = "2022-01-20-ghwayran-attack"


def test_ranking_puts_the_largest_disagreement_first(explorer_dataset) -> None:
    ranking = disagreements(explorer_dataset, explorer_dataset.events["event_id"])
    assert list(zip(ranking["event_id"], ranking["metric"], strict=True)) == [
        (AIN_ISSA, "escaped"),
        (GHWAYRAN, "killed_total"),
    ]
    first = ranking.iloc[0]
    assert (first["lowest"], first["highest"]) == (100, 785)
    assert first["ratio"] == pytest.approx(786 / 101, abs=0.005)
    assert (
        first["claimants"]
        == "Syrian Observatory for Human Rights: 100; Autonomous Administration of North and East Syria: 785"
    )
    assert first["range_text"] == "100–785"


def test_ranking_compares_each_claimants_latest_claim(explorer_dataset) -> None:
    ranking = disagreements(explorer_dataset, [GHWAYRAN]).set_index("metric")
    killed = ranking.loc["killed_total"]
    # SOHR's early 28 was its own, later revised: the claimants disagree on 373 against 495.
    assert (killed["lowest"], killed["highest"]) == (373, 495)
    assert killed["ratio"] == pytest.approx(496 / 374, abs=0.005)
    assert killed["range_text"] == "28–495"
    # Escaped and recaptured have one claimant each: nothing to compare.
    assert list(ranking.index) == ["killed_total"]


def test_ranking_only_covers_the_events_asked_for(explorer_dataset) -> None:
    assert disagreements(explorer_dataset, ["2019-04-05-derik-riot"]).empty
    assert list(disagreements(explorer_dataset, [AIN_ISSA])["event_id"]) == [AIN_ISSA]


def test_ratio_copes_with_zero() -> None:
    assert disagreement_ratio(0, 0) == 1
    assert disagreement_ratio(10, 0) == 11
    assert disagreement_ratio(785, 100) == pytest.approx(7.782, abs=0.001)


def test_claims_that_can_all_be_true_are_no_disagreement() -> None:
    # "None escaped" and "up to 100 escaped" overlap; "more than 800" and "24" cannot both be true.
    assert disagreement_ratio(0, 100) == 1
    assert disagreement_ratio(800, 24) == pytest.approx(801 / 25)
    assert disagreement_ratio(800, float("inf")) == 1


def test_claims_for_lists_oldest_first_with_status(explorer_dataset) -> None:
    claims = claims_for(explorer_dataset, GHWAYRAN, "killed_total")
    assert list(claims["claim_id"]) == ["k3", "k4", "k5"]
    assert list(claims["current"]) == [False, True, True]
    assert list(claims["claimant_name"]) == [
        "Syrian Observatory for Human Rights",
        "Syrian Observatory for Human Rights",
        "Syrian Democratic Forces",
    ]
    assert list(claims["claimant_kind"]) == ["monitor", "monitor", "armed_group"]
    assert list(claims["publisher"]) == ["Voorbeeldkrant", "Voorbeeldkrant", "Example News"]
    assert list(claims["note"]) == ["early toll", "", "final toll"]


def test_claims_on_the_same_day_sort_by_claimant(explorer_dataset) -> None:
    claims = claims_for(explorer_dataset, AIN_ISSA, "escaped")
    assert list(claims["claimant_name"]) == [
        "Autonomous Administration of North and East Syria",
        "Syrian Observatory for Human Rights",
    ]


def test_open_ended_claims_are_marked(explorer_dataset) -> None:
    claims = claims_for(explorer_dataset, GHWAYRAN, "escaped")
    assert list(claims["open_ended"]) == [True]
    assert list(claims["value_text"]) == ["800+"]


def test_only_web_addresses_become_links(explorer_dataset) -> None:
    sources = explorer_dataset.sources.assign(
        url=explorer_dataset.sources["url"].where(
            explorer_dataset.sources["source_id"] != "src-c", "javascript:alert(1)"
        )
    )
    dataset = replace(explorer_dataset, sources=sources)
    claims = claims_for(dataset, GHWAYRAN, "killed_total")
    assert [url if isinstance(url, str) else None for url in claims["source_url"]] == [
        None,
        None,
        "https://example.org/a",
    ]


def test_unknown_event_or_metric_gives_no_claims(explorer_dataset) -> None:
    assert claims_for(explorer_dataset, "no-such-event", "escaped").empty
    assert claims_for(explorer_dataset, GHWAYRAN, "injured").empty


def test_event_and_metric_choices(explorer_dataset) -> None:
    ids = list(explorer_dataset.events["event_id"])
    options = contested_events(explorer_dataset, ids)
    assert options == [AIN_ISSA, GHWAYRAN]
    assert contested_metrics(explorer_dataset, GHWAYRAN) == ["killed_total", "escaped", "recaptured"]
    ranking = disagreements(explorer_dataset, ids)
    assert default_event(ranking, options, GHWAYRAN) == GHWAYRAN
    assert default_event(ranking, options, "2019-04-05-derik-riot") == AIN_ISSA
    assert default_event(ranking.iloc[0:0], options, None) == AIN_ISSA
    assert default_event(ranking, [], None) is None


def test_ranking_holds_incidents_and_stated_figures_only(real_dataset) -> None:
    # An aggregate's spread mixes cut-off dates, and a sum the atlas computed is nobody's claim.
    ranking = disagreements(real_dataset, real_dataset.events["event_id"])
    kinds = real_dataset.events.set_index("event_id")["record_kind"].astype(str)
    assert set(kinds[ranking["event_id"]]) <= {"incident", "episode"}
    assert "2022-01-01-al-hol-camp-killings" not in set(ranking["event_id"])
    ghwayran = ranking[
        (ranking["event_id"] == "2022-01-20-ghwayran-prison-attack") & (ranking["metric"] == "killed_total")
    ]
    assert "507" not in ghwayran.iloc[0]["claimants"]
