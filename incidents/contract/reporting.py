"""How a rule reports what it found: one located problem per row, capped, and a suggestion for a near miss."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from incidents.contract.problems import Message, Problem, Severity
from incidents.contract.read import RawTable
from incidents.language import N_

# Enough to fix a pattern of mistakes without drowning the reader in a million identical lines.
MAX_PROBLEMS_PER_RULE = 20
# Beyond this many candidates, only the neighbours in sorted order are compared.
MAX_SUGGESTION_CANDIDATES = 10_000


def report_rows(
    table: RawTable,
    mask: pd.Series | np.ndarray,
    column: str | None,
    message: str | Callable[[int], str],
    severity: Severity = "error",
    show_value: bool = True,
) -> list[Problem]:
    """One problem per flagged row, up to the cap, then one line saying how many more."""
    rows = np.flatnonzero(np.asarray(mask, dtype=bool))
    problems: list[Problem] = []
    for row in rows[:MAX_PROBLEMS_PER_RULE]:
        value = str(table.frame.at[row, column]) if column and show_value else None
        text = message(int(row)) if callable(message) else message
        problems.append(Problem(table.file, table.line_of(int(row)), column, value, text, severity))
    if len(rows) > MAX_PROBLEMS_PER_RULE:
        more = len(rows) - MAX_PROBLEMS_PER_RULE
        first = problems[0].message if problems else ""
        text = Message(N_("{count} more rows like the above ({first})"), count=more, first=first)
        problems.append(Problem(table.file, None, column, None, text, severity))
    return problems


def suggestion(value: str, candidates: Iterable[str]) -> Message:
    """'; did you mean \'x\'?' for the closest candidate, or nothing when none is close."""
    options = list(candidates)
    if len(options) > MAX_SUGGESTION_CANDIDATES:
        # Comparing against a million ids would take seconds per line; near neighbours in sorted order
        # share the value's prefix, which is where typos in slugs usually leave the rest intact.
        options.sort()
        middle = bisect.bisect_left(options, value)
        half = MAX_SUGGESTION_CANDIDATES // 2
        options = options[max(0, middle - half) : middle + half]
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.75)
    return Message(N_("; did you mean {value}?"), value=repr(close[0])) if close else Message("")
