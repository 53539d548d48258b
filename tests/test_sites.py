"""Site dossiers: coordinates and their provenance, events per site, population claims, the busiest site."""

from __future__ import annotations

import pandas as pd
import pytest

from incidents.sites import (
    busiest_site,
    population_claims,
    population_summary,
    site_dossier,
    site_events,
    sites_overview,
)
from incidents.views.charts import population_chart


def test_dossier_of_a_checked_site(explorer_dataset) -> None:
    dossier = site_dossier(explorer_dataset, "pl-ghwayran-prison")
    assert dossier.name == "Ghwayran prison"
    assert dossier.alt_names == ("al-Sina'a", "Ghweran", "Hasakeh prison")
    assert (dossier.kind, dossier.admin1, dossier.country) == ("Prison", "al-Hasakah", "SY")
    assert dossier.checked and dossier.has_coordinates
    assert dossier.coordinates_text == "36.47750° N, 40.76250° E"
    assert dossier.provenance_text == (
        "The point marks the site itself; from Wikipedia; checked by hand against a second source."
    )
    assert dossier.map_view == {"latitude": 36.4775, "longitude": 40.7625, "zoom": 11.5}
    assert dossier.event_count == 2


def test_dossier_of_a_town_point_not_checked(explorer_dataset) -> None:
    dossier = site_dossier(explorer_dataset, "pl-derik-prison")
    assert "the town (exact site unknown)" in dossier.provenance_text
    assert "not yet checked" in dossier.provenance_text
    assert dossier.map_view["zoom"] == 10.0


def test_dossier_without_coordinates(explorer_dataset) -> None:
    dossier = site_dossier(explorer_dataset, "pl-al-azim")
    assert not dossier.has_coordinates
    assert dossier.coordinates_text == "no coordinates yet"
    assert dossier.notes == "no coordinates known"
    assert "not on the map" in dossier.provenance_text


def test_unknown_place_raises(explorer_dataset) -> None:
    with pytest.raises(KeyError):
        site_dossier(explorer_dataset, "pl-nowhere")


def test_site_events_respect_the_given_events(explorer_dataset) -> None:
    assert list(site_events(explorer_dataset, "pl-al-hol-camp")["event_id"]) == [
        "2019-10-01-al-hol-smuggling",
        "2021-01-01-al-hol-killings",
    ]
    camp_incidents = explorer_dataset.events[explorer_dataset.events["date_start"].dt.year == 2021]
    assert list(site_events(explorer_dataset, "pl-al-hol-camp", camp_incidents)["event_id"]) == [
        "2021-01-01-al-hol-killings"
    ]


def test_overview_counts_events_per_site(explorer_dataset) -> None:
    overview = sites_overview(explorer_dataset, explorer_dataset.events["event_id"]).set_index("Site")
    assert overview.at["Ghwayran prison", "Events"] == 2
    assert overview.at["al-Hol camp", "Other names"] == "al-Hawl, Hol, مخيم الهول, kamp Al-Hol"
    assert overview.at["al-Hol camp", "Last"].isoformat() == "2021-12-31"
    assert bool(overview.at["Derik prison", "Coordinates checked"]) is False


def test_population_claims_in_date_order(population_dataset) -> None:
    claims = population_claims(population_dataset, "pl-al-hol-camp")
    assert list(claims["claim_id"]) == ["p4", "p3", "p1", "p2"]
    assert list(claims["value_text"]) == ["70,000", "68,000+", "62,000", "56,000–60,000"]
    # A month-only claim sits mid-month; an undated one has no day at all.
    assert pd.isna(claims.iloc[0]["claimed_day"])
    assert claims.iloc[2]["claimed_day"] == pd.Timestamp("2021-03-15")
    assert population_summary(claims) == "4 claims from 3 claimants, 2019-10-05 to 2021-11-02."


def test_a_site_without_population_claims(explorer_dataset) -> None:
    claims = population_claims(explorer_dataset, "pl-ghwayran-prison")
    assert claims.empty
    assert population_summary(claims) == "No claims of how many people this site held."
    assert population_chart(claims).to_dict()


def test_overview_of_no_events_is_empty(explorer_dataset) -> None:
    from incidents.sites import sites_overview

    assert sites_overview(explorer_dataset, []).empty


def test_busiest_site_prefers_a_site_to_a_region(explorer_dataset) -> None:
    everything = explorer_dataset.events["event_id"]
    assert busiest_site(explorer_dataset, everything) == "pl-al-hol-camp"
    assert busiest_site(explorer_dataset, everything, among=["pl-derik-prison", "pl-ghwayran-prison"]) == (
        "pl-ghwayran-prison"
    )
    assert busiest_site(explorer_dataset, ["2019-09-16-call-to-free-prisoners"]) == "pl-northeast-syria"
    assert busiest_site(explorer_dataset, []) is None
