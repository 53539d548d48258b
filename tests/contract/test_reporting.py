"""How a rule reports: one located problem per row, capped with a summary line, and a suggestion for a near miss."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from incidents import check_dataset
from incidents.contract.read import RawTable
from incidents.contract.reporting import MAX_PROBLEMS_PER_RULE, report_rows, suggestion
from incidents.contract.schema import CONTRACT


def test_many_identical_problems_are_capped(valid_dataset: Path) -> None:
    events = valid_dataset / "events.csv"
    header, first, *_ = events.read_text().splitlines()
    rows = [first.replace(",medium,", ",certain,") for _ in range(MAX_PROBLEMS_PER_RULE + 30)]
    events.write_text("\n".join([header, *rows]) + "\n")
    confidence = [problem for problem in check_dataset(valid_dataset) if problem.column == "confidence"]
    assert len(confidence) == MAX_PROBLEMS_PER_RULE + 1
    assert confidence[-1].message.startswith("30 more rows like the above")


def _table(values: list[str]) -> RawTable:
    """An events table whose confidence column holds `values`, its rows on lines 2, 4, 6, ... (multi-line cells)."""
    spec = CONTRACT.table("events")
    frame = pd.DataFrame({name: [""] * len(values) for name in spec.field_names}).assign(confidence=values)
    return RawTable(spec, frame, np.arange(2, 2 * len(values) + 2, 2))


def test_a_rules_report_is_capped_with_a_summary_line() -> None:
    table = _table([f"level {number}" for number in range(MAX_PROBLEMS_PER_RULE + 5)])
    problems = report_rows(table, np.ones(len(table.frame), dtype=bool), "confidence", "is not a level")
    assert len(problems) == MAX_PROBLEMS_PER_RULE + 1
    shown, summary = problems[:-1], problems[-1]
    assert [problem.line for problem in shown] == list(range(2, 2 * MAX_PROBLEMS_PER_RULE + 2, 2))
    assert str(shown[0]) == 'events.csv:2:confidence: "level 0" is not a level'
    assert str(summary) == "events.csv:confidence: 5 more rows like the above (is not a level)"


def test_only_flagged_rows_are_reported_and_nothing_more_when_under_the_cap() -> None:
    table = _table(["high", "certain", "low", "sure"])
    problems = report_rows(
        table, table.frame["confidence"].isin(["certain", "sure"]), "confidence", lambda row: f"row {row}", "warning"
    )
    assert [str(problem) for problem in problems] == [
        'events.csv:4:confidence: warning: "certain" row 1',
        'events.csv:8:confidence: warning: "sure" row 3',
    ]
    hidden = report_rows(table, np.array([True, False, False, False]), "confidence", "is wrong", show_value=False)
    assert [str(problem) for problem in hidden] == ["events.csv:2:confidence: is wrong"]


@pytest.mark.parametrize(
    ("value", "candidates", "expected"),
    [
        ("pl-ghwayran-prisn", ["pl-ghwayran-prison", "pl-al-hol-camp"], "; did you mean 'pl-ghwayran-prison'?"),
        ("pl-nowhere", ["pl-ghwayran-prison", "pl-al-hol-camp"], ""),
        ("src-sohr-2019-10-31", [f"src-x-{number:05d}" for number in range(20_000)] + ["src-sohr-2019-10-13"], (
            "; did you mean 'src-sohr-2019-10-13'?"
        )),
    ],
    ids=["near miss", "nothing close", "among many"],
)  # fmt: skip
def test_a_near_miss_gets_a_suggestion(value: str, candidates: list[str], expected: str) -> None:
    assert suggestion(value, candidates) == expected
