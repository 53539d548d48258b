"""The explorer's offline-copy button in AppTest: its file, its name and type, and no cost on a rerun."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from incidents import load_dataset
from tests.support import EXPLORER_DIR, REPOSITORY_ROOT
from ui.components import snapshot_download
from ui.components.snapshot_download import LABEL


@dataclass(frozen=True)
class _Deferred:
    """What a download button left for the click: the file's maker, type and name."""

    make: Callable[[], Any]
    mimetype: str | None
    file_name: str | None


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> list[_Deferred]:
    """Every file a run registered to be made on a click, in order."""
    registered: list[_Deferred] = []
    original = MediaFileManager.add_deferred

    def record(
        self: MediaFileManager, data_callable: Any, mimetype: Any, coordinates: str, *args: Any, **kwargs: Any
    ) -> str:
        registered.append(_Deferred(data_callable, mimetype, kwargs.get("file_name", args[0] if args else None)))
        return original(self, data_callable, mimetype, coordinates, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(EXPLORER_DIR))
    return registered


def _run(query: dict[str, list[str]]) -> AppTest:
    app = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=60)
    for key, values in query.items():
        app.query_params[key] = values
    return app.run()


def _button(app: AppTest) -> Any:
    return next(button for button in app.get("download_button") if button.proto.label == LABEL)


def test_the_explorer_offers_the_view_as_one_html_file(deferred: list[_Deferred]) -> None:
    app = _run({"type": ["riot"]})
    assert not app.exception
    assert not _button(app).proto.disabled
    (snapshot,) = deferred
    version = load_dataset(EXPLORER_DIR).version.replace("+", "-")
    assert snapshot.file_name == f"detention-atlas-view-{version}.html"
    assert snapshot.mimetype == "text/html"
    page = snapshot.make().decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "2 of 8 events" in page and "Riot at Derik prison" in page and "Escape from Ain Issa camp" not in page


def test_a_rerun_does_not_write_the_file(deferred: list[_Deferred], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> bytes:
        raise AssertionError("the offline copy was written without a click")

    monkeypatch.setattr(snapshot_download, "snapshot_bytes", refuse)
    app = _run({"year": ["2019"]})
    assert not app.exception
    assert _button(app) is not None and len(deferred) == 1


def test_a_view_too_large_for_one_file_asks_to_narrow_it(
    deferred: list[_Deferred], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snapshot_download, "SNAPSHOT_EVENT_LIMIT", 5)
    app = _run({})
    assert _button(app).proto.disabled
    assert any("at most 5 events" in caption.value for caption in app.caption)
    assert not deferred


def test_the_readme_describes_the_offline_copy() -> None:
    readme = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"**{LABEL}**" in readme
