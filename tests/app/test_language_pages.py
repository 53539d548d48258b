"""Every page in Dutch and English: headings, no English interface string left on a Dutch page, per-reader choice."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd
import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from incidents import load_dataset
from incidents.contract.load import Dataset
from incidents.language import catalogue_path
from tests.language_check import CODE_WORDS, english_data, english_words
from tests.support import DATA_DIR, EXPLORER_DIR, REPOSITORY_ROOT, run_page
from ui.navigation import site_pages

# (page script, its heading in English, in Dutch)
PAGES = [
    ("app.py", "Detention Atlas", "Detention Atlas"),
    ("pages/1_About.py", "About Detention Atlas", "Over Detention Atlas"),
    ("pages/2_Events.py", "Events", "Gebeurtenissen"),
    ("pages/3_Contested_figures.py", "Contested figures", "Omstreden cijfers"),
    ("pages/4_Sites.py", "Sites", "Locaties"),
    ("pages/5_Method_and_data.py", "Method and data", "Methode en data"),
    ("pages/6_Stories.py", "Stories", "Verhalen"),
]
PLACEHOLDER = re.compile(r"\{\w*\}")
# Long English messages are looked for inside any text; short ones only as a whole text (a Dutch word may hold them).
WHOLE_TEXT_BELOW = 25
# The Method page's technical reference stays in English, and says so to a Dutch reader.
ENGLISH_REFERENCE = {
    (REPOSITORY_ROOT / "data" / name).read_text(encoding="utf-8").strip() for name in ("README.md", "CHANGES.md")
}


CODEBOOK_COLUMNS = frozenset({"description", "allowed values"})
# Columns whose cells are codes of a file format (field names, types, ACLED's own names), not words for a reader.
CODE_COLUMNS = frozenset(
    {
        "field",
        "type",
        "ACLED event_type",
        "ACLED sub_event_type",
        "date_precision",
        "location_precision",
        "precision",
        "confidence",
        "kind",
        "coord_source",
        "coord_precision",
        "subtype",
        "language",
        "source_id",
    }
)


@pytest.fixture(autouse=True)
def explorer_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(EXPLORER_DIR))


def english_messages() -> list[str]:
    """English interface strings whose Dutch differs, cut at placeholders into the fixed parts a page shows."""
    with catalogue_path("nl").open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    found = set()
    for message in catalogue:
        if not message.id or not isinstance(message.id, str) or message.string == message.id:
            continue
        for part in PLACEHOLDER.split(message.id):
            part = part.strip(" .,;:()*[]")
            if len(part) >= 4:
                found.add(part)
    return sorted(found)


def visible_text(app: AppTest) -> list[str]:
    """What a reader reads on the page: text elements, widget labels, placeholders, help, links, expanders."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [str(element.value) for element in app.get(kind)]
    for kind in ("multiselect", "selectbox", "text_input", "date_input", "toggle", "button", "button_group"):
        for widget in app.get(kind):
            proto: Any = widget.proto
            texts += [str(getattr(proto, name, "") or "") for name in ("label", "placeholder", "help")]
    texts += [str(link.proto.label) for link in app.get("page_link")]
    texts += [str(block.proto.expandable.label) for block in app.get("expandable")]
    for metric in app.get("metric"):
        texts.append(str(metric.proto.label))
    return [text for text in texts if text]


