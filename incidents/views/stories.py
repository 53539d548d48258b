"""Guided stories: YAML files of steps, each a view of the explorer and a short sourced text, checked and read."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import yaml

from incidents.contract.load import Dataset, InvalidDatasetError, load_dataset
from incidents.contract.problems import Problem
from incidents.contract.schema import CONTRACT, Contract
from incidents.editorial import reader_source_title
from incidents.language import ENGLISH, Language
from incidents.text import escape_markdown
from incidents.view_state import ViewState, Vocabulary, parse_query, vocabulary
from incidents.views.event_card import SourceLine
from incidents.views.story_translations import StoryTranslation, check_translations

# The Stories page's own link parameters; the view of a step comes from the story file, not the link.
STORY_PARAMETERS = {
    "story": "id of a story (its file name in data/stories/ without .yaml)",
    "step": "step of the story, counted from 1",
}
# The largest story file read: a story is a few screens of text, never a data dump.
MAX_FILE_BYTES = 200_000
_SHOWN = 40


@dataclass(frozen=True)
class StoryStep:
    """One stop of a story: the view to show and what to read there."""

    view: ViewState
    text: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    """A titled sequence of steps, named in links by its file name."""

    story_id: str
    title: str
    summary: str
    steps: tuple[StoryStep, ...]
    translations: tuple[StoryTranslation, ...] = ()

    def _translation(self, code: str) -> StoryTranslation:
        return next((item for item in self.translations if item.language == code), StoryTranslation(code))

    def title_in(self, code: str) -> str:
        """The title in language `code`, the English one when it has none."""
        return self._translation(code).title or self.title

    def summary_in(self, code: str) -> str:
        """The summary in language `code`, the English one when it has none."""
        return self._translation(code).summary or self.summary

    def step_text_in(self, number: int, code: str) -> str:
        """The text of step `number` (from 1) in language `code`, the English one when it has none."""
        texts = self._translation(code).step_texts
        return texts[number - 1] if len(texts) >= number else self.steps[number - 1].text


@dataclass(frozen=True)
class StoryRules:
    """What the descriptor's `x-stories` allows: folder, id pattern, fields and their limits."""

    folder: str
    id_pattern: str
    fields: Mapping[str, Mapping[str, Any]]
    step_fields: Mapping[str, Mapping[str, Any]]
    # The languages a story may be translated into: those of the translations table.
    languages: tuple[str, ...] = ()


def story_rules(contract: Contract = CONTRACT) -> StoryRules:
    """The story format as the contract declares it."""
    declared = contract.stories
    return StoryRules(
        folder=str(declared.get("path", "stories")),
        id_pattern=str(declared.get("id-pattern", r"^[a-z0-9]+(?:-[a-z0-9]+)*$")),
        fields={str(field["name"]): field for field in declared.get("fields", [])},
        step_fields={str(field["name"]): field for field in declared.get("step-fields", [])},
        languages=contract.enum("translations", "language") if "translations" in contract.tables else (),
    )


def story_files(data_dir: Path, rules: StoryRules) -> list[Path]:
    """The story files of a dataset, in name order (none when it has no stories folder)."""
    folder = Path(data_dir) / rules.folder
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _plain(notice: str) -> str:
    """A link notice written for the page (Markdown) as plain text for the command line."""
    text = re.sub(r"\\(.)", r"\1", notice).replace("`", "")
    return text.removeprefix("Ignored ").removesuffix(".")


