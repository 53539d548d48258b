"""Shared fixtures: the tiny valid dataset and a way to swap one of its tables for an edge case."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import CASES_DIR, EXPLORER_DIR, REPOSITORY_ROOT, VALID_DIR


@pytest.fixture
def valid_dataset(tmp_path: Path) -> Path:
    """A copy of the tiny valid dataset that a test may change."""
    target = tmp_path / "dataset"
    target.mkdir()
    for path in VALID_DIR.glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture
def dataset_with_case(valid_dataset: Path) -> Callable[[str], Path]:
    """The valid dataset with one table replaced by the named case file `<case>.<table>.csv`."""

    def replace(case_file: str) -> Path:
        table = case_file.split(".")[1]
        shutil.copy(CASES_DIR / case_file, valid_dataset / f"{table}.csv")
        return valid_dataset

    return replace


@pytest.fixture(scope="session")
def explorer_dataset():  # noqa: ANN201 - a Dataset; imported lazily to keep collection cheap
    """The eight-event dataset the filter, URL, map and timeline tests share."""
    from incidents import load_dataset

    return load_dataset(EXPLORER_DIR)


@pytest.fixture(scope="session")
def real_dataset():  # noqa: ANN201 - a Dataset; imported lazily to keep collection cheap
    """The project's own dataset, for tests of what readers of the published data see."""
    from incidents import load_dataset

    return load_dataset(REPOSITORY_ROOT / "data")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start servers and browsers run one after another on one worker; the rest spread over the others.

    A browser test times the page it drives: sharing a small machine with another browser test would make
    its waits, not the app, the thing measured.
    """
    for item in items:
        path = Path(str(item.fspath)).relative_to(REPOSITORY_ROOT).as_posix()
        if path.startswith(("tests/browser/", "tests/deploy/", "tests/benchmarks/test_run.py")):
            item.add_marker(pytest.mark.xdist_group("servers"))
