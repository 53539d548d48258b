"""The event card: a figure's competing claims and its sources, the headline an episode shows, the card in Dutch."""

from __future__ import annotations

from incidents.language import language
from incidents.views.event_card import event_details


def test_event_card_shows_competing_figures_and_sources(explorer_dataset) -> None:
    details = event_details(explorer_dataset, "2022-01-20-ghwayran-attack")
    assert details.when == "20–30 Jan 2022"
    assert details.actors_line == "Islamic State → Syrian Democratic Forces; Asayish"
    figures = {figure.metric: figure for figure in details.figures}
    assert figures["escaped"].range_text == "800+"
    killed = figures["killed_total"]
    assert (killed.headline, killed.range_text, killed.claim_count) == ("373", "28–495", 3)
    assert [claim.claimed_on for claim in killed.claims] == ["21 Jan 2022", "30 Jan 2022", "31 Jan 2022"]
    assert [source.publisher for source in details.sources] == ["Example News", "Voorbeeldkrant"]
    assert "coordinates: the site itself" in details.place_precision


def test_ghwayran_escape_headline_is_never_the_iraqi_sub_count(real_dataset) -> None:
    """The reader's case: the card said "Escaped: 20", Iraq's "20+ dangerous escapees" with its "+" dropped."""
    details = event_details(real_dataset, "2022-01-20-ghwayran-prison-attack")
    escaped = next(block for block in details.figures if block.metric == "escaped")
    assert escaped.headline != "20"
    assert escaped.headline == "24"
    assert escaped.range_text == "24–800+"
    assert "20+ (part only)" in [claim.value_text for claim in escaped.claims]
    # The SOHR sum of 507 is shown as ours, never as a SOHR statement, and is not the killed headline.
    killed = next(block for block in details.figures if block.metric == "killed_total")
    assert "507 (derived by the atlas, not a claim)" in [claim.value_text for claim in killed.claims]
    assert killed.headline == "373"
    assert details.type_label == "Prison attack · episode"


def test_the_card_in_dutch_names_figures_types_and_source_languages(explorer_dataset, real_dataset) -> None:
    details = event_details(explorer_dataset, "2022-01-20-ghwayran-attack", language("nl"))
    assert details.type_label == "Gevangenisaanval"
    killed = next(block for block in details.figures if block.metric == "killed_total")
    assert (killed.label, killed.range_text) == ("Gedood: totaal", "28–495")
    assert "coördinaten: de locatie zelf" in details.place_precision
    # Sources stay in their own language; the card names it in the reader's.
    assert [source.language for source in details.sources] == ["Engels", "Nederlands"]
    episode = event_details(real_dataset, "2022-01-20-ghwayran-prison-attack", language("nl"))
    assert episode.type_label == "Gevangenisaanval · reeks"
