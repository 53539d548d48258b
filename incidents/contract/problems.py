"""A problem found in the data: where it is, what is wrong and what is allowed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

_SHOWN_VALUE_LENGTH = 80


@dataclass(frozen=True)
class Problem:
    """One finding, located as an editor shows it: file, line (1 = header), column."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    severity: Severity = "error"

    @property
    def detail(self) -> str:
        """What is wrong, without the location: the quoted value and the message."""
        shown = "" if self.value is None else f"{quote_value(self.value)} "
        return f"{shown}{self.message}"

    def __str__(self) -> str:
        location = ":".join(part for part in (self.file, str(self.line) if self.line else None, self.column) if part)
        flag = "" if self.severity == "error" else "warning: "
        return f"{location}: {flag}{self.detail}"


def quote_value(value: str) -> str:
    """Show a cell value in quotes, shortened and with control characters made visible."""
    # Zero-width and control characters would hide what is wrong, so they are shown escaped.
    visible = "".join(char if char.isprintable() else repr(char)[1:-1] for char in value)
    if len(visible) > _SHOWN_VALUE_LENGTH:
        visible = visible[: _SHOWN_VALUE_LENGTH - 1] + "…"
    return f'"{visible}"'


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem is an error rather than a warning."""
    return any(problem.severity == "error" for problem in problems)
