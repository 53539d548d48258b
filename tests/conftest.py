"""Shared fixtures: the tiny valid dataset and a way to swap one of its tables for an edge case."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPOSITORY_ROOT = TESTS_DIR.parent
VALID_DIR = TESTS_DIR / "data" / "valid"
CASES_DIR = TESTS_DIR / "data" / "cases"
DATA_DIR = REPOSITORY_ROOT / "data"


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


EXPLORER_DIR = TESTS_DIR / "data" / "explorer"


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


def run_page(page: str, query: dict[str, list[str]] | None = None, timeout: float = 60):  # noqa: ANN201
    """Run a page the way the app does: app.py is the main script, the page is switched to."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=timeout)
    for key, values in (query or {}).items():
        app.query_params[key] = values
    relative = str(Path(page).resolve().relative_to(REPOSITORY_ROOT))
    if relative != "app.py":
        app.switch_page(relative)
    return app.run()
