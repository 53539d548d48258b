"""The data contract, derived from data/datapackage.json (the one place it is declared)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DESCRIPTOR_PATH = REPOSITORY_ROOT / "data" / "datapackage.json"

LIST_DELIMITER = ";"
# Translations last: they name rows of the other tables, and their problems read best after those tables'.
TABLE_NAMES = ("events", "places", "sources", "claims", "actors", "translations")


@dataclass(frozen=True)
class FieldSpec:
    """One column of a table, as the descriptor declares it."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    pattern_hint: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    # What a reader sees for each enumerated value (the descriptor's x-labels), in the enum's order.
    labels: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # The description and the pattern hint in other languages than English, by language code
    # (the descriptor's x-description-nl, x-pattern-hint-nl).
    translated_descriptions: Mapping[str, str] = dataclasses.field(default_factory=dict)
    translated_pattern_hints: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def description_in(self, code: str) -> str:
        """The description in the language `code`, English where the descriptor has none in it."""
        return self.translated_descriptions.get(code) or self.description

    def pattern_hint_in(self, code: str) -> str | None:
        """The pattern hint in the language `code`, English where the descriptor has none in it."""
        return self.translated_pattern_hints.get(code) or self.pattern_hint


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values (or ';'-separated items) must exist in another table's key column."""

    table: str
    field: str
    reference_table: str
    reference_field: str
    is_list: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One CSV file of the dataset."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    # One column for most tables; several when only their combination is unique (a translation's cell).
    primary_key: tuple[str, ...]
    # Title and description in other languages than English, by language code (x-title-nl, x-description-nl).
    translated_titles: Mapping[str, str] = dataclasses.field(default_factory=dict)
    translated_descriptions: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def title_in(self, code: str) -> str:
        """The title in the language `code`, English where the descriptor has none in it."""
        return self.translated_titles.get(code) or self.title

    def description_in(self, code: str) -> str:
        """The description in the language `code`, English where the descriptor has none in it."""
        return self.translated_descriptions.get(code) or self.description

    @property
    def field_names(self) -> tuple[str, ...]:
        """Column names in the declared order."""
        return tuple(field.name for field in self.fields)

    def field(self, name: str) -> FieldSpec:
        """The field called `name`."""
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(f"{self.name} has no field {name!r}")


@dataclass(frozen=True)
class StudyRegion:
    """Bounding box that every coordinate must fall in."""

    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def contains(self, latitude: float, longitude: float) -> bool:
        """True when the point lies inside the box (edges included)."""
        return (
            self.min_latitude <= latitude <= self.max_latitude and self.min_longitude <= longitude <= self.max_longitude
        )

    def viewbox(self) -> list[tuple[float, float]]:
        """The box as geopy's Nominatim viewbox: two (latitude, longitude) corners."""
        return [(self.min_latitude, self.min_longitude), (self.max_latitude, self.max_longitude)]


@dataclass(frozen=True)
class Contract:
    """Everything the descriptor says: tables, keys, study period and region, licence, version."""

    name: str
    title: str
    version: str
    licence_name: str
    licence_url: str
    tables: Mapping[str, TableSpec]
    foreign_keys: tuple[ForeignKey, ...]
    study_start: dt.date
    study_end: dt.date
    region: StudyRegion
    # Who stands behind the data: the descriptor's contributors (Frictionless: title, role, email, path).
    contributors: tuple[Mapping[str, str], ...] = ()
    # When this version of the data was made (the descriptor's `created`), shown as "last updated".
    created: dt.date | None = None
    metric_descriptions: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # How guided stories are written (the descriptor's `x-stories`); incidents.views.stories reads it.
    stories: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def table(self, name: str) -> TableSpec:
        """The table called `name`."""
        return self.tables[name]

    def enum(self, table: str, field: str) -> tuple[str, ...]:
        """Allowed values of an enumerated field."""
        return self.tables[table].field(field).enum

    def labels(self, table: str, field: str) -> dict[str, str]:
        """Reader-facing label of each value of an enumerated field, in the enum's order."""
        spec = self.tables[table].field(field)
        return {value: spec.labels[value] for value in spec.enum if value in spec.labels}


def _translated(raw: Mapping[str, Any], key: str) -> dict[str, str]:
    """{'nl': ...} from a descriptor object's `key`-nl and the like: one key per language beside the English one."""
    prefix = f"{key}-"
    return {
        name[len(prefix) :]: str(value)
        for name, value in raw.items()
        if name.startswith(prefix) and name[len(prefix) :].isalpha() and len(name) - len(prefix) == 2
    }


def _field_from_descriptor(raw: Mapping[str, Any]) -> FieldSpec:
    constraints = raw.get("constraints", {})
    return FieldSpec(
        name=raw["name"],
        type=raw.get("type", "string"),
        description=raw.get("description", ""),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(constraints.get("enum", ())),
        pattern=constraints.get("pattern"),
        pattern_hint=raw.get("x-pattern-hint"),
        minimum=constraints.get("minimum"),
        maximum=constraints.get("maximum"),
        labels=dict(raw.get("x-labels", {})),
        translated_descriptions=_translated(raw, "x-description"),
        translated_pattern_hints=_translated(raw, "x-pattern-hint"),
    )


