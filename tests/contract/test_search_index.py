"""Free-text search: every spelling of a name finds the same events; index and query are keyed alike."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents import load_dataset
from incidents.contract.search_index import joined_parts, key_text, query_terms, term_mask
from incidents.filters import EventFilter, filter_events
from incidents.names import text_keys
from tests.support import DATA_DIR

GHWAYRAN = ["2020-03-29-ghwayran-riot", "2022-01-20-ghwayran-attack"]
AL_HOL = ["2019-10-01-al-hol-smuggling", "2021-01-01-al-hol-killings"]

# (what a reader types, the events it must find) on the eight-event fixture.
SPELLINGS = [
    ("Hasakah", GHWAYRAN),
    ("Hasaka", GHWAYRAN),
    ("Hasakeh", GHWAYRAN),
    ("Hassakeh", GHWAYRAN),
    ("al-Hasakah", GHWAYRAN),
    ("Al Hasaka", GHWAYRAN),
    ("Hassaké", GHWAYRAN),  # French
    ("Hesekê", GHWAYRAN),  # Kurdish
    ("الحسكة", GHWAYRAN),  # Arabic
    ("al-Hol", AL_HOL),
    ("Al Hol", AL_HOL),
    ("al-Hawl", AL_HOL),
    ("Hol", AL_HOL),
    ("El Hol", AL_HOL),
    ("al-Houl", AL_HOL),  # French
    ("kamp Al-Hol", AL_HOL),  # Dutch
    ("مخيم الهول", AL_HOL),  # Arabic
    ("Ghweran", GHWAYRAN),
    ("Sina'a", GHWAYRAN),
    ("Sinaa", GHWAYRAN),
    ("GHWAYRAN", GHWAYRAN),
    ("Ayn Issa", ["2019-10-13-ain-issa-camp-escape"]),
    ("Ain Isa", ["2019-10-13-ain-issa-camp-escape"]),
    ("escape", ["2019-10-13-ain-issa-camp-escape"]),
    ("smuggl", ["2019-10-01-al-hol-smuggling"]),  # a word's start is enough
    ("ghwayran car", ["2022-01-20-ghwayran-attack"]),
    ("2020", ["2020-03-29-ghwayran-riot"]),  # doubled digits are not letters: 2020 is not 20
]


@pytest.mark.parametrize(("query", "expected"), SPELLINGS, ids=[query for query, _ in SPELLINGS])
def test_every_spelling_finds_the_same_events(explorer_dataset, query: str, expected: list[str]) -> None:
    assert list(filter_events(explorer_dataset, EventFilter(text=query))["event_id"]) == expected


BUNDLED_GROUPS = {
    "al-Hasakah": ["Hasakah", "Hasaka", "Hasakeh", "Hassakeh", "Al-Hasakah", "al Hasaka", "Hassaké", "الحسكة"],
    "al-Hol": ["al-Hol", "Al Hol", "al-Hawl", "Hol", "El Hol", "al-Houl", "Al-Hol", "الهول", "kamp Al-Hol"],
    "Ghwayran": ["Ghwayran", "Ghweran", "Ghuwayran", "al-Sina'a", "Sinaa", "سجن غويران"],
    "Raqqa": ["Raqqa", "Rakka", "ar-Raqqah", "Raqqah", "الرقة"],
}


@pytest.fixture(scope="module")
def bundled():  # noqa: ANN201 - a Dataset
    return load_dataset(DATA_DIR)


@pytest.mark.parametrize("place", list(BUNDLED_GROUPS))
def test_bundled_data_spellings_agree(bundled, place: str) -> None:
    found = {query: set(filter_events(bundled, EventFilter(text=query))["event_id"]) for query in BUNDLED_GROUPS[place]}
    first = found[BUNDLED_GROUPS[place][0]]
    assert first
    assert {query: len(ids) for query, ids in found.items() if ids != first} == {}


def test_a_place_name_is_a_whole_word_not_the_start_of_another() -> None:
    index = joined_parts([key_text(pd.Series(["Guards were holding the line", "Women left al-Hol's annex"]))])
    terms = query_terms("al-Hol", {"hol": ("hol",)})
    assert list(term_mask(index, terms[0])) == [False, True]
    # An ordinary word matches the start of words.
    assert list(term_mask(index, query_terms("hold", {})[0])) == [True, False]


def test_the_longest_place_spelling_wins() -> None:
    spellings = {"hasaka": ("hasaka",), "hasaka prison": ("ghwayran prison", "hasaka prison")}
    terms = query_terms("Hasakeh prison", spellings)
    assert [term.phrases for term in terms] == [("ghwayran prison", "hasaka prison")]


WORDS = st.text(st.sampled_from(list("abcdehiklnoqrstuwyz0129 -'’.,;") + list("éêāḩ") + list("الحسكةهأ")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=4))
def test_the_index_keys_text_exactly_as_the_query_is_keyed(texts: list[str]) -> None:
    assert list(key_text(pd.Series(texts))) == [" ".join(text_keys(text)) for text in texts]
