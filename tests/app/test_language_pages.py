"""Every page in Dutch and English: headings, no English interface string left on a Dutch page, per-reader choice."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from incidents.language import catalogue_path
from tests.support import EXPLORER_DIR, REPOSITORY_ROOT, run_page
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