class _FileChecker:
    """Reads one story file and collects a problem for everything wrong in it."""

    def __init__(self, path: Path, rules: StoryRules, known: Vocabulary, source_ids: frozenset[str]) -> None:
        self.rules = rules
        self.known = known
        self.source_ids = source_ids
        self.file = f"{rules.folder}/{path.name}"
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, where: str | None, message: str, value: str | None = None, line: int | None = None) -> None:
        self.problems.append(Problem(self.file, line, where, value, message))

    def read(self) -> Story | None:
        story_id = self.path.stem
        if not re.match(self.rules.id_pattern, story_id):
            message = "is not a story id (the file name is the id in links): use lower-case letters, digits and '-'"
            self.problem(None, message, story_id)
        if self.path.stat().st_size > MAX_FILE_BYTES:
            self.problem(None, f"is larger than {MAX_FILE_BYTES:,} bytes; a story is a few screens of text")
            return None
        try:
            content = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.problem(None, "is not UTF-8 text; save it as UTF-8")
            return None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            reason = getattr(error, "problem", None) or "cannot be read"
            self.problem(None, f"is not valid YAML: {reason}", line=mark.line + 1 if mark else None)
            return None
        if not isinstance(content, dict):
            self.problem(None, "must be a mapping with title, summary and steps")
            return None
        self._unknown(content, self.rules.fields, None)
        title = self._text(content, "title", self.rules.fields, None)
        summary = self._text(content, "summary", self.rules.fields, None)
        steps = content.get("steps")
        if not isinstance(steps, list) or not steps:
            self.problem("steps", "must be a list of at least one step (view, text, sources)")
            return None
        limit = int(self.rules.fields.get("steps", {}).get("constraints", {}).get("maxLength", 30))
        if len(steps) > limit:
            self.problem("steps", f"has {len(steps)} steps; at most {limit} are allowed")
        read = [self._step(number, raw) for number, raw in enumerate(steps, start=1)]
        translations = check_translations(self, content.get("translations"), len(steps))
        if self.problems:
            return None
        return Story(story_id, title, summary, tuple(step for step in read if step is not None), translations)

    def _unknown(self, content: Mapping[Any, Any], fields: Mapping[str, Any], where: str | None) -> None:
        for key in content:
            if str(key) not in fields:
                place = f"{where}, {key}" if where else str(key)
                what = "a step" if where else "a story"
                self.problem(place, f"is not a field of {what}; allowed: {', '.join(fields)}")

    def _text(self, content: Mapping[Any, Any], name: str, fields: Mapping[str, Any], where: str | None) -> str:
        place = f"{where}, {name}" if where else name
        value = content.get(name)
        if not isinstance(value, str) or not value.strip():
            self.problem(place, "is missing or empty; write it as text")
            return ""
        limit = fields.get(name, {}).get("constraints", {}).get("maxLength")
        if limit and len(value) > int(limit):
            self.problem(place, f"is {len(value):,} characters long; at most {int(limit):,} are allowed")
        return " ".join(value.split())

    def _step(self, number: int, raw: object) -> StoryStep | None:
        where = f"step {number}"
        if not isinstance(raw, dict):
            self.problem(where, "must be a mapping with view, text and sources")
            return None
        self._unknown(raw, self.rules.step_fields, where)
        view = self._view(raw.get("view"), f"{where}, view")
        text = self._text(raw, "text", self.rules.step_fields, where)
        sources = self._sources(raw.get("sources"), f"{where}, sources")
        if view is None:
            return None
        return StoryStep(view=view, text=text, source_ids=sources)

    def _view(self, value: object, place: str) -> ViewState | None:
        if not isinstance(value, str):
            self.problem(place, "is missing; write the explorer's query string, e.g. ?event=ID")
            return None
        query = value.strip().split("#", 1)[0]
        query = query.split("?", 1)[1] if "?" in query else query
        params = parse_qs(query, keep_blank_values=True)
        state, notices = parse_query(params, self.known)
        for notice in notices:
            self.problem(place, _plain(notice))
        if state.embedded:
            self.problem(place, "layout=embed asks for the article frame; a story step shows the full view")
        return state

    def _sources(self, value: object, place: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
            self.problem(place, "must list at least one source_id from sources.csv")
            return ()
        for source_id in value:
            if source_id not in self.source_ids:
                self.problem(place, "matches no source_id in sources.csv", source_id)
        return tuple(value)


def read_stories(
    data_dir: Path, dataset: Dataset, rules: StoryRules | None = None
) -> tuple[list[Story], list[Problem]]:
    """Every story that passes its checks, and the problems of those that do not."""
    rules = rules or story_rules()
    known = vocabulary(dataset)
    source_ids = frozenset(dataset.sources["source_id"])
    stories: list[Story] = []
    problems: list[Problem] = []
    for path in story_files(data_dir, rules):
        checker = _FileChecker(path, rules, known, source_ids)
        story = checker.read()
        problems.extend(checker.problems)
        if story is not None:
            stories.append(story)
    return stories, problems


def check_stories(data_dir: Path, dataset_problems: Sequence[Problem]) -> list[Problem]:
    """The stories' problems; they are checked against the data only once the data themselves are valid."""
    if any(problem.severity == "error" for problem in dataset_problems) or not story_files(data_dir, story_rules()):
        return []
    try:
        dataset = load_dataset(data_dir)
    except InvalidDatasetError:
        return []
    return read_stories(data_dir, dataset)[1]


def _shown(value: str) -> str:
    short = value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"
    return f"“{escape_markdown(short)}”"


def parse_story_query(
    params: Mapping[str, str | list[str]], stories: Sequence[Story], known: Vocabulary
) -> tuple[Story | None, int, list[str]]:
    """The story and step (from 1) a Stories link asks for, and a notice for each part that had to be ignored.

    The page links carry the reader's explorer view to every page, so view parameters are welcome here; they
    are checked like anywhere else, and the view itself comes from the story.
    """
    notices: list[str] = []

    def first(key: str) -> str | None:
        raw = params.get(key, [])
        values = [raw] if isinstance(raw, str) else list(raw)
        if len(values) > 1:
            notices.append(f"`{key}` was given {len(values)} times; the first value was used.")
        return values[0] if values else None

    story, number = _story_and_step(first("story"), first("step"), stories, notices)
    notices += parse_query(view_parameters(params), known)[1]
    return story, number, notices


def view_parameters(params: Mapping[str, str | list[str]]) -> dict[str, str | list[str]]:
    """The parameters of a Stories link that are not the story's own."""
    return {key: value for key, value in params.items() if key not in STORY_PARAMETERS}


def _story_and_step(
    story_id: str | None, step_text: str | None, stories: Sequence[Story], notices: list[str]
) -> tuple[Story | None, int]:
    story = {story.story_id: story for story in stories}.get(story_id) if story_id is not None else None
    if story_id is not None and story is None:
        notices.append(f"Ignored `story`={_shown(story_id)}: no such story. Pick one from the list.")
    if story is None:
        if step_text is not None and story_id is None:
            notices.append("Ignored `step`: it needs a `story`.")
        return None, 1
    count = len(story.steps)
    if step_text is None:
        return story, 1
    if not step_text.isascii() or not step_text.isdigit() or not 1 <= int(step_text) <= count:
        notices.append(f"Ignored `step`={_shown(step_text)}: this story has steps 1 to {count}; showing step 1.")
        return story, 1
    return story, int(step_text)


def step_sources(dataset: Dataset, step: StoryStep) -> tuple[SourceLine, ...]:
    """The sources a step's text rests on, in the order the story lists them, as the card shows sources."""
    sources = dataset.sources.set_index("source_id")

    def cell(source_id: str, column: str) -> str:
        value: object = sources.at[source_id, column]
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)

    return tuple(
        SourceLine(
            publisher=cell(source_id, "publisher"),
            title=reader_source_title(cell(source_id, "title"), cell(source_id, "url")),
            published=cell(source_id, "published"),
            language=cell(source_id, "language"),
            url=cell(source_id, "url"),
            archived_url=cell(source_id, "archived_url"),
        )
        for source_id in step.source_ids
        if source_id in sources.index
    )


def story_period(dataset: Dataset, story: Story) -> tuple[dt.date, dt.date] | None:
    """First and last day of the events the story's steps select (None when no step selects one)."""
    events = dataset.events
    chosen = [step.view.event_id for step in story.steps if step.view.event_id in events.index]
    if not chosen:
        return None
    rows = events.loc[chosen]
    return rows["date_start"].min().date(), rows["date_end"].max().date()


def period_words(period: tuple[dt.date, dt.date], language: Language = ENGLISH) -> str:
    """'January 2022', 'January–March 2022', 'November 2021 – January 2022' or '2019–2022', in the reader's words."""
    first, last = period
    if (first.year, first.month) == (last.year, last.month):
        return language.date(first, "MMMM y")
    if first.year == last.year:
        return f"{language.date(first, 'MMMM')}–{language.date(last, 'MMMM y')}"
    if last.year - first.year == 1:
        return f"{language.date(first, 'MMMM y')} – {language.date(last, 'MMMM y')}"
    return f"{first:%Y}–{last:%Y}"
