"""The reader's language: gettext catalogues compiled from locale/*/messages.po, Babel's dates and numbers."""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

# The interface languages, each named in itself (what the switch shows).
LANGUAGES = {"en": "English", "nl": "Nederlands"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "messages"


def catalogue_path(code: str) -> Path:
    """Where the .po file of `code` lives."""
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _compiled(code: str) -> gettext.NullTranslations:
    # Compiled in memory from the .po: nothing to rebuild by hand, and no .mo can fall out of step.
    path = catalogue_path(code)
    if code == DEFAULT_LANGUAGE or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


# Babel parses the locale's number pattern on every call; a page writes the same few counts many times per run.
@functools.lru_cache(maxsize=4096)
def _grouped_number(value: int, code: str) -> str:
    return format_decimal(value, locale=code, group_separator=True)


@dataclass(frozen=True)
class Language:
    """One reader's language: its translations and how it writes dates and numbers. Passed down, never global."""

    code: str
    translations: gettext.NullTranslations

    @property
    def locale(self) -> Locale:
        """Babel's locale for dates and numbers."""
        return Locale.parse(self.code)

    def gettext(self, message: str) -> str:
        """`message` in this language (itself when there is no translation)."""
        return self.translations.gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The singular or plural form for `count`, in this language."""
        return self.translations.ngettext(singular, plural, count)

    def number(self, value: int) -> str:
        """'3,500' in English, '3.500' in Dutch."""
        return _grouped_number(value, self.code)

    def decimal(self, value: float) -> str:
        """'0.5' in English, '0,5' in Dutch: a number with as many decimals as it has, up to three."""
        return format_decimal(value, format="#,##0.###", locale=self.code)

    def language_name(self, code: str) -> str:
        """A source's language named in the reader's ('ar' -> 'Arabic', 'Arabisch'); the code when unknown."""
        try:
            name = Locale.parse(code.strip().replace("-", "_")).get_display_name(self.code)
        except (ValueError, TypeError, UnknownLocaleError):
            return code
        return name or code

    def country_name(self, code: str, english: str) -> str:
        """A country named in the reader's language ('SY' -> 'Syrië'); `english` (the map data's name) in English."""
        if self.code == DEFAULT_LANGUAGE:
            return english
        return str(self.locale.territories.get(code.strip().upper(), english))

    def date(self, day: dt.date, pattern: str) -> str:
        """A date in a CLDR pattern ('d MMM y': '20 Jan 2022', '20 jan. 2022')."""
        return format_date(day, pattern, locale=self.code)


@functools.cache
def _built(code: str) -> Language:
    return Language(code, _compiled(code))


def language(code: str) -> Language:
    """The Language for a code from LANGUAGES (English for anything else); built once per process."""
    return _built(code if code in LANGUAGES else DEFAULT_LANGUAGE)


ENGLISH = language(DEFAULT_LANGUAGE)


def from_accept_language(header: str) -> str:
    """The first interface language a browser's Accept-Language header asks for, English when none fits."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, parameters = part.strip().partition(";")
        weight = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        ranked.append((-weight, position, tag.strip().lower().split("-")[0]))
    for weight, _, code in sorted(ranked):
        if weight < 0 and code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name for "mark only", known to the extractor
    """Mark `message` for the catalogue where it is defined; it is translated where it is shown."""
    return message
