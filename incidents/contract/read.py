"""Read one CSV table of the dataset as text, coping with what spreadsheets do to CSV files."""

from __future__ import annotations

import csv
import dataclasses
import io
import mmap
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from incidents.contract.problems import Message, Problem
from incidents.contract.schema import TableSpec
from incidents.language import N_

T = TypeVar("T")

_DELIMITERS = (",", ";", "\t")
# Large enough to keep Arrow's chunks few (cheap to combine), small enough to parse on every core.
_BLOCK_BYTES = 4 << 20
_DELIMITER_NAMES = {",": Message("','"), ";": Message("';'"), "\t": Message(N_("a tab"))}
# Below this a plain read is as quick as mapping the file, and works for empty files too.
_MAP_FROM_BYTES = 1 << 20
_COUNT_STEP = 1 << 20

# A file's contents: bytes, or the file mapped into memory (read in place, never copied whole).
FileBytes = bytes | mmap.mmap


@dataclass
class RawTable:
    """A table as text: every contract column present, one row per record, with its line number."""

    spec: TableSpec
    frame: pd.DataFrame
    lines: np.ndarray
    problems: list[Problem] = dataclasses.field(default_factory=list)
    missing_columns: tuple[str, ...] = ()
    # Columns parsed once (dates, list items) and shared by validation and loading; keyed by (what, column).
    memo: dict[tuple[str, str], Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    _locks: dict[tuple[str, str], threading.Lock] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    _guard: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False, compare=False)

    def remember(self, key: tuple[str, str], compute: Callable[[], T]) -> T:
        """memo[key], computing it once even when several threads ask for it at the same time."""
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self.memo:
                self.memo[key] = compute()
            value: T = self.memo[key]
        return value

    @property
    def file(self) -> str:
        """File name as shown in problems."""
        return self.spec.path

    def line_of(self, row: int) -> int:
        """Line number (as an editor shows it) where row `row` starts."""
        return int(self.lines[row])


def empty_raw_table(spec: TableSpec, problems: list[Problem]) -> RawTable:
    """A table with no rows, carrying the problems that stopped it being read."""
    frame = pd.DataFrame({name: pd.Series([], dtype=str) for name in spec.field_names})
    return RawTable(spec, frame, np.array([], dtype=np.int64), problems, spec.field_names)


def file_bytes(path: Path) -> FileBytes:
    """The file's contents; a large file is mapped, not read: a copy of a gigabyte costs more than parsing it."""
    with path.open("rb") as handle:
        if path.stat().st_size < _MAP_FROM_BYTES:
            return handle.read()
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


@dataclass(frozen=True)
class _Bytes:
    """What one pass over a file's bytes found."""

    newlines: int
    carriage_returns: int
    is_ascii: bool
    has_nul: bool


def _scan(data: FileBytes, start: int) -> _Bytes:
    """Line ends, whether every byte is ASCII and whether any is NUL in `data[start:]`, in one pass.

    Slices small enough to stay in the CPU's cache, so each byte comes from memory once; ASCII text is
    valid UTF-8, so Arrow need not check it.
    """
    array = np.frombuffer(data, dtype=np.uint8)
    newlines, carriage_returns, highest, lowest = 0, 0, 0, 0xFF
    for offset in range(start, len(array), _COUNT_STEP):
        piece = array[offset : offset + _COUNT_STEP]
        newlines += int(np.count_nonzero(piece == 10))
        carriage_returns += int(np.count_nonzero(piece == 13))
        highest = max(highest, int(piece.max()))
        lowest = min(lowest, int(piece.min()))
    return _Bytes(newlines, carriage_returns, highest < 0x80, lowest == 0)


def read_table(directory: Path, spec: TableSpec, data: FileBytes | None = None) -> RawTable:
    """Read `spec.path` in `directory` (or parse its already-read `data`); file problems are returned, never raised."""
    path = directory / spec.path
    expected = ",".join(spec.field_names)
    try:
        data = file_bytes(path) if data is None else data
    except FileNotFoundError:
        message = Message(N_("file is missing; expected a CSV file with the header {header}"), header=expected)
        return empty_raw_table(spec, [Problem(spec.path, None, None, None, message)])
    except OSError as error:
        message = Message(N_("cannot be read ({error}); expected a CSV file"), error=error.strerror or error)
        return empty_raw_table(spec, [Problem(spec.path, None, None, None, message)])
    fast = _read_regular_utf8(data, spec)
    if fast is not None:
        return fast
    text, problems = decode_csv_bytes(spec.path, data if isinstance(data, bytes) else data[:])
    if text is None:
        return empty_raw_table(spec, problems)
    if not text.strip():
        message = Message(N_("file is empty; expected at least the header row {header}"), header=expected)
        return empty_raw_table(spec, [*problems, Problem(spec.path, 1, None, None, message)])
    delimiter = _detect_delimiter(text, spec)
    if delimiter != ",":
        problems.append(_delimiter_warning(spec, delimiter))
    frame, lines, parse_problems = _parse(text, delimiter, spec.path)
    problems.extend(parse_problems)
    if frame is None:
        return empty_raw_table(spec, problems)
    frame, missing, header_problems = _conform_columns(frame, spec)
    problems.extend(header_problems)
    return RawTable(spec, frame, lines, problems, missing)


