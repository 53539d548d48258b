"""The number and time locale Vega-Lite gets: what a Dutch reader sees on the charts' axes and tooltips."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from babel.dates import format_date

from incidents.language import ENGLISH, language
from incidents.views.vega_locale import vega_locale, with_locale

DUTCH = language("nl")


def grouped(value: float, number: dict[str, Any], decimals: int = 0) -> str:
    """`value` as Vega's ",.Nf" format writes it under the locale's `number` part (d3-format's grouping)."""
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    size = number["grouping"][0]
    groups = [whole[max(0, end - size) : end] for end in range(len(whole), 0, -size)]
    text = number["thousands"].join(reversed(groups))
    return ("-" if value < 0 else "") + text + (number["decimal"] + fraction if fraction else "")


def formatted(day: dt.date, pattern: str, time: dict[str, Any]) -> str:
    """`day` as Vega's time format writes it under the locale's `time` part (d3-time-format counts from Sunday)."""
    weekday = (day.weekday() + 1) % 7
    fields = {
        "%A": time["days"][weekday],
        "%a": time["shortDays"][weekday],
        "%B": time["months"][day.month - 1],
        "%b": time["shortMonths"][day.month - 1],
        "%-d": str(day.day),
        "%Y": str(day.year),
    }
    for code, text in fields.items():
        pattern = pattern.replace(code, text)
    return pattern


@pytest.mark.parametrize(
    ("value", "decimals", "dutch", "english"),
    [(3500, 0, "3.500", "3,500"), (785, 0, "785", "785"), (1234567.5, 1, "1.234.567,5", "1,234,567.5")],
)
def test_numbers_group_thousands_as_the_reader_writes_them(
    value: float, decimals: int, dutch: str, english: str
) -> None:
    assert grouped(value, vega_locale(DUTCH)["number"], decimals) == dutch
    assert grouped(value, vega_locale(ENGLISH)["number"], decimals) == english


def test_dutch_axes_name_months_in_dutch() -> None:
    time = vega_locale(DUTCH)["time"]
    assert formatted(dt.date(2022, 1, 20), "%-d %b %Y", time) == "20 jan 2022"
    assert formatted(dt.date(2022, 1, 20), "%B %Y", time) == "januari 2022"
    assert formatted(dt.date(2020, 3, 29), "%b %Y", time) == "mrt 2020"
    assert formatted(dt.date(2022, 1, 20), "%b %Y", vega_locale(ENGLISH)["time"]) == "Jan 2022"


@pytest.mark.parametrize("code", ["en", "nl"])
def test_every_weekday_gets_its_own_name(code: str) -> None:
    # Vega counts weekdays from Sunday and CLDR from Monday: a week from Sunday 16 January 2022 checks the shift.
    reader = language(code)
    time = vega_locale(reader)["time"]
    for offset in range(7):
        day = dt.date(2022, 1, 16) + dt.timedelta(days=offset)
        assert formatted(day, "%A", time) == format_date(day, "EEEE", locale=reader.locale)
        assert formatted(day, "%a", time) == format_date(day, "EEE", locale=reader.locale)


def test_dutch_dates_put_the_day_first() -> None:
    assert vega_locale(DUTCH)["time"]["date"] == "%d-%m-%Y"
    assert vega_locale(ENGLISH)["time"]["date"] == "%m/%d/%Y"


def test_the_locale_joins_the_specs_own_config_without_changing_it() -> None:
    spec = {"mark": "bar", "config": {"view": {"stroke": None}}}
    localized = with_locale(spec, DUTCH)
    assert localized["mark"] == "bar"
    assert localized["config"]["view"] == {"stroke": None}
    assert localized["config"]["locale"]["number"]["thousands"] == "."
    assert spec == {"mark": "bar", "config": {"view": {"stroke": None}}}
    assert with_locale({"mark": "bar"}, ENGLISH)["config"]["locale"]["number"]["thousands"] == ","
