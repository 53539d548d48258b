"""Check the dataset against the contract and the rules Table Schema cannot express."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from incidents.contract.columns import (
    DATE_PATTERN,
    WHITESPACE,
    WORKERS,
    category_codes,
    factorized,
    full_match,
    is_in,
    is_list_field,
    item_positions,
    key_positions,
    table_dates,
    table_items,
    table_numbers,
    table_per_unique,
    table_split,
    text_array,
)
from incidents.contract.problems import Message, Problem
from incidents.contract.read import RawTable, read_table
from incidents.contract.reporting import report_rows, suggestion
from incidents.contract.schema import (
    CONTRACT,
    LIST_DELIMITER,
    PRECISION_RANKS,
    TABLE_NAMES,
    Contract,
    FieldSpec,
    ForeignKey,
)
from incidents.contract.translations import check_translations
from incidents.language import N_, Language

# Longer than any real note or summary: most likely a pasted article or a cell that swallowed its neighbours.
# Pages still show only the start of such a cell, so this warns rather than fails.
LONG_CELL_WARNING = 20_000

_TRUE_VALUES = ("true", "True", "TRUE", "1")
_FALSE_VALUES = ("false", "False", "FALSE", "0")
_INTEGER_PATTERN = r"^-?\d+$"
Tables = Mapping[str, RawTable]


def read_tables(data_dir: Path, contract: Contract = CONTRACT) -> dict[str, RawTable]:
    """Read every table as text; file-level problems are kept on each table."""
    return {name: read_table(Path(data_dir), contract.table(name)) for name in TABLE_NAMES}


def check_data_files(data_dir: Path | str, contract: Contract = CONTRACT) -> list[Problem]:
    """Every problem in the dataset's tables, errors and warnings, in file and line order."""
    return check_tables(read_tables(Path(data_dir), contract), contract)


def check_tables(
    tables: Tables, contract: Contract = CONTRACT, field_problems: Mapping[str, list[Problem]] | None = None
) -> list[Problem]:
    """Check already-read tables: columns, keys, then the domain rules.

    `field_problems` are `check_fields` results already found per table (as the loader finds them while
    the other files are still being read); tables missing from it are checked here.
    """
    found = dict(field_problems or {})
    unchecked = [name for name in tables if name not in found]
    rules: list[Callable[[], list[Problem]]] = [partial(check_fields, tables[name]) for name in unchecked]
    for key in _keys(tables, contract):
        rules.append(partial(_check_foreign_key, tables[key.table], tables[key.reference_table], key))

    rules += [
        partial(_check_events, tables["events"], contract),
        partial(_check_places, tables["places"], tables["events"], contract),
        partial(_check_claims, tables["claims"]),
        partial(_check_record_kinds, tables["events"]),
        partial(_check_location_precision, tables["events"], tables["places"]),
        partial(_check_same_site_and_day, tables["events"]),
        partial(_check_claim_basis, tables["claims"]),
        partial(_check_claim_speakers, tables["claims"], tables["sources"]),
        partial(_check_partial_dates, tables["sources"], "published"),
        partial(_check_partial_dates, tables["claims"], "claimed_on"),
        partial(check_translations, tables, contract),
    ]
    # Arrow and numpy let go of the GIL while they work, so the rules run side by side. Fields come first:
    # the later rules reuse the dates and items they parse, and a rule's problems keep their place in the list.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        found.update(zip(unchecked, pool.map(lambda rule: rule(), rules[: len(unchecked)]), strict=True))
        rule_problems = list(pool.map(lambda rule: rule(), rules[len(unchecked) :]))
    problems: list[Problem] = []
    for name, table in tables.items():
        problems.extend(table.problems)
        problems.extend(found[name])
    for found_by_rule in rule_problems:
        problems.extend(found_by_rule)
    order = {contract.table(name).path: position for position, name in enumerate(TABLE_NAMES)}
    # Stable sort: within a line, problems keep the order the checks found them; "N more" lines close a file.
    return sorted(
        problems,
        key=lambda problem: (order.get(problem.file, 99), problem.line if problem.line else math.inf),
    )


