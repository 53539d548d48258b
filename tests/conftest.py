"""Shared fixtures: the tiny valid dataset and a way to swap one of its tables for an edge case."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import CASES_DIR, EXPLORER_DIR, REPOSITORY_ROOT, VALID_DIR

# Claims of how many people al-Hol held, added to the explorer dataset's claims.
POPULATION_CLAIMS = (
    "p1,2021-01-01-al-hol-killings,detainees_held,62000,62000,aanes,2021-03,src-b,residents,stated,,whole\n"
    "p2,2021-01-01-al-hol-killings,detainees_held,56000,60000,sohr,2021-11-02,src-c,,stated,,whole\n"
    "p3,2019-10-01-al-hol-smuggling,detainees_held,68000,,sdf,2019-10-05,src-a,more than 68000,stated,,whole\n"
    "p4,2019-10-01-al-hol-smuggling,detainees_held,70000,70000,sdf,,src-b,undated,stated,,whole\n"
)


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


@pytest.fixture
def population_dataset(tmp_path: Path):  # noqa: ANN201 - a Dataset; imported lazily to keep collection cheap
    """The explorer dataset with claims of how many people al-Hol held (for site dossiers and their chart)."""
    from incidents import load_dataset

    for path in EXPLORER_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    with (tmp_path / "claims.csv").open("a", encoding="utf-8") as claims:
        claims.write(POPULATION_CLAIMS)
    return load_dataset(tmp_path)


# Tests that start servers and browsers, in two groups by the app they start: each group runs on one worker, so
# a worker starts each app once and two browsers at most share the machine; the other tests spread over all workers.
SERVER_GROUPS = {
    "servers-fixtures": (
        "tests/browser/test_explorer_browser.py",
        "tests/browser/test_hostile_browser.py",
        "tests/browser/test_language_browser.py",
        "tests/browser/test_snapshot_browser.py",
    ),
    "servers-bundled": (
        "tests/browser/test_map_touch_browser.py",
        "tests/browser/test_reader_browser.py",
        "tests/browser/test_stories_browser.py",
        "tests/deploy/",
        "tests/benchmarks/test_run.py",
    ),
}


def server_group(path: str) -> str | None:
    """The group of the test file at `path` (relative to the repository), if it starts servers."""
    return next((name for name, paths in SERVER_GROUPS.items() if path.startswith(paths)), None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a browser test file that belongs to no group: it would start its own servers on every worker."""
    for item in items:
        path = Path(str(item.fspath)).relative_to(REPOSITORY_ROOT).as_posix()
        if path.startswith("tests/browser/test_") and server_group(path) is None:
            raise pytest.UsageError(f"{path} starts a browser: add it to a group in SERVER_GROUPS (tests/conftest.py)")


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """Under `--dist loadgroup`, schedule each server group as one unit and every other test on its own.

    The groups are named here by file rather than by `xdist_group` marks: xdist renames a marked test's id to
    carry its group, which pytest 9 no longer lets it do, so marks alone would leave the groups split.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ServerGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return server_group(nodeid.split("::", 1)[0]) or nodeid

    return ServerGroupScheduling(config, log)
