"""The offline copy of a view: every card with its claims and sources, credits, inert hostile text, size."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from incidents import load_dataset
from incidents.citation import attribution, view_citation
from incidents.contract.schema import CONTRACT
from incidents.filters import EventFilter, filter_events
from incidents.language import language
from incidents.localized import localized_dataset
from incidents.view_state import ViewState
from incidents.views.event_card import event_details
from incidents.views.snapshot import build_snapshot, content_security_policy, short_name, snapshot_name
from tests.language_check import english_data, english_words
from tests.support import TESTS_DIR

ACCESSED = dt.date(2026, 12, 3)
PERMALINK = "https://atlas.example.org/?type=riot"
# What a reader can be asked to carry on a phone or send by mail: the bundled data's full view stays well under it.
SNAPSHOT_BYTE_LIMIT = 2_000_000
# Elements the builder writes; anything else in the file came from data.
BUILDER_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "p", "b", "nav", "a", "section",
    "div", "svg", "path", "text", "circle", "g", "rect", "line", "span", "article", "dl", "dt", "dd", "details",
    "summary", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "script",
}  # fmt: skip


@dataclass
class _Block:
    text: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Tags, attributes, scripts, and the text and links inside each <article> by its id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.articles: dict[str, _Block] = {}
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._article: str | None = None
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        values = dict(attrs)
        if tag == "article":
            self._article = values.get("id")
            self.articles[str(self._article)] = _Block()
        if tag == "a" and self._article:
            self.articles[self._article].links.append(str(values.get("href")))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article = None
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        if self._article:
            self.articles[self._article].text.append(data)


def _read(page: str) -> _Reader:
    reader = _Reader()
    reader.feed(page)
    return reader


def _cards(page: str) -> dict[str, _Block]:
    return {key: block for key, block in _read(page).articles.items() if key.startswith("event-")}


@pytest.fixture(scope="module")
def explorer() -> object:
    return load_dataset(TESTS_DIR / "data" / "explorer")


def test_every_filtered_event_has_its_card_with_claims_and_sources(explorer) -> None:  # noqa: ANN001
    view = ViewState(criteria=EventFilter(event_types=("riot", "prison_attack")))
    events = filter_events(explorer, view.criteria)
    page = build_snapshot(explorer, events, view, PERMALINK, ACCESSED)
    cards = _cards(page)
    assert len(cards) == len(events) == 3
    for event_id, block in zip(events["event_id"], cards.values(), strict=True):
        details = event_details(explorer, str(event_id))
        text = " ".join(block.text)
        assert details.title in text
        for figure in details.figures:
            assert f"{figure.label}: {figure.headline} (range {figure.range_text}" in text
            for claim in figure.claims:
                assert claim.value_text in text and claim.claimant in text
        for source in details.sources:
            assert source.title in text
            assert source.url in block.links
    # Events outside the view are not in the file.
    others = explorer.events.loc[~explorer.events["event_id"].isin(events["event_id"]), "title"]
    assert not any(html.escape(str(title)) in page for title in others)


def test_competing_claims_stand_side_by_side_with_the_derived_one_marked() -> None:
    dataset = load_dataset(TESTS_DIR.parent / "data")
    derived = dataset.claims[dataset.claims["basis"].astype(str) == "derived"]
    event_id = str(derived["event_id"].iloc[0])
    view = ViewState(event_id=event_id)
    page = build_snapshot(dataset, dataset.events.loc[[event_id]], view, "", ACCESSED)
    text = " ".join(next(iter(_cards(page).values())).text)
    assert "derived by the atlas, not a claim" in text
    details = event_details(dataset, event_id)
    contested = max(details.figures, key=lambda figure: len(figure.claims))
    assert all(claim.value_text in text for claim in contested.claims)
    assert f"range {contested.range_text}" in text


def test_the_file_carries_version_licence_and_the_citation_of_the_view(explorer) -> None:  # noqa: ANN001
    view = ViewState(criteria=EventFilter(event_types=("riot",)))
    events = filter_events(explorer, view.criteria)
    page = build_snapshot(explorer, events, view, PERMALINK, ACCESSED)
    citation = view_citation(
        attribution(CONTRACT), CONTRACT, explorer.version, PERMALINK, ACCESSED, None, 2, explorer.event_count
    )
    assert html.escape(citation) in page
    assert f"Data version {explorer.version}." in page
    assert f'href="{CONTRACT.licence_url}"' in page and CONTRACT.licence_name in page
    assert f'href="{html.escape(PERMALINK)}"' in page
    assert "2 of 8 events" in page and "types Riot" in page


def test_the_selected_event_opens_first(explorer) -> None:  # noqa: ANN001
    view = ViewState(event_id="2020-03-29-ghwayran-riot")
    page = build_snapshot(explorer, filter_events(explorer, view.criteria), view, PERMALINK, ACCESSED)
    opened = [
        values for tag, values in _read(page).tags if tag == "article" and "initial" in str(dict(values)["class"])
    ]
    assert len(opened) == 1
    assert "Riot at Ghwayran prison" in " ".join(_cards(page)[str(dict(opened[0])["id"])].text)


def test_the_page_allows_no_request_and_only_its_own_style_and_script(explorer) -> None:  # noqa: ANN001
    page = build_snapshot(explorer, explorer.events, ViewState(), PERMALINK, ACCESSED)
    reader = _read(page)
    policy = next(
        dict(attrs)["content"]
        for tag, attrs in reader.tags
        if tag == "meta" and ("http-equiv", "Content-Security-Policy") in attrs
    )
    assert policy == content_security_policy()
    assert "default-src 'none'" in policy

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    # The browser runs the style and script only if their hashes match the policy's.
    assert f"'{digest(''.join(reader.styles))}'" in policy and f"'{digest(''.join(reader.scripts))}'" in policy
    assert not [tag for tag, attrs in reader.tags if any(name in ("src", "style") for name, _ in attrs)]


def test_hostile_text_stays_text() -> None:
    dataset = load_dataset(TESTS_DIR / "data" / "hostile")
    page = build_snapshot(dataset, dataset.events, ViewState(), PERMALINK, ACCESSED)
    reader = _read(page)
    assert {tag for tag, _ in reader.tags} <= BUILDER_TAGS
    assert sum(tag == "script" for tag, _ in reader.tags) == 1 and "__pwned" not in "".join(reader.scripts)
    assert not [name for _, attrs in reader.tags for name, _ in attrs if name.startswith("on")]
    links = [str(dict(attrs).get("href")) for tag, attrs in reader.tags if tag == "a"]
    assert links and all(link.startswith(("#", "https://", "http://")) for link in links)
    assert all('"' not in link and "<" not in link for link in links)
    # The payloads are shown, as text.
    assert "&lt;script&gt;window.__pwned=1" in page
    assert len(_cards(page)) == len(dataset.events)


def test_a_very_long_summary_is_cut_with_the_whole_text_folded(explorer) -> None:  # noqa: ANN001
    dataset = load_dataset(TESTS_DIR / "data" / "hostile")
    long_one = dataset.events["summary"].str.len().idxmax()
    page = build_snapshot(dataset, dataset.events.loc[[long_one]], ViewState(), "", ACCESSED)
    assert "Read the whole summary (100,000 characters)" in page
    assert page.count(str(dataset.events.at[long_one, "summary"])) == 1


def test_the_bundled_datas_whole_view_stays_small() -> None:
    dataset = load_dataset(TESTS_DIR.parent / "data")
    page = build_snapshot(dataset, dataset.events, ViewState(), PERMALINK, ACCESSED)
    assert len(_cards(page)) == dataset.event_count
    assert len(page.encode("utf-8")) < SNAPSHOT_BYTE_LIMIT


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Taji prison, north of Baghdad", "Taji prison"),
        ("al-Azim (al-Udhaim), Diyala", "al-Azim"),
        ("al-Hol camp", "al-Hol camp"),
    ],
)
def test_map_labels_drop_the_qualifiers(name: str, label: str) -> None:
    assert short_name(name) == label


def test_a_view_beyond_the_limit_is_refused_not_cut(explorer) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="at most 200 events; this view has 201"):
        build_snapshot(explorer, explorer.events.sample(201, replace=True), ViewState(), "", ACCESSED)


def test_the_file_name_carries_the_data_version() -> None:
    assert snapshot_name("0.2.0+76d004b9") == "detention-atlas-view-0.2.0-76d004b9.html"


class _Text(HTMLParser):
    """Every text a reader meets in the file: element text and the titles, labels and names of its marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag in ("script", "style")
        self.texts += [str(value) for name, value in attrs if name in ("aria-label", "data-label", "title") and value]

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data)