def _delimiter_warning(spec: TableSpec, delimiter: str) -> Problem:
    return Problem(
        spec.path,
        1,
        None,
        None,
        Message(
            N_(
                "uses {delimiter} between columns (as some spreadsheet programs save CSV); it was read that way, but "
                "the dataset uses ','"
            ),
            delimiter=_DELIMITER_NAMES[delimiter],
        ),
        "warning",
    )


def _read_regular_utf8(data: FileBytes, spec: TableSpec) -> RawTable | None:
    """Fast path for the common file: UTF-8, one physical line per record; None sends it down the exact path."""
    # Offsets instead of slices: a copy of a large file costs as much as parsing it.
    start = 3 if data[:3] == b"\xef\xbb\xbf" else 0
    header_end = data.find(b"\n", start)
    if header_end <= start:
        return None
    scanned = _scan(data, start)
    # Lone carriage returns end lines for Arrow but not for editors; the careful reader numbers those lines.
    if scanned.has_nul or (scanned.carriage_returns and scanned.carriage_returns != _count_crlf(data, start)):
        return None
    try:
        first_line = data[start:header_end].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return None
    if not first_line.strip():
        return None
    delimiter = _detect_delimiter(first_line, spec)
    header = next(csv.reader([first_line], delimiter=delimiter), [])
    physical_lines = scanned.newlines + (0 if data[-1:] == b"\n" else 1)
    try:
        # Arrow checks UTF-8 (when a byte is not ASCII) and parses on every core; any irregularity falls back.
        table = pa_csv.read_csv(
            pa.py_buffer(data).slice(start),
            read_options=pa_csv.ReadOptions(block_size=_BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                # 32-bit offsets while parsing (half the memory for offsets, and far fewer fresh pages to zero);
                # each column is widened to the 64-bit offsets pandas keeps once its chunks are combined.
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=not scanned.is_ascii,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError):
        return None
    # One physical line per record means line numbers follow from row positions.
    if table.num_rows != physical_lines - 1 or table.num_columns != len(header):
        return None
    names, columns = table.column_names, list(table.columns)
    del table
    frame = _contiguous_frame(names, columns)
    problems = [] if delimiter == "," else [_delimiter_warning(spec, delimiter)]
    frame, missing, header_problems = _conform_columns(frame, spec)
    problems.extend(header_problems)
    return RawTable(spec, frame, np.arange(2, len(frame) + 2, dtype=np.int64), problems, missing)


def _contiguous_frame(names: list[str], columns: list[pa.ChunkedArray]) -> pd.DataFrame:
    """A frame of one contiguous array per column (replacing each entry of `columns` in turn).

    Picking filtered rows out of many chunks costs several times more, every rerun. Columns are combined one
    at a time and each one's chunks let go at once, so the memory they held is reused for the next column
    rather than fresh pages being zeroed for all of them (at a gigabyte of CSV that is seconds).
    """
    for position, column in enumerate(columns):
        try:
            columns[position] = column.combine_chunks().cast(pa.large_string())
        except (pa.ArrowInvalid, OverflowError):
            # More than 2 GiB of text in one column: widen the chunks first, then combine.
            columns[position] = column.cast(pa.large_string()).combine_chunks()
        del column
    return pa.table(columns, names=names).to_pandas()


def _count_crlf(data: FileBytes, start: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\r\n", start)
    array = np.frombuffer(data, dtype=np.uint8)[start:]
    return int(np.count_nonzero((array[:-1] == 13) & (array[1:] == 10)))


def decode_csv_bytes(file: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without a byte-order mark), falling back to Windows-1252 with a warning."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        message = Message(N_("contains a NUL byte; this is not a text CSV file (save it as 'CSV UTF-8')"))
        return None, [Problem(file, line, None, None, message)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad_byte = f"0x{data[error.start]:02x}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        message = Message(N_("is not UTF-8 text (byte {byte}); save it as 'CSV UTF-8'"), byte=bad_byte)
        return None, [Problem(file, line, None, None, message)]
    message = Message(
        N_(
            "is not UTF-8 (byte {byte}); it was read as Windows-1252, as Excel saves it. Check accented and Arabic "
            "names, and save it as 'CSV UTF-8'"
        ),
        byte=bad_byte,
    )
    return text, [Problem(file, line, None, None, message, "warning")]


def _detect_delimiter(text: str, spec: TableSpec) -> str:
    """The delimiter whose header split matches the most contract columns (',' on a tie)."""
    # A lone carriage return (old Mac line ending, or stray) ends the header line too.
    first_line = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", 1)[0]
    expected = set(spec.field_names)

    def matches(delimiter: str) -> int:
        try:
            header = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:
            return 0
        return len(expected.intersection(name.strip() for name in header))

    return max(_DELIMITERS, key=matches)


def _parse(text: str, delimiter: str, file: str) -> tuple[pd.DataFrame | None, np.ndarray, list[Problem]]:
    """Parse with pandas when the file is regular; otherwise walk it record by record for exact lines."""
    physical_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if "\r" not in text.replace("\r\n", ""):
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=True,
                engine="c",
            )
        except (pd.errors.ParserError, ValueError):
            frame = None
        # One physical line per record means line numbers follow from row positions.
        if frame is not None and len(frame) == physical_lines - 1:
            return frame, np.arange(2, len(frame) + 2, dtype=np.int64), []
    return _parse_record_by_record(text, delimiter, file)


def _parse_record_by_record(
    text: str, delimiter: str, file: str
) -> tuple[pd.DataFrame | None, np.ndarray, list[Problem]]:
    """Slow, exact parse: line numbers across quoted newlines, ragged rows and broken quotes reported."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        return (
            None,
            np.array([], dtype=np.int64),
            [Problem(file, 1, None, None, Message(N_("header cannot be read: {error}"), error=error))],
        )
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous_end = reader.line_num
    while True:
        start = previous_end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(
                Problem(file, start, None, None, Message(N_("record cannot be read: {error}"), error=error))
            )
            break
        previous_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            problems.append(
                Problem(
                    file,
                    start,
                    None,
                    None,
                    Message(
                        N_(
                            "has {count} fields but the header has {width}; check for a missing or extra "
                            "{delimiter} or an unclosed quote"
                        ),
                        count=len(row),
                        width=width,
                        delimiter=_DELIMITER_NAMES[delimiter],
                    ),
                )
            )
            row = (row + [""] * width)[:width]
        rows.append(row)
        lines.append(start)
    if text.count('"') % 2 == 1:
        unclosed = Message(N_('has an unclosed quote (") near the end of the file'))
        problems.append(Problem(file, previous_end, None, None, unclosed))
    frame = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(columns=header, dtype=str)
    return frame, np.array(lines, dtype=np.int64), problems


def _conform_columns(frame: pd.DataFrame, spec: TableSpec) -> tuple[pd.DataFrame, tuple[str, ...], list[Problem]]:
    """Check the header against the contract; add missing columns as empty text."""
    problems: list[Problem] = []
    names = [str(name).strip() for name in frame.columns]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            twice = Message(N_("appears twice in the header; each column once"))
            problems.append(Problem(spec.path, 1, name, None, twice))
        seen.add(name)
    # pandas renames duplicate headers ("x.1"); positions keep the original names.
    frame = frame.set_axis(names, axis=1).loc[:, ~pd.Index(names).duplicated()]
    allowed = ", ".join(spec.field_names)
    missing: list[str] = []
    for field in spec.fields:
        if field.name in frame.columns:
            continue
        missing.append(field.name)
        if field.required:
            message = Message(N_("required column is missing from the header (columns: {columns})"), columns=allowed)
            problems.append(Problem(spec.path, 1, field.name, None, message))
        else:
            message = Message(N_("optional column is missing from the header; treated as empty"))
            problems.append(Problem(spec.path, 1, field.name, None, message, "warning"))
        frame[field.name] = ""
    for name in frame.columns:
        if name not in spec.field_names:
            message = Message(
                N_("is not a column of {file} in the data contract; it is kept but not used"), file=spec.path
            )
            problems.append(Problem(spec.path, 1, name, None, message, "warning"))
    ordered = [*spec.field_names, *(name for name in frame.columns if name not in spec.field_names)]
    frame = frame[ordered]
    # Converting columns that already hold text would copy every string of a large table for nothing.
    text_columns = {name: str for name in ordered if frame[name].dtype != "str"}
    if text_columns:
        frame = frame.astype(text_columns)
    return frame.reset_index(drop=True), tuple(missing), problems