def _chart_texts(spec: Any) -> Iterable[str]:
    """Titles, axis and legend titles and tooltip titles anywhere in a Vega-Lite spec."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "title" and isinstance(value, str):
                yield value
            elif key not in ("data", "datasets"):
                yield from _chart_texts(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _chart_texts(item)


def interface_text(app: AppTest) -> list[str]:
    """Every string a reader meets on a page: visible_text, plus tables, charts, map tooltips and buttons."""
    texts = visible_text(app)
    for widget in app.get("download_button"):
        texts += [str(widget.proto.label), str(widget.proto.help)]
    for kind in ("multiselect", "selectbox", "radio"):
        for widget in app.get(kind):
            texts += [_outside_names(str(option)) for option in getattr(widget, "options", [])]
    for frame in app.get("dataframe"):
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            setting = config.get(str(column), {})
            texts += [str(setting.get("label") or column), str(setting.get("help") or "")]
            display = (setting.get("type_config") or {}).get("display_text")
            if display:
                texts.append(str(display))
            elif str(column) not in CODE_COLUMNS and not pd.api.types.is_numeric_dtype(frame.value[column]):
                cells = [str(cell) for cell in frame.value[column].dropna() if not str(cell).startswith("http")]
                if str(column) in CODEBOOK_COLUMNS:
                    cells = [CODE_WORDS.sub(" ", cell) for cell in cells]
                texts += cells
    for chart in app.get("vega_lite_chart"):
        texts += list(_chart_texts(json.loads(chart.proto.spec)))
    for deck in app.get("deck_gl_json_chart"):
        spec = json.loads(deck.proto.json)
        tooltip = spec.get("tooltip") or {}
        texts += [str(tooltip.get("html") or tooltip.get("text") or "")]
        for layer in spec.get("layers", []):
            for row in layer.get("data", []) if isinstance(layer.get("data"), list) else []:
                texts += [str(value) for key, value in row.items() if isinstance(value, str) and key != "path"]
    return [text for text in texts if text.strip()]


def _outside_names(text: str) -> str:
    """An option's text without its trailing "(other names, …)": spellings a reader may search by, in any language."""
    if not text.endswith(")"):
        return text
    depth = 0
    for position in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[position], 0)
        if depth == 0:
            return text[:position]
    return text


def leftover_english(texts: list[str], messages: list[str]) -> list[str]:
    """English interface strings found in a page's texts."""
    left = []
    for message in messages:
        if len(message) < WHOLE_TEXT_BELOW:
            if any(text.strip(" .:*") == message for text in texts):
                left.append(message)
        elif any(message in text for text in texts):
            left.append(message)
    return left


@pytest.mark.parametrize(("page", "english", "dutch"), PAGES, ids=[page for page, _, _ in PAGES])
def test_each_page_speaks_dutch_with_lang_nl(page: str, english: str, dutch: str) -> None:
    app = run_page(str(REPOSITORY_ROOT / page), {"lang": ["nl"]})
    assert not app.exception
    assert app.title[0].value == dutch
    texts = [text for text in visible_text(app) if text.strip() not in ENGLISH_REFERENCE]
    assert not leftover_english(texts, english_messages())
    assert "Verkenner" in [link.proto.label for link in app.get("page_link")]


# The bundled data, and the explorer's fixture, whose one warning puts the validator's table on the Method page.
DATASETS = {"bundled": DATA_DIR, "fixture": EXPLORER_DIR}


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("page", [page for page, _, _ in PAGES])
def test_no_english_word_on_a_dutch_page(page: str, dataset: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every string a reader meets (tables, charts, map tooltips, help and options included) is Dutch, except data
    # that stays English: untranslated titles, notes, sources, names and spellings.
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(DATASETS[dataset]))
    app = run_page(str(REPOSITORY_ROOT / page), {"lang": ["nl"]})
    assert not app.exception
    texts = [text for text in interface_text(app) if text.strip() not in ENGLISH_REFERENCE]
    found = english_words(texts, english_data(load_dataset(DATASETS[dataset])))
    assert not found, "\n".join(f"{words}: {text[:160]!r}" for text, words in found.items())


def test_the_english_word_check_tells_interface_from_data(explorer_dataset: Dataset) -> None:
    data = english_data(explorer_dataset)
    assert (
        english_words(["Hoe precies de data bekend zijn", "`event_id` van places.place_id", "Gebeurtenissen"], data)
        == {}
    )
    assert english_words(["Every figure about an event"], data) == {
        "Every figure about an event": ["Every", "figure", "about", "event"]
    }
    source_title = str(explorer_dataset.sources["title"].iloc[0])
    assert english_words([f"Bron: {source_title}"], data) == {}
    assert _outside_names("Gevangenis van Derik (Derik prison, Dark prison)") == "Gevangenis van Derik "


