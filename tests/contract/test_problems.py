"""A problem as the validator prints it and as the page's problem table shows it."""

from __future__ import annotations

import pytest

from incidents.contract.problems import Problem


@pytest.mark.parametrize(
    ("problem", "printed", "detail"),
    [
        (
            Problem("events.csv", 3, "date_start", "2022-13-01", "is not a date (YYYY-MM-DD)"),
            'events.csv:3:date_start: "2022-13-01" is not a date (YYYY-MM-DD)',
            '"2022-13-01" is not a date (YYYY-MM-DD)',
        ),
        (
            Problem("claims.csv", 7, "value", "20: about", "is not a number", severity="warning"),
            'claims.csv:7:value: warning: "20: about" is not a number',
            '"20: about" is not a number',
        ),
        (
            Problem("datapackage.json", None, None, None, "has no resource named places"),
            "datapackage.json: has no resource named places",
            "has no resource named places",
        ),
    ],
    ids=["error with a value", "warning whose value holds a colon", "file-level problem"],
)
def test_a_problem_prints_its_place_and_its_detail_stands_alone(problem: Problem, printed: str, detail: str) -> None:
    assert str(problem) == printed
    # The page shows file, line, column and severity in columns of their own: the detail repeats none of them.
    assert problem.detail == detail
