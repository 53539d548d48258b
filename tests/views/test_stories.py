"""Stories: each rule on a tiny named story file with the exact message, the bundled stories, and story links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from incidents import check_dataset, load_dataset
from incidents.view_state import PARAMETERS, vocabulary
from incidents.views.stories import (
    STORY_PARAMETERS,
    Story,
    parse_story_query,
    period_words,
    read_stories,
    story_period,
    story_rules,
)
from tests.support import DATA_DIR, TESTS_DIR

STORIES_DIR = TESTS_DIR / "data" / "stories"

CASES = [
    ("valid.yaml", []),
    (
        "unknown-event.yaml",
        [
            "stories/unknown-event.yaml:step 2, view: "
            "event=“2019-10-14-ain-issa-camp-escape”: no such event in this dataset"
        ],
    ),
    (
        "unknown-source.yaml",
        ['stories/unknown-source.yaml:step 1, sources: "src-trouw-2019-10-14" matches no source_id in sources.csv'],
    ),
    (
        "view-parameters-wrong.yaml",
        [
            "stories/view-parameters-wrong.yaml:step 1, view: unknown parameter “yaer”",
            "stories/view-parameters-wrong.yaml:step 1, view: type=“attack”: not an event type in this dataset",
            "stories/view-parameters-wrong.yaml:step 1, view: "
            "brush=“2020-01-01..2019-01-01”: use YYYY-MM-DD..YYYY-MM-DD, start first",
        ],
    ),
    (
        "view-embedded.yaml",
        [
            "stories/view-embedded.yaml:step 1, view: "
            "layout=embed asks for the article frame; a story step shows the full view"
        ],
    ),
    (
        "step-incomplete.yaml",
        [
            "stories/step-incomplete.yaml:step 1, text: is missing or empty; write it as text",
            "stories/step-incomplete.yaml:step 1, sources: must list at least one source_id from sources.csv",
            "stories/step-incomplete.yaml:step 2, txt: is not a field of a step; allowed: view, text, sources",
            "stories/step-incomplete.yaml:step 2, view: is missing; write the explorer's query string, e.g. ?event=ID",
        ],
    ),
    (
        "no-steps.yaml",
        ["stories/no-steps.yaml:steps: must be a list of at least one step (view, text, sources)"],
    ),
    ("no-title.yaml", ["stories/no-title.yaml:title: is missing or empty; write it as text"]),
    (
        "text-too-long.yaml",
        ["stories/text-too-long.yaml:step 1, text: is 999 characters long; at most 900 are allowed"],
    ),
    (
        "broken-yaml.yaml",
        ["stories/broken-yaml.yaml:7: is not valid YAML: expected ',' or ']', but got '<stream end>'"],
    ),
    (
        "Bad_Name.yaml",
        [
            'stories/Bad_Name.yaml: "Bad_Name" is not a story id (the file name is the id in links): '
            "use lower-case letters, digits and '-'"
        ],
    ),
]


def _with_story(dataset_dir: Path, *names: str) -> Path:
    folder = dataset_dir / "stories"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(STORIES_DIR / name, folder / name)
    return dataset_dir


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[case for case, _ in CASES])
def test_each_story_rule_reports_file_step_and_field(valid_dataset: Path, case: str, expected: list[str]) -> None:
    problems = check_dataset(_with_story(valid_dataset, case))
    assert [str(problem) for problem in problems] == expected
    assert all(problem.severity == "error" for problem in problems)


def test_every_fixture_file_has_a_case() -> None:
    assert {path.name for path in STORIES_DIR.glob("*.yaml")} == {case for case, _ in CASES}


def test_stories_are_not_checked_against_invalid_data(valid_dataset: Path) -> None:
    # The data's own errors come first: a story cannot be checked against events that failed to load.
    (valid_dataset / "sources.csv").write_text("source_id\n", encoding="utf-8")
    problems = [str(problem) for problem in check_dataset(_with_story(valid_dataset, "unknown-event.yaml"))]
    assert problems and not any(problem.startswith("stories/") for problem in problems)


def test_a_valid_story_reads_as_views_texts_and_sources(valid_dataset: Path) -> None:
    data_dir = _with_story(valid_dataset, "valid.yaml")
    stories, problems = read_stories(data_dir, load_dataset(data_dir))
    assert problems == []
    (story,) = stories
    assert (story.story_id, story.title, len(story.steps)) == ("valid", "Two camps", 2)
    second = story.steps[1]
    assert second.view.event_id == "2021-01-01-al-hol-camp-killings"
    assert second.view.criteria.places == ("pl-al-hol-camp",)
    assert second.view.brush is not None and second.view.brush[0].isoformat() == "2021-01-01"
    assert second.source_ids == ("src-sohr-2019-10-13",)


def test_a_translated_story_gives_its_texts_in_dutch_and_falls_back_to_english(valid_dataset: Path) -> None:
    data_dir = _with_story(valid_dataset, "valid.yaml")
    (story,) = read_stories(data_dir, load_dataset(data_dir))[0]
    assert (story.title_in("nl"), story.step_text_in(2, "nl")) == ("Twee kampen", "Moorden in kamp Al-Hol in 2021.")
    # The Dutch leaves out the summary, so it stays English; English readers get the English throughout.
    assert story.summary_in("nl") == "From Ain Issa to al-Hol."
    assert (story.title_in("en"), story.step_text_in(2, "en")) == ("Two camps", "Killings in al-Hol during 2021.")


def test_the_story_format_is_read_from_the_contract() -> None:
    rules = story_rules()
    assert rules.folder == "stories"
    assert list(rules.fields) == ["title", "summary", "steps", "translations"]
    assert rules.languages == ("nl",)
    assert list(rules.step_fields) == ["view", "text", "sources"]


def test_the_bundled_stories_are_valid_and_walk_ghwayran_through_its_phases(real_dataset) -> None:
    stories, problems = read_stories(DATA_DIR, real_dataset)
    assert problems == []
    by_id = {story.story_id: story for story in stories}
    assert set(by_id) == {"ghwayran-2022", "al-hol-2019-2022"}
    events = real_dataset.events
    phases = sorted(events.index[events["parent_id"] == "2022-01-20-ghwayran-prison-attack"])
    shown = [step.view.event_id for step in by_id["ghwayran-2022"].steps]
    # Every phase of the episode, in date order, and the episode itself.
    assert [event for event in shown if event in phases] == phases
    assert "2022-01-20-ghwayran-prison-attack" in shown
    al_hol = [step.view.event_id for step in by_id["al-hol-2019-2022"].steps]
    years = {str(event)[:4] for event in al_hol}
    assert years == {"2019", "2020", "2021", "2022"}
    assert all(events.at[event, "place_id"] == "pl-al-hol-camp" for event in al_hol)


_STORY = Story("ghwayran", "Ghwayran", "Ten days.", steps=(None, None, None))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "story_id", "step", "notices"),
    [
        ({}, None, 1, []),
        ({"story": ["ghwayran"]}, "ghwayran", 1, []),
        ({"story": ["ghwayran"], "step": ["3"]}, "ghwayran", 3, []),
        # The page links carry the reader's explorer view: those keys are not a mistake here.
        ({"story": ["ghwayran"], "step": ["2"], "type": ["riot"]}, "ghwayran", 2, []),
        (
            {"story": ["ghwayran"], "step": ["4"]},
            "ghwayran",
            1,
            ["Ignored `step`=“4”: this story has steps 1 to 3; showing step 1."],
        ),
        (
            {"story": ["ghwayran"], "step": ["²"]},
            "ghwayran",
            1,
            ["Ignored `step`=“²”: this story has steps 1 to 3; showing step 1."],
        ),
        (
            {"story": ["al-hol"], "step": ["2"]},
            None,
            1,
            ["Ignored `story`=“al\\-hol”: no such story. Pick one from the list."],
        ),
        ({"step": ["2"]}, None, 1, ["Ignored `step`: it needs a `story`."]),
        (
            {"story": ["ghwayran", "al-hol"], "chapter": ["1"]},
            "ghwayran",
            1,
            ["`story` was given 2 times; the first value was used.", "Ignored unknown parameter “chapter”."],
        ),
        # View parameters are checked as on every page.
        (
            {"story": ["ghwayran"], "event": ["nowhere"]},
            "ghwayran",
            1,
            ["Ignored `event`=“nowhere”: no such event in this dataset."],
        ),
    ],
)
def test_story_links(
    query: dict[str, list[str]], story_id: str | None, step: int, notices: list[str], explorer_dataset
) -> None:
    story, number, found = parse_story_query(query, [_STORY], vocabulary(explorer_dataset))
    assert (story.story_id if story else None, number, found) == (story_id, step, notices)


def test_story_parameters_do_not_clash_with_view_parameters() -> None:
    assert not set(STORY_PARAMETERS) & set(PARAMETERS)


@pytest.mark.parametrize(
    ("first", "last", "words"),
    [
        ("2022-01-20", "2022-01-30", "January 2022"),
        ("2021-01-01", "2021-03-31", "January–March 2021"),
        ("2021-11-01", "2022-01-30", "November 2021 – January 2022"),
        ("2019-09-30", "2022-11-23", "2019–2022"),
    ],
)
def test_a_story_period_in_words(first: str, last: str, words: str) -> None:
    import datetime as dt

    assert period_words((dt.date.fromisoformat(first), dt.date.fromisoformat(last))) == words


def test_a_story_period_in_dutch() -> None:
    import datetime as dt

    from incidents.language import language

    dutch = language("nl")
    assert period_words((dt.date(2021, 11, 1), dt.date(2022, 1, 30)), dutch) == "november 2021 – januari 2022"
    assert period_words((dt.date(2021, 1, 1), dt.date(2021, 3, 31)), dutch) == "januari–maart 2021"


def test_the_period_of_a_story_spans_the_events_its_steps_select(real_dataset) -> None:
    stories, _ = read_stories(DATA_DIR, real_dataset)
    periods = {story.story_id: period_words(story_period(real_dataset, story)) for story in stories}
    assert periods == {"ghwayran-2022": "November 2021 – January 2022", "al-hol-2019-2022": "2019–2022"}


def test_the_bundled_stories_read_in_dutch_step_by_step(real_dataset) -> None:
    stories = read_stories(DATA_DIR, real_dataset)[0]
    for story in stories:
        dutch = [story.step_text_in(number, "nl") for number in range(1, len(story.steps) + 1)]
        # Every step has its own Dutch text, none left in English.
        assert all(text != step.text for text, step in zip(dutch, story.steps, strict=True)), story.story_id
        assert story.title_in("nl") != story.title and story.summary_in("nl") != story.summary
    ghwayran = next(story for story in stories if story.story_id == "ghwayran-2022")
    assert "ongeveer 5.000" in ghwayran.step_text_in(2, "nl")
