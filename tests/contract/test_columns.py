"""Columns parsed once for checks and loading: dates, numbers, list items, keys, and whitespace as Python means it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from incidents.contract.columns import (
    full_match,
    is_in,
    key_positions,
    sorted_codes,
    table_dates,
    table_items,
    table_numbers,
    table_split,
)
from incidents.contract.read import RawTable
from incidents.contract.schema import CONTRACT


def _table(name: str, **columns: list[str]) -> RawTable:
    """Table `name` of the contract holding `columns` (the others empty), one row per line from line 2."""
    spec = CONTRACT.table(name)
    length = len(next(iter(columns.values())))
    frame = pd.DataFrame({field: [""] * length for field in spec.field_names}).assign(**columns)
    return RawTable(spec, frame.astype(str), np.arange(2, length + 2))


def test_only_real_dates_written_year_month_day_are_dates() -> None:
    table = _table("events", date_start=["2020-03-29", "2020-13-01", "2020-3-29", "", "2021-02-29", "2020-02-29"])
    dates = table_dates(table, "date_start")
    assert list(dates.isna()) == [False, True, True, True, True, False]
    assert (dates[0], dates[5]) == (pd.Timestamp("2020-03-29"), pd.Timestamp("2020-02-29"))


def test_numbers_are_plain_numbers_or_missing() -> None:
    table = _table("claims", value_low=["785", "", "1,000", "12.5", "about 100", "785"])
    numbers = table_numbers(table, "value_low")
    assert np.array_equal(numbers, [785, np.nan, np.nan, 12.5, np.nan, 785], equal_nan=True)


def test_list_cells_split_into_items_with_their_rows() -> None:
    table = _table("events", initiators=["is;sdf", "", "is-detainees", "a;;b", "c;"])
    rows, items = table_items(table, "initiators")
    assert list(rows) == [0, 0, 2, 3, 3, 4]
    assert list(items) == ["is", "sdf", "is-detainees", "a", "b", "c"]
    # An empty item is no item, but the filled cells that had one are marked for the validator to name.
    has_empty = table_split(table, "initiators")[2]
    assert list(has_empty[[0, 2, 3, 4]]) == [False, False, True, True]


def test_keys_are_found_in_the_table_they_refer_to() -> None:
    events = _table("events", place_id=["pl-hol", "pl-nowhere", "pl-derik", "pl-hol"])
    places = _table("places", place_id=["pl-derik", "pl-hol"])
    assert list(key_positions(events, "place_id", places, "place_id")) == [1, -1, 0, 1]
    assert list(is_in(events.frame["place_id"], places.frame["place_id"])) == [True, False, True, True]


def test_sorted_codes_follow_the_texts_order() -> None:
    table = _table("events", event_type=["riot", "escape", "riot", "camp_incident"])
    codes, values = sorted_codes(table, "event_type")
    assert list(values) == ["camp_incident", "escape", "riot"]
    assert list(codes) == [2, 1, 2, 0]


@pytest.mark.parametrize(
    "character", [" ", "\t", "\u00a0", "\u2003", "\u3000", "\u202f", "\x1c", "\u200b", "\ufeff", "_"]
)
def test_whitespace_in_a_pattern_means_what_it_means_in_python(character: str) -> None:
    # The fast matcher spells \s out for Arrow; a no-break space must count as space exactly as Python's re says.
    values = pd.Series([f"al{character}Hol", "al-Hol"], dtype="str")
    for pattern in (r"\S+", r"\S+\s\S+"):
        expected = [re.fullmatch(pattern, value) is not None for value in values]
        assert list(full_match(values, pattern)) == expected, (pattern, repr(character))
