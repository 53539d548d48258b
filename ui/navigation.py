"""Links to the site's pages that carry the current view, titled from the page files' names."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from incidents.language import N_, Language
from incidents.view_state import ViewState, to_query

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
PAGES_DIR = REPOSITORY_ROOT / "pages"
EXPLORER_TITLE = N_("Explorer")


def page_title(path: Path) -> str:
    """'3_Contested_figures.py' -> 'Contested figures'."""
    words = path.stem.split("_", 1)[-1].replace("_", " ")
    return words[:1].upper() + words[1:]


def site_pages() -> list[tuple[str, str]]:
    """(script path relative to the app, title) for the explorer and every page in file order."""
    pages = [("app.py", EXPLORER_TITLE)]
    pages += [(f"pages/{path.name}", page_title(path)) for path in sorted(PAGES_DIR.glob("*.py"))]
    return pages


def show_links(view: ViewState, reader: Language) -> None:
    """One link per page, titled in the reader's language; each keeps the filters, brush, selection and language."""
    query = to_query(view)
    for script, title in site_pages():
        st.page_link(script, label=reader.gettext(title), query_params=query, width="stretch")
