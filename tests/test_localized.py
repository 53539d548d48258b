"""The dataset in Dutch: translated titles, summaries and names, English where untranslated; search in both."""

from __future__ import annotations

import pytest

from incidents.filters import EventFilter, filter_events
from incidents.localized import localized_dataset


def test_dutch_titles_summaries_and_names_replace_the_english(explorer_dataset) -> None:
    dutch = localized_dataset(explorer_dataset, "nl")
    riot = dutch.events.loc["2020-03-29-ghwayran-riot"]
    assert riot["title"] == "Opstand in de Ghwayran-gevangenis"
    assert riot["summary"].startswith("Gedetineerden hielden")
    camp = dutch.places.set_index("place_id").loc["pl-al-hol-camp"]
    assert camp["name"] == "kamp Al-Hol"
    # The English name stays a spelling, so the site box finds it by either.
    assert "al-Hol camp" in camp["alt_names"]
    attack = dutch.events.loc["2022-01-20-ghwayran-attack"]
    assert "Islamitische Staat" in attack["initiator_names"]
    # The English tables are untouched, and English stays English.
    assert explorer_dataset.events.loc["2020-03-29-ghwayran-riot", "title"] == "Riot at Ghwayran prison"
    assert localized_dataset(explorer_dataset, "en") is explorer_dataset


def test_claims_name_their_claimant_in_the_readers_language(explorer_dataset) -> None:
    dutch = localized_dataset(explorer_dataset, "nl")
    names = dict(zip(dutch.claims["claimant"], dutch.claims["claimant_name"], strict=True))
    # The contested chart and the card name who made each claim: a Dutch reader reads the Dutch name.
    assert names["is"] == "Islamitische Staat"
    assert names["sdf"] == "Syrische Democratische Strijdkrachten (SDF)"
    # An actor without a translation keeps its English name.
    assert names["sohr"] == "Syrian Observatory for Human Rights"
    assert set(explorer_dataset.claims["claimant_name"]) >= {"Islamic State", "Syrian Democratic Forces"}


def test_untranslated_text_stays_as_written(explorer_dataset) -> None:
    dutch = localized_dataset(explorer_dataset, "nl")
    untranslated = set(explorer_dataset.actors["actor_id"]) - {"is", "sdf", "iraqi-army"}
    names = dutch.actors.set_index("actor_id")["name"]
    original = explorer_dataset.actors.set_index("actor_id")["name"]
    assert all(names[actor] == original[actor] for actor in untranslated)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("opstand", {"2019-04-05-derik-riot", "2020-03-29-ghwayran-riot"}),
        ("riot", {"2019-04-05-derik-riot", "2020-03-29-ghwayran-riot"}),
        ("autobommen", {"2022-01-20-ghwayran-attack"}),
        ("Islamitische Staat", None),
        ("Hasaka", None),
    ],
)
def test_search_finds_english_and_dutch_words_in_both_languages(explorer_dataset, query, expected) -> None:
    english = set(filter_events(explorer_dataset, EventFilter(text=query))["event_id"])
    dutch = set(filter_events(localized_dataset(explorer_dataset, "nl"), EventFilter(text=query))["event_id"])
    assert english == dutch and english
    if expected is not None:
        assert english == expected
