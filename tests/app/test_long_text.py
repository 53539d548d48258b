"""Over-long data text on the pages: bounded Markdown, bounded tooltips and cells, the whole text on request."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from incidents import load_dataset
from incidents.exports import events_csv
from incidents.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from incidents.views.timeline_spec import timeline_frame
from tests.support import REPOSITORY_ROOT, TESTS_DIR, run_page

HOSTILE_DIR = TESTS_DIR / "data" / "hostile"
LONG_SUMMARY_EVENT = "2019-04-05-derik-riot"
LONG_TITLE_EVENT = "2020-03-29-ghwayran-riot"
LONG_TITLE = "Ghwayran" * 6_000


def _explorer(data_dir: Path, monkeypatch: pytest.MonkeyPatch, event_id: str) -> AppTest:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(data_dir))
    app = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=60)
    app.query_params["event"] = [event_id]
    return app.run()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.fixture
def long_title_dir(tmp_path: Path) -> Path:
    """The hostile dataset with one title 48,000 characters long, as a runaway cell would make it."""
    shutil.copytree(HOSTILE_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "events.csv"
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        if row["event_id"] == LONG_TITLE_EVENT:
            row["title"] = LONG_TITLE
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return tmp_path


def test_a_100000_character_summary_shows_its_start_and_offers_the_rest_as_plain_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _explorer(HOSTILE_DIR, monkeypatch, LONG_SUMMARY_EVENT)
    assert not app.exception
    # Escaping may double a character, never more.
    assert max(len(block.value) for block in app.markdown) <= 2 * LONG_TEXT_LIMIT
    assert any(block.value.startswith("A" * 900) and block.value.endswith("…") for block in app.markdown)
    whole = next(item for item in app.expander if item.label == "Read the whole summary (100,000 characters)")
    # The whole text is sent only when the reader opens it.
    assert list(whole.code) == []
    app.session_state[f"whole_summary_{LONG_SUMMARY_EVENT}"] = True
    app.run()
    whole = next(item for item in app.expander if item.label == "Read the whole summary (100,000 characters)")
    assert [block.value for block in whole.code] == ["A" * 100_000]


def test_a_runaway_title_is_cut_in_the_heading_map_timeline_and_list(
    monkeypatch: pytest.MonkeyPatch, long_title_dir: Path
) -> None:
    app = _explorer(long_title_dir, monkeypatch, LONG_TITLE_EVENT)
    assert not app.exception
    heading = next(block.value for block in app.markdown if block.value.startswith("#### Ghwayran"))
    assert len(heading) <= len("#### ") + SHORT_TEXT_LIMIT
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    charts = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    assert charts
    longest = max(len(text) for spec in [deck, *charts] for text in _strings(spec))
    assert longest <= LONG_TEXT_LIMIT
    listed = app.dataframe[0].value
    assert listed["Title"].str.len().max() <= SHORT_TEXT_LIMIT
    # The timeline's rows travel beside its spec; their titles feed its tooltips.
    events = load_dataset(long_title_dir).events
    assert timeline_frame(events, None)["title"].str.len().max() <= SHORT_TEXT_LIMIT


def test_the_events_page_cuts_a_runaway_title_but_its_download_keeps_it(
    monkeypatch: pytest.MonkeyPatch, long_title_dir: Path
) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(long_title_dir))
    app = run_page(str(REPOSITORY_ROOT / "pages" / "2_Events.py"))
    assert not app.exception
    assert app.dataframe[0].value["Title"].str.len().max() <= SHORT_TEXT_LIMIT
    dataset = load_dataset(long_title_dir)
    assert LONG_TITLE in events_csv(dataset, dataset.events)
