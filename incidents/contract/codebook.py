"""The codebook, generated from the data contract so it can never drift from data/datapackage.json."""

from __future__ import annotations

from typing import Any

from incidents.contract.schema import Contract, FieldSpec

CODEBOOK_COLUMNS = ["table", "field", "type", "required", "unique", "description", "allowed values"]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def allowed_values(field: FieldSpec) -> str:
    """What a cell may hold, in words: the closed list, the pattern hint or the numeric range."""
    parts: list[str] = []
    if field.enum:
        parts.append("one of: " + ", ".join(field.enum))
    if field.pattern_hint:
        parts.append(field.pattern_hint)
    elif field.pattern:
        parts.append(f"matches the pattern {field.pattern}")
    if field.minimum is not None and field.maximum is not None:
        parts.append(f"from {_number(field.minimum)} to {_number(field.maximum)}")
    elif field.minimum is not None:
        parts.append(f"at least {_number(field.minimum)}")
    elif field.maximum is not None:
        parts.append(f"at most {_number(field.maximum)}")
    if field.type == "date":
        parts.append("a date YYYY-MM-DD")
    elif field.type == "boolean":
        parts.append("true or false")
    return "; ".join(parts)


def codebook_rows(contract: Contract) -> list[dict[str, Any]]:
    """One row per field of every table, in the descriptor's order."""
    return [
        {
            "table": table.name,
            "field": field.name,
            "type": field.type,
            "required": field.required,
            "unique": field.unique,
            "description": field.description,
            "allowed values": allowed_values(field),
        }
        for table in contract.tables.values()
        for field in table.fields
    ]


def table_rows(contract: Contract) -> list[dict[str, str]]:
    """One row per table: name, file, title, description, primary key and its references to other tables."""
    rows = []
    for table in contract.tables.values():
        references = [
            f"{key.field}{' (each item)' if key.is_list else ''} → {key.reference_table}.{key.reference_field}"
            for key in contract.foreign_keys
            if key.table == table.name
        ]
        rows.append(
            {
                "table": table.name,
                "file": table.path,
                "title": table.title,
                "description": table.description,
                "primary key": ", ".join(table.primary_key),
                "references": "; ".join(references),
            }
        )
    return rows
