"""Paths and helpers the tests share; imported by tests directly (pytest's conftest only declares fixtures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TESTS_DIR = Path(__file__).resolve().parent
REPOSITORY_ROOT = TESTS_DIR.parent
DATA_DIR = REPOSITORY_ROOT / "data"
VALID_DIR = TESTS_DIR / "data" / "valid"
CASES_DIR = TESTS_DIR / "data" / "cases"
EXPLORER_DIR = TESTS_DIR / "data" / "explorer"


def run_page(page: str, query: dict[str, list[str]] | None = None, timeout: float = 60) -> Any:
    """Run a page the way the app does: app.py is the main script, the page is switched to."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=timeout)
    for key, values in (query or {}).items():
        app.query_params[key] = values
    relative = str(Path(page).resolve().relative_to(REPOSITORY_ROOT))
    if relative != "app.py":
        app.switch_page(relative)
    return app.run()
