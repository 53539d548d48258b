"""The codebook, generated from the data contract so it can never drift from data/datapackage.json."""

from __future__ import annotations

from typing import Any

from incidents.contract.schema import Contract, FieldSpec
from incidents.language import ENGLISH, Language

CODEBOOK_COLUMNS = ["table", "field", "type", "required", "unique", "description", "allowed values"]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def allowed_values(field: FieldSpec, language: Language = ENGLISH) -> str:
    """What a cell may hold, in words: the closed list, the pattern hint or the numeric range."""
    _ = language.gettext
    parts: list[str] = []
    if field.enum:
        parts.append(_("one of: {values}").format(values=", ".join(field.enum)))
    hint = field.pattern_hint_in(language.code)
    if hint:
        parts.append(hint)
    elif field.pattern:
        parts.append(_("matches the pattern {pattern}").format(pattern=field.pattern))
    if field.minimum is not None and field.maximum is not None:
        parts.append(_("from {low} to {high}").format(low=_number(field.minimum), high=_number(field.maximum)))
    elif field.minimum is not None:
        parts.append(_("at least {low}").format(low=_number(field.minimum)))
    elif field.maximum is not None:
        parts.append(_("at most {high}").format(high=_number(field.maximum)))
    if field.type == "date":
        parts.append(_("a date YYYY-MM-DD"))
    elif field.type == "boolean":
        parts.append(_("true or false"))
    return "; ".join(parts)


def codebook_rows(contract: Contract, language: Language = ENGLISH) -> list[dict[str, Any]]:
    """One row per field of every table, in the descriptor's order, described in the reader's language."""
    return [
        {
            "table": table.name,
            "field": field.name,
            "type": field.type,
            "required": field.required,
            "unique": field.unique,
            "description": field.description_in(language.code),
            "allowed values": allowed_values(field, language),
        }
        for table in contract.tables.values()
        for field in table.fields
    ]


def table_rows(contract: Contract, language: Language = ENGLISH) -> list[dict[str, str]]:
    """One row per table: name, file, title, description, primary key and its references to other tables."""
    each_item = language.gettext(" (each item)")
    rows = []
    for table in contract.tables.values():
        references = [
            f"{key.field}{each_item if key.is_list else ''} → {key.reference_table}.{key.reference_field}"
            for key in contract.foreign_keys
            if key.table == table.name
        ]
        rows.append(
            {
                "table": table.name,
                "file": table.path,
                "title": table.title_in(language.code),
                "description": table.description_in(language.code),
                "primary key": ", ".join(table.primary_key),
                "references": "; ".join(references),
            }
        )
    return rows
