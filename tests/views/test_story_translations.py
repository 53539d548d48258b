"""A story's translations: each rule on a tiny named story file with the exact message, and the texts read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from incidents import check_dataset
from incidents.views.stories import story_rules
from incidents.views.story_translations import StoryTranslation, check_translations
from tests.support import TESTS_DIR

TRANSLATIONS_DIR = TESTS_DIR / "data" / "stories" / "translations"

CASES = [
    (
        "translation-unknown-language.yaml",
        ["stories/translation-unknown-language.yaml:translations, fr: is not a language of translations; allowed: nl"],
    ),
    (
        "translation-unknown-field.yaml",
        [
            "stories/translation-unknown-field.yaml:translations, nl, titel: "
            "is not a field of a translation; allowed: title, summary, steps"
        ],
    ),
    (
        "translation-step-count.yaml",
        [
            "stories/translation-step-count.yaml:translations, nl, steps: "
            "has 1 texts; the story has 2 steps (one text per step, in the same order)"
        ],
    ),
    (
        "translation-empty-text.yaml",
        [
            "stories/translation-empty-text.yaml:translations, nl, summary: "
            "is empty; write the translated text or leave the field out",
            "stories/translation-empty-text.yaml:translations, nl, step 1: "
            "is empty; write the translated text or leave the field out",
        ],
    ),
    (
        "translation-too-long.yaml",
        ["stories/translation-too-long.yaml:translations, nl, title: is 124 characters long; at most 120 are allowed"],
    ),
    (
        "translation-not-a-mapping.yaml",
        [
            "stories/translation-not-a-mapping.yaml:translations: "
            "must map a language code to its texts, e.g. nl: {title: ..., steps: [...]}"
        ],
    ),
    (
        "translation-language-not-a-mapping.yaml",
        [
            "stories/translation-language-not-a-mapping.yaml:translations, nl: "
            "must be a mapping with title, summary and steps (one text per step)"
        ],
    ),
    (
        "translation-steps-not-a-list.yaml",
        [
            "stories/translation-steps-not-a-list.yaml:translations, nl, steps: "
            "must be a list of texts, one per step in the same order"
        ],
    ),
]


class Recorder:
    """Stands in for a story file's checker: the story format from the contract, problems as lines."""

    def __init__(self) -> None:
        self.rules = story_rules()
        self.problems: list[str] = []

    def problem(self, where: str | None, message: str, value: str | None = None, line: int | None = None) -> None:
        self.problems.append(f"{where}: {message}")


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[case for case, _ in CASES])
def test_each_translation_rule_reports_file_language_and_field(
    valid_dataset: Path, case: str, expected: list[str]
) -> None:
    folder = valid_dataset / "stories"
    folder.mkdir()
    shutil.copy(TRANSLATIONS_DIR / case, folder / case)
    problems = check_dataset(valid_dataset)
    assert [str(problem) for problem in problems] == expected
    assert all(problem.severity == "error" for problem in problems)


def test_every_translation_fixture_file_has_a_case() -> None:
    assert {path.name for path in TRANSLATIONS_DIR.glob("*.yaml")} == {case for case, _ in CASES}


def test_translated_texts_are_read_in_one_line_and_missing_parts_stay_empty() -> None:
    recorder = Recorder()
    raw = {"nl": {"title": "  Twee\n  kampen ", "steps": ["Uit Ain Issa.", "Naar  al-Hol."]}}
    assert check_translations(recorder, raw, 2) == (
        StoryTranslation("nl", title="Twee kampen", summary="", step_texts=("Uit Ain Issa.", "Naar al-Hol.")),
    )
    assert recorder.problems == []


def test_a_story_without_translations_has_none() -> None:
    recorder = Recorder()
    assert check_translations(recorder, None, 1) == ()
    assert recorder.problems == []
