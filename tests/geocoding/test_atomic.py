"""Atomic file replacement: the old file or the new one, never a half-written file or a stray temporary."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from incidents.geocoding import atomic
from incidents.geocoding.atomic import write_bytes_atomic, write_text_atomic


def _leftovers(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(atomic.TEMPORARY_SUFFIX))


def test_creates_a_new_file_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    write_text_atomic(target, "a,b\n1,2\n")
    assert target.read_text(encoding="utf-8") == "a,b\n1,2\n"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert _leftovers(tmp_path) == []


def test_replaces_an_existing_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "places.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_bytes_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_text_is_written_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "crlf.csv"
    write_text_atomic(target, '\ufeffa,b\r\n1,"x\ny"\r\n2,z')
    assert target.read_bytes() == '\ufeffa,b\r\n1,"x\ny"\r\n2,z'.encode()


def test_text_uses_the_given_encoding(tmp_path: Path) -> None:
    target = tmp_path / "latin.txt"
    write_text_atomic(target, "Dêrik", encoding="latin-1")
    assert target.read_bytes() == "Dêrik".encode("latin-1")


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failure_during_the_write_keeps_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "places.csv"
    original = b"place_id,name\r\npl-a,A\r\n"
    target.write_bytes(original)

    def fail(*_arguments: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        write_bytes_atomic(target, b"something else entirely\n")
    assert target.read_bytes() == original
    assert _leftovers(tmp_path) == []


def test_an_interrupt_during_the_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "cache.json"
    target.write_text("{}\n", encoding="utf-8")

    def interrupt(*_arguments: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, '{"entries": {}}\n')
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert _leftovers(tmp_path) == []


def test_the_temporary_file_is_a_hidden_sibling_of_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(source: str, destination: str) -> None:
        seen.append((str(source), str(destination)))
        real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", spy)
    target = tmp_path / "places.csv"
    write_text_atomic(target, "x\n")
    ((source, destination),) = seen
    assert Path(source).parent == tmp_path
    assert Path(source).name.startswith(".places.csv.")
    assert source.endswith(atomic.TEMPORARY_SUFFIX)
    assert destination == str(target)
