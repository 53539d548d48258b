"""Layer rules and the single declaration of the data contract."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from incidents.schema import CONTRACT, DESCRIPTOR_PATH, TABLE_NAMES
from tests.conftest import REPOSITORY_ROOT

DOMAIN_MODULES = sorted((REPOSITORY_ROOT / "incidents").rglob("*.py"))


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda path: path.name)
def test_domain_package_never_imports_streamlit(path: Path) -> None:
    assert "streamlit" not in _imported_modules(path)


def test_pages_hold_no_data_logic() -> None:
    for page in [REPOSITORY_ROOT / "app.py", *sorted((REPOSITORY_ROOT / "pages").glob("*.py"))]:
        assert "pandas" not in _imported_modules(page), f"{page.name} should call incidents/, not pandas"


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