def check_fields(table: RawTable) -> list[Problem]:
    """Each cell of the table against its column's type, enum, pattern and uniqueness."""
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
        problems += report_rows(
            table, empty, field.name, Message(N_("is empty, but a value is required")), show_value=False
        )
    if field.type == "date":
        bad = present & ~table_dates(table, field.name).notna().to_numpy()
        problems += report_rows(table, bad, field.name, Message(N_("is not a date (YYYY-MM-DD)")))
    elif field.type in ("number", "integer"):
        number_array = table_numbers(table, field.name)
        if field.type == "integer":
            pattern = _INTEGER_PATTERN
            is_number = table_per_unique(table, field.name, lambda unique: full_match(unique, pattern)).astype(bool)
            problems += report_rows(table, present & ~is_number, field.name, Message(N_("is not a whole number")))
        else:
            is_number = np.isfinite(number_array)
            message = _number_message(values)
            problems += report_rows(table, present & ~is_number, field.name, message)
        with np.errstate(invalid="ignore"):
            if field.minimum is not None:
                below = present & is_number & (number_array < field.minimum)
                minimum = Message(N_("is below the minimum {minimum}"), minimum=f"{field.minimum:g}")
                problems += report_rows(table, below, field.name, minimum)
            if field.maximum is not None:
                above = present & is_number & (number_array > field.maximum)
                maximum = Message(N_("is above the maximum {maximum}"), maximum=f"{field.maximum:g}")
                problems += report_rows(table, above, field.name, maximum)
    elif field.type == "boolean":
        bad = present & ~values.isin(_TRUE_VALUES + _FALSE_VALUES).to_numpy()
        problems += report_rows(table, bad, field.name, Message(N_("is not a boolean (true or false)")))
    if field.enum:
        bad = present & (category_codes(table, field.name, field.enum) < 0)
        allowed = Message(N_("is not allowed; allowed values: {values}"), values=", ".join(field.enum))
        problems += report_rows(table, bad, field.name, allowed)
    if field.pattern:
        problems += _check_pattern(table, field, values, present)
    if field.unique:
        problems += _check_unique(table, field.name, values, present)
    if field.type == "string":
        problems += _check_length(table, field, values)
    return problems


def _check_length(table: RawTable, field: FieldSpec, values: pd.Series) -> list[Problem]:
    # Bytes bound characters from above, so only the rare long cells need counting in characters.
    maybe_long = np.asarray(pc.greater(pc.binary_length(text_array(values)), LONG_CELL_WARNING).fill_null(False))
    lengths = {int(row): len(str(values.iat[int(row)])) for row in np.flatnonzero(maybe_long)}
    too_long = np.zeros(len(values), dtype=bool)
    too_long[[row for row, length in lengths.items() if length > LONG_CELL_WARNING]] = True
    return report_rows(
        table,
        too_long,
        field.name,
        lambda row: Message(
            N_(
                "is {length} characters long, more than {limit}: check for a pasted article or a cell that ran "
                "into the next; pages show only its start"
            ),
            length=f"{lengths[row]:,}",
            limit=f"{LONG_CELL_WARNING:,}",
        ),
        severity="warning",
    )


def _number_message(values: pd.Series) -> Callable[[int], str]:
    def message(row: int) -> str:
        if "," in str(values.iat[row]):
            return Message(N_("is not a number; use '.' as the decimal separator (e.g. 36.4775)"))
        return Message(N_("is not a number"))

    return message


