"""The docs stay true: referenced tests exist, link parameters and quick start match the code."""

from __future__ import annotations

import re

import pytest

from incidents.view_state import PARAMETERS
from incidents.views.stories import STORY_PARAMETERS
from tests.support import REPOSITORY_ROOT

README = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
SECURITY = (REPOSITORY_ROOT / "docs" / "security.md").read_text(encoding="utf-8")


def _test_references(text: str) -> list[tuple[str, str | None]]:
    """(file, test name or None) for every `tests/x.py`, `tests/x.py::name` and following `::name`."""
    references: list[tuple[str, str | None]] = []
    pattern = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`|`::(\w+)`")
    for line in text.splitlines():
        current: str | None = None
        for match in pattern.finditer(line):
            if match.group(1):
                current = match.group(1)
                references.append((current, match.group(2)))
            elif current:
                references.append((current, match.group(3)))
    return references


@pytest.mark.parametrize(("file", "name"), sorted(set(_test_references(SECURITY)), key=str))
def test_security_doc_names_real_tests(file: str, name: str | None) -> None:
    path = REPOSITORY_ROOT / file
    assert path.is_file(), f"{file} is named in docs/security.md but does not exist"
    if name:
        assert re.search(rf"^def {name}\(", path.read_text(encoding="utf-8"), re.MULTILINE), f"{file}::{name}"


def test_readme_lists_every_link_parameter() -> None:
    table = re.search(r"### Link parameters(.*?)\n## ", README, re.DOTALL)
    assert table is not None
    documented = set(
        re.findall(
            r"`(\w+)`", " ".join(line.split("|")[1] for line in table.group(1).splitlines() if line.startswith("| `"))
        )
    )
    assert documented == set(PARAMETERS) | set(STORY_PARAMETERS)


def test_quick_start_is_exactly_two_commands() -> None:
    quick_start = re.search(r"## Quick start\n(.*?)\n## ", README, re.DOTALL)
    assert quick_start is not None
    block = re.search(r"```sh\n(.*?)```", quick_start.group(1), re.DOTALL)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (REPOSITORY_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_names_the_settings_and_keys_the_app_uses() -> None:
    from ui.components.explorer import LIST_HINT
    from ui.data import DATA_DIR_VARIABLE, PUBLIC_URL_VARIABLE

    assert DATA_DIR_VARIABLE in README
    assert PUBLIC_URL_VARIABLE in README
    assert "Shift+Space" in LIST_HINT and "Shift+Space" in README


def test_data_changes_describe_the_current_data_version() -> None:
    from incidents.contract.schema import CONTRACT

    changes = (REPOSITORY_ROOT / "data" / "CHANGES.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(CONTRACT.version)} ", changes, re.MULTILINE), "CHANGES.md lacks this version"


def test_data_readme_counts_match_the_files() -> None:
    import pandas as pd

    text = (REPOSITORY_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Counts in this version"))
    counts = {
        name: len(pd.read_csv(REPOSITORY_ROOT / "data" / f"{name}.csv", dtype=str))
        for name in ("events", "places", "sources", "claims", "actors", "translations")
    }
    kinds = pd.read_csv(REPOSITORY_ROOT / "data" / "events.csv", dtype=str)["record_kind"].value_counts()
    assert f"{counts['events']} rows in `events.csv`" in line
    assert f"{kinds['incident']} incidents" in line
    for name in ("places", "sources", "claims", "actors", "translations"):
        assert f"{counts[name]} {name}" in line, name
