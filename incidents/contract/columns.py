"""Columns parsed once per table and shared by the checks and the loader: dates, numbers, codes, key positions."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from incidents.contract.read import RawTable
from incidents.contract.schema import (
    CONTRACT,
    LIST_DELIMITER,
    Contract,
)

# Threads for work that runs outside the GIL (parsing columns and checking tables side by side).
WORKERS = min(4, os.cpu_count() or 1)
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# Python's \s (every character str.isspace() accepts) spelled for Arrow's RE2, whose own \s is narrower.
WHITESPACE = (
    r"\t\n\x{0b}\x{0c}\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)


def text_array(values: pd.Series | pd.Index) -> pa.Array | pa.ChunkedArray:
    """The text column as an Arrow array, without copying when it already is one."""
    array = pa.array(pd.Series(values, dtype="str", copy=False).array)
    return array if array.type == pa.large_string() else array.cast(pa.large_string())


def is_in(values: pd.Series, known: pd.Series | pd.Index) -> np.ndarray:
    """Mask of `values` found in `known`, hashed in Arrow (pandas' isin boxes every known value in Python)."""
    found = pc.is_in(text_array(values), value_set=text_array(known))
    return np.asarray(found.fill_null(False), dtype=bool)


def _split(values: pd.Series) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    """Row positions and items of ';'-separated list cells (no empty ones), and rows with an empty item."""
    lists = pc.split_pattern(text_array(values), LIST_DELIMITER)
    items = pc.list_flatten(lists)
    rows = np.asarray(pc.list_parent_indices(lists), dtype=np.int64)
    keep = np.asarray(pc.not_equal(items, ""), dtype=bool)
    has_empty = np.zeros(len(values), dtype=bool)
    if keep.all():
        # The usual case: no empty item, so nothing to filter out (a filter would copy every item).
        return rows, pd.Series(items.to_pandas(), dtype="str"), has_empty
    has_empty[rows[~keep]] = True
    return rows[keep], pd.Series(items.filter(pa.array(keep)).to_pandas(), dtype="str"), has_empty


def key_positions(table: RawTable, column: str, reference: RawTable, reference_column: str) -> np.ndarray:
    """Row in `reference` of each value of `table[column]` (-1 where none), found once for checks and joins."""

    def compute() -> np.ndarray:
        found = pc.index_in(text_array(table.frame[column]), value_set=text_array(reference.frame[reference_column]))
        return np.asarray(found.fill_null(-1), dtype=np.int64)

    return table.remember(("positions", f"{column}>{reference.spec.name}.{reference_column}"), compute)


def category_codes(table: RawTable, column: str, categories: Sequence[str]) -> np.ndarray:
    """Each value's position in `categories` (-1 where not one of them), found once for checks and typing."""

    def compute() -> np.ndarray:
        found = pc.index_in(text_array(table.frame[column]), value_set=pa.array(list(categories), pa.large_string()))
        return np.asarray(found.fill_null(-1), dtype=np.int64)

    return table.remember(("codes", f"{column}:{LIST_DELIMITER.join(categories)}"), compute)


def table_dates(table: RawTable, column: str) -> pd.Series:
    """A table's column as dates (NaT where not a real YYYY-MM-DD date), parsed once for checks and loading."""
    return table.remember(
        ("dates", column),
        lambda: pd.Series(table_per_unique(table, column, _parse_dates), index=table.frame.index),
    )


def table_items(table: RawTable, column: str) -> tuple[np.ndarray, pd.Series]:
    """Row positions and items of a table's list column (see `_split`), split once for validation and loading."""
    rows, items, _ = table_split(table, column)
    return rows, items


def item_positions(table: RawTable, column: str, reference: RawTable, reference_column: str) -> np.ndarray:
    """Row in `reference` of each item of a list column (-1 where none), in `table_items` order, found once."""

    def compute() -> np.ndarray:
        _, items = table_items(table, column)
        found = pc.index_in(text_array(items), value_set=text_array(reference.frame[reference_column]))
        return np.asarray(found.fill_null(-1), dtype=np.int64)

    return table.remember(("item positions", f"{column}>{reference.spec.name}.{reference_column}"), compute)


def table_split(table: RawTable, column: str) -> tuple[np.ndarray, pd.Series, np.ndarray]:
    return table.remember(("items", column), lambda: _split(table.frame[column]))


def factorized(table: RawTable, column: str) -> tuple[np.ndarray, pd.Series]:
    """`pd.factorize` of a table's column (codes, distinct values), done once for every check and join."""

    def compute() -> tuple[np.ndarray, pd.Series]:
        values = table.frame[column]
        codes, uniques = pd.factorize(values)
        return codes, pd.Series(uniques, dtype=values.dtype)

    return table.remember(("factorized", column), compute)


def sorted_codes(table: RawTable, column: str) -> tuple[np.ndarray, pd.Series]:
    """Codes numbered in the text's sorted order (and the sorted distinct values), from `factorized`."""
    codes, uniques = factorized(table, column)
    order = np.argsort(np.asarray(uniques, dtype=object), kind="stable")
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order))
    return ranks[codes], uniques.take(order).reset_index(drop=True)


