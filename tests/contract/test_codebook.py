"""The codebook is generated from the descriptor: every table, every field, every allowed value."""

from __future__ import annotations

import json

import pytest

from incidents.contract.codebook import CODEBOOK_COLUMNS, allowed_values, codebook_rows, table_rows
from incidents.contract.schema import CONTRACT, DESCRIPTOR_PATH, FieldSpec
from incidents.language import language

DESCRIPTOR = json.loads(DESCRIPTOR_PATH.read_text(encoding="utf-8"))
ROWS = codebook_rows(CONTRACT)


def test_codebook_lists_every_field_of_every_table_in_order() -> None:
    expected = [
        (resource["name"], field["name"])
        for resource in DESCRIPTOR["resources"]
        for field in resource["schema"]["fields"]
    ]
    assert [(row["table"], row["field"]) for row in ROWS] == expected
    assert all(list(row) == CODEBOOK_COLUMNS for row in ROWS)


@pytest.mark.parametrize(
    "resource, field",
    [(resource, field) for resource in DESCRIPTOR["resources"] for field in resource["schema"]["fields"]],
    ids=lambda item: item["name"],
)
def test_each_row_matches_the_descriptor(resource: dict, field: dict) -> None:
    row = next(row for row in ROWS if (row["table"], row["field"]) == (resource["name"], field["name"]))
    constraints = field.get("constraints", {})
    assert row["type"] == field["type"]
    assert row["description"] == field["description"]
    assert row["required"] is bool(constraints.get("required", False))
    assert row["unique"] is bool(constraints.get("unique", False))
    for value in constraints.get("enum", []):
        assert value in row["allowed values"].removeprefix("one of: ").split(", ")
    if "x-pattern-hint" in field:
        assert field["x-pattern-hint"] in row["allowed values"]


def test_enumerations_are_listed_in_full() -> None:
    row = next(row for row in ROWS if (row["table"], row["field"]) == ("events", "confidence"))
    assert row["allowed values"] == "one of: high, medium, low"


def test_ranges_dates_and_booleans_are_spelled_out() -> None:
    assert allowed_values(FieldSpec("latitude", "number", "", minimum=-90, maximum=90)) == "from -90 to 90"
    assert allowed_values(FieldSpec("value_low", "integer", "", minimum=0)) == "at least 0"
    assert allowed_values(FieldSpec("date_start", "date", "")) == "a date YYYY-MM-DD"
    assert allowed_values(FieldSpec("checked", "boolean", "")) == "true or false"
    assert allowed_values(FieldSpec("code", "string", "", pattern="[A-Z]{2}")) == "matches the pattern [A-Z]{2}"
    assert allowed_values(FieldSpec("title", "string", "")) == ""


def test_tables_with_their_keys_and_references() -> None:
    tables = {row["table"]: row for row in table_rows(CONTRACT)}
    assert list(tables) == [resource["name"] for resource in DESCRIPTOR["resources"]]
    assert tables["events"]["primary key"] == "event_id"
    assert "source_ids (each item) → sources.source_id" in tables["events"]["references"]
    assert "claimant → actors.actor_id" in tables["claims"]["references"]
    assert tables["actors"]["references"] == ""
    assert tables["translations"]["primary key"] == "table_name, record_id, field, language"
    assert tables["translations"]["file"] == "translations.csv"


def test_the_dutch_codebook_describes_every_field_in_dutch() -> None:
    dutch = language("nl")
    rows = codebook_rows(CONTRACT, dutch)
    assert [(row["table"], row["field"]) for row in rows] == [(row["table"], row["field"]) for row in ROWS]
    for row, english in zip(rows, ROWS, strict=True):
        assert row["description"] and row["description"] != english["description"], row["field"]
    confidence = next(row for row in rows if (row["table"], row["field"]) == ("events", "confidence"))
    # The codes stay the codes; the words around them are Dutch.
    assert confidence["allowed values"] == "een van: high, medium, low"
    assert allowed_values(FieldSpec("checked", "boolean", ""), dutch) == "true of false"
    tables = {row["table"]: row for row in table_rows(CONTRACT, dutch)}
    assert tables["events"]["title"] == "Gebeurtenissen"
    assert "source_ids (elk item) → sources.source_id" in tables["events"]["references"]
