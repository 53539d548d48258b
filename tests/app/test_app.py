"""The explorer in Streamlit's AppTest: filters change the count, links restore the view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support import EXPLORER_DIR, REPOSITORY_ROOT, VALID_DIR, run_page

APP = str(REPOSITORY_ROOT / "app.py")
PAGES = [APP, *sorted(str(path) for path in (REPOSITORY_ROOT / "pages").glob("*.py"))]


@pytest.fixture(autouse=True)
def explorer_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(EXPLORER_DIR))


def _run(query: dict[str, list[str]] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, values in (query or {}).items():
        app.query_params[key] = values
    return app.run()


def _count(app: AppTest) -> str:
    return next(block.value for block in app.markdown if " events**" in block.value)


def _deck_ids(app: AppTest) -> list[str]:
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    layer = next(layer for layer in spec["layers"] if layer["id"] == "events")
    return [row["event_id"] for row in layer["data"]]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: Path(page).name)
@pytest.mark.parametrize("query", [{}, {"type": ["riot"], "year": ["2020"], "event": ["2020-03-29-ghwayran-riot"]}])
def test_every_page_renders(page: str, query: dict[str, list[str]]) -> None:
    app = run_page(page, query)
    assert not app.exception


def test_default_view_shows_everything() -> None:
    app = _run()
    assert _count(app) == "**8 of 8 events**"
    # Seven located rows, but the IS leader's call to free prisoners is a statement: context, not a map point.
    assert "2019-09-16-call-to-free-prisoners" not in _deck_ids(app)
    assert len(_deck_ids(app)) == 6


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("filter_years", [2020], "**1 of 8 events**"),
        ("filter_types", ["riot"], "**2 of 8 events**"),
        ("filter_actors", ["asayish"], "**2 of 8 events**"),
        ("filter_places", ["pl-ghwayran-prison"], "**2 of 8 events**"),
        ("filter_governorates", ["Diyala"], "**1 of 8 events**"),
    ],
)
def test_each_multiselect_filter_changes_the_count(key: str, value: list, expected: str) -> None:
    app = _run()
    app.multiselect(key=key).set_value(value).run()
    assert _count(app) == expected


def test_confidence_precision_and_text_filters() -> None:
    app = _run()
    app.selectbox(key="filter_confidence").set_value("high").run()
    assert _count(app) == "**4 of 8 events**"
    app.selectbox(key="filter_precision").set_value("site").run()
    assert _count(app) == "**2 of 8 events**"
    app.text_input(key="filter_text").set_value("Hasakeh").run()
    assert _count(app) == "**2 of 8 events**"


def test_filters_are_written_to_the_url() -> None:
    app = _run()
    app.multiselect(key="filter_types").set_value(["riot", "escape"]).run()
    assert app.query_params["type"] == ["escape", "riot"] or app.query_params["type"] == ["riot", "escape"]


def test_link_restores_filters_and_selected_event() -> None:
    app = _run({"type": ["riot"], "q": ["ghwayran"], "event": ["2020-03-29-ghwayran-riot"]})
    assert _count(app) == "**1 of 8 events**"
    assert app.multiselect(key="filter_types").value == ["riot"]
    assert app.text_input(key="filter_text").value == "ghwayran"
    assert any("Riot at Ghwayran prison" in block.value for block in app.markdown)


def test_brush_from_a_link_narrows_map_and_count() -> None:
    app = _run({"brush": ["2019-10-01..2019-12-31"]})
    # The count and the period read as one sentence: "2 of 8 events in the brushed period 1 Oct 2019 – …".
    assert _count(app).startswith("**2 of 8 events** in the brushed period 1 Oct 2019 – 31 Dec 2019")
    assert _deck_ids(app) == ["2019-10-01-al-hol-smuggling", "2019-10-13-ain-issa-camp-escape"]


def test_bad_parameters_give_a_notice_not_an_error() -> None:
    app = _run({"type": ["attack"], "event": ["no-such-event"], "from": ["2022-13-45"]})
    assert not app.exception
    notices = [block.value for block in app.info if block.value.startswith("Ignored")]
    assert len(notices) == 3
    assert _count(app) == "**8 of 8 events**"


def test_empty_result_says_so_and_offers_reset() -> None:
    app = _run({"type": ["escape"], "year": ["2021"]})
    assert _count(app) == "**0 of 8 events**"
    assert any("No events match" in block.value for block in app.warning)
    app.button(key="reset_empty").click().run()
    assert _count(app) == "**8 of 8 events**"


def test_invalid_data_show_problems_not_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for path in VALID_DIR.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    events = tmp_path / "events.csv"
    events.write_text(events.read_text().replace("2020-03-29,2020-03-30", "2020-03-29,2020-13-30"))
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert "has 1 problem(s)" in app.error[0].value
    table = app.dataframe[0].value
    assert table.iloc[0]["problem"] == '"2020-13-30" is not a date (YYYY-MM-DD)'


def test_a_dataset_with_no_events_renders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for path in VALID_DIR.glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text().splitlines()[0] + "\n")
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert _count(app) == "**0 of 0 events**"


def test_date_range_filter_changes_count_and_url() -> None:
    import datetime as dt

    app = _run()
    app.date_input(key="filter_dates").set_value((dt.date(2020, 1, 1), dt.date(2020, 12, 31))).run()
    assert _count(app) == "**1 of 8 events**"
    assert (app.query_params["from"], app.query_params["to"]) == ("2020-01-01", "2020-12-31")
    app.run()
    assert _count(app) == "**1 of 8 events**"


def test_the_count_says_how_many_rows_are_incidents() -> None:
    captions = [block.value.replace("\\", "") for block in _run().caption]
    assert "Of these: 7 incidents; 1 context row (totals, statements, background)." in captions


def test_the_explorer_sends_plain_vega_lite_with_the_brush_on_the_lanes() -> None:
    app = _run()
    charts = [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]
    assert len(charts) == 3
    lanes = next(spec for spec in charts if "params" in spec)
    assert {parameter["name"] for parameter in lanes["params"]} == {"brush", "pick"}
    assert all(parameter["views"] == ["lanes"] for parameter in lanes["params"])


def test_readers_of_one_link_share_a_view_and_a_new_filter_draws_a_new_one() -> None:
    link = {"type": ["riot", "escape"]}
    first, second = _run(link), _run(link)
    assert first.get("deck_gl_json_chart")[0].proto.json == second.get("deck_gl_json_chart")[0].proto.json
    assert first.get("vega_lite_chart")[1].proto.spec == second.get("vega_lite_chart")[1].proto.spec
    narrowed = second.multiselect(key="filter_types").set_value(["riot"]).run()
    assert len(_deck_ids(narrowed)) == 2 < len(_deck_ids(first))
    assert narrowed.get("vega_lite_chart")[1].proto.spec != first.get("vega_lite_chart")[1].proto.spec
