"""Replace a file atomically: readers and crashes see either the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["TEMPORARY_SUFFIX", "write_bytes_atomic", "write_text_atomic"]

# Temporary files are hidden dot-files ending in .tmp, which .gitignore already excludes.
TEMPORARY_SUFFIX = ".tmp"


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` via a synced temporary file in the same directory and os.replace."""
    target = Path(path)
    directory = target.parent
    # The temporary file lives beside the target: os.replace is atomic only within one file system.
    descriptor, temporary_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX, dir=directory)
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file private (0600); keep the mode the target had, or the usual default.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        # BaseException too: a KeyboardInterrupt mid-write must not leave a stray temporary file.
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_directory(directory)


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write `text` atomically, encoded as given; line endings are written exactly as they are in `text`."""
    write_bytes_atomic(path, text.encode(encoding))


def _mode_for(target: Path) -> int:
    """Permission bits for the new file: those of the existing target, else 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_current_umask()


def _current_umask() -> int:
    """The process umask, read without changing it (os.umask would race with other threads)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _sync_directory(directory: Path) -> None:
    """Flush the directory entry so the rename itself survives a power cut (POSIX only; best effort)."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