def test_a_dutch_readers_file_is_written_in_dutch() -> None:
    bundled = load_dataset(TESTS_DIR.parent / "data")
    dutch = localized_dataset(bundled, "nl")
    view = ViewState(
        criteria=EventFilter(
            years=(2019, 2020, 2021, 2022), min_confidence="medium", min_location_precision="governorate"
        ),
        brush=(dt.date(2019, 1, 1), dt.date(2022, 12, 31)),
    )
    events = filter_events(dutch, view.criteria)
    page = build_snapshot(dutch, events, view, PERMALINK, ACCESSED, language("nl"))
    # The filtered view says its filters; the whole view frames the country names too.
    whole = build_snapshot(dutch, dutch.events, ViewState(), PERMALINK, ACCESSED, language("nl"))
    reader = _Text()
    reader.feed(page + whole)
    found = english_words(reader.texts, english_data(bundled))
    assert not found, "\n".join(f"{words}: {text[:160]!r}" for text, words in found.items())
    assert ">SYRIË</text>" in whole
    assert '<html lang="nl">' in page
    assert f"Dataversie {dutch.version}." in page and "Offline kopie gemaakt op 3 december 2026" in page
    assert "betrouwbaarheid: Gemiddeld of hoog" in page and "periode 1 januari 2019 – 31 december 2022" in page
    # Numbers and dates in the Dutch way: '4.400', 'jan 2022'.
    assert re.search(r"\b\d{1,3}\.\d{3}\b", page) and " jan 2022" in page


def test_an_english_readers_file_stays_english(explorer) -> None:  # noqa: ANN001
    view = ViewState(criteria=EventFilter(event_types=("riot",)))
    page = build_snapshot(explorer, filter_events(explorer, view.criteria), view, PERMALINK, ACCESSED, language("en"))
    assert '<html lang="en">' in page and "Offline copy made on 3 December 2026" in page and "types Riot" in page
