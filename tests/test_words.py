"""Dates in plain words (English and Dutch), escaping of data text, and counts of what a view holds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from incidents.language import language
from incidents.text import escape_markdown, fold, markdown_link, safe_url
from incidents.words import date_label, kind_breakdown, partial_date_text


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        ("2019-10-13", None, "day", "13 Oct 2019"),
        ("2022-01-20", "2022-01-30", "day", "20–30 Jan 2022"),
        ("2021-03-28", "2021-04-02", "day", "28 Mar – 2 Apr 2021"),
        ("2021-12-30", "2022-01-02", "day", "30 Dec 2021 – 2 Jan 2022"),
        ("2019-10-01", "2019-10-31", "month", "Oct 2019, day unknown"),
        ("2019-09-01", "2019-12-31", "month", "Sep–Dec 2019, days unknown"),
        ("2019-10-14", "2019-10-20", "week", "14–20 Oct 2019, exact day unknown"),
        ("2021-01-01", "2021-12-31", "year", "2021, month unknown"),
        ("2022-05-09", None, "days", "9 May 2022 (± a day)"),
    ],
)
def test_date_label(start: str, end: str | None, precision: str, expected: str) -> None:
    last = dt.date.fromisoformat(end) if end else None
    assert date_label(dt.date.fromisoformat(start), last, precision) == expected


@pytest.mark.parametrize(
    "hostile",
    [
        "[click](javascript:alert(1))",
        ":red[styled] :material/warning:",
        "$x^2$",
        "# heading\n- list",
        "<b>bold</b>",
        "**bold** _it_ `code`",
    ],
)
def test_escaped_markdown_has_no_active_markup(hostile: str) -> None:
    escaped = escape_markdown(hostile)
    for char in "[]():$#<>*_`":
        assert f"\\{char}" in escaped or char not in hostile
    assert "\n" not in escaped


def test_escaping_removes_invisible_characters_and_keeps_arabic() -> None:
    assert escape_markdown("al\u200b-Hol \u202eسجن") == "al\\-Hol سجن"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("http://example.org/x?y=1", "http://example.org/x?y=1"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org", None),
        ("", None),
    ],
)
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_markdown_link_drops_unsafe_targets() -> None:
    assert markdown_link("x", "javascript:alert(1)") == "x"
    assert markdown_link("a (b)", "https://e.org/p(1)") == "[a \\(b\\)](https://e.org/p%281%29)"


def test_fold_matches_transliterations() -> None:
    assert fold("Ḩasakah") == fold("hasakah")
    assert fold("Dêrik") == "derik"


@pytest.mark.parametrize(
    ("start", "end", "precision", "dutch"),
    [
        (dt.date(2022, 1, 20), dt.date(2022, 1, 30), "day", "20–30 jan 2022"),
        (dt.date(2019, 10, 1), dt.date(2019, 10, 31), "month", "okt 2019, dag onbekend"),
        (dt.date(2019, 3, 1), dt.date(2019, 5, 31), "month", "mrt–mei 2019, dagen onbekend"),
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31), "year", "2020, maand onbekend"),
        (dt.date(2021, 12, 30), dt.date(2022, 1, 2), "days", "30 dec 2021 – 2 jan 2022 (± een dag)"),
    ],
)
def test_dates_in_words_in_dutch(start: dt.date, end: dt.date, precision: str, dutch: str) -> None:
    assert date_label(start, end, precision, language("nl")) == dutch


def test_a_date_written_for_one_reader_is_written_anew_for_a_reader_of_another_language() -> None:
    # Dates in words are kept between reruns; the reader's language is part of what they are kept by.
    day = dt.date(2019, 4, 5)
    assert date_label(day, day, "month", language("en")) == "Apr 2019, day unknown"
    assert date_label(day, day, "month", language("nl")) == "apr 2019, dag onbekend"
    assert date_label(pd.Timestamp(day), None, "month", language("en")) == "Apr 2019, day unknown"


@pytest.mark.parametrize(
    ("value", "code", "expected"),
    [
        ("2022-01-20", "en", "20 Jan 2022"),
        ("2022-01-20", "nl", "20 jan 2022"),
        ("2022-03", "nl", "mrt 2022"),
        ("2022-03", "en", "Mar 2022"),
        ("2022", "nl", "2022"),
        ("", "nl", ""),
        ("2022-02-30", "en", "2022-02-30"),
        ("late 2021", "en", "late 2021"),
    ],
    ids=["day", "day in Dutch", "month in Dutch", "month", "year", "empty", "no such day", "words"],
)
def test_a_source_date_reads_in_words_at_its_own_precision(value: str, code: str, expected: str) -> None:
    assert partial_date_text(value, language(code)) == expected


def test_counts_of_what_a_view_holds_in_dutch(explorer_dataset) -> None:
    assert kind_breakdown(explorer_dataset.events, language("nl")).startswith(
        f"{explorer_dataset.events['record_kind'].eq('incident').sum()} incidenten"
    )
