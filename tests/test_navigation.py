"""Page titles come from file names; the explorer is the default page."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.navigation import EXPLORER, PAGES_DIR, page_title


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("0_Explorer.py", "Explorer"),
        ("3_Contested_figures.py", "Contested figures"),
        ("5_Method_and_data.py", "Method and data"),
    ],
)
def test_page_title(name: str, title: str) -> None:
    assert page_title(Path(name)) == title


def test_explorer_page_exists() -> None:
    assert (PAGES_DIR / EXPLORER).is_file()
