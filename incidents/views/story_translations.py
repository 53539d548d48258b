"""A story's texts in other languages: read from its `translations` mapping and checked against the English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

# The parts of a story a translation may give, and the English field whose length limit each shares.
TRANSLATED_PARTS = {"title": "title", "summary": "summary", "steps": "text"}


@dataclass(frozen=True)
class StoryTranslation:
    """A story's title, summary and step texts in one language; an empty text falls back to the English."""

    language: str
    title: str = ""
    summary: str = ""
    step_texts: tuple[str, ...] = ()


class _Rules(Protocol):
    @property
    def fields(self) -> Mapping[str, Mapping[str, Any]]:
        """The story's fields by name."""

    @property
    def step_fields(self) -> Mapping[str, Mapping[str, Any]]:
        """A step's fields by name."""

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages a story may be translated into."""


class _Checker(Protocol):
    @property
    def rules(self) -> _Rules:
        """The story format the file is checked against."""

    def problem(self, where: str | None, message: str, value: str | None = None, line: int | None = None) -> None:
        """Record one problem of the story file."""


def _limit(rules: _Rules, part: str) -> int | None:
    fields = rules.step_fields if part == "steps" else rules.fields
    limit = fields.get(TRANSLATED_PARTS[part], {}).get("constraints", {}).get("maxLength")
    return int(limit) if limit else None


def _text(checker: _Checker, value: object, place: str, limit: int | None) -> str:
    if not isinstance(value, str) or not value.strip():
        checker.problem(place, "is empty; write the translated text or leave the field out")
        return ""
    if limit and len(value) > limit:
        checker.problem(place, f"is {len(value):,} characters long; at most {limit:,} are allowed")
    return " ".join(value.split())


def _one_language(checker: _Checker, code: str, raw: object, step_count: int) -> StoryTranslation | None:
    where = f"translations, {code}"
    if not isinstance(raw, dict):
        checker.problem(where, "must be a mapping with title, summary and steps (one text per step)")
        return None
    for key in raw:
        if str(key) not in TRANSLATED_PARTS:
            checker.problem(
                f"{where}, {key}", f"is not a field of a translation; allowed: {', '.join(TRANSLATED_PARTS)}"
            )
    rules = checker.rules
    title = _text(checker, raw["title"], f"{where}, title", _limit(rules, "title")) if "title" in raw else ""
    summary = _text(checker, raw["summary"], f"{where}, summary", _limit(rules, "summary")) if "summary" in raw else ""
    texts: tuple[str, ...] = ()
    if "steps" in raw:
        steps = raw["steps"]
        if not isinstance(steps, list):
            checker.problem(f"{where}, steps", "must be a list of texts, one per step in the same order")
        else:
            if len(steps) != step_count:
                checker.problem(
                    f"{where}, steps",
                    f"has {len(steps)} texts; the story has {step_count} steps (one text per step, in the same order)",
                )
            texts = tuple(
                _text(checker, text, f"{where}, step {number}", _limit(rules, "steps"))
                for number, text in enumerate(steps, start=1)
            )
    return StoryTranslation(code, title, summary, texts)


def check_translations(checker: _Checker, raw: object, step_count: int) -> tuple[StoryTranslation, ...]:
    """The translations of a story file's `translations` mapping, recording a problem for each wrong part."""
    if raw is None:
        return ()
    allowed = checker.rules.languages
    if not isinstance(raw, dict):
        checker.problem("translations", "must map a language code to its texts, e.g. nl: {title: ..., steps: [...]}")
        return ()
    read: list[StoryTranslation] = []
    for code, texts in raw.items():
        if str(code) not in allowed:
            checker.problem(
                f"translations, {code}", f"is not a language of translations; allowed: {', '.join(allowed)}"
            )
            continue
        translation = _one_language(checker, str(code), texts, step_count)
        if translation is not None:
            read.append(translation)
    return tuple(read)
