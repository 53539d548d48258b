"""Tests mirror the modules: every module of incidents/ has its own test file, and that file uses the module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import REPOSITORY_ROOT, TESTS_DIR

PACKAGE_DIR = REPOSITORY_ROOT / "incidents"
MODULES = sorted(
    path.relative_to(PACKAGE_DIR)
    for path in PACKAGE_DIR.rglob("*.py")
    if path.name not in ("__init__.py", "__main__.py")
)


def mirrored_test_file(module: Path) -> Path:
    """incidents/X.py is tested in tests/test_X.py; incidents/P/X.py in tests/P/test_X.py."""
    return TESTS_DIR / module.parent / f"test_{module.name}"


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a test, with `from package import module` counted."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
            imported.update(f"{node.module}.{alias.name}" for alias in node.names)
    return imported


def test_the_package_has_modules_to_mirror() -> None:
    assert len(MODULES) > 30
    assert Path("contract/read.py") in MODULES and Path("options.py") in MODULES


@pytest.mark.parametrize("module", MODULES, ids=[module.as_posix() for module in MODULES])
def test_every_module_has_its_mirrored_test_file(module: Path) -> None:
    test_file = mirrored_test_file(module)
    assert test_file.is_file(), f"incidents/{module.as_posix()} has no {test_file.relative_to(REPOSITORY_ROOT)}"
    dotted = ".".join(("incidents", *module.with_suffix("").parts))
    assert dotted in imported_modules(test_file), f"{test_file.relative_to(REPOSITORY_ROOT)} never imports {dotted}"
