"""places.csv as text: records with exact bytes and line numbers, untouched rows kept, edits by others respected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from incidents.geocoding import resolver
from incidents.geocoding.cli import main
from incidents.geocoding.places_file import InputError, read_places, split_records
from incidents.geocoding.resolver import PlaceQuery, Resolver
from tests.geocoding.support import (
    FIXTURES,
    dataset,
    raw_lines,
    rows_by_id,
    run_geocode,
)


def test_split_records_keeps_exact_text_and_line_numbers() -> None:
    text = 'a,b\r\n1,"x\r\ny"\n\n2,"q""uote"\r3,z'
    records = split_records(text, "t.csv")
    assert "".join(record.raw for record in records) == text
    assert [record.line for record in records] == [1, 2, 4, 5, 6]
    assert records[1].cells == ["1", "x\r\ny"]
    assert records[2].is_blank
    assert records[3].cells == ["2", 'q"uote']
    assert [record.terminator for record in records] == ["\r\n", "\n", "\n", "\r", ""]
    with pytest.raises(InputError, match=r"t.csv:2: a quoted cell"):
        split_records('a\n"open\n', "t.csv")


def test_places_file_renders_unchanged_when_nothing_changes(tmp_path: Path) -> None:
    for fixture in sorted(FIXTURES.glob("places_*.csv")):
        if fixture.name in ("places_unclosed_quote.csv", "places_missing_column.csv"):
            continue
        places = read_places(fixture)
        assert places.render({}).encode() == fixture.read_bytes(), fixture.name


def test_checked_rows_and_untouched_rows_keep_their_exact_bytes(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_checked_row.csv")
    before = raw_lines(data_dir / "places.csv")
    assert main(run_geocode(data_dir, "--offline")) == 0
    after = raw_lines(data_dir / "places.csv")
    for place_id in ("place_id", "pl-al-hol-camp", "pl-hasakah", "pl-ghwayran-prison", "pl-raqqa"):
        assert after[place_id] == before[place_id], place_id
    assert after["pl-qamishli"] != before["pl-qamishli"]
    rows = rows_by_id(data_dir / "places.csv")
    assert rows["pl-ghwayran-prison"]["latitude"] == ""  # checked, even without coordinates
    assert rows["pl-suluk"]["notes"] == 'Notes with "quotes", kept.'
    assert rows["pl-suluk"]["coord_source"] == "geonames"


def test_crlf_bom_and_multi_line_cells_survive(tmp_path: Path) -> None:
    data_dir = dataset(tmp_path, "places_crlf.csv")
    original = (data_dir / "places.csv").read_bytes()
    assert main(run_geocode(data_dir, "--offline")) == 0
    written = (data_dir / "places.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbfplace_id,")
    assert written.count(b"\r\n") == original.count(b"\r\n")
    assert b"\n" not in written.replace(b"\r\n", b"")
    assert not written.endswith(b"\n")
    checked = (
        b"pl-al-hol-camp,al-Hol camp,,camp,al-Hasakah,SY,36.3755,41.1485,site,manual,true,"
        b'"First line\r\nsecond line"\r\n'
    )
    assert checked in original and checked in written
    rows = rows_by_id(data_dir / "places.csv")
    assert rows["pl-hasakah"]["notes"] == "Two-line note,\r\nkept as is"
    assert rows["pl-hasakah"]["coord_source"] == "geonames"
    assert rows["pl-hajin"]["coord_source"] == "geonames"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("places_missing_column.csv", "places.csv:1: column(s) checked missing from the header"),
        ("places_unclosed_quote.csv", "places.csv:3: a quoted cell opened here is never closed"),
    ],
)
def test_bad_files_get_one_line_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture: str, message: str
) -> None:
    data_dir = dataset(tmp_path, fixture)
    original = (data_dir / "places.csv").read_bytes()
    assert main(run_geocode(data_dir, "--offline")) == 1
    error = capsys.readouterr().err
    assert message in error
    assert len(error.strip().splitlines()) == 1
    assert "Traceback" not in error
    assert (data_dir / "places.csv").read_bytes() == original


def test_edits_made_during_the_run_are_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = dataset(tmp_path, "places_checked_row.csv")
    places_path = data_dir / "places.csv"
    edited = places_path.read_bytes().replace(b"Rounded on purpose", b"Edited by hand meanwhile")
    real_resolve = Resolver.resolve

    def resolve_while_someone_edits(self: Resolver, place: PlaceQuery) -> Any:
        places_path.write_bytes(edited)
        return real_resolve(self, place)

    monkeypatch.setattr(resolver.Resolver, "resolve", resolve_while_someone_edits)
    assert main(run_geocode(data_dir, "--offline")) == 1
    assert "changed by someone else during the run; nothing written" in capsys.readouterr().err
    assert places_path.read_bytes() == edited
