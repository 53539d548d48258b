"""Collect every reader-facing message and bring the catalogues in step: `python -m scripts.messages`.

Messages are the strings marked with _(), ngettext() or N_() in the app's code, and the labels the descriptor
declares (x-labels in data/datapackage.json). New messages enter each .po with an empty translation (the catalogue
test then fails until someone writes it); messages no longer used are dropped.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
DESCRIPTOR = REPOSITORY_ROOT / "data" / "datapackage.json"
LOCALE_DIR = REPOSITORY_ROOT / "locale"
# The app's own code, the validator's messages included (Method and data shows them); the geocoder is a tool.
SOURCE_FOLDERS = ("incidents", "ui", "pages")
SKIPPED = ("incidents/geocoding/", "incidents/__main__.py")
TRANSLATED = ("nl",)
PROJECT = "Detention Atlas"
# Each catalogue's team, named in its own language.
LANGUAGE_TEAMS = {"nl": "Nederlandse redactie van Detention Atlas"}


def project_version() -> str:
    """The app's version, as pyproject.toml declares it."""
    with (REPOSITORY_ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def editors_address(path: Path = DESCRIPTOR) -> str:
    """Where readers and translators write to: the e-mail of the descriptor's publisher."""
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    addresses = [person["email"] for person in descriptor.get("contributors", []) if person.get("email")]
    return addresses[0] if addresses else ""


def fill_header(catalogue: Catalog, code: str) -> None:
    """The catalogue's header names the project, its version, its team and where to report a wrong message."""
    address = editors_address()
    team = f"{LANGUAGE_TEAMS.get(code, PROJECT)} <{address}>"
    catalogue.project = PROJECT
    catalogue.version = project_version()
    catalogue.copyright_holder = PROJECT
    catalogue.msgid_bugs_address = address
    catalogue.last_translator = team
    catalogue.language_team = team
    catalogue.revision_date = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)


def descriptor_labels(path: Path = DESCRIPTOR) -> list[tuple[str, str]]:
    """(where, label) for every x-labels value of every field in the descriptor."""
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            for value, label in field.get("x-labels", {}).items():
                found.append((f"data/datapackage.json:{resource['name']}.{field['name']}={value}", label))
    return found


def extract_messages() -> Catalog:
    """Every message the app can show, with where it comes from."""
    catalogue = Catalog(project=PROJECT, version=project_version(), charset="utf-8")
    sources = [REPOSITORY_ROOT / "app.py"]
    for folder in SOURCE_FOLDERS:
        sources.append(REPOSITORY_ROOT / folder)
    for source in sources:
        if source.is_file():
            found = extract_from_dir(str(source.parent), method_map=[(source.name, "python")])
        else:
            found = extract_from_dir(str(source), method_map=[("**.py", "python")])
        for filename, line, message, comments, _context in found:
            relative = (source.relative_to(REPOSITORY_ROOT).parent if source.is_file() else source) / filename
            name = relative.relative_to(REPOSITORY_ROOT).as_posix() if relative.is_absolute() else relative.as_posix()
            if name.startswith(SKIPPED):
                continue
            catalogue.add(message, locations=[(name, line)], auto_comments=comments)
    for where, label in descriptor_labels():
        catalogue.add(label, locations=[(where, 0)])
    return catalogue


def update(code: str) -> Path:
    """Bring locale/<code>/LC_MESSAGES/messages.po in step with the code, keeping every translation."""
    path = LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
    template = extract_messages()
    existing = Catalog(locale=code)
    if path.exists():
        with path.open("rb") as handle:
            existing = read_po(handle, locale=code)
    existing.update(template, no_fuzzy_matching=True)
    existing.obsolete.clear()
    fill_header(existing, code)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, existing, width=120, sort_output=False, include_previous=False)
    return path


def main() -> int:
    """Update every translated catalogue and say which messages still need a translation."""
    for code in TRANSLATED:
        path = update(code)
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=code)
        untranslated = [message.id for message in catalogue if message.id and not message.string]
        print(f"{path.relative_to(REPOSITORY_ROOT)}: {len(untranslated)} message(s) to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
