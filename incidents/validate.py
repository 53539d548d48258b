"""Check the dataset against the contract and the rules Table Schema cannot express."""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from incidents.problems import Problem, Severity
from incidents.reading import RawTable, read_table
from incidents.schema import CONTRACT, LIST_DELIMITER, TABLE_NAMES, Contract, FieldSpec, ForeignKey

# Enough to fix a pattern of mistakes without drowning the reader in a million identical lines.
MAX_PROBLEMS_PER_RULE = 20

_TRUE_VALUES = ("true", "True", "TRUE", "1")
_FALSE_VALUES = ("false", "False", "FALSE", "0")
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_INTEGER_PATTERN = r"^-?\d+$"

Tables = Mapping[str, RawTable]


def read_tables(data_dir: Path, contract: Contract = CONTRACT) -> dict[str, RawTable]:
    """Read the five tables as text; file-level problems are kept on each table."""
    return {name: read_table(Path(data_dir), contract.table(name)) for name in TABLE_NAMES}


def check_dataset(data_dir: Path | str, contract: Contract = CONTRACT) -> list[Problem]:
    """Every problem in the dataset directory, errors and warnings, in file and line order."""
    return check_tables(read_tables(Path(data_dir), contract), contract)


def check_tables(tables: Tables, contract: Contract = CONTRACT) -> list[Problem]:
    """Check already-read tables: columns, keys, then the domain rules."""
    problems: list[Problem] = []
    for table in tables.values():
        problems.extend(table.problems)
        problems.extend(_check_fields(table))
    problems.extend(_check_keys(tables, contract))
    problems.extend(_check_events(tables["events"], contract))
    problems.extend(_check_places(tables["places"], tables["events"], contract))
    problems.extend(_check_claims(tables["claims"]))
    problems.extend(_check_partial_dates(tables["sources"], "published"))
    problems.extend(_check_partial_dates(tables["claims"], "claimed_on"))
    order = {contract.table(name).path: position for position, name in enumerate(TABLE_NAMES)}
    # Stable sort: within a line, problems keep the order the checks found them; "N more" lines close a file.
    return sorted(
        problems,
        key=lambda problem: (order.get(problem.file, 99), problem.line if problem.line else math.inf),
    )