def _check_pattern(table: RawTable, field: FieldSpec, values: pd.Series, present: np.ndarray) -> list[Problem]:
    assert field.pattern is not None
    hint = _pattern_hint(field)
    problems: list[Problem] = []
    if is_list_field(table.spec.name, field.name):
        # An empty item: ';;', or a ';' that starts or ends the cell.
        rows, items, has_empty_item = table_split(table, field.name)
        empty_item = present & has_empty_item
        item_pattern = _list_item_pattern(field.pattern)
        if item_pattern is None:
            has_space = pc.match_substring_regex(text_array(values), f"[{WHITESPACE}]").fill_null(False)
            spaced = present & ~empty_item & np.asarray(has_space, dtype=bool)
            matches = full_match(values, field.pattern)
        else:
            # A list matches "ITEM(?:;ITEM)*" when it has no empty item and every item matches ITEM.
            if _mostly_repeated(items):
                # A few hundred actors named again and again: each distinct item is matched once.
                codes, uniques = pd.factorize(items)
                distinct = pd.Series(uniques, dtype="str")
                has_space = pc.match_substring_regex(text_array(distinct), f"[{WHITESPACE}]").fill_null(False)
                item_spaced = np.asarray(has_space, dtype=bool)[codes]
                item_matches = full_match(distinct, item_pattern)[codes]
                spaced = present & ~empty_item & _any_per_row(len(values), rows, item_spaced)
            else:
                # Mostly distinct items (sources): hashing them costs more than matching each. A cell has
                # spaces exactly when one of its items has, as ';' is not a space.
                has_space = pc.match_substring_regex(text_array(values), f"[{WHITESPACE}]").fill_null(False)
                spaced = present & ~empty_item & np.asarray(has_space, dtype=bool)
                item_matches = full_match(items, item_pattern)
            matches = ~_any_per_row(len(values), rows, ~item_matches)
        empty_message = Message(N_("has an empty item; separate ids with a single ';'"))
        problems += report_rows(table, empty_item, field.name, empty_message)
        spaced_message = Message(N_("has spaces; write ids separated by ';' with no spaces"))
        problems += report_rows(table, spaced, field.name, spaced_message)
        present = present & ~empty_item & ~spaced
    elif _mostly_repeated(values):
        # Dates and codes repeat: each distinct value is matched once.
        pattern = field.pattern
        matches = table_per_unique(table, field.name, lambda unique: full_match(unique, pattern))
    else:
        matches = full_match(values, field.pattern)
    problems += report_rows(table, present & ~matches, field.name, Message(N_("is not {hint}"), hint=hint))
    return problems


def _pattern_hint(field: FieldSpec) -> Message:
    """What a value should look like: the descriptor's hint, in each language it gives, or the pattern itself."""
    if field.pattern_hint:
        return _Hint(field)
    return Message(N_("matching {pattern}"), pattern=field.pattern)


class _Hint(Message):
    """A field's pattern hint: English in the validator, the descriptor's own translation on a page."""

    field: FieldSpec

    def __new__(cls, field: FieldSpec) -> _Hint:
        """The English hint, remembering the field for its other languages."""
        hint = super().__new__(cls, "{hint}", hint=field.pattern_hint or "")
        hint.field = field
        return hint

    def __getnewargs_ex__(self) -> tuple[tuple[object, ...], dict[str, object]]:
        """A copy is built from the field."""
        return (self.field,), {}

    def in_language(self, language: Language) -> str:
        """The hint the descriptor gives in `language`."""
        return self.field.pattern_hint_in(language.code) or str(self)


