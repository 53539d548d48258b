"""The Events, Contested figures, Sites and Method pages in AppTest: shared filters, links and content."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from incidents.contract.schema import DESCRIPTOR_PATH
from tests.support import EXPLORER_DIR, REPOSITORY_ROOT, run_page

EVENTS = str(REPOSITORY_ROOT / "pages" / "2_Events.py")
CONTESTED = str(REPOSITORY_ROOT / "pages" / "3_Contested_figures.py")
SITES = str(REPOSITORY_ROOT / "pages" / "4_Sites.py")
METHOD = str(REPOSITORY_ROOT / "pages" / "5_Method_and_data.py")


@pytest.fixture(autouse=True)
def explorer_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(EXPLORER_DIR))


def _run(page: str, query: dict[str, list[str]] | None = None) -> AppTest:
    app = run_page(page, query)
    assert not app.exception
    return app


def _param(app: AppTest, key: str) -> list[str]:
    value = app.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def _markdown(app: AppTest) -> list[str]:
    return [block.value for block in app.markdown]


def test_events_page_shows_the_filtered_rows_and_three_downloads() -> None:
    app = _run(EVENTS, {"type": ["riot"]})
    table = app.dataframe[0].value
    assert list(table["Title"]) == ["Riot at Derik prison", "Riot at Ghwayran prison"]
    assert list(table["Link"]) == [
        "/?type=riot&event=2019-04-05-derik-riot&lang=en",
        "/?type=riot&event=2020-03-29-ghwayran-riot&lang=en",
    ]
    buttons = app.get("download_button")
    assert len(buttons) == 3
    assert [button.proto.label for button in buttons] == ["CSV (our schema)", "CSV (ACLED columns)", "GeoJSON"]
    assert "**2 of 8 events** match the filters in the sidebar." in _markdown(app)
    assert any("CC\\-BY\\-4\\.0" in caption.value for caption in app.caption)


def test_events_page_follows_the_sidebar_and_writes_the_url() -> None:
    app = _run(EVENTS)
    assert len(app.dataframe[0].value) == 8
    app.multiselect(key="filter_governorates").set_value(["Diyala"]).run()
    assert list(app.dataframe[0].value["Site"]) == ["al-Azim"]
    assert _param(app, "governorate") == ["Diyala"]


def test_events_page_applies_a_brushed_period_and_can_drop_it() -> None:
    app = _run(EVENTS, {"brush": ["2019-10-01..2019-12-31"]})
    assert len(app.dataframe[0].value) == 2
    assert any("brushed" in caption.value for caption in app.caption)
    app.button(key="clear_brush").click().run()
    assert len(app.dataframe[0].value) == 8
    assert "brush" not in app.query_params


def test_contested_page_ranks_disagreements_and_picks_the_largest() -> None:
    app = _run(CONTESTED)
    assert app.selectbox(key="contested_event").value == "2019-10-13-ain-issa-camp-escape"
    assert app.selectbox(key="contested_metric").value == "escaped"
    claims, ranking = (frame.value for frame in app.dataframe)
    assert list(claims["Figure"]) == ["785", "100"]
    assert list(ranking["Event"]) == ["Escape from Ain Issa camp", "IS attack on Ghwayran prison"]
    assert ranking.iloc[0]["Ratio"] == pytest.approx(7.78)
    assert "Largest disagreements" in [header.value for header in app.subheader]
    assert len(app.get("vega_lite_chart")) == 1


def test_contested_page_opens_on_the_selected_event_and_shares_the_choice() -> None:
    app = _run(CONTESTED, {"event": ["2022-01-20-ghwayran-attack"]})
    assert app.selectbox(key="contested_event").value == "2022-01-20-ghwayran-attack"
    assert app.selectbox(key="contested_metric").value == "killed_total"
    assert list(app.dataframe[0].value["Status"]) == ["superseded", "current", "current"]
    app.selectbox(key="contested_event").set_value("2019-10-13-ain-issa-camp-escape").run()
    assert _param(app, "event") == ["2019-10-13-ain-issa-camp-escape"]
    app.selectbox(key="contested_metric").set_value("escaped").run()
    assert not app.exception


def test_contested_page_keeps_the_figure_the_reader_chose() -> None:
    app = _run(CONTESTED, {"event": ["2022-01-20-ghwayran-attack"]})
    assert app.selectbox(key="contested_metric").value == "killed_total"
    app.selectbox(key="contested_metric").set_value("escaped").run()
    app.run()
    assert app.selectbox(key="contested_metric").value == "escaped"
    assert list(app.dataframe[0].value["Figure"]) == ["800+"]
    app.selectbox(key="contested_metric").set_value("recaptured").run()
    assert list(app.dataframe[0].value["Figure"]) == ["89"]
    # Another event opens on its own most contested figure.
    app.selectbox(key="contested_event").set_value("2019-10-13-ain-issa-camp-escape").run()
    assert app.selectbox(key="contested_metric").value == "escaped"


def test_bundled_data_open_on_the_most_contested_figure_and_the_busiest_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(REPOSITORY_ROOT / "data"))
    app = _run(CONTESTED)
    # 800+ (Islamic State) against 24 (local sources): the claims furthest apart that cannot all be true.
    assert app.selectbox(key="contested_event").value == "2022-01-20-ghwayran-prison-attack"
    assert app.selectbox(key="contested_metric").value == "escaped"
    assert len(app.get("vega_lite_chart")) == 1
    app = _run(SITES)
    assert app.selectbox(key="site_choice").value == "pl-al-hol-camp"
    assert len(app.get("deck_gl_json_chart")) == 1


def test_contested_page_without_contested_events_says_so() -> None:
    app = _run(CONTESTED, {"type": ["riot"]})
    assert [block.value for block in app.info] == [
        "None of the events shown has two or more claims for the same figure.",
        "No figure among the events shown has two or more claimants.",
    ]


def test_sites_page_shows_the_dossier_of_the_place_in_the_link() -> None:
    app = _run(SITES, {"place": ["pl-ghwayran-prison"]})
    assert app.selectbox(key="site_choice").value == "pl-ghwayran-prison"
    assert [header.value for header in app.header][0] == "Ghwayran prison"
    text = "\n".join(_markdown(app))
    assert "al\\-Sina\\'a, Ghweran, Hasakeh prison" in text
    assert "checked by hand against a second source" in text
    assert "**2 of 2 events** at this site match the other filters in the sidebar." in _markdown(app)
    assert len(app.get("deck_gl_json_chart")) == 1
    assert len(app.get("vega_lite_chart")) == 1


def test_sites_page_without_a_site_opens_on_the_busiest_and_choosing_sets_the_filter() -> None:
    app = _run(SITES)
    # al-Hol camp and Ghwayran prison have two events each: the tie goes by name.
    assert app.selectbox(key="site_choice").value == "pl-al-hol-camp"
    assert [header.value for header in app.header][0] == "al\\-Hol camp"
    assert "place" not in app.query_params
    assert len(app.dataframe[-1].value) == 6
    app.selectbox(key="site_choice").set_value("pl-ghwayran-prison").run()
    assert _param(app, "place") == ["pl-ghwayran-prison"]
    assert app.multiselect(key="filter_places").value == ["pl-ghwayran-prison"]
    assert [header.value for header in app.header][0] == "Ghwayran prison"


def test_sites_page_follows_the_other_filters() -> None:
    app = _run(SITES, {"type": ["riot"]})
    # Derik and Ghwayran have one riot each; the region of a context event never wins over a site.
    assert app.selectbox(key="site_choice").value == "pl-derik-prison"
    app = _run(SITES, {"type": ["context"]})
    assert app.selectbox(key="site_choice").value == "pl-northeast-syria"


def test_sites_page_for_a_place_without_coordinates() -> None:
    app = _run(SITES, {"place": ["pl-al-azim"]})
    assert not app.get("deck_gl_json_chart")
    assert any("no coordinates yet" in block.value for block in app.info)


def test_method_page_lists_every_descriptor_field() -> None:
    app = _run(METHOD)
    shown: set[tuple[str, str]] = set()
    tables = iter(resource["name"] for resource in json.loads(DESCRIPTOR_PATH.read_text())["resources"])
    for frame in (element.value for element in app.dataframe):
        if list(frame.columns[:2]) == ["field", "type"]:
            table = next(tables)
            shown.update((table, field) for field in frame["field"])
    descriptor = json.loads(DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    expected = {
        (resource["name"], field["name"])
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
    }
    assert shown == expected
    # The codebook's introduction counts the tables the descriptor declares, not a number written by hand.
    tables = len(descriptor["resources"])
    assert any(f"{tables} CSV tables, declared" in element.value for element in app.markdown)


def test_method_page_reports_health_sources_and_citation() -> None:
    app = _run(METHOD)
    assert [block.value for block in app.success] == ["Validation: valid, 0 error(s) and 1 warning(s)."]
    subheaders = [header.value for header in app.subheader]
    assert "Events resting on one source (6)" in subheaders
    assert "Places without coordinates (1)" in subheaders
    assert "Sources (3)" in [header.value for header in app.header]
    assert "(data version 0.3.0+" in app.code[0].value
    assert "Data changes" in [header.value for header in app.header]
    assert "what changed" in app.caption[0].value


ABOUT = str(REPOSITORY_ROOT / "pages" / "1_About.py")


@pytest.mark.parametrize("page", [ABOUT, METHOD], ids=["about", "method"])
def test_about_and_method_say_who_stands_behind_the_atlas(page: str) -> None:
    app = _run(page)
    text = "\n".join(_markdown(app))
    assert "**Compiled by:** Detention Atlas editors" in text
    assert "**Published by:** Detention Atlas" in text
    assert "**Contact and corrections:** editors@detention\\-atlas\\.example" in text
    assert "**Last updated:** 21 November 2026" in text
    assert app.code[-1].value.startswith("Detention Atlas editors. (2026, November 21). Detention Atlas: ")


def test_cite_this_view_uses_the_public_address_and_names_the_event(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_PUBLIC_URL", "https://atlas.example.org/")
    app = _run(str(REPOSITORY_ROOT / "app.py"), {"type": ["riot"], "event": ["2020-03-29-ghwayran-riot"]})
    permalink, citation = (block.value for block in app.code)
    assert permalink == "https://atlas.example.org/?type=riot&event=2020-03-29-ghwayran-riot&lang=en"
    assert citation.startswith("Detention Atlas editors. (2026, November 21). Riot at Ghwayran prison [Event record].")
    assert citation.endswith(f"Detention Atlas. {permalink} (accessed {_today()}).")
    # The Events page's permalinks use the same address.
    events = _run(EVENTS, {"type": ["riot"]})
    assert list(events.dataframe[0].value["Link"])[0].startswith("https://atlas.example.org/?type=riot&event=")


def _today() -> str:
    import datetime as dt

    today = dt.date.today()
    return f"{today.day} {today:%B %Y}"


WORKING_NOTES = ("seed 0", "seeds 0", "re-check", "not recorded", "research notes", "killed_security", "python -m")


def _reader_text(app: AppTest) -> str:
    """Every word the page shows a reader: text blocks, expander labels and table cells."""
    blocks = [*app.markdown, *app.caption, *app.info, *app.warning, *app.subheader, *app.header]
    words = [str(block.value) for block in blocks]
    words += [str(expander.label) for expander in app.expander]
    for frame in app.dataframe:
        words += [str(cell) for cell in frame.value.astype(str).to_numpy().ravel()]
    return "\n".join(words)


@pytest.mark.parametrize(
    ("page", "query"),
    [
        (REPOSITORY_ROOT / "app.py", {"event": ["2022-01-20-ghwayran-prison-attack"]}),
        (REPOSITORY_ROOT / "app.py", {"event": ["2019-10-13-ain-issa-camp-escape"]}),
        (CONTESTED, {"event": ["2022-01-20-ghwayran-prison-attack"]}),
        (SITES, {"place": ["pl-ghwayran-prison"]}),
        (SITES, {"place": ["pl-al-hol-camp"]}),
    ],
    ids=["card-ghwayran", "card-ain-issa", "contested", "site-ghwayran", "site-al-hol"],
)
def test_reader_pages_show_no_working_notes(monkeypatch: pytest.MonkeyPatch, page: object, query: dict) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(REPOSITORY_ROOT / "data"))
    app = _run(str(page), query)
    text = _reader_text(app)
    assert [note for note in WORKING_NOTES if note in text.lower()] == []
    assert not [expander for expander in app.expander if expander.label.startswith("Data warnings")]


def test_editors_notes_are_on_the_method_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(REPOSITORY_ROOT / "data"))
    app = _run(METHOD)
    assert any(header.value.startswith("Editors' notes on events (") for header in app.subheader)
    assert "seed 003" in _reader_text(app)


def test_about_page_links_the_data_changes_and_never_claims_an_sdf_escape_total() -> None:
    app = _run(ABOUT)
    text = " ".join(_markdown(app))
    # The SDF never published an escape total for Ghwayran 2022; About must not say it gave "far lower counts".
    assert "far lower counts" not in text
    assert "never published an escape total" in text
    assert "[What changed in this version](Method_and_data#data-changes)" in text


def test_events_page_says_which_rows_are_context() -> None:
    app = _run(EVENTS)
    # Markdown escapes (\\( and \\.) are not what a reader sees.
    captions = " ".join(block.value for block in app.caption).replace("\\", "")
    assert "7 incidents; 1 context row (totals, statements, background)" in captions
