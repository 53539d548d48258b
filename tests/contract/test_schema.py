"""The data contract is declared once, in data/datapackage.json, with what readers see for each value."""

from __future__ import annotations

import json

import pytest

from incidents.contract.schema import (
    CONTRACT,
    DESCRIPTOR_PATH,
    TABLE_NAMES,
    contract_from_descriptor,
    untranslated_descriptions,
)


def test_descriptor_declares_six_tables_with_keys() -> None:
    descriptor = json.loads(DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert tuple(resources) == TABLE_NAMES
    assert TABLE_NAMES == ("events", "places", "sources", "claims", "actors", "translations")
    for name, resource in resources.items():
        assert resource["schema"]["primaryKey"] == list(CONTRACT.table(name).primary_key)
    # A translation is one cell of one row in one language: only the four columns together are unique.
    assert CONTRACT.table("translations").primary_key == ("table_name", "record_id", "field", "language")


def test_translations_name_only_tables_and_fields_that_exist() -> None:
    for table in CONTRACT.enum("translations", "table_name"):
        assert table in TABLE_NAMES
    for field in CONTRACT.enum("translations", "field"):
        assert any(field in CONTRACT.table(table).field_names for table in CONTRACT.enum("translations", "table_name"))


def test_every_field_has_a_description() -> None:
    for table in CONTRACT.tables.values():
        for field in table.fields:
            assert len(field.description) > 10, f"{table.name}.{field.name} needs a description"


def test_every_description_and_pattern_hint_is_in_dutch_too() -> None:
    assert CONTRACT.enum("translations", "language") == ("nl",)
    assert untranslated_descriptions(CONTRACT) == []
    events = CONTRACT.table("events")
    assert events.title_in("nl") == "Gebeurtenissen" and events.title_in("en") == "Events"
    assert events.field("date_end").description_in("nl").startswith("Laatste dag")
    assert events.field("date_end").description_in("en") == events.field("date_end").description
    assert events.field("event_id").pattern_hint_in("nl") != events.field("event_id").pattern_hint


def test_a_description_without_its_dutch_is_named() -> None:
    descriptor = json.loads(DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    events = descriptor["resources"][0]
    del events["x-title-nl"]
    del events["schema"]["fields"][0]["x-description-nl"]
    del events["schema"]["fields"][0]["x-pattern-hint-nl"]
    assert untranslated_descriptions(contract_from_descriptor(descriptor)) == [
        "events: no x-title-nl",
        "events.event_id: no x-description-nl",
        "events.event_id: no x-pattern-hint-nl",
    ]


def test_every_list_column_has_item_foreign_keys() -> None:
    list_keys = {(key.table, key.field) for key in CONTRACT.foreign_keys if key.is_list}
    assert list_keys == {("events", "initiators"), ("events", "targets"), ("events", "source_ids")}


def test_public_column_names_are_in_the_contract() -> None:
    public = {
        "events": "event_id date_start date_end date_precision event_type subtype title summary place_id "
        "location_precision initiators targets confidence source_ids notes",
        "places": "place_id name alt_names kind admin1 country latitude longitude coord_precision coord_source checked",
        "sources": "source_id publisher title published url language kind archived_url",
        "claims": "claim_id event_id metric value_low value_high claimant claimed_on source_id note",
        "actors": "actor_id name kind aliases description",
        "translations": "table_name record_id field language text",
    }
    for table, columns in public.items():
        assert set(columns.split()) <= set(CONTRACT.table(table).field_names), table


def test_descriptor_passes_the_frictionless_reference_validator() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DESCRIPTOR_PATH))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_value_a_reader_sees_has_its_label_in_the_descriptor() -> None:
    from incidents import words

    shown = {
        ("events", "event_type"): words.EVENT_TYPE_LABELS,
        ("events", "record_kind"): words.RECORD_KIND_LABELS,
        ("events", "confidence"): words.CONFIDENCE_WORDS,
        ("claims", "metric"): words.METRIC_LABELS,
        ("places", "kind"): words.PLACE_KIND_LABELS,
        ("places", "coord_source"): words.COORD_SOURCE_WORDS,
    }
    for (table, field), labels in shown.items():
        assert list(labels) == list(CONTRACT.enum(table, field)), f"{table}.{field}: every value needs a label"
        assert all(label.strip() for label in labels.values())
    for table, field in (("events", "location_precision"), ("places", "coord_precision")):
        assert set(CONTRACT.enum(table, field)) <= set(words.PRECISION_WORDS)


def test_labels_name_only_declared_values() -> None:
    for table in CONTRACT.tables.values():
        for field in table.fields:
            assert set(field.labels) <= set(field.enum), f"{table.name}.{field.name} labels an undeclared value"