def _report(
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
        problems.append(Problem(table.file, None, column, None, f"{more} more rows like the above ({first})", severity))
    return problems


def _check_fields(table: RawTable) -> list[Problem]:
    problems: list[Problem] = []
    for field in table.spec.fields:
        if field.name in table.missing_columns:
            continue
        problems.extend(_check_field(table, field))
    return problems


def _check_field(table: RawTable, field: FieldSpec) -> list[Problem]:
    values = table.frame[field.name]
    empty = (values == "").to_numpy()
    present = ~empty
    problems: list[Problem] = []
    if field.required:
        problems += _report(table, empty, field.name, "is empty, but a value is required", show_value=False)
    if field.type == "date":
        bad = present & ~_dates(values).notna().to_numpy()
        problems += _report(table, bad, field.name, "is not a date (YYYY-MM-DD)")
    elif field.type in ("number", "integer"):
        numbers = pd.to_numeric(values.where(present, None), errors="coerce")
        if field.type == "integer":
            is_number = values.str.fullmatch(_INTEGER_PATTERN).fillna(False).to_numpy(dtype=bool)
            problems += _report(table, present & ~is_number, field.name, "is not a whole number")
        else:
            is_number = np.isfinite(numbers.to_numpy(dtype=float))
            message = _number_message(values)
            problems += _report(table, present & ~is_number, field.name, message)
        number_array = numbers.to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            if field.minimum is not None:
                below = present & is_number & (number_array < field.minimum)
                problems += _report(table, below, field.name, f"is below the minimum {field.minimum:g}")
            if field.maximum is not None:
                above = present & is_number & (number_array > field.maximum)
                problems += _report(table, above, field.name, f"is above the maximum {field.maximum:g}")
    elif field.type == "boolean":
        bad = present & ~values.isin(_TRUE_VALUES + _FALSE_VALUES).to_numpy()
        problems += _report(table, bad, field.name, "is not a boolean (true or false)")
    if field.enum:
        bad = present & ~values.isin(field.enum).to_numpy()
        problems += _report(table, bad, field.name, f"is not allowed; allowed values: {', '.join(field.enum)}")
    if field.pattern:
        problems += _check_pattern(table, field, values, present)
    if field.unique:
        problems += _check_unique(table, field.name, values, present)
    return problems


def _number_message(values: pd.Series) -> Callable[[int], str]:
    def message(row: int) -> str:
        if "," in str(values.iat[row]):
            return "is not a number; use '.' as the decimal separator (e.g. 36.4775)"
        return "is not a number"

    return message


def _check_pattern(table: RawTable, field: FieldSpec, values: pd.Series, present: np.ndarray) -> list[Problem]:
    assert field.pattern is not None
    hint = field.pattern_hint or f"matching {field.pattern}"
    problems: list[Problem] = []
    if _is_list_field(table.spec.name, field.name):
        text = values.astype(str)
        empty_item = present & (
            text.str.contains(LIST_DELIMITER * 2, regex=False)
            | text.str.startswith(LIST_DELIMITER)
            | text.str.endswith(LIST_DELIMITER)
        ).to_numpy(dtype=bool)
        spaced = present & ~empty_item & text.str.contains(r"\s", regex=True).to_numpy(dtype=bool)
        problems += _report(table, empty_item, field.name, "has an empty item; separate ids with a single ';'")
        problems += _report(table, spaced, field.name, "has spaces; write ids separated by ';' with no spaces")
        present = present & ~empty_item & ~spaced
    matches = values.str.fullmatch(field.pattern).fillna(False).to_numpy(dtype=bool)
    problems += _report(table, present & ~matches, field.name, f"is not {hint}")
    return problems


def _check_unique(table: RawTable, column: str, values: pd.Series, present: np.ndarray) -> list[Problem]:
    duplicated = present & values.duplicated(keep="first").to_numpy()
    if not duplicated.any():
        return []
    first_rows = {value: row for row, value in reversed(list(enumerate(values)))}

    def message(row: int) -> str:
        first_line = table.line_of(first_rows[values.iat[row]])
        return f"duplicates the {column} on line {first_line}; each {column} must be unique"

    return _report(table, duplicated, column, message)


def _is_list_field(table: str, field: str, contract: Contract = CONTRACT) -> bool:
    return any(key.is_list and key.table == table and key.field == field for key in contract.foreign_keys)


def _dates(values: pd.Series) -> pd.Series:
    """Parsed dates; NaT where the text is not a real YYYY-MM-DD date."""
    shaped = values.str.fullmatch(_DATE_PATTERN).fillna(False)
    return pd.to_datetime(values.where(shaped, None), format="%Y-%m-%d", errors="coerce")


def _cell(frame: pd.DataFrame, row: int, column: str) -> str:
    return str(frame.at[row, column])


def _suggestion(value: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_keys(tables: Tables, contract: Contract) -> list[Problem]:
    problems: list[Problem] = []
    for key in contract.foreign_keys:
        table = tables[key.table]
        reference = tables[key.reference_table]
        if key.field in table.missing_columns or key.reference_field in reference.missing_columns:
            continue
        problems += _check_foreign_key(table, reference, key)
    return problems


def _check_foreign_key(table: RawTable, reference: RawTable, key: ForeignKey) -> list[Problem]:
    known = set(reference.frame[key.reference_field])
    known.discard("")
    values = table.frame[key.field]
    if not key.is_list:
        mask = ((values != "") & ~values.isin(known)).to_numpy()

        def single_message(row: int) -> str:
            value = str(values.iat[row])
            return f"matches no {key.reference_field} in {reference.file}{_suggestion(value, known)}"

        return _report(table, mask, key.field, single_message)
    items = values[values != ""].str.split(LIST_DELIMITER).explode()
    unknown = items[~items.isin(known) & (items != "")]
    unknown_by_row: dict[int, list[str]] = {}
    for row, item in zip(unknown.index, unknown, strict=True):
        unknown_by_row.setdefault(int(row), []).append(str(item))
    mask = np.zeros(len(values), dtype=bool)
    mask[list(unknown_by_row)] = True

    def list_message(row: int) -> str:
        missing = unknown_by_row[row]
        listed = ", ".join(repr(item) for item in missing)
        return f"names {listed}, not found in {reference.file}{_suggestion(missing[0], known)}"

    return _report(table, mask, key.field, list_message)


def _check_events(events: RawTable, contract: Contract) -> list[Problem]:
    if events.missing_columns:
        return []
    frame = events.frame
    start = _dates(frame["date_start"])
    end = _dates(frame["date_end"])
    problems: list[Problem] = []
    prefix = frame["event_id"].str.slice(0, 10)
    shaped_id = frame["event_id"].str.fullmatch(r"\d{4}-\d{2}-\d{2}-.+").fillna(False)
    mismatch = (shaped_id & start.notna() & (prefix != frame["date_start"])).to_numpy()
    problems += _report(
        events,
        mismatch,
        "event_id",
        lambda row: f"should start with its date_start {_cell(frame, row, 'date_start')}",
    )
    reversed_dates = (start.notna() & end.notna() & (end < start)).to_numpy()
    problems += _report(
        events,
        reversed_dates,
        "date_end",
        lambda row: f"is before date_start {_cell(frame, row, 'date_start')}; date_end must be on or after it",
    )
    period_start = pd.Timestamp(contract.study_start)
    period_end = pd.Timestamp(contract.study_end)
    period = f"{contract.study_start.isoformat()}..{contract.study_end.isoformat()}"
    for column, dates in (("date_start", start), ("date_end", end)):
        outside = (dates.notna() & ((dates < period_start) | (dates > period_end))).to_numpy()
        problems += _report(events, outside, column, f"is outside the study period {period}")
    return problems


def _check_places(places: RawTable, events: RawTable, contract: Contract) -> list[Problem]:
    if places.missing_columns:
        return []
    frame = places.frame
    latitude = pd.to_numeric(frame["latitude"].where(frame["latitude"] != "", None), errors="coerce")
    longitude = pd.to_numeric(frame["longitude"].where(frame["longitude"] != "", None), errors="coerce")
    has_latitude = (frame["latitude"] != "").to_numpy()
    has_longitude = (frame["longitude"] != "").to_numpy()
    problems: list[Problem] = []
    half = "is empty but {} is given; give both coordinates or neither"
    problems += _report(places, has_latitude & ~has_longitude, "longitude", half.format("latitude"), show_value=False)
    problems += _report(places, has_longitude & ~has_latitude, "latitude", half.format("longitude"), show_value=False)
    region = contract.region
    both = latitude.notna() & longitude.notna()
    inside = latitude.between(region.min_latitude, region.max_latitude) & longitude.between(
        region.min_longitude, region.max_longitude
    )
    box = (
        f"latitude {region.min_latitude:g}..{region.max_latitude:g}, "
        f"longitude {region.min_longitude:g}..{region.max_longitude:g}"
    )
    problems += _report(
        places,
        (both & ~inside).to_numpy(),
        "latitude",
        lambda row: (
            f"with longitude {_cell(frame, row, 'longitude')} is outside the study region ({box}); "
            "are latitude and longitude swapped?"
        ),
    )
    if "place_id" not in events.missing_columns:
        used = set(events.frame["place_id"])
        unlocated = ~has_latitude & ~has_longitude & frame["place_id"].isin(used).to_numpy()
        problems += _report(
            places,
            unlocated,
            "place_id",
            "has no coordinates, so its events cannot be drawn on the map; "
            "fill latitude and longitude or run `python -m incidents geocode`",
            "warning",
        )
    return problems


def _check_claims(claims: RawTable) -> list[Problem]:
    if claims.missing_columns:
        return []
    frame = claims.frame
    low = pd.to_numeric(frame["value_low"].where(frame["value_low"] != "", None), errors="coerce")
    high = pd.to_numeric(frame["value_high"].where(frame["value_high"] != "", None), errors="coerce")
    inverted = (low.notna() & high.notna() & (high < low)).to_numpy()
    return _report(
        claims,
        inverted,
        "value_high",
        lambda row: f"is below value_low {_cell(frame, row, 'value_low')}; value_high must be at least value_low",
    )


def _check_partial_dates(table: RawTable, column: str) -> list[Problem]:
    """A YYYY-MM-DD or YYYY-MM value must name a real day or month."""
    if column in table.missing_columns:
        return []
    values = table.frame[column]
    month_shaped = values.str.fullmatch(r"\d{4}-\d{2}").fillna(False)
    day_shaped = values.str.fullmatch(_DATE_PATTERN).fillna(False)
    as_day = values.where(~month_shaped, values + "-01")
    parsed = pd.to_datetime(as_day.where(month_shaped | day_shaped, None), format="%Y-%m-%d", errors="coerce")
    bad = ((month_shaped | day_shaped) & parsed.isna()).to_numpy()
    return _report(table, bad, column, "is not a real date (YYYY-MM-DD or YYYY-MM)")
