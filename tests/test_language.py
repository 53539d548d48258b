"""The reader's language: catalogues in step with the code, the choice from a browser, dates and numbers per locale."""

from __future__ import annotations

import ast
import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from incidents.language import ENGLISH, LANGUAGES, catalogue_path, from_accept_language, language
from scripts.messages import REPOSITORY_ROOT, SOURCE_FOLDERS, TRANSLATED, extract_messages

PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.fixture(scope="module")
def marked() -> set[str]:
    return {message.id for message in extract_messages() if message.id}


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_message_is_translated_and_nothing_else_is_listed(code: str, marked: set[str]) -> None:
    with catalogue_path(code).open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    listed = {message.id for message in catalogue if message.id}
    assert not sorted(marked - listed), "messages missing from the catalogue (run python -m scripts.messages)"
    assert not sorted(listed - marked), "messages the code no longer uses (run python -m scripts.messages)"
    assert not catalogue.obsolete, "obsolete entries left in the catalogue"
    empty = sorted(message.id for message in catalogue if message.id and not message.string)
    assert not empty, f"{len(empty)} message(s) without a translation"
    fuzzy = sorted(message.id for message in catalogue if message.id and message.fuzzy)
    assert not fuzzy, "fuzzy translations are guesses: check and unmark them"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder(code: str) -> None:
    with catalogue_path(code).open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    for message in catalogue:
        if message.id and isinstance(message.id, str):
            assert set(PLACEHOLDER.findall(message.id)) == set(PLACEHOLDER.findall(str(message.string))), message.id


def test_dutch_translates_and_english_is_the_message_itself() -> None:
    assert language("nl").gettext("Ignored the date range: `from` is after `to`.").startswith("Datumbereik")
    assert (
        ENGLISH.gettext("Ignored the date range: `from` is after `to`.")
        == "Ignored the date range: `from` is after `to`."
    )


def test_an_unknown_code_falls_back_to_english() -> None:
    assert language("fr") is ENGLISH
    assert set(LANGUAGES) == {"en", "nl"}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "en"),
        ("nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", "nl"),
        ("nl-BE", "nl"),
        ("en-GB,en;q=0.9,nl;q=0.8", "en"),
        ("de-DE,de;q=0.9,nl;q=0.5", "nl"),
        ("fr-FR,fr;q=0.9", "en"),
        ("en;q=0.3,nl;q=0.8", "nl"),
        ("nl;q=0", "en"),
        ("NL;q=abc, *", "en"),
    ],
)
def test_the_default_language_comes_from_accept_language(header: str, expected: str) -> None:
    assert from_accept_language(header) == expected


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [("en", 3500, "3,500"), ("nl", 3500, "3.500"), ("nl", 800, "800"), ("en", 1234567, "1,234,567")],
)
def test_numbers_in_the_readers_locale(code: str, value: int, expected: str) -> None:
    assert language(code).number(value) == expected


@pytest.mark.parametrize(
    ("code", "pattern", "expected"),
    [("en", "d MMM y", "20 Jan 2022"), ("nl", "d MMM y", "20 jan 2022"), ("nl", "MMMM", "januari")],
)
def test_dates_in_the_readers_locale(code: str, pattern: str, expected: str) -> None:
    assert language(code).date(dt.date(2022, 1, 20), pattern) == expected


def test_readers_on_many_threads_each_get_their_own_language() -> None:
    # Nothing is installed process-wide: a translation depends on the Language asked, never on the last reader.
    message = "Ignored the date range: `from` is after `to`."
    expected = {"en": message, "nl": language("nl").gettext(message)}
    assert expected["nl"] != message
    codes = ["nl", "en"] * 200
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda code: (code, language(code).gettext(message)), codes))
    assert all(text == expected[code] for code, text in results)


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalogue_header_names_the_project_not_babels_placeholders(code: str) -> None:
    with catalogue_path(code).open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    header = catalogue.header_comment + "\n" + "\n".join(f"{key}: {value}" for key, value in catalogue.mime_headers)
    for placeholder in ("PROJECT", "VERSION", "EMAIL@ADDRESS", "FULL NAME", "YEAR-MO-DA", "LL@li.org", "ORGANIZATION"):
        assert placeholder not in header, placeholder
    headers = dict(catalogue.mime_headers)
    assert headers["Project-Id-Version"].startswith("Detention Atlas ")
    assert "Detention Atlas" in headers["Language-Team"] and "@" in headers["Language-Team"]
    assert headers["Language"] == code


def _translation_calls_inside_f_strings(path: Path) -> list[int]:
    """Lines where _() or ngettext() is called inside an f-string, where Babel's extractor does not look."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                    if inner.func.id in ("_", "ngettext", "gettext") and inner.args:
                        if isinstance(inner.args[0], ast.Constant):
                            lines.append(inner.lineno)
    return lines


def test_no_message_is_marked_inside_an_f_string() -> None:
    # The extractor skips f-strings: a message marked there never reaches the catalogue and stays English.
    found = {
        str(path.relative_to(REPOSITORY_ROOT)): lines
        for folder in SOURCE_FOLDERS
        for path in sorted((REPOSITORY_ROOT / folder).rglob("*.py"))
        if (lines := _translation_calls_inside_f_strings(path))
    }
    assert found == {}


@pytest.mark.parametrize(
    ("code", "iso", "english", "expected"),
    [
        ("nl", "SY", "Syria", "Syrië"),
        ("nl", "iq", "Iraq", "Irak"),
        ("en", "TR", "Turkey", "Turkey"),
        ("nl", "", "X", "X"),
    ],
)
def test_countries_in_the_readers_language(code: str, iso: str, english: str, expected: str) -> None:
    assert language(code).country_name(iso, english) == expected
