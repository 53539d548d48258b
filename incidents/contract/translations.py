"""Translations of reader-facing text: the validator's rules for them and the lookup pages use."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from incidents.contract.columns import category_codes, key_positions, text_array
from incidents.contract.problems import Message, Problem
from incidents.contract.read import RawTable
from incidents.contract.reporting import report_rows, suggestion
from incidents.contract.schema import CONTRACT, Contract
from incidents.language import N_

TABLE = "translations"
# The languages text is translated into, besides the English of the tables themselves.
LANGUAGES = CONTRACT.enum(TABLE, "language")


def translatable_fields(table: str, contract: Contract = CONTRACT) -> tuple[str, ...]:
    """The columns of `table` a translation may carry: the contract's translatable fields that the table has."""
    columns = contract.table(table).field_names
    return tuple(field for field in contract.enum(TABLE, "field") if field in columns)


def check_translations(tables: Mapping[str, RawTable], contract: Contract = CONTRACT) -> list[Problem]:
    """Each translation names a real row and one of its translatable columns, once; untranslated events warn."""
    translations = tables[TABLE]
    if translations.missing_columns:
        # A missing file or column is reported already, and says more than any rule could here.
        return []
    problems = _check_unique_cells(translations, tables, contract)
    problems += _check_records(translations, tables, contract)
    problems += _check_translated_fields(translations, contract)
    problems += _check_untranslated_events(translations, tables, contract)
    return problems


def _codes(translations: RawTable, column: str, contract: Contract) -> np.ndarray:
    """The enum check's codes of a column: each value's position among its allowed values, -1 where not one."""
    return category_codes(translations, column, contract.enum(TABLE, column))


def _record_rows(translations: RawTable, tables: Mapping[str, RawTable], contract: Contract) -> np.ndarray:
    """Each translation's row in the table it names (-1 where that table has no such key), found once."""

    def compute() -> np.ndarray:
        table_codes = _codes(translations, "table_name", contract)
        record_ids = text_array(translations.frame["record_id"])
        positions = np.full(len(translations.frame), -1, dtype=np.int64)
        for code, name in enumerate(contract.enum(TABLE, "table_name")):
            reference = tables[name]
            key = contract.table(name).primary_key[0]
            rows = np.flatnonzero(table_codes == code)
            if key in reference.missing_columns or len(rows) == 0:
                continue
            # Only this table's rows are looked up: the few actor and place names never search every event id.
            found = pc.index_in(record_ids.take(pa.array(rows)), value_set=text_array(reference.frame[key]))
            positions[rows] = np.asarray(found.fill_null(-1), dtype=np.int64)
        return positions

    return translations.remember(("positions", "record_id>table_name"), compute)


def _check_unique_cells(translations: RawTable, tables: Mapping[str, RawTable], contract: Contract) -> list[Problem]:
    # One integer per (table_name, record, field, language), from the codes and rows found already. A translation
    # of an unknown record is an error of its own and is left out here.
    positions = _record_rows(translations, tables, contract)
    known = positions >= 0
    cell = positions
    for column in ("table_name", "field", "language"):
        cell = cell * (len(contract.enum(TABLE, column)) + 1) + _codes(translations, column, contract) + 1
    rows = np.flatnonzero(known)
    distinct, first_rows, groups = np.unique(cell[rows], return_index=True, return_inverse=True)
    if len(distinct) == len(rows):
        return []
    first_of_row = np.full(len(cell), -1, dtype=np.int64)
    first_of_row[rows] = rows[first_rows[groups.ravel()]]
    repeated = known & (first_of_row != np.arange(len(cell)))
    key = ", ".join(translations.spec.primary_key)
    return report_rows(
        translations,
        repeated,
        "record_id",
        lambda row: Message(
            N_("repeats the {field} in {language} given on line {line}; give each ({key}) once"),
            field=_cell(translations, row, "field"),
            language=_cell(translations, row, "language"),
            line=translations.line_of(int(first_of_row[row])),
            key=key,
        ),
    )


def _check_records(translations: RawTable, tables: Mapping[str, RawTable], contract: Contract) -> list[Problem]:
    table_codes = _codes(translations, "table_name", contract)
    unknown_rows = (_record_rows(translations, tables, contract) < 0) & (
        translations.frame["record_id"] != ""
    ).to_numpy()
    problems: list[Problem] = []
    for code, name in enumerate(contract.enum(TABLE, "table_name")):
        reference = tables[name]
        key = contract.table(name).primary_key[0]
        if key in reference.missing_columns:
            continue
        unknown = (table_codes == code) & unknown_rows
        problems += report_rows(translations, unknown, "record_id", _unknown_record(translations, key, reference))
    return problems


