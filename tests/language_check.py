"""Finding English words in what a Dutch reader is shown, leaving out data that stays English."""

from __future__ import annotations

import re
from collections.abc import Iterable

from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.editorial import reader_note

# English words no Dutch interface text holds as a whole word: function words, and the nouns the atlas is made of.
ENGLISH_WORDS = frozenset(
    (
        "the and with for from this that these those which when where what who whose are were has have not or "
        "by each every its their than into only one any all between after before about other also "
        "event events figure figures source sources site sites place places day days month months "
        "year years unknown view page field fields table tables value values allowed pattern least most "
        "killed escaped wounded attack attacks escape escapes riot riots prison prisons camp camps fatalities "
        "notes note licence citation version rule rules error errors warning warnings row rows "
        "january february march may june july august october syria iraq turkey"
    ).split()
)
WORD_PATTERN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Machine names a Dutch text may quote: code spans, link targets, addresses.
MACHINE_NAMES = re.compile(
    r"`[^`]*`|\]\([^)]*\)|https?://\S+|\b[\w-]+\.(?:csv|json|geojson|md|html)\b|\b\w+_\w+\b|\b\w+\.\w+\b"
)
# English names a Dutch text keeps as they are: of a standard, an operation, a publisher.
ENGLISH_NAMES = ("Frictionless Table Schema", "Humanity and Security", "Peace Spring", "CC BY", "CC-BY")


def english_data(dataset: Dataset) -> list[str]:
    """Data a Dutch page shows in English: untranslated titles and names, and what is only ever in English."""
    found: set[str] = set()
    keys = {"events": "event_id"}
    # Place and actor names are left to the card test: pages list the English name among a place's spellings.
    translatable = {"events": ("title", "summary")}
    texts = dataset.translation_texts()
    for table, fields in translatable.items():
        frame = getattr(dataset, table)
        for field in fields:
            for record_id, text in zip(frame[keys[table]], frame[field], strict=True):
                if (table, record_id, field, "nl") not in texts.index:
                    found.add(str(text))
    always = {
        "events": ("notes",),
        "places": ("name", "alt_names", "notes"),
        "actors": ("name", "aliases", "description"),
        "sources": ("publisher", "title", "notes"),
        "claims": ("note", "derivation"),
    }
    for table, fields in always.items():
        for field in fields:
            for text in getattr(dataset, table)[field].dropna():
                found.update(str(text).split(";") if field in ("alt_names", "aliases") else [str(text)])
                # Pages show notes without the editors' asides.
                found.add(reader_note(str(text)))
    # The atlas's published title, quoted as it is in every citation.
    found.add(CONTRACT.title)
    return sorted((text.strip() for text in found if len(text.strip()) > 2), key=len, reverse=True)


def english_words(texts: Iterable[str], data: list[str]) -> dict[str, list[str]]:
    """Each text that holds English words once data, names, code spans and addresses are taken out: its words."""
    flagged = {}
    for text in dict.fromkeys(texts):
        plain = text.replace("\\", "")
        for value in (*data, *ENGLISH_NAMES):
            if value in plain:
                plain = plain.replace(value, " ")
        # A long text's start, cut where a page folds the rest away.
        start = plain.strip().removesuffix("…").strip()
        if len(start) > 40 and any(value.startswith(start) for value in data):
            continue
        plain = MACHINE_NAMES.sub(" ", plain)
        words = [word for word in WORD_PATTERN.findall(plain) if word.lower() in ENGLISH_WORDS]
        if words:
            flagged[text] = words
    return flagged


# The codebook's descriptions name the contract's codes (tables, fields, allowed values) as they are.
CODE_WORDS = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            {table.name for table in CONTRACT.tables.values()}
            | {field.name for table in CONTRACT.tables.values() for field in table.fields}
            | {value for table in CONTRACT.tables.values() for field in table.fields for value in field.enum},
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)