@pytest.mark.parametrize(("page", "english", "dutch"), PAGES, ids=[page for page, _, _ in PAGES])
def test_each_page_speaks_english_with_lang_en(page: str, english: str, dutch: str) -> None:
    app = run_page(str(REPOSITORY_ROOT / page), {"lang": ["en"]})
    assert not app.exception
    assert app.title[0].value == english
    assert "Explorer" in [link.proto.label for link in app.get("page_link")]


def test_the_check_finds_english_on_a_dutch_page() -> None:
    # The leftover check itself must catch what it is meant to catch.
    messages = english_messages()
    assert leftover_english(["Reset all filters"], messages) == ["Reset all filters"]
    assert leftover_english(["Alle filters wissen", "Openen"], messages) == []


def test_every_page_title_is_in_the_catalogue() -> None:
    with catalogue_path("nl").open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    for _, title in site_pages():
        assert catalogue.get(title) is not None and catalogue[title].string, title


def test_links_and_citation_keep_the_language() -> None:
    app = run_page(str(REPOSITORY_ROOT / "app.py"), {"lang": ["nl"], "type": ["riot"]})
    assert all("lang=nl" in link.proto.query_string for link in app.get("page_link"))
    assert app.query_params["lang"] == "nl"
    permalink = [block.value for block in app.code if "type=riot" in block.value]
    assert permalink and all("lang=nl" in value for value in permalink)
    events = run_page(str(REPOSITORY_ROOT / "pages/2_Events.py"), {"lang": ["nl"], "type": ["riot"]})
    links = events.dataframe[0].value["Link"].tolist()
    assert links and all("lang=nl" in link for link in links)


def test_the_switch_changes_the_language_and_the_address() -> None:
    app = run_page(str(REPOSITORY_ROOT / "app.py"), {"lang": ["nl"]})
    assert app.subheader[0].value == "Getoonde gebeurtenissen"
    app.button_group[0].set_value("en").run()
    assert app.subheader[0].value == "Events shown"
    assert app.query_params["lang"] == "en"


def test_without_lang_the_browser_language_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    monkeypatch.setattr(
        type(st.context), "headers", property(lambda self: {"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    )
    app = run_page(str(REPOSITORY_ROOT / "app.py"))
    assert app.subheader[0].value == "Getoonde gebeurtenissen"
    # The choice made from the browser goes into the address, so a shared link opens in the same language.
    assert app.query_params["lang"] == "nl"


def test_without_lang_or_a_known_browser_language_it_is_english() -> None:
    app = run_page(str(REPOSITORY_ROOT / "app.py"))
    assert app.subheader[0].value == "Events shown"


def test_two_readers_on_one_process_keep_their_own_language() -> None:
    # Two sessions alive at once in one process, their reruns interleaved: neither takes the other's language.
    readers = {}
    for code in ("nl", "en"):
        readers[code] = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=60)
        readers[code].query_params["lang"] = code
    seen: dict[str, list[str]] = {"nl": [], "en": []}
    for _ in range(3):
        for code, app in readers.items():
            app.run()
            seen[code].append(app.subheader[0].value)
    assert seen["nl"] == ["Getoonde gebeurtenissen"] * 3
    assert seen["en"] == ["Events shown"] * 3


def test_the_dutch_card_shows_the_dutch_title_and_names() -> None:
    app = run_page(str(REPOSITORY_ROOT / "app.py"), {"lang": ["nl"], "event": ["2022-01-20-ghwayran-attack"]})
    texts = [block.value for block in app.markdown]
    assert "#### IS\\-aanval op de Ghwayran\\-gevangenis" in texts
    assert any("Islamitische Staat" in text for text in texts)
    english = run_page(str(REPOSITORY_ROOT / "app.py"), {"lang": ["en"], "event": ["2022-01-20-ghwayran-attack"]})
    assert not any("Ghwayran\\-gevangenis" in block.value for block in english.markdown)
