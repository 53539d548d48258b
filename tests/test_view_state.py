"""The view survives a round trip through the query string; hostile links are ignored with a notice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.filters import EventFilter
from incidents.language import language
from incidents.view_state import (
    MAX_TEXT_LENGTH,
    MAX_VALUES_PER_PARAMETER,
    PARAMETERS,
    ViewState,
    parse_query,
    query_string,
    to_query,
    vocabulary,
)


@pytest.fixture(scope="module")
def known(explorer_dataset):
    return vocabulary(explorer_dataset)


def test_default_view_has_an_empty_query() -> None:
    assert to_query(ViewState()) == {}
    assert query_string(ViewState()) == ""


def test_round_trip(known) -> None:
    state = ViewState(
        criteria=EventFilter(
            years=(2019, 2022),
            date_from=dt.date(2019, 10, 1),
            date_to=dt.date(2022, 2, 1),
            event_types=("escape", "riot"),
            actors=("sdf",),
            places=("pl-ghwayran-prison",),
            governorates=("al-Hasakah",),
            min_confidence="medium",
            min_location_precision="town",
            text="car bomb",
        ),
        brush=(dt.date(2020, 1, 1), dt.date(2020, 6, 30)),
        event_id="2020-03-29-ghwayran-riot",
        street_basemap=True,
    )
    parsed, notices = parse_query(to_query(state), known)
    assert parsed == state
    assert notices == []


def test_public_parameter_names_are_stable() -> None:
    assert {"year", "type", "actor", "place", "q", "event"} <= set(PARAMETERS)


def test_repeated_keys_and_single_strings(known) -> None:
    state, notices = parse_query({"type": "escape", "year": ["2019", "2019", "2020"]}, known)
    assert state.criteria.event_types == ("escape",)
    assert state.criteria.years == (2019, 2020)
    assert notices == []


@pytest.mark.parametrize(
    ("params", "expected_notice"),
    [
        ({"type": ["attack"]}, "Ignored `type`=“attack”: not an event type in this dataset."),
        ({"event": ["2030-01-01-nothing"]}, "no such event"),
        ({"from": ["2022-13-01"]}, "not a date"),
        ({"from": ["2022-02-01"], "to": ["2021-01-01"]}, "`from` is after `to`"),
        ({"brush": ["2021-01-01..2020-01-01"]}, "Ignored `brush`"),
        ({"confidence": ["certain"]}, "use one of high, medium, low"),
        ({"utm_source": ["x"]}, "Ignored unknown parameter “utm\\_source”."),
        ({"year": ["1999"]}, "not a year"),
        ({"place": ["<script>alert(1)</script>"]}, "\\<script\\>alert\\(1\\)\\</script\\>"),
        ({"q": ["x" * (MAX_TEXT_LENGTH + 5)]}, "cut to"),
        ({"actor": ["sdf"] * (MAX_VALUES_PER_PARAMETER + 1)}, "Only the first"),
        ({"event": ["2020-03-29-ghwayran-riot", "2019-04-05-derik-riot"]}, "given 2 times"),
    ],
)
def test_bad_parameters_are_ignored_with_a_notice(known, params, expected_notice: str) -> None:
    state, notices = parse_query(params, known)
    assert any(expected_notice in notice for notice in notices), notices
    assert isinstance(state, ViewState)


def test_bad_values_do_not_drop_good_ones(known) -> None:
    state, notices = parse_query({"type": ["riot", "attack"], "event": ["2020-03-29-ghwayran-riot"]}, known)
    assert state.criteria.event_types == ("riot",)
    assert state.event_id == "2020-03-29-ghwayran-riot"
    assert len(notices) == 1


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*PARAMETERS, "zz", ""]) | st.text(max_size=20),
        st.lists(st.text(max_size=300), max_size=5) | st.text(max_size=300),
        max_size=8,
    )
)
def test_any_query_parses_without_error(explorer_dataset, params) -> None:
    state, notices = parse_query(params, vocabulary(explorer_dataset))
    again, _ = parse_query(to_query(state), vocabulary(explorer_dataset))
    assert again == state
    assert all(isinstance(notice, str) for notice in notices)


def test_the_article_frame_is_a_layout_that_survives_the_link(known) -> None:
    state, notices = parse_query({"layout": ["embed"], "event": ["2019-04-05-derik-riot"]}, known)
    assert (state.embedded, state.event_id, notices) == (True, "2019-04-05-derik-riot", [])
    assert to_query(state) == {"event": ["2019-04-05-derik-riot"], "layout": ["embed"]}
    state, notices = parse_query({"layout": ["frame"]}, known)
    assert not state.embedded
    assert notices == ["Ignored `layout`=“frame”: use one of embed, full."]


@pytest.mark.parametrize(("params", "expected"), [({"lang": "nl"}, "nl"), ({"lang": ["en"]}, "en"), ({}, None)])
def test_the_language_is_a_link_parameter(known, params, expected) -> None:
    state, notices = parse_query(params, known)
    assert state.language == expected and notices == []


def test_an_unknown_language_is_ignored_with_a_notice_in_the_readers_language(known) -> None:
    state, notices = parse_query({"lang": "fr"}, known)
    assert state.language is None
    assert notices == ["Ignored `lang`=“fr”: use one of en, nl."]
    _, dutch = parse_query({"lang": "fr"}, known, language("nl"))
    assert dutch == ["`lang`=“fr” genegeerd: gebruik een van en, nl."]


def test_links_keep_the_language_with_the_rest_of_the_view(known) -> None:
    state, _ = parse_query({"lang": "nl", "type": ["riot"], "event": "2019-04-05-derik-riot"}, known)
    assert query_string(state) == "?type=riot&event=2019-04-05-derik-riot&lang=nl"
    assert parse_query(to_query(state), known)[0] == state
    assert "lang" not in to_query(ViewState())
