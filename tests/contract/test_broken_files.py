"""Mutated CSV files: the only outcomes are a clean load or a list of problems, never an exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents import InvalidDatasetError, Problem, check_dataset, load_dataset
from tests.support import VALID_DIR

TABLES = sorted(path.name for path in VALID_DIR.glob("*.csv"))


def _truncate(data: bytes, position: int, _: bytes) -> bytes:
    return data[: position % (len(data) + 1)]


def _insert(data: bytes, position: int, noise: bytes) -> bytes:
    cut = position % (len(data) + 1)
    return data[:cut] + noise + data[cut:]


def _overwrite(data: bytes, position: int, noise: bytes) -> bytes:
    cut = position % (len(data) + 1)
    return data[:cut] + noise + data[cut + len(noise) :]


def _swap_delimiter(data: bytes, _: int, noise: bytes) -> bytes:
    return data.replace(b",", noise[:1] or b"\t")


def _swap_columns(data: bytes, position: int, _: bytes) -> bytes:
    lines = data.split(b"\n")
    parts = [line.split(b",") for line in lines]
    index = position % max(len(parts[0]) - 1, 1)
    for cells in parts:
        if len(cells) > index + 1:
            cells[index], cells[index + 1] = cells[index + 1], cells[index]
    return b"\n".join(b",".join(cells) for cells in parts)


def _huge_numbers(data: bytes, _: int, noise: bytes) -> bytes:
    return data.replace(b"36.", b"9" * 400 + b".").replace(b",0,0,", b",1e309,-1e309,")


def _re_encode(data: bytes, position: int, _: bytes) -> bytes:
    codec = ["utf-16", "latin-1", "cp1252", "utf-8-sig"][position % 4]
    return data.decode("utf-8").encode(codec, errors="replace")


MUTATIONS = [_truncate, _insert, _overwrite, _swap_delimiter, _swap_columns, _huge_numbers, _re_encode]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.sampled_from(TABLES),
    mutation=st.sampled_from(MUTATIONS),
    position=st.integers(min_value=0, max_value=5000),
    noise=st.binary(min_size=0, max_size=40) | st.sampled_from([b'"', b"\r", b"\x00", b";", b"\xff\xfe", b'",,"\n']),
)
def test_mutated_file_loads_or_reports_problems(table: str, mutation, position: int, noise: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for name in TABLES:
            shutil.copy(VALID_DIR / name, folder / name)
        target = folder / table
        target.write_bytes(mutation(target.read_bytes(), position, noise))
        problems = check_dataset(folder)
        assert all(isinstance(problem, Problem) and str(problem) for problem in problems)
        try:
            dataset = load_dataset(folder)
        except InvalidDatasetError as error:
            assert error.problems
        else:
            assert dataset.event_count >= 0
