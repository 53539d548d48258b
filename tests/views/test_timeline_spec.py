"""The timeline spec: spans for imprecise dates, lanes per type, brush and pick parameters."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from incidents.language import language
from incidents.views.style import hex_colour
from incidents.views.timeline_spec import (
    brushed_range,
    build_month_strip,
    build_timeline,
    legend_spec,
    monthly_counts,
    picked_event,
    timeline_frame,
)
from incidents.words import EVENT_TYPE_LABELS


def test_imprecise_events_span_their_whole_period(explorer_dataset) -> None:
    frame = timeline_frame(explorer_dataset.events, None).set_index("event_id")
    series = frame.loc["2021-01-01-al-hol-killings"]
    assert series["imprecise"]
    assert (series["start"], series["end"]) == (pd.Timestamp("2021-01-01"), pd.Timestamp("2022-01-01"))
    assert series["when"] == "2021, month unknown"
    smuggling = frame.loc["2019-10-01-al-hol-smuggling"]
    assert smuggling["imprecise"] and smuggling["when"] == "Oct–Dec 2019, days unknown"


def test_multi_day_events_are_bars_and_single_days_stay_visible(explorer_dataset) -> None:
    frame = timeline_frame(explorer_dataset.events, None).set_index("event_id")
    attack = frame.loc["2022-01-20-ghwayran-attack"]
    assert (attack["end"] - attack["start"]).days == 11
    assert not attack["imprecise"]
    derik = frame.loc["2019-04-05-derik-riot"]
    assert (derik["end"] - derik["start"]).days >= 1


def test_spec_has_brush_and_pick_and_highlights_selection(explorer_dataset) -> None:
    spec = build_timeline(explorer_dataset.events, selected_id="2019-04-05-derik-riot")
    names = {parameter["name"] for parameter in spec["params"]}
    assert names == {"brush", "pick"}
    marks = spec["layer"][0]
    assert marks["mark"]["type"] == "bar"
    assert marks["encoding"]["x2"]["field"] == "end"


def test_brush_from_a_link_is_drawn(explorer_dataset) -> None:
    spec = build_timeline(explorer_dataset.events, brush=(dt.date(2020, 1, 1), dt.date(2020, 6, 30)))
    brush = next(parameter for parameter in spec["params"] if parameter["name"] == "brush")
    assert brush["value"]["x"][0] == {"year": 2020, "month": 1, "date": 1}


def test_monthly_counts_keep_empty_months(explorer_dataset) -> None:
    counts = monthly_counts(explorer_dataset.events)
    # Incidents only: the IS leader's call to free prisoners is a statement, shown as context, not counted.
    assert counts["events"].sum() == 7
    assert counts.iloc[0]["month"] == "2019-04-01"
    assert len(counts) == (2022 - 2019) * 12 + 1 - 3  # Apr 2019 .. Jan 2022


def test_selection_state_is_read_defensively() -> None:
    assert brushed_range({}) is None
    assert brushed_range({"brush": {"start": [1577836800000, 1593475200000]}}) == (
        dt.date(2020, 1, 1),
        dt.date(2020, 6, 30),
    )
    assert brushed_range({"brush": {"start": ["not", "dates"]}}) is None
    assert picked_event({"pick": [{"event_id": "x"}]}) == "x"
    assert picked_event({"pick": {}}) is None


def test_context_moments_are_rules_without_printed_labels(explorer_dataset) -> None:
    spec = build_timeline(explorer_dataset.events)
    # Labels beside the rules ran into each other and into the lanes; the tooltip names each moment.
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "rule"]
    frame = next(iter(spec["datasets"].values()))
    assert frame["moment"].sum() >= 1
    assert spec["layer"][1]["transform"] == [{"filter": "datum.moment"}]


def test_the_spec_is_plain_json_apart_from_its_data(explorer_dataset) -> None:
    spec = build_timeline(explorer_dataset.events, selected_id="2019-04-05-derik-riot")
    assert json.loads(json.dumps({**spec, "datasets": {}}))["layer"][0]["name"] == "lanes"
    (name,) = spec["datasets"]
    assert spec["data"] == {"name": name}
    # New rows get a new name, so the browser never keeps drawing the previous view's rows.
    assert next(iter(build_timeline(explorer_dataset.events.iloc[:3])["datasets"])) != name


def test_the_legend_is_a_grid_of_three_columns_that_fits_a_phone() -> None:
    spec = legend_spec()
    frame = spec["datasets"]["legend"]
    assert list(frame["label"]) == list(EVENT_TYPE_LABELS.values())
    assert set(zip(frame["column"], frame["row"], strict=True)) == {
        (column, row) for column in range(3) for row in range(2)
    }
    dots, names = spec["layer"]
    assert dots["encoding"]["x"]["field"] == "column" and dots["encoding"]["y"]["field"] == "row"
    assert dots["encoding"]["color"]["scale"]["range"] == [hex_colour(key) for key in EVENT_TYPE_LABELS]
    assert names["mark"]["type"] == "text" and names["encoding"]["text"]["field"] == "label"


def test_a_timeline_of_a_few_weeks_is_labelled_by_day(explorer_dataset) -> None:
    def label_format(domain: tuple[dt.date, dt.date] | None) -> tuple[str, str | None]:
        axis = build_timeline(explorer_dataset.events, domain=domain)["layer"][0]["encoding"]["x"]["axis"]
        return str(axis["format"]), axis.get("tickCount")

    # By month, every tick of January 2022 would read "Jan 2022".
    assert label_format((dt.date(2022, 1, 1), dt.date(2022, 1, 31))) == ("%-d %b %Y", None)
    # Seven months get one tick a month, not weekly ticks that repeat the month.
    assert label_format((dt.date(2020, 10, 1), dt.date(2021, 4, 30))) == ("%b %Y", "month")
    assert label_format((dt.date(2019, 1, 1), dt.date(2022, 12, 31))) == ("%b %Y", None)
    assert label_format(None) == ("%b %Y", None)


def test_dutch_timeline_names_lanes_and_formats_in_dutch(explorer_dataset) -> None:
    spec = build_timeline(explorer_dataset.events, language=language("nl"))
    locale = spec["config"]["locale"]
    assert locale["number"]["thousands"] == "." and locale["number"]["decimal"] == ","
    assert locale["time"]["shortMonths"][2] == "mrt"
    frame = spec["datasets"][spec["data"]["name"]]
    assert "Opstand" in set(frame["lane"]) and "Riot" not in set(frame["lane"])
    tooltip_titles = {item.get("title") for item in spec["layer"][0]["encoding"]["tooltip"]}
    assert {"Gebeurtenis", "Wanneer", "Soort"} <= tooltip_titles
    english = build_timeline(explorer_dataset.events)
    assert english["config"]["locale"]["number"]["thousands"] == ","


def test_dutch_legend_and_month_strip(explorer_dataset) -> None:
    assert "Ontsnapping" in list(legend_spec(language("nl"))["datasets"]["legend"]["label"])
    strip = build_month_strip(explorer_dataset.events, language=language("nl"))
    assert strip["encoding"]["y"]["title"] == "per maand"
    assert strip["config"]["locale"]["time"]["months"][0] == "januari"
