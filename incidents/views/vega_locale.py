"""Vega-Lite's number and time locale for the reader's language, from Babel's CLDR data (no locale files to fetch)."""

from __future__ import annotations

from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol

from incidents.language import Language

_MONTHS = range(1, 13)
# Vega counts weekdays from Sunday; CLDR from Monday (0).
_VEGA_DAY_ORDER = (6, 0, 1, 2, 3, 4, 5)


def vega_locale(language: Language) -> dict[str, Any]:
    """config.locale for a Vega-Lite spec: thousands and decimal marks, month and day names."""
    locale = language.locale
    months = locale.months["format"]
    days = locale.days["format"]
    return {
        "number": {
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": "%x, %X",
            "date": "%d-%m-%Y" if language.code == "nl" else "%m/%d/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days["wide"][day] for day in _VEGA_DAY_ORDER],
            "shortDays": [days["abbreviated"][day] for day in _VEGA_DAY_ORDER],
            "months": [months["wide"][month] for month in _MONTHS],
            "shortMonths": [months["abbreviated"][month] for month in _MONTHS],
        },
    }


def with_locale(spec: dict[str, Any], language: Language) -> dict[str, Any]:
    """`spec` formatting its numbers and dates as the reader's language does."""
    config = dict(spec.get("config", {}))
    config["locale"] = vega_locale(language)
    return {**spec, "config": config}
