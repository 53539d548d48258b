"""Editors' working notes stay off reader pages: what is left of a note or a source title for readers."""

from __future__ import annotations

import pytest

from incidents.editorial import is_editorial, reader_note, reader_source_title

NOTES = [
    ("a plain note is kept", "more than 800", "more than 800"),
    (
        "a bracketed aside naming the seed goes",
        "'vijf burgers' (SOHR, as quoted by the seed).",
        "'vijf burgers'.",
    ),
    (
        "a sentence about the research notes goes",
        "Running count, 22 Jan: 28. Figure from the research notes' day-by-day table, which does not name the "
        "article carrying it; cited to the closest recorded report (re-check).",
        "Running count, 22 Jan: 28.",
    ),
    (
        "a clause after the reader's part goes",
        "17 dead, from 'sources close to the SDF' (ISWNews); seed 001 gives the same 17 as the SDF's own figure.",
        "17 dead, from 'sources close to the SDF' (ISWNews).",
    ),
    (
        "a metric id goes with its sentence",
        "40 fighters and 77 guards. That is killed_security 117 in the data.",
        "40 fighters and 77 guards.",
    ),
    ("a wholly editorial note is emptied", "Named in seed 003; no event is recorded here.", ""),
    (
        "a place id in brackets goes, the place's name stays",
        "Not the same place as the small al-Hol prison in al-Hawl town (pl-al-hol-prison).",
        "Not the same place as the small al-Hol prison in al-Hawl town.",
    ),
    (
        "a sentence naming an event by its id goes",
        "Car bombs: 2 or 3. Recorded under 2021-01-01-al-hol-killings-january-march as well.",
        "Car bombs: 2 or 3.",
    ),
    (
        "the compilers' fact sheets go",
        "Single source (fact sheets: low-medium, recorded as low). Year total (the fact sheets' record 2021-al-hol).",
        "Single source. Year total.",
    ),
    (
        "a date range and a day count are not ids",
        "Covers 2019-2022; 9-13 Oct; 2021-22 totals.",
        "Covers 2019-2022; 9-13 Oct; 2021-22 totals.",
    ),
]


@pytest.mark.parametrize(("note", "expected"), [case[1:] for case in NOTES], ids=[case[0] for case in NOTES])
def test_reader_note(note: str, expected: str) -> None:
    assert reader_note(note) == expected
    assert not is_editorial(reader_note(note))


def test_untitled_sources_are_named_by_their_site() -> None:
    placeholder = "[title not recorded] URL slug: islamo-valstybes-kovotojai"
    assert reader_source_title(placeholder, "https://www.lrt.lt/naujienos/1") == "article on lrt.lt"
    assert reader_source_title(placeholder, "") == "untitled article"
    assert reader_source_title("IS attack on prison", "https://example.org") == "IS attack on prison"


def test_no_note_a_reader_sees_names_a_record_by_its_id() -> None:
    from incidents import load_dataset
    from tests.support import DATA_DIR

    dataset = load_dataset(DATA_DIR)
    ids = set(dataset.places["place_id"]) | set(dataset.events.index) | set(dataset.sources["source_id"])
    shown = [reader_note(str(note or "")) for note in [*dataset.claims["note"], *dataset.places["notes"]]]
    leaks = sorted({record for note in shown for record in ids if record in note})
    assert not leaks, f"reader pages would show these ids: {leaks}"
