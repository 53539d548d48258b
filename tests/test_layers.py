"""The layout as a rule: which package may import which, and where Streamlit, pandas and the tools may appear."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import REPOSITORY_ROOT

# Lower layers never import higher ones. Leaves are pure helpers any layer may use.
LEAVES = {"incidents.text", "incidents.names", "incidents.figures", "incidents.language"}
MAY_IMPORT: dict[str, set[str]] = {
    "leaf": {"leaf"},
    "contract": {"leaf", "contract"},
    "words": {"leaf", "contract"},
    "model": {"leaf", "contract", "words", "model"},
    "views": {"leaf", "contract", "words", "model", "views"},
    "package": {"leaf", "contract", "words", "model", "views", "geocoding", "package"},
    "geocoding": {"leaf", "contract", "geocoding"},
    "ui": {"leaf", "contract", "words", "model", "views", "package", "ui"},
    "ui components": {"leaf", "contract", "words", "model", "views", "package", "ui", "ui components"},
    "ui pages": {"leaf", "contract", "words", "model", "views", "package", "ui", "ui components", "ui pages"},
    "pages": {"leaf", "contract", "words", "model", "views", "package", "ui", "ui components", "ui pages"},
    "benchmarks": {"leaf", "contract", "words", "model", "views", "package", "benchmarks"},
    "scripts": {"leaf", "contract", "geocoding"},
}
# Third-party packages that only some layers may use.
RESTRICTED = {
    "streamlit": {"ui", "ui components", "ui pages", "pages", "benchmarks"},
    "altair": {"views", "benchmarks"},
    "geopy": {"geocoding"},
    "playwright": {"benchmarks"},
}
SOURCE_FILES = sorted(
    path
    for folder in ("incidents", "ui", "pages", "benchmarks", "scripts")
    for path in (REPOSITORY_ROOT / folder).rglob("*.py")
) + [REPOSITORY_ROOT / "app.py"]


def module_name(path: Path) -> str:
    """'incidents/contract/load.py' -> 'incidents.contract.load'."""
    parts = list(path.relative_to(REPOSITORY_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str | None:
    """The layer a project module belongs to, or None for a module outside the project."""
    if module in LEAVES:
        return "leaf"
    if module in ("incidents", "incidents.__main__"):
        return "package"
    if module == "incidents.words":
        return "words"
    for prefix, name in (
        ("incidents.contract", "contract"),
        ("incidents.views", "views"),
        ("incidents.geocoding", "geocoding"),
        ("ui.components", "ui components"),
        ("ui.pages", "ui pages"),
        ("ui", "ui"),
        ("pages", "pages"),
        ("benchmarks", "benchmarks"),
        ("scripts", "scripts"),
    ):
        if module == prefix or module.startswith(prefix + "."):
            return name
    if module == "app":
        return "pages"
    if module.startswith("incidents."):
        return "model"
    return None


def imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function, as written."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from incidents import words` names a module, not only an attribute.
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def project_imports(path: Path) -> set[str]:
    """The project modules `path` imports (the longest name that is a module of ours)."""
    known = {module_name(source) for source in SOURCE_FILES}
    return {name for name in imports(path) if name in known}


@pytest.mark.parametrize("path", SOURCE_FILES, ids=module_name)
def test_every_import_goes_down_the_layers(path: Path) -> None:
    own = layer(module_name(path))
    assert own is not None, f"{module_name(path)} sits in no layer: place it in the layout"
    for imported in project_imports(path):
        assert layer(imported) in MAY_IMPORT[own], f"{module_name(path)} ({own}) imports {imported} ({layer(imported)})"


@pytest.mark.parametrize("path", SOURCE_FILES, ids=module_name)
def test_restricted_packages_stay_in_their_layers(path: Path) -> None:
    own = layer(module_name(path))
    for name in imports(path):
        top = name.split(".")[0]
        if top in RESTRICTED:
            assert own in RESTRICTED[top], f"{module_name(path)} ({own}) imports {top}"


@pytest.mark.parametrize(
    "path", [path for path in SOURCE_FILES if layer(module_name(path)) == "ui pages"], ids=module_name
)
def test_a_page_body_never_imports_another_page(path: Path) -> None:
    own = module_name(path)
    others = {name for name in project_imports(path) if layer(name) == "ui pages" and name not in (own, "ui.pages")}
    # What two pages share is a component (ui/components/), not one page reaching into the other.
    assert not others, f"{own} imports {sorted(others)}"


def test_pages_hold_no_data_logic() -> None:
    for path in SOURCE_FILES:
        if layer(module_name(path)) == "pages":
            assert "pandas" not in {name.split(".")[0] for name in imports(path)}, f"{path.name} should call incidents"


def test_the_geocoder_is_reached_only_through_the_command_line() -> None:
    importers = {
        module_name(path)
        for path in SOURCE_FILES
        if layer(module_name(path)) not in ("geocoding", "scripts")
        and any(layer(name) == "geocoding" for name in project_imports(path))
    }
    assert importers == {"incidents.__main__"}


def test_the_shipped_image_leaves_the_tools_out() -> None:
    copied = {
        line.split()[1]
        for line in (REPOSITORY_ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.startswith("COPY ")
    }
    assert "benchmarks" not in copied and "scripts" not in copied and "tests" not in copied
    assert {"incidents", "ui", "pages", "app.py"} <= copied