def _unknown_record(translations: RawTable, key: str, reference: RawTable) -> Callable[[int], str]:
    """The message for a translation whose record_id names no row of `reference`."""

    @cache
    def known() -> list[str]:
        # Built once, and only when something is wrong: sorting a million ids is not free.
        return sorted(set(reference.frame[key]) - {""})

    def message(row: int) -> str:
        hint = suggestion(_cell(translations, row, "record_id"), known())
        return Message(N_("matches no {field} in {file}{suggestion}"), field=key, file=reference.file, suggestion=hint)

    return message


def _check_translated_fields(translations: RawTable, contract: Contract) -> list[Problem]:
    table_codes = _codes(translations, "table_name", contract)
    field_codes = _codes(translations, "field", contract)
    fields = contract.enum(TABLE, "field")
    problems: list[Problem] = []
    for code, name in enumerate(contract.enum(TABLE, "table_name")):
        allowed = translatable_fields(name, contract)
        other = [position for position, field in enumerate(fields) if field not in allowed]
        wrong = (table_codes == code) & np.isin(field_codes, other)
        problems += report_rows(
            translations,
            wrong,
            "field",
            Message(
                N_("is not a translatable field of {table}; allowed for {table}: {fields}"),
                table=name,
                fields=", ".join(allowed),
            ),
        )
    return problems


def _check_untranslated_events(
    translations: RawTable, tables: Mapping[str, RawTable], contract: Contract
) -> list[Problem]:
    """Warn for each event and language lacking one of the event's translatable columns."""
    events = tables["events"]
    fields = translatable_fields("events", contract)
    if "event_id" in events.missing_columns or events.frame.empty or not fields:
        return []
    # Each translation's row in events.csv (-1: none), as the record check found it.
    event_rows = _record_rows(translations, tables, contract)
    of_events = _codes(translations, "table_name", contract) == contract.enum(TABLE, "table_name").index("events")
    field_codes = _codes(translations, "field", contract)
    language_codes = _codes(translations, "language", contract)
    all_fields = contract.enum(TABLE, "field")
    first_rows = _first_rows(events)
    problems: list[Problem] = []
    for language_code, language in enumerate(contract.enum(TABLE, "language")):
        missing: dict[str, np.ndarray] = {}
        for field in fields:
            given = of_events & (language_codes == language_code) & (field_codes == all_fields.index(field))
            has = np.zeros(len(events.frame), dtype=bool)
            has[event_rows[given & (event_rows >= 0)]] = True
            missing[field] = ~has[first_rows]
        lacking = np.logical_or.reduce(list(missing.values())) & (events.frame["event_id"] != "").to_numpy()

        def message(row: int, language: str = language, missing: dict[str, np.ndarray] = missing) -> str:
            absent: str = " + ".join(field for field in fields if missing[field][row])
            if absent == " + ".join(fields) and len(fields) == 2:
                absent = Message(N_("{first} and {second}"), first=fields[0], second=fields[1])
            return Message(
                N_("has no {fields} in language {language}; add a row for each to {file}"),
                fields=absent,
                language=language,
                file=translations.file,
            )

        problems += report_rows(events, lacking, "event_id", message, "warning")
    return problems


def _first_rows(events: RawTable) -> np.ndarray:
    """Each event's first row with its id: a repeated id (an error of its own) shares its first row's translations."""
    ids = text_array(events.frame["event_id"])
    # Ids kept in order are unique, which is far cheaper to see than to look every id up.
    if len(ids) < 2 or pc.all(pc.less(ids[:-1], ids[1:])).as_py():
        return np.arange(len(ids))
    return key_positions(events, "event_id", events, "event_id")


def _cell(table: RawTable, row: int, column: str) -> str:
    return str(table.frame.at[row, column])


def translation_texts(translations: pd.DataFrame) -> pd.Series:
    """The translated texts keyed by (table_name, record_id, field, language), for lookups."""
    key = list(CONTRACT.table(TABLE).primary_key)
    # Sorted, so that a lookup is a binary search rather than a scan.
    return translations.set_index(key)["text"].sort_index()
