"""Colours and the compact event list: a distinct colour for every event type, one readable row per event."""

from __future__ import annotations

import itertools

from incidents.contract.schema import CONTRACT
from incidents.language import language
from incidents.text import SHORT_TEXT_LIMIT
from incidents.views.style import EVENT_TYPE_COLOURS, event_list_frame, hex_colour

# Colour difference (CIE76) below which two legend swatches on a small map dot are easily confused.
MIN_COLOUR_DIFFERENCE = 25.0


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """sRGB (D65) as CIE L*a*b*."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def curve(value: float) -> float:
        return value ** (1 / 3) if value > 0.008856 else 7.787 * value + 16 / 116

    return 116 * curve(y) - 16, 500 * (curve(x) - curve(y)), 200 * (curve(y) - curve(z))


def test_every_event_type_of_the_descriptor_has_its_own_colour() -> None:
    event_types = CONTRACT.enum("events", "event_type")
    assert set(EVENT_TYPE_COLOURS) == set(event_types)
    colours = [hex_colour(event_type) for event_type in event_types]
    assert len(set(colours)) == len(colours)
    assert hex_colour("prison_attack") == "#d55e00"


def test_event_type_colours_are_easy_to_tell_apart() -> None:
    for first, second in itertools.combinations(EVENT_TYPE_COLOURS, 2):
        difference = sum(
            (a - b) ** 2 for a, b in zip(_lab(EVENT_TYPE_COLOURS[first]), _lab(EVENT_TYPE_COLOURS[second]), strict=True)
        )
        assert difference**0.5 >= MIN_COLOUR_DIFFERENCE, (first, second)


def test_an_unknown_event_type_is_drawn_grey_not_refused() -> None:
    assert hex_colour("no_such_type") == "#787878"


def test_the_event_list_has_one_readable_row_per_event_in_the_readers_words(explorer_dataset) -> None:
    events = explorer_dataset.events
    events = events.assign(title=events["title"].where(events.index != "2019-04-05-derik-riot", "x" * 1_000))
    frame = event_list_frame(events, {"2022-01-20-ghwayran-attack": "373 killed"}, language("nl"))
    assert list(frame["event_id"]) == list(events["event_id"])
    rows = frame.set_index("event_id")
    riot = rows.loc["2019-04-05-derik-riot"]
    assert (riot["When"], riot["Type"], riot["Site"], riot["Figures"]) == ("5 apr 2019", "Opstand", "Derik prison", "")
    assert len(riot["Title"]) <= SHORT_TEXT_LIMIT and riot["Title"].endswith("…")
    assert riot["Confidence"].startswith("Hoog")
    attack = rows.loc["2022-01-20-ghwayran-attack"]
    assert (attack["Figures"], attack["Title"]) == ("373 killed", "IS attack on Ghwayran prison")
    assert rows.loc["2019-09-16-call-to-free-prisoners", "Type"].startswith("Context")
