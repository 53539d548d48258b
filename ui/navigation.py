"""The site's pages, found in pages/ and titled from their file names."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"
EXPLORER = "0_Explorer.py"


def page_title(path: Path) -> str:
    """'3_Contested_figures.py' -> 'Contested figures'."""
    words = path.stem.split("_", 1)[-1].replace("_", " ")
    return words[:1].upper() + words[1:]


def site_pages() -> list[st.Page]:
    """Explorer first (served at the root URL, so links stay short), then the other pages in file order."""
    paths = sorted(PAGES_DIR.glob("*.py"))
    return [st.Page(str(path), title=page_title(path), default=path.name == EXPLORER) for path in paths]