def _mostly_repeated(values: pd.Series, sample_size: int = 2_000) -> bool:
    """Whether, judging by an even sample, fewer than half the values are distinct (so factorising pays)."""
    sample = values.iloc[:: max(1, len(values) // sample_size)]
    return len(sample) > 0 and sample.nunique() < len(sample) / 2


def _list_item_pattern(pattern: str) -> str | None:
    """ITEM when the pattern is "ITEM(?:;ITEM)*" (a ';'-separated list of ITEM), else None."""
    wrapper = len(f"(?:{LIST_DELIMITER})*")
    item = pattern[: (len(pattern) - wrapper) // 2]
    return item if item and pattern == f"{item}(?:{LIST_DELIMITER}{item})*" else None


def _any_per_row(row_count: int, rows: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """Per row: whether any of its items (item i belongs to row rows[i]) is flagged."""
    result = np.zeros(row_count, dtype=bool)
    result[rows[flags]] = True
    return result


def _check_unique(table: RawTable, column: str, values: pd.Series, present: np.ndarray) -> list[Problem]:
    array = text_array(values)
    # Ids are usually kept in order: strictly increasing proves uniqueness far cheaper than hashing them all.
    if len(array) < 2 or pc.all(pc.less(array[:-1], array[1:])).as_py():
        return []
    if len(pc.unique(array)) == len(values):
        return []
    duplicated = present & values.duplicated(keep="first").to_numpy()
    if not duplicated.any():
        return []
    # Only the repeated values need their first line; a dict of every value would cost seconds on large tables.
    repeated = present & is_in(values, values[duplicated]) & ~duplicated
    first_rows = dict(zip(values[repeated].tolist(), np.flatnonzero(repeated).tolist(), strict=True))

    def message(row: int) -> str:
        first_line = table.line_of(first_rows[values.iat[row]])
        return Message(
            N_("duplicates the {column} on line {line}; each {column} must be unique"), column=column, line=first_line
        )

    return report_rows(table, duplicated, column, message)


def _cell(frame: pd.DataFrame, row: int, column: str) -> str:
    return str(frame.at[row, column])


def _keys(tables: Tables, contract: Contract) -> list[ForeignKey]:
    """The foreign keys whose columns are present on both sides."""
    return [
        key
        for key in contract.foreign_keys
        if key.field not in tables[key.table].missing_columns
        and key.reference_field not in tables[key.reference_table].missing_columns
    ]


def _check_foreign_key(table: RawTable, reference: RawTable, key: ForeignKey) -> list[Problem]:
    keys = reference.frame[key.reference_field]
    values = table.frame[key.field]

    @cache
    def known() -> list[str]:
        # Only built for suggestions, when something is wrong: sorting a million ids is not free.
        return sorted(set(keys) - {""})

    if not key.is_list:
        mask = (values != "").to_numpy() & (key_positions(table, key.field, reference, key.reference_field) < 0)

        def single_message(row: int) -> str:
            value = str(values.iat[row])
            return Message(
                N_("matches no {field} in {file}{suggestion}"),
                field=key.reference_field,
                file=reference.file,
                suggestion=suggestion(value, known()),
            )

        return report_rows(table, mask, key.field, single_message)
    rows, items = table_items(table, key.field)
    unknown = item_positions(table, key.field, reference, key.reference_field) < 0
    unknown_by_row: dict[int, list[str]] = {}
    for row, item in zip(rows[unknown].tolist(), items[unknown].tolist(), strict=True):
        unknown_by_row.setdefault(int(row), []).append(str(item))
    mask = np.zeros(len(values), dtype=bool)
    mask[list(unknown_by_row)] = True

    def list_message(row: int) -> str:
        missing = unknown_by_row[row]
        listed = ", ".join(repr(item) for item in missing)
        return Message(
            N_("names {listed}, not found in {file}{suggestion}"),
            listed=listed,
            file=reference.file,
            suggestion=suggestion(missing[0], known()),
        )

    return report_rows(table, mask, key.field, list_message)


def _check_events(events: RawTable, contract: Contract) -> list[Problem]:
    if events.missing_columns:
        return []
    frame = events.frame
    start = table_dates(events, "date_start")
    end = table_dates(events, "date_end")
    problems: list[Problem] = []
    prefix = frame["event_id"].str.slice(0, 10)
    # Only ids whose first ten characters differ from a valid date_start can mismatch; the shape of those few
    # is checked, not of every id.
    candidates = np.flatnonzero((start.notna() & (prefix != frame["date_start"])).to_numpy())
    mismatch = np.zeros(len(frame), dtype=bool)
    ids = frame["event_id"].iloc[candidates]
    mismatch[candidates] = ids.str.fullmatch(r"\d{4}-\d{2}-\d{2}-.+").fillna(False).to_numpy(dtype=bool)
    problems += report_rows(
        events,
        mismatch,
        "event_id",
        lambda row: Message(N_("should start with its date_start {day}"), day=_cell(frame, row, "date_start")),
    )
    reversed_dates = (start.notna() & end.notna() & (end < start)).to_numpy()
    problems += report_rows(
        events,
        reversed_dates,
        "date_end",
        lambda row: Message(
            N_("is before date_start {day}; date_end must be on or after it"), day=_cell(frame, row, "date_start")
        ),
    )
    period_start = pd.Timestamp(contract.study_start)
    period_end = pd.Timestamp(contract.study_end)
    period = f"{contract.study_start.isoformat()}..{contract.study_end.isoformat()}"
    for column, dates in (("date_start", start), ("date_end", end)):
        outside = (dates.notna() & ((dates < period_start) | (dates > period_end))).to_numpy()
        problems += report_rows(
            events, outside, column, Message(N_("is outside the study period {period}"), period=period)
        )
    return problems


def _check_places(places: RawTable, events: RawTable, contract: Contract) -> list[Problem]:
    if places.missing_columns:
        return []
    frame = places.frame
    latitude = pd.Series(table_numbers(places, "latitude"))
    longitude = pd.Series(table_numbers(places, "longitude"))
    has_latitude = (frame["latitude"] != "").to_numpy()
    has_longitude = (frame["longitude"] != "").to_numpy()
    problems: list[Problem] = []
    half = N_("is empty but {other} is given; give both coordinates or neither")
    problems += report_rows(
        places, has_latitude & ~has_longitude, "longitude", Message(half, other="latitude"), show_value=False
    )
    problems += report_rows(
        places, has_longitude & ~has_latitude, "latitude", Message(half, other="longitude"), show_value=False
    )
    region = contract.region
    both = latitude.notna() & longitude.notna()
    inside = latitude.between(region.min_latitude, region.max_latitude) & longitude.between(
        region.min_longitude, region.max_longitude
    )
    box = (
        f"latitude {region.min_latitude:g}..{region.max_latitude:g}, "
        f"longitude {region.min_longitude:g}..{region.max_longitude:g}"
    )
    problems += report_rows(
        places,
        (both & ~inside).to_numpy(),
        "latitude",
        lambda row: Message(
            N_("with longitude {longitude} is outside the study region ({box}); are latitude and longitude swapped?"),
            longitude=_cell(frame, row, "longitude"),
            box=box,
        ),
    )
    if "place_id" not in events.missing_columns:
        used = is_in(frame["place_id"], events.frame["place_id"])
        unlocated = ~has_latitude & ~has_longitude & used
        problems += report_rows(
            places,
            unlocated,
            "place_id",
            Message(
                N_(
                    "has no coordinates, so its events cannot be drawn on the map; fill latitude and longitude or run "
                    "`python -m incidents geocode`"
                )
            ),
            "warning",
        )
    return problems


def _check_claims(claims: RawTable) -> list[Problem]:
    if claims.missing_columns:
        return []
    frame = claims.frame
    low = pd.Series(table_numbers(claims, "value_low"))
    high = pd.Series(table_numbers(claims, "value_high"))
    inverted = (low.notna() & high.notna() & (high < low)).to_numpy()
    return report_rows(
        claims,
        inverted,
        "value_high",
        lambda row: Message(
            N_("is below value_low {low}; value_high must be at least value_low"), low=_cell(frame, row, "value_low")
        ),
    )


def _check_partial_dates(table: RawTable, column: str) -> list[Problem]:
    """A YYYY-MM-DD or YYYY-MM value must name a real day or month."""
    if column in table.missing_columns:
        return []

    def is_bad(values: pd.Series) -> np.ndarray:
        month_shaped = values.str.fullmatch(r"\d{4}-\d{2}").fillna(False)
        day_shaped = values.str.fullmatch(DATE_PATTERN).fillna(False)
        as_day = values.where(~month_shaped, values + "-01")
        parsed = pd.to_datetime(as_day.where(month_shaped | day_shaped, None), format="%Y-%m-%d", errors="coerce")
        return ((month_shaped | day_shaped) & parsed.isna()).to_numpy()

    bad = table_per_unique(table, column, is_bad).astype(bool)
    return report_rows(table, bad, column, Message(N_("is not a real date (YYYY-MM-DD or YYYY-MM)")))


def _looked_up(values: pd.Series, positions: np.ndarray) -> np.ndarray:
    """values[position] for each position, '' where it is -1 (no match, or an empty table to look in)."""
    if len(values) == 0:
        return np.full(len(positions), "", dtype=object)
    found = values.to_numpy(dtype=object)[np.maximum(positions, 0)]
    return np.where(positions >= 0, found, "")


def _has_columns(table: RawTable, *columns: str) -> bool:
    return not any(column in table.missing_columns for column in columns)


# Context rows (event_type=context) are exactly the rows that are not counted as incidents or episodes.
_CONTEXT_KINDS = ("aggregate", "statement", "context")


def _check_record_kinds(events: RawTable) -> list[Problem]:
    """Kinds agree with types; a one-day precision is one day; episodes hold their phases, phases sit inside them."""
    needed = ("event_id", "event_type", "record_kind", "parent_id", "date_precision", "date_start", "date_end")
    if not _has_columns(events, *needed):
        return []
    frame = events.frame
    kind = frame["record_kind"]
    is_context_type = (frame["event_type"] == "context").to_numpy()
    context_kind = kind.isin(_CONTEXT_KINDS).to_numpy()
    counted_kind = kind.isin(("incident", "episode")).to_numpy()
    problems: list[Problem] = []
    problems += report_rows(
        events,
        is_context_type & counted_kind,
        "record_kind",
        Message(N_("is an incident kind, but event_type is context; use aggregate, statement or context")),
    )
    problems += report_rows(
        events,
        ~is_context_type & context_kind,
        "record_kind",
        lambda row: Message(
            N_("is a context kind, but event_type is {type}; use incident or episode, or set event_type to context"),
            type=_cell(frame, row, "event_type"),
        ),
    )
    start = table_dates(events, "date_start")
    end = table_dates(events, "date_end")
    spans = (frame["date_precision"] == "day").to_numpy() & (start.notna() & end.notna() & (end > start)).to_numpy()
    problems += report_rows(
        events,
        spans,
        "date_precision",
        lambda row: Message(
            N_(
                "means one day, but the event runs from {start} to {end}; use span when both ends are reported, "
                "days for a night or a one-day doubt"
            ),
            start=_cell(frame, row, "date_start"),
            end=_cell(frame, row, "date_end"),
        ),
    )
    has_parent = (frame["parent_id"] != "").to_numpy()
    if has_parent.any():
        positions = key_positions(events, "parent_id", events, "event_id")
        known = has_parent & (positions >= 0)
        parent_kind = _looked_up(kind, positions)
        problems += report_rows(
            events,
            known & (parent_kind != "episode"),
            "parent_id",
            Message(N_("names an event that is not an episode; a parent must have record_kind episode")),
        )
        problems += report_rows(
            events,
            has_parent & (kind != "incident").to_numpy(),
            "record_kind",
            Message(N_("must be incident for a phase of an episode (a row with a parent_id)")),
        )
        parent_start = start.to_numpy()[np.maximum(positions, 0)]
        parent_end = end.fillna(start).to_numpy()[np.maximum(positions, 0)]
        own_end = end.fillna(start).to_numpy()
        outside = known & (parent_kind == "episode") & ((start.to_numpy() < parent_start) | (own_end > parent_end))
        problems += report_rows(
            events,
            outside,
            "parent_id",
            Message(N_("has dates outside its episode's; a phase must lie within the episode it belongs to")),
        )
    is_episode = (kind == "episode").to_numpy()
    childless = is_episode & ~is_in(frame["event_id"], frame["parent_id"][has_parent])
    problems += report_rows(
        events,
        childless,
        "record_kind",
        Message(N_("has no phases: no event names it as parent_id; give its dated phases or code it as an incident")),
    )
    return problems


def _check_location_precision(events: RawTable, places: RawTable) -> list[Problem]:
    """An event is never located more finely than the point its place carries."""
    if not _has_columns(events, "place_id", "location_precision") or not _has_columns(
        places, "place_id", "coord_precision"
    ):
        return []
    positions = key_positions(events, "place_id", places, "place_id")
    coordinates = _looked_up(places.frame["coord_precision"], positions)
    ranks = pd.Series(PRECISION_RANKS, dtype="float64")
    located = events.frame["location_precision"].map(ranks).to_numpy(dtype=float)
    pointed = pd.Series(coordinates).map(ranks).to_numpy(dtype=float)
    finer = np.isfinite(located) & np.isfinite(pointed) & (located < pointed)
    frame = events.frame
    return report_rows(
        events,
        finer,
        "location_precision",
        lambda row: Message(
            N_(
                "is finer than the place's coordinates, which point at a {level} ({place}); use {level} or a "
                "coarser level, or give the place site coordinates"
            ),
            level=coordinates[row],
            place=_cell(frame, row, "place_id"),
        ),
    )


_DISTINCT_MARK = "distinct from"
# Arrow's RE2 with a named group; notes are lower-cased first, ids are lower-case already.
_DISTINCT_PATTERN = r"distinct from (?P<named>\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)"


def _check_same_site_and_day(events: RawTable) -> list[Problem]:
    """Two incidents at one place starting the same day are one incident unless each names the other as distinct."""
    needed = ("event_id", "record_kind", "place_id", "date_start", "notes")
    if not _has_columns(events, *needed):
        return []
    frame = events.frame
    incident = (category_codes(events, "record_kind", ("incident",)) == 0) & (frame["place_id"] != "").to_numpy()
    # One integer per place and start day, from the codes validation already computed.
    place_codes, _ = factorized(events, "place_id")
    day_codes, days = factorized(events, "date_start")
    keys = place_codes.astype(np.int64) * (len(days) + 1) + day_codes
    candidates = np.flatnonzero(incident)
    _, inverse, counts = np.unique(keys[candidates], return_inverse=True, return_counts=True)
    rows = candidates[counts[inverse] > 1]
    if len(rows) == 0:
        return []
    shared = np.zeros(len(frame), dtype=bool)
    shared[rows] = True
    # The id a row's notes name after "distinct from" must be another incident at the same place and day.
    notes = text_array(frame["notes"]).take(pa.array(rows))
    found = pc.extract_regex(pc.utf8_lower(notes), _DISTINCT_PATTERN)
    named = pd.Series(pc.struct_field(found, [0]).fill_null("").to_pandas(), dtype="str").reset_index(drop=True)
    key_of = pd.Series(keys[rows], index=frame["event_id"].to_numpy()[rows])
    key_of = key_of[~key_of.index.duplicated()]
    named_key = named.map(key_of).fillna(-1).to_numpy()
    explained = (named_key == keys[rows]) & (named.to_numpy() != frame["event_id"].to_numpy()[rows])
    unexplained = np.zeros(len(frame), dtype=bool)
    unexplained[rows[~explained]] = True
    ids = frame["event_id"]

    def message(row: int) -> str:
        others = [str(other) for other in ids[(keys == keys[row]) & shared] if other != ids.iat[row]]
        return Message(
            N_(
                "shares its place and start day with {others}; merge duplicates, or say '{mark} <other id>: why' in "
                "the notes of each"
            ),
            others=", ".join(others[:3]),
            mark=_DISTINCT_MARK,
        )

    return report_rows(events, unexplained, "event_id", message)


def _check_claim_basis(claims: RawTable) -> list[Problem]:
    """A derived figure says how it was derived; a stated one carries no derivation."""
    if not _has_columns(claims, "basis", "derivation"):
        return []
    frame = claims.frame
    derived = (frame["basis"] == "derived").to_numpy()
    has_derivation = (frame["derivation"].str.strip() != "").to_numpy()
    problems = report_rows(
        claims,
        derived & ~has_derivation,
        "derivation",
        Message(N_("is empty, but basis is derived; say how the figure was computed and from which stated figures")),
        show_value=False,
    )
    problems += report_rows(
        claims,
        (frame["basis"] == "stated").to_numpy() & has_derivation,
        "basis",
        Message(N_("comes with a derivation; a computed figure has basis derived, a stated one no derivation")),
    )
    return problems


def _check_claim_speakers(claims: RawTable, sources: RawTable) -> list[Problem]:
    """Warn when a claim credits someone other than the one party its source speaks for."""
    if not _has_columns(claims, "claimant", "source_id") or not _has_columns(sources, "source_id", "speaker"):
        return []
    positions = key_positions(claims, "source_id", sources, "source_id")
    speakers = _looked_up(sources.frame["speaker"], positions)
    claimants = claims.frame["claimant"].to_numpy()
    mismatch = (speakers != "") & (speakers != claimants)
    frame = claims.frame
    return report_rows(
        claims,
        mismatch,
        "claimant",
        lambda row: Message(
            N_(
                "differs from the speaker {speaker} of source {source}; check who made the claim (the source "
                "attributes its figures to that speaker)"
            ),
            speaker=repr(speakers[row]),
            source=_cell(frame, row, "source_id"),
        ),
        "warning",
    )