def sorted_category_codes(table: RawTable, column: str, categories: Sequence[str]) -> tuple[np.ndarray, pd.Series]:
    """`category_codes` renumbered in the categories' sorted order, and the sorted categories."""
    by_text = np.argsort(np.array(categories, dtype=object), kind="stable")
    rank = np.empty(len(categories), dtype=np.int64)
    rank[by_text] = np.arange(len(categories))
    codes = category_codes(table, column, categories)
    return np.where(codes >= 0, rank[np.maximum(codes, 0)], -1), pd.Series(
        np.array(categories, dtype=object)[by_text], dtype="str"
    )


def table_per_unique(table: RawTable, column: str, transform: Callable[[pd.Series], Any]) -> np.ndarray:
    """`transform` of each distinct value of a table's column once, spread back over the rows.

    Dates, figures and codes repeat a great deal: parsing the few thousand distinct values of a
    million-row column gives the same answer as parsing every row, in a fraction of the time.
    """
    codes, uniques = factorized(table, column)
    return np.asarray(transform(uniques))[codes]


def table_numbers(table: RawTable, column: str) -> np.ndarray:
    """A table's column as numbers (NaN where empty or not a number), parsed once for checks and loading."""
    return table.remember(("numbers", column), lambda: table_per_unique(table, column, _to_numbers).astype(float))


def _to_numbers(unique: pd.Series) -> pd.Series:
    return pd.to_numeric(unique.where(unique != "", None), errors="coerce")


def full_match(values: pd.Series, pattern: str) -> np.ndarray:
    """Mask of values matching the whole pattern, with Python's meaning of the pattern."""
    ascii_classes = ("\\d", "\\w", "\\b", "\\D", "\\W", "\\B", "\\\\", "[")
    if ("\\s" in pattern or "\\S" in pattern) and not any(token in pattern for token in ascii_classes):
        # pandas hands \s patterns to Python's re row by row; spelled out, Arrow matches them the same way.
        spelled = pattern.replace("\\S", f"[^{WHITESPACE}]").replace("\\s", f"[{WHITESPACE}]")
        matched = pc.match_substring_regex(text_array(values), f"^(?:{spelled})$")
        return np.asarray(matched.fill_null(False), dtype=bool)
    return values.str.fullmatch(pattern).fillna(False).to_numpy(dtype=bool)


def is_list_field(table: str, field: str, contract: Contract = CONTRACT) -> bool:
    return any(key.is_list and key.table == table and key.field == field for key in contract.foreign_keys)


def _parse_dates(unique: pd.Series) -> pd.Series:
    shaped = unique.str.fullmatch(DATE_PATTERN).fillna(False)
    return pd.to_datetime(unique.where(shaped, None), format="%Y-%m-%d", errors="coerce")
