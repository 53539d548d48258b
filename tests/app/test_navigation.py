"""Page titles come from file names; the explorer is the first page; links keep the view."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support import EXPLORER_DIR, REPOSITORY_ROOT
from ui.navigation import page_title, site_pages


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("2_Events.py", "Events"),
        ("3_Contested_figures.py", "Contested figures"),
        ("5_Method_and_data.py", "Method and data"),
    ],
)
def test_page_title(name: str, title: str) -> None:
    assert page_title(Path(name)) == title


def test_explorer_comes_first_and_every_page_is_listed() -> None:
    pages = site_pages()
    assert pages[0] == ("app.py", "Explorer")
    listed = {script for script, _ in pages[1:]}
    assert listed == {f"pages/{path.name}" for path in (REPOSITORY_ROOT / "pages").glob("*.py")}


def test_page_links_carry_the_view(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(EXPLORER_DIR))
    app = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=60)
    app.query_params["type"] = ["riot"]
    app.run()
    links = app.get("page_link")
    assert [link.proto.label for link in links][:2] == ["Explorer", "About"]
    assert all("type=riot" in link.proto.query_string for link in links)
