"""A problem found in the data: where it is, what is wrong and what is allowed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Self

from incidents.language import ENGLISH, N_, Language

Severity = Literal["error", "warning"]

_SHOWN_VALUE_LENGTH = 80
WARNING_FLAG = N_("warning: ")


class Message(str):
    """A problem's message in English (what the validator prints) that can also be said in a reader's language.

    It is the English text itself, so the validator, its tests and every join of messages treat it as one; the
    template and its values are kept for the Method and data page, which shows each message in the reader's words.
    """

    template: str
    values: Mapping[str, object]

    def __new__(cls, template: str, **values: object) -> Self:
        """The English of `template` filled with `values` (a value may itself be a Message)."""
        text = super().__new__(cls, template.format(**values))
        text.template = template
        text.values = values
        return text

    def __getnewargs_ex__(self) -> tuple[tuple[object, ...], dict[str, object]]:
        """What a copy or an unpickled message is built from: the template and its values, not the English."""
        return (self.template,), dict(self.values)

    def in_language(self, language: Language) -> str:
        """The message in `language`, its Message values too."""
        values = {name: in_language(value, language) for name, value in self.values.items()}
        return language.gettext(self.template).format(**values)


def in_language(text: object, language: Language) -> str:
    """A Message in `language`; any other text as it is (a value quoted from the data, a file name)."""
    return text.in_language(language) if isinstance(text, Message) else str(text)


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
        return self.detail_in(ENGLISH)

    def detail_in(self, language: Language) -> str:
        """The detail in `language` where its message can be said in it."""
        shown = "" if self.value is None else f"{quote_value(self.value)} "
        return f"{shown}{in_language(self.message, language)}"

    def __str__(self) -> str:
        location = ":".join(part for part in (self.file, str(self.line) if self.line else None, self.column) if part)
        flag = "" if self.severity == "error" else WARNING_FLAG
        return f"{location}: {flag}{self.detail}"

    def text_in(self, language: Language = ENGLISH) -> str:
        """The problem as str() says it, in `language` where its message can be said in it."""
        location = ":".join(part for part in (self.file, str(self.line) if self.line else None, self.column) if part)
        flag = "" if self.severity == "error" else language.gettext(WARNING_FLAG)
        return f"{location}: {flag}{self.detail_in(language)}"


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
