"""Filtering: a table of criteria and the event ids they must give."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents.filters import EventFilter, filter_events

ALL = [
    "2019-04-05-derik-riot",
    "2019-09-16-call-to-free-prisoners",
    "2019-10-01-al-hol-smuggling",
    "2019-10-13-ain-issa-camp-escape",
    "2020-03-29-ghwayran-riot",
    "2021-01-01-al-hol-killings",
    "2022-01-20-ghwayran-attack",
    "2022-01-21-diyala-army-post",
]

CASES = [
    ("no criteria", EventFilter(), ALL),
    ("one year", EventFilter(years=(2020,)), ["2020-03-29-ghwayran-riot"]),
    (
        "a year-long series counts in its year",
        EventFilter(years=(2021,)),
        ["2021-01-01-al-hol-killings"],
    ),
    (
        "two years",
        EventFilter(years=(2020, 2022)),
        ["2020-03-29-ghwayran-riot", "2022-01-20-ghwayran-attack", "2022-01-21-diyala-army-post"],
    ),
    (
        "date range catches spans that overlap it",
        EventFilter(date_from=dt.date(2019, 11, 1), date_to=dt.date(2020, 1, 31)),
        ["2019-10-01-al-hol-smuggling"],
    ),
    (
        "range ending on a multi-day event's first day",
        EventFilter(date_from=dt.date(2022, 1, 1), date_to=dt.date(2022, 1, 20)),
        ["2022-01-20-ghwayran-attack"],
    ),
    ("event type", EventFilter(event_types=("riot",)), ["2019-04-05-derik-riot", "2020-03-29-ghwayran-riot"]),
    (
        "actor as target",
        EventFilter(actors=("asayish",)),
        ["2019-10-01-al-hol-smuggling", "2022-01-20-ghwayran-attack"],
    ),
    (
        "actor as initiator",
        EventFilter(actors=("smugglers",)),
        ["2019-10-01-al-hol-smuggling"],
    ),
    ("site", EventFilter(places=("pl-ghwayran-prison",)), ["2020-03-29-ghwayran-riot", "2022-01-20-ghwayran-attack"]),
    ("governorate", EventFilter(governorates=("Diyala",)), ["2022-01-21-diyala-army-post"]),
    (
        "minimum confidence high",
        EventFilter(min_confidence="high"),
        [
            "2019-04-05-derik-riot",
            "2019-09-16-call-to-free-prisoners",
            "2020-03-29-ghwayran-riot",
            "2022-01-20-ghwayran-attack",
        ],
    ),
    (
        "minimum confidence medium leaves out low",
        EventFilter(min_confidence="medium"),
        [event_id for event_id in ALL if event_id != "2022-01-21-diyala-army-post"],
    ),
    (
        "town precision or finer leaves out district and region",
        EventFilter(min_location_precision="town"),
        [
            event_id
            for event_id in ALL
            if event_id not in ("2019-09-16-call-to-free-prisoners", "2022-01-21-diyala-army-post")
        ],
    ),
    ("text in a title", EventFilter(text="smuggling"), ["2019-10-01-al-hol-smuggling"]),
    (
        "text matches an alternative spelling of the site",
        EventFilter(text="Hawl"),
        ["2019-10-01-al-hol-smuggling", "2021-01-01-al-hol-killings"],
    ),
    ("text ignores accents and case", EventFilter(text="DERIK"), ["2019-04-05-derik-riot"]),
    ("text matches an actor name", EventFilter(text="iraqi army"), ["2022-01-21-diyala-army-post"]),
    ("all words must match", EventFilter(text="ghwayran car"), ["2022-01-20-ghwayran-attack"]),
    ("criteria combine", EventFilter(event_types=("riot",), years=(2019,)), ["2019-04-05-derik-riot"]),
    ("nothing matches", EventFilter(event_types=("escape",), years=(2021,)), []),
]


@pytest.mark.parametrize(("criteria", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_filter_events(explorer_dataset, criteria: EventFilter, expected: list[str]) -> None:
    assert list(filter_events(explorer_dataset, criteria)["event_id"]) == expected


def test_empty_filter_is_empty() -> None:
    assert EventFilter().is_empty
    assert not EventFilter(text="x").is_empty
