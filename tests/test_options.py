"""What the sidebar offers: sites, actors and governorates that have events, labelled with every spelling."""

from __future__ import annotations

from incidents.options import actor_options, governorate_options, site_label, site_options


def test_labels_carry_every_spelling() -> None:
    # The name with spaces for hyphens too: a box that keeps labels containing "Al Hol" finds the camp.
    assert site_label("al-Hol camp", "al-Hawl;Hol") == "al-Hol camp (al Hol camp, al-Hawl, Hol)"
    assert site_label("Derik prison", "") == "Derik prison"


def test_options_put_the_busiest_sites_first(explorer_dataset) -> None:
    options = list(site_options(explorer_dataset))
    # Two events each (al-Hol camp, Ghwayran prison) go by name, then the sites with one.
    assert options[:2] == ["pl-al-hol-camp", "pl-ghwayran-prison"]


def test_options_are_the_places_with_events(explorer_dataset) -> None:
    options = site_options(explorer_dataset)
    assert "pl-hasakah" not in options
    assert options["pl-ghwayran-prison"] == "Ghwayran prison (al-Sina'a, Ghweran, Hasakeh prison)"
    assert len(options) == 6
    riots = site_options(explorer_dataset, ["2019-04-05-derik-riot", "2020-03-29-ghwayran-riot"])
    assert list(riots) == ["pl-derik-prison", "pl-ghwayran-prison"]


def test_every_place_with_events_is_offered_with_all_its_spellings(explorer_dataset) -> None:
    options = site_options(explorer_dataset)
    assert set(options) == set(explorer_dataset.events["place_id"])
    places = explorer_dataset.places.set_index("place_id")
    for place_id, label in options.items():
        # A box keeps the options whose label contains what is typed: every spelling must be in the label.
        for spelling in [places.at[place_id, "name"], *places.at[place_id, "alt_names"].split(";")]:
            assert spelling in label, (place_id, spelling)


def test_actor_options_are_the_actors_events_name_with_their_aliases(explorer_dataset) -> None:
    options = actor_options(explorer_dataset)
    # The monitor and the administration only make claims: no event names them, so no filter offers them.
    assert set(options) == {"asayish", "camp-residents", "iraqi-army", "is", "is-detainees", "sdf", "smugglers"}
    assert options["is"] == "Islamic State (IS, ISIS, Daesh)"
    assert options["camp-residents"] == "Camp residents"
    assert list(options.values()) == sorted(options.values())


def test_governorate_options_are_the_governorates_of_events(explorer_dataset) -> None:
    options = governorate_options(explorer_dataset)
    # The call to free prisoners has no governorate: it must not give the box an empty choice.
    assert set(options) == {"al-Hasakah", "Raqqa", "Diyala"}
    assert all(label == value for value, label in options.items())
