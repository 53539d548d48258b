"""A problem says where and what in English for the validator, and in the reader's language on a page."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from incidents import check_dataset
from incidents.contract.problems import Message, Problem, quote_value
from incidents.language import ENGLISH, language
from tests.language_check import CODE_WORDS, english_words
from tests.support import CASES_DIR

DUTCH = language("nl")


def test_a_message_is_its_english_and_says_itself_in_dutch() -> None:
    message = Message("is below the minimum {minimum}", minimum="0")
    assert message == "is below the minimum 0" and isinstance(message, str)
    assert message.in_language(DUTCH) == "ligt onder het minimum 0"
    assert message.in_language(ENGLISH) == "is below the minimum 0"
    problem = Problem("claims.csv", 3, "value_low", "-1", message)
    assert str(problem) == 'claims.csv:3:value_low: "-1" is below the minimum 0'
    assert problem.text_in(DUTCH) == 'claims.csv:3:value_low: "-1" ligt onder het minimum 0'
    warning = Problem("places.csv", 7, "place_id", None, message, "warning")
    assert warning.text_in(DUTCH).startswith("places.csv:7:place_id: waarschuwing: ")


def test_a_copied_message_keeps_its_template() -> None:
    message = Message("matches the pattern {pattern}", pattern=r"\d{4}")
    for copied in (copy.copy(message), pickle.loads(pickle.dumps(message))):
        assert copied == message and copied.template == message.template


@pytest.mark.parametrize("case_file", sorted(path.name for path in CASES_DIR.glob("*.csv")))
def test_every_case_is_reported_in_dutch(dataset_with_case: Callable[[str], Path], case_file: str) -> None:
    # What a Dutch reader of Method and data reads: no English words beyond the values, codes and file names quoted.
    problems = check_dataset(dataset_with_case(case_file))
    for problem in problems:
        dutch = problem.text_in(DUTCH)
        assert dutch != str(problem) or not str(problem.message), str(problem)
        quoted = [quote_value(problem.value)] if problem.value else []
        # Column names, allowed values and the mark editors write in notes are codes, the same in every language.
        text = CODE_WORDS.sub(" ", dutch.replace("distinct from", " "))
        found = english_words([text], quoted)
        assert not found, (case_file, dutch)


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
