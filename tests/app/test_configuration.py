"""Configuration that keeps the hosted app safe: XSRF on, no raw HTML from code, no uploads."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from tests.support import REPOSITORY_ROOT

CONFIG = tomllib.loads((REPOSITORY_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
SOURCES = sorted(
    [REPOSITORY_ROOT / "app.py", *(REPOSITORY_ROOT / folder).rglob("*.py")] for folder in ("pages", "ui", "incidents")
)
PYTHON_FILES = sorted({path for group in SOURCES for path in group})


def test_xsrf_protection_is_on() -> None:
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_no_usage_statistics_are_sent() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_errors_never_show_tracebacks_to_users() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_upload_limit_is_small() -> None:
    assert CONFIG["server"]["maxUploadSize"] <= 5


def _calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda path: str(path.relative_to(REPOSITORY_ROOT)))
def test_no_raw_html_or_uploads(path: Path) -> None:
    for call in _calls(path):
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        assert name not in {"html", "file_uploader", "components"}, f"{name} in {path.name}"
        for keyword in call.keywords:
            if keyword.arg == "unsafe_allow_html":
                assert isinstance(keyword.value, ast.Constant) and keyword.value.value is False
