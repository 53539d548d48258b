"""Headline figures follow the conservative rule; the range and open ends stay visible."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from incidents.figures import current_claims, format_range, headline_figures


def _claims(rows: list[tuple[str, str, int, float | None, str, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["event_id", "metric", "value_low", "value_high", "claimant", "claimed_on"])


def test_headline_is_the_lowest_claim_and_range_spans_all() -> None:
    figures = headline_figures(
        _claims(
            [
                ("e", "escaped", 800, None, "is", "2022-01-22"),
                ("e", "escaped", 89, 89, "sdf", "2022-01-21"),
                ("e", "escaped", 136, 136, "sohr", "2022-01-22"),
            ]
        )
    )
    row = figures.iloc[0]
    assert (row["headline"], row["range_low"], row["range_high"], bool(row["open_ended"])) == (89, 89, 800, True)
    assert row["claimant_count"] == 3


def test_a_claimants_later_running_total_supersedes_the_earlier_one() -> None:
    claims = _claims(
        [
            ("e", "killed_total", 28, 28, "sohr", "2022-01-21"),
            ("e", "killed_total", 373, 373, "sohr", "2022-01-30"),
            ("e", "killed_total", 495, 495, "sdf", "2022-01-31"),
        ]
    )
    assert headline_figures(claims).iloc[0]["headline"] == 373
    assert sorted(current_claims(claims)["value_low"]) == [373, 495]


def test_range_is_closed_when_an_open_claim_is_below_the_top() -> None:
    figures = headline_figures(
        _claims([("e", "escaped", 100, None, "sohr", None), ("e", "escaped", 785, 859, "aanes", "2019-10-13")])
    )
    row = figures.iloc[0]
    assert (row["range_low"], row["range_high"], bool(row["open_ended"])) == (100, 859, False)


@pytest.mark.parametrize(
    ("low", "high", "open_ended", "expected"),
    [
        (800, math.nan, False, "800+"),
        (150, 200, False, "150–200"),
        (5, 5, False, "5"),
        (1200, 1500, False, "1,200–1,500"),
        (89, 800, True, "89–800+"),
    ],
)
def test_format_range(low: int, high: float, open_ended: bool, expected: str) -> None:
    assert format_range(low, high, open_ended) == expected
