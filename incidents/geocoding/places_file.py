"""places.csv kept as raw records, so that rows the geocoder does not fill are written back byte for byte."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from incidents.contract.schema import CONTRACT, StudyRegion
from incidents.geocoding.atomic import write_text_atomic

DESCRIPTOR_FILE = "datapackage.json"
CONTRACT_REGION_FIELDS = ("min_latitude", "max_latitude", "min_longitude", "max_longitude")
REQUIRED_COLUMNS = ("place_id", "name", "latitude", "longitude", "coord_precision", "coord_source", "checked")


class InputError(Exception):
    """Input that stops the run; the message is one line naming the file, line and column."""


def read_study_region(data_dir: Path) -> StudyRegion:
    """The study region declared in the data directory's datapackage.json, or the project's when it is absent."""
    try:
        descriptor = json.loads((data_dir / DESCRIPTOR_FILE).read_text(encoding="utf-8"))
        box = descriptor["x-study-region"]
        return StudyRegion(**{name: float(box[name]) for name in CONTRACT_REGION_FIELDS})
    except (OSError, ValueError, KeyError, TypeError):
        # The validator reports a broken descriptor; geocoding only needs a sensible box.
        return CONTRACT.region


# ---------------------------------------------------------------------------------------------------------
# places.csv, kept as raw records so that rows that are not filled are written back byte for byte
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Record:
    """One CSV record: the line it starts on, its exact text (with line terminator) and its cells."""

    line: int
    raw: str
    cells: list[str]

    @property
    def terminator(self) -> str:
        """The record's own line ending ("" for a last line without one)."""
        for ending in ("\r\n", "\n", "\r"):
            if self.raw.endswith(ending):
                return ending
        return ""

    @property
    def is_blank(self) -> bool:
        """True for an empty line."""
        return self.cells == [""]


@dataclass
class PlacesFile:
    """places.csv as read: byte-order mark, header, records; `render` rewrites only changed rows."""

    path: Path
    byte_order_mark: str
    columns: list[str]
    records: list[Record]
    original: bytes = b""

    def row(self, record: Record) -> dict[str, str]:
        """The record's cells by column name."""
        return dict(zip(self.columns, record.cells, strict=True))

    def render(self, changes: dict[int, dict[str, str]]) -> str:
        """The file's text with the records at the given indexes rewritten with the new cell values."""
        parts = [self.byte_order_mark]
        for index, record in enumerate(self.records):
            update = changes.get(index)
            if update is None:
                parts.append(record.raw)
                continue
            values = self.row(record) | update
            parts.append(",".join(format_cell(values[column]) for column in self.columns) + record.terminator)
        return "".join(parts)


def format_cell(value: str) -> str:
    """A CSV cell, quoted only when it holds a comma, a quote or a line break."""
    if any(char in value for char in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def split_records(text: str, file: str) -> list[Record]:
    """Split CSV text into records, keeping each record's exact text; quoted line breaks stay inside."""
    records: list[Record] = []
    cells: list[str] = []
    cell: list[str] = []
    in_quotes = False
    at_field_start = True
    record_start = 0
    record_line = line = quote_line = 1
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if in_quotes:
            if char == '"':
                if text.startswith('"', index + 1):
                    cell.append('"')
                    index += 2
                    continue
                in_quotes = False
            else:
                if char == "\n" or (char == "\r" and not text.startswith("\n", index + 1)):
                    line += 1
                cell.append(char)
            index += 1
            continue
        if char == '"' and at_field_start:
            in_quotes, at_field_start, quote_line = True, False, line
        elif char == ",":
            cells.append("".join(cell))
            cell, at_field_start = [], True
        elif char in "\r\n":
            end = index + 2 if text.startswith("\r\n", index) else index + 1
            cells.append("".join(cell))
            records.append(Record(record_line, text[record_start:end], cells))
            cells, cell, at_field_start = [], [], True
            line += 1
            record_start, record_line, index = end, line, end
            continue
        else:
            cell.append(char)
            at_field_start = False
        index += 1
    if in_quotes:
        raise InputError(f"{file}:{quote_line}: a quoted cell opened here is never closed (unbalanced '\"')")
    if record_start < length:
        cells.append("".join(cell))
        records.append(Record(record_line, text[record_start:], cells))
    return records


def read_places(path: Path) -> PlacesFile:
    """Read places.csv; InputError (one line, naming file, line and column) when it cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file is missing; expected the places table (CSV)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as 'CSV UTF-8'"
        ) from None
    byte_order_mark = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(byte_order_mark) :]
    if not text.strip():
        raise InputError(f"{path}:1: file is empty; expected a header with {', '.join(REQUIRED_COLUMNS)}")
    records = split_records(text, str(path))
    header = records[0]
    columns = [name.strip() for name in header.cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        hint = " (the file seems to use ';' between columns; the dataset uses ',')" if ";" in header.raw else ""
        raise InputError(f"{path}:1: column(s) {', '.join(missing)} missing from the header{hint}")
    duplicated = sorted({name for name in columns if columns.count(name) > 1})
    if duplicated:
        raise InputError(f"{path}:1: column(s) {', '.join(duplicated)} appear more than once in the header")
    return PlacesFile(path, byte_order_mark, columns, records, data)


def write_places(places: PlacesFile, changes: dict[int, dict[str, str]]) -> None:
    """Replace the file with the changed rows, unless someone else changed it since it was read."""
    try:
        current = places.path.read_bytes()
    except OSError:
        current = b""
    if current != places.original:
        # A long online run must not overwrite edits made meanwhile (a hand-checked row among them).
        raise InputError(f"{places.path}: changed by someone else during the run; nothing written, run again")
    write_text_atomic(places.path, places.render(changes))
