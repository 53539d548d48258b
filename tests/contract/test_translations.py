"""Translations load with the dataset and are looked up by table, record, field and language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from incidents import check_dataset, load_dataset
from incidents.contract.translations import LANGUAGES, translatable_fields, translated, translated_column
from tests.support import VALID_DIR


@pytest.fixture(scope="module")
def dataset():  # noqa: ANN201 - a Dataset
    return load_dataset(VALID_DIR)


@pytest.mark.parametrize(
    ("table", "record_id", "field", "language", "expected"),
    [
        ("events", "2019-10-13-ain-issa-camp-escape", "title", "nl", "Ontsnapping uit kamp Ain Issa"),
        ("events", "2021-01-01-al-hol-camp-killings", "summary", "nl", "Een jaar van moorden in het kamp."),
        ("actors", "sdf", "name", "nl", "Syrische Democratische Strijdkrachten (SDF)"),
        ("places", "pl-al-hol-camp", "name", "nl", "kamp Al-Hol"),
        # Not translated: the caller keeps the English.
        ("actors", "is", "name", "nl", None),
        ("places", "pl-al-hol-camp", "name", "fr", None),
        ("events", "no-such-event", "title", "nl", None),
        ("actors", "sdf", "title", "nl", None),
    ],
)
def test_translated_finds_the_one_cell(
    dataset, table: str, record_id: str, field: str, language: str, expected: str | None
) -> None:
    assert translated(dataset, table, record_id, field, language) == expected


def test_a_whole_column_in_one_language(dataset) -> None:
    titles = translated_column(dataset, "events", "title", "nl")
    assert titles.to_dict() == {
        "2019-10-13-ain-issa-camp-escape": "Ontsnapping uit kamp Ain Issa",
        "2020-03-29-ghwayran-prison-riot": "Opstand in de Ghwayran-gevangenis",
        "2021-01-01-al-hol-camp-killings": "Moorden in kamp Al-Hol in 2021",
    }
    assert translated_column(dataset, "actors", "name", "nl").to_dict() == {
        "sdf": "Syrische Democratische Strijdkrachten (SDF)"
    }


def test_translatable_fields_come_from_the_contract() -> None:
    assert translatable_fields("events") == ("title", "summary")
    assert translatable_fields("actors") == ("name",)
    assert translatable_fields("places") == ("name",)
    assert "nl" in LANGUAGES


def test_a_dataset_without_translations_has_none_to_look_up(tmp_path: Path) -> None:
    for path in VALID_DIR.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "translations.csv").write_text("table_name,record_id,field,language,text\n", encoding="utf-8")
    dataset = load_dataset(tmp_path)
    assert translated(dataset, "events", "2019-10-13-ain-issa-camp-escape", "title", "nl") is None
    assert translated_column(dataset, "events", "title", "nl").empty
    # Loading still works, with a warning per untranslated event.
    assert [problem.line for problem in dataset.warnings] == [2, 3, 4]


def test_a_missing_translations_file_is_reported(valid_dataset: Path) -> None:
    (valid_dataset / "translations.csv").unlink()
    messages = [str(problem) for problem in check_dataset(valid_dataset)]
    assert messages == [
        "translations.csv: file is missing; expected a CSV file with the header "
        "table_name,record_id,field,language,text"
    ]


def _figures(text: str) -> list[str]:
    """The numbers a text states, with thousands separators and the hour-minute mark taken out."""
    joined = re.sub(r"(?<=\d)[,.:](?=\d)", "", text)
    return sorted(re.findall(r"\d+", joined))


def test_the_bundled_data_has_dutch_for_every_event_with_the_same_figures(real_dataset) -> None:
    for event_id, event in real_dataset.events.iterrows():
        for field in ("title", "summary"):
            dutch = translated(real_dataset, "events", str(event_id), field, "nl")
            assert dutch, f"{event_id} has no Dutch {field}"
            # An editors' label ("Seed 004") is no figure and is not carried into the Dutch, which names the column.
            english = re.sub(r"\bSeed \d{3}\b", "", str(event[field]))
            assert _figures(dutch) == _figures(english), f"{event_id} {field}"
    assert not [problem for problem in real_dataset.warnings if "in language nl" in problem.message]


@pytest.mark.parametrize(
    ("table", "record_id", "expected"),
    [
        ("actors", "sdf", "Syrische Democratische Strijdkrachten (SDF)"),
        ("actors", "is", "Islamitische Staat"),
        ("places", "pl-hasakah", "Hasaka"),
        ("places", "pl-al-hol-camp", "kamp Al-Hol"),
        # Names Dutch newspapers write as in English are not repeated.
        ("places", "pl-qamishli", None),
        ("actors", "reuters", None),
    ],
)
def test_the_bundled_data_gives_dutch_names_where_dutch_usage_differs(
    real_dataset, table: str, record_id: str, expected: str | None
) -> None:
    assert translated(real_dataset, table, record_id, "name", "nl") == expected
