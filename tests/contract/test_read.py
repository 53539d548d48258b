"""Reading a table: what spreadsheets do to CSV files (byte-order marks, line ends, encodings, ragged rows)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from incidents import check_dataset
from incidents.contract.problems import Problem
from incidents.contract.read import RawTable, decode_csv_bytes, read_table
from incidents.contract.schema import CONTRACT
from tests.support import CASES_DIR, VALID_DIR

READ_DIR = CASES_DIR / "read"
EVENTS = CONTRACT.table("events")

# Real-world CSV trouble: handled silently where nothing is lost, with a warning where the user should act.
CASES = [
    ("read/utf8_bom.events.csv", []),
    # A cell with a line break takes the careful reader, which must drop the mark too.
    ("read/utf8_bom_line_break_in_cell.events.csv", []),
    ("read/crlf_line_endings.events.csv", []),
    ("read/swapped_columns.places.csv", []),
    (
        "read/excel_cp1252.places.csv",
        [
            "places.csv:3: warning: is not UTF-8 (byte 0x92); it was read as Windows-1252, as Excel saves it. "
            "Check accented and Arabic names, and save it as 'CSV UTF-8'"
        ],
    ),
    (
        "read/semicolon_delimited.events.csv",
        [
            "events.csv:1: warning: uses ';' between columns (as some spreadsheet programs save CSV); "
            "it was read that way, but the dataset uses ','"
        ],
    ),
    (
        "read/missing_required_column.events.csv",
        [
            "events.csv:1:summary: required column is missing from the header (columns: event_id, date_start, "
            "date_end, date_precision, event_type, subtype, title, summary, place_id, location_precision, "
            "initiators, targets, confidence, source_ids, notes, record_kind, parent_id)"
        ],
    ),
    (
        "read/missing_optional_column.events.csv",
        ["events.csv:1:notes: warning: optional column is missing from the header; treated as empty"],
    ),
    (
        "read/extra_column.events.csv",
        ["events.csv:1:reviewer: warning: is not a column of events.csv in the data contract; it is kept but not used"],
    ),
    (
        "read/empty_file.events.csv",
        [
            "events.csv:1: file is empty; expected at least the header row event_id,date_start,date_end,"
            "date_precision,event_type,subtype,title,summary,place_id,location_precision,initiators,targets,"
            "confidence,source_ids,notes,record_kind,parent_id"
        ],
    ),
    (
        "read/quoted_newline.events.csv",
        # The summary on line 2 spans two lines, so the next record starts on line 4.
        ['events.csv:4:date_precision: "dya" is not allowed; allowed values: day, days, span, week, month, year'],
    ),
    (
        "read/ragged_row.events.csv",
        ["events.csv:4: has 18 fields but the header has 17; check for a missing or extra ',' or an unclosed quote"],
    ),
    (
        "read/nul_byte.events.csv",
        ["events.csv:3: contains a NUL byte; this is not a text CSV file (save it as 'CSV UTF-8')"],
    ),
    ("read/duplicate_column.events.csv", ["events.csv:1:notes: appears twice in the header; each column once"]),
    (
        "read/lone_carriage_returns.events.csv",
        # Old Mac line ends: each carriage return ends a line, as an editor numbers them.
        ['events.csv:3:date_precision: "spam" is not allowed; allowed values: day, days, span, week, month, year'],
    ),
    (
        "read/unclosed_quote.events.csv",
        [
            "events.csv:4: has 8 fields but the header has 17; check for a missing or extra ',' or an unclosed quote",
            'events.csv:4: has an unclosed quote (") near the end of the file',
            "events.csv:4:place_id: is empty, but a value is required",
            "events.csv:4:location_precision: is empty, but a value is required",
            "events.csv:4:confidence: is empty, but a value is required",
            "events.csv:4:source_ids: is empty, but a value is required",
            "events.csv:4:record_kind: is empty, but a value is required",
        ],
    ),
]


@pytest.mark.parametrize(("case_file", "expected"), CASES, ids=[case for case, _ in CASES])
def test_csv_trouble_reports_exact_problem(
    dataset_with_case: Callable[[str], Path], case_file: str, expected: list[str]
) -> None:
    problems = check_dataset(dataset_with_case(case_file))
    assert [str(problem) for problem in problems] == expected


def test_every_read_case_file_is_tested() -> None:
    assert {f"read/{path.name}" for path in READ_DIR.glob("*.csv")} == {case for case, _ in CASES}


def read_case(tmp_path: Path, case_file: str) -> RawTable:
    """The named case file read as the events table."""
    shutil.copy(READ_DIR / case_file, tmp_path / "events.csv")
    return read_table(tmp_path, EVENTS)


@pytest.mark.parametrize("case_file", ["utf8_bom.events.csv", "utf8_bom_line_break_in_cell.events.csv"])
def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path, case_file: str) -> None:
    table = read_case(tmp_path, case_file)
    assert table.problems == []
    assert list(table.frame.columns) == list(EVENTS.field_names)
    assert list(table.frame["event_id"]) == list(read_table(VALID_DIR, EVENTS).frame["event_id"])


def test_windows_line_ends_leave_no_carriage_return_in_a_cell(tmp_path: Path) -> None:
    table = read_case(tmp_path, "crlf_line_endings.events.csv")
    assert table.problems == []
    assert not table.frame.map(lambda cell: "\r" in cell).any().any()
    assert table.frame.equals(read_table(VALID_DIR, EVENTS).frame)
    assert [table.line_of(row) for row in range(len(table.frame))] == [2, 3, 4]


@pytest.mark.parametrize(
    ("case_file", "lines"),
    [("quoted_newline.events.csv", [2, 4, 5]), ("lone_carriage_returns.events.csv", [2, 3, 4])],
)
def test_rows_know_the_line_an_editor_shows(tmp_path: Path, case_file: str, lines: list[int]) -> None:
    table = read_case(tmp_path, case_file)
    assert [table.line_of(row) for row in range(len(table.frame))] == lines


def test_a_ragged_row_is_one_problem_at_its_line_and_keeps_its_cells(tmp_path: Path) -> None:
    table = read_case(tmp_path, "ragged_row.events.csv")
    message = "has 18 fields but the header has 17; check for a missing or extra ',' or an unclosed quote"
    assert table.problems == [Problem("events.csv", 4, None, None, message)]
    assert table.frame.at[2, "event_id"] == "2021-01-01-al-hol-camp-killings"
    assert table.frame.at[2, "record_kind"] == "incident"


def test_bytes_that_are_no_text_in_any_encoding_are_refused_with_their_line() -> None:
    text, problems = decode_csv_bytes("events.csv", b"event_id\nok\n\x81\x90\n")
    assert text is None
    assert problems == [Problem("events.csv", 3, None, None, "is not UTF-8 text (byte 0x81); save it as 'CSV UTF-8'")]


def test_cp1252_names_survive(dataset_with_case: Callable[[str], Path]) -> None:
    from incidents import load_dataset

    dataset = load_dataset(dataset_with_case("read/excel_cp1252.places.csv"))
    alt_names = dataset.places.set_index("place_id").at["pl-ghwayran-prison", "alt_names"]
    assert alt_names == "al-Sina\u2019a;Ghwéran"


def test_semicolon_file_keeps_its_lists(dataset_with_case: Callable[[str], Path]) -> None:
    from incidents import load_dataset

    dataset = load_dataset(dataset_with_case("read/semicolon_delimited.events.csv"))
    assert dataset.events.at["2019-10-13-ain-issa-camp-escape", "source_ids"] == (
        "src-trouw-2019-10-13;src-sohr-2019-10-13"
    )


def test_missing_file_is_reported(valid_dataset: Path) -> None:
    (valid_dataset / "actors.csv").unlink()
    messages = [str(problem) for problem in check_dataset(valid_dataset)]
    assert messages[0].startswith("actors.csv: file is missing; expected a CSV file with the header actor_id,")
