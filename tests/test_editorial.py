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