def contract_from_descriptor(descriptor: Mapping[str, Any]) -> Contract:
    """Build the typed contract from a parsed datapackage.json."""
    tables: dict[str, TableSpec] = {}
    foreign_keys: list[ForeignKey] = []
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        primary_key = schema["primaryKey"]
        tables[resource["name"]] = TableSpec(
            name=resource["name"],
            path=resource["path"],
            title=resource.get("title", resource["name"]),
            description=resource.get("description", ""),
            fields=tuple(_field_from_descriptor(field) for field in schema["fields"]),
            primary_key=tuple(primary_key) if isinstance(primary_key, list) else (primary_key,),
            translated_titles=_translated(resource, "x-title"),
            translated_descriptions=_translated(resource, "x-description"),
        )
        for key in schema.get("foreignKeys", []):
            foreign_keys.append(
                ForeignKey(
                    table=resource["name"],
                    field=key["fields"][0],
                    reference_table=key["reference"]["resource"],
                    reference_field=key["reference"]["fields"][0],
                )
            )
    # Table Schema cannot express keys on the items of a ';'-list, so the descriptor declares them apart.
    for key in descriptor.get("x-list-foreign-keys", []):
        foreign_keys.append(
            ForeignKey(
                table=key["resource"],
                field=key["field"],
                reference_table=key["reference"]["resource"],
                reference_field=key["reference"]["fields"][0],
                is_list=True,
            )
        )
    period = descriptor["x-study-period"]
    region = descriptor["x-study-region"]
    licence = descriptor.get("licenses", [{}])[0]
    return Contract(
        name=descriptor.get("name", ""),
        title=descriptor.get("title", ""),
        version=descriptor.get("version", "0"),
        licence_name=licence.get("name", ""),
        licence_url=licence.get("path", ""),
        tables=tables,
        foreign_keys=tuple(foreign_keys),
        study_start=dt.date.fromisoformat(period["start"]),
        study_end=dt.date.fromisoformat(period["end"]),
        region=StudyRegion(**{key: float(value) for key, value in region.items()}),
        contributors=tuple(
            {str(key): str(value) for key, value in person.items()} for person in descriptor.get("contributors", [])
        ),
        created=dt.date.fromisoformat(str(descriptor["created"])[:10]) if descriptor.get("created") else None,
        metric_descriptions=dict(descriptor.get("x-metric-descriptions", {})),
        stories=dict(descriptor.get("x-stories", {})),
    )


def untranslated_descriptions(contract: Contract) -> list[str]:
    """Where the descriptor's words for readers lack a language the translations table declares, in words."""
    languages = contract.enum("translations", "language") if "translations" in contract.tables else ()
    missing = []
    for table in contract.tables.values():
        for code in languages:
            if table.title and code not in table.translated_titles:
                missing.append(f"{table.name}: no x-title-{code}")
            if table.description and code not in table.translated_descriptions:
                missing.append(f"{table.name}: no x-description-{code}")
            for field in table.fields:
                if field.description and code not in field.translated_descriptions:
                    missing.append(f"{table.name}.{field.name}: no x-description-{code}")
                if field.pattern_hint and code not in field.translated_pattern_hints:
                    missing.append(f"{table.name}.{field.name}: no x-pattern-hint-{code}")
    return missing


@cache
def load_contract(path: Path = DESCRIPTOR_PATH) -> Contract:
    """Read and parse the project's descriptor once per process."""
    return contract_from_descriptor(json.loads(path.read_text(encoding="utf-8")))


CONTRACT = load_contract()

EVENT_TYPES = CONTRACT.enum("events", "event_type")
SUBTYPES = CONTRACT.enum("events", "subtype")
DATE_PRECISIONS = CONTRACT.enum("events", "date_precision")
LOCATION_PRECISIONS = CONTRACT.enum("events", "location_precision")
CONFIDENCE_LEVELS = CONTRACT.enum("events", "confidence")
COORD_PRECISIONS = CONTRACT.enum("places", "coord_precision")
METRICS = CONTRACT.enum("claims", "metric")
RECORD_KINDS = CONTRACT.enum("events", "record_kind")
CLAIM_BASES = CONTRACT.enum("claims", "basis")
CLAIM_SCOPES = CONTRACT.enum("claims", "scope")
# Rows counted as events, drawn as map points and exported to ACLED-style files; the others are shown as context.
COUNTED_KINDS = ("incident",)
# Rows whose figures are running counts over a period (killings in a camp so far this year): a figure below
# one another claimant had already published counts to an older cut-off. Episodes are not among them: their
# claimants contest one toll, and a party's inflated early claim must not push the others aside.
RUNNING_COUNT_KINDS = ("aggregate",)
# Finest first: an event may be located no finer than what its place's coordinates point at.
PRECISION_RANKS = {"site": 0, "neighbourhood": 1, "town": 2, "district": 3, "governorate": 4, "region": 5}
