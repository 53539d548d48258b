"""The view as a query string and back: plain, validated strings; never pickled objects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from incidents.contract.load import Dataset
from incidents.contract.schema import CONFIDENCE_LEVELS, EVENT_TYPES, LOCATION_PRECISIONS
from incidents.filters import EventFilter
from incidents.language import ENGLISH, LANGUAGES, N_, Language
from incidents.text import escape_markdown

# Public parameter names: links in articles depend on them, so they never change meaning.
PARAMETERS = {
    "year": "year(s) the event overlaps; repeat for several",
    "from": "first day of the date range, YYYY-MM-DD",
    "to": "last day of the date range, YYYY-MM-DD",
    "type": "event type id; repeat for several",
    "actor": "actor id (initiator or target); repeat for several",
    "place": "place id; repeat for several",
    "governorate": "governorate (admin1) as in places.csv; repeat for several",
    "confidence": "minimum confidence: high, medium or low",
    "precision": "coarsest location precision to include: site, town, district, governorate or region",
    "q": "free-text search over titles, summaries, sites and actors",
    "brush": "time range brushed on the timeline, YYYY-MM-DD..YYYY-MM-DD",
    "event": "id of the selected event",
    "basemap": "'streets' turns on the third-party street basemap (needs internet)",
    # Streamlit keeps `embed` for itself (its own frame mode), so the article frame is asked for this way.
    "layout": "'embed' draws the compact view for an article's iframe: map, card and timeline, no sidebar",
    "lang": "interface language: nl or en; without it, the browser's preferred language (English otherwise)",
}
MAX_VALUES_PER_PARAMETER = 50
MAX_TEXT_LENGTH = 200
_MAX_SHOWN = 40

Brush = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class ViewState:
    """Everything a link must reproduce: filters, brushed range, selected event, basemap and layout."""

    criteria: EventFilter = field(default_factory=EventFilter)
    brush: Brush | None = None
    event_id: str | None = None
    street_basemap: bool = False
    embedded: bool = False
    # Chosen by the reader (or the link); None follows the browser's language and stays out of links.
    language: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The ids and values a link may name, taken from the loaded dataset."""

    years: frozenset[int]
    actor_ids: frozenset[str]
    place_ids: frozenset[str]
    governorates: frozenset[str]
    event_ids: frozenset[str]


def vocabulary(dataset: Dataset) -> Vocabulary:
    """What the dataset allows a link to name."""
    events = dataset.events
    years: set[int] = set()
    if len(events):
        first = int(events["date_start"].dt.year.min())
        last = int(events["date_end"].dt.year.max())
        years = set(range(first, last + 1))
    return Vocabulary(
        years=frozenset(years),
        actor_ids=frozenset(dataset.actors["actor_id"]),
        place_ids=frozenset(dataset.places["place_id"]),
        governorates=frozenset(value for value in dataset.places["admin1"] if value),
        event_ids=frozenset(events["event_id"]),
    )


def _shown(value: str) -> str:
    short = value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"
    return f"“{escape_markdown(short)}”"


def _values(params: Mapping[str, str | list[str]], key: str) -> list[str]:
    raw = params.get(key, [])
    return [raw] if isinstance(raw, str) else list(raw)


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


class _Reader:
    """Collects valid values and a notice for each value it has to ignore."""

    def __init__(self, params: Mapping[str, str | list[str]], language: Language) -> None:
        self.params = params
        self.notices: list[str] = []
        self.gettext = language.gettext

    def many(self, key: str, allowed: Iterable[str], what: str) -> tuple[str, ...]:
        _ = self.gettext
        allowed_set = set(allowed)
        values = _values(self.params, key)
        if len(values) > MAX_VALUES_PER_PARAMETER:
            self.notices.append(
                _("Only the first {limit} values of `{key}` were used.").format(limit=MAX_VALUES_PER_PARAMETER, key=key)
            )
            values = values[:MAX_VALUES_PER_PARAMETER]
        kept: list[str] = []
        for value in values:
            if value in allowed_set:
                if value not in kept:
                    kept.append(value)
            else:
                self.notices.append(
                    _("Ignored `{key}`={value}: not {what} in this dataset.").format(
                        key=key, value=_shown(value), what=_(what)
                    )
                )
        return tuple(kept)

    def one(self, key: str) -> str | None:
        values = _values(self.params, key)
        if len(values) > 1:
            self.notices.append(
                self.gettext("`{key}` was given {count} times; the first value was used.").format(
                    key=key, count=len(values)
                )
            )
        return values[0] if values else None

    def date(self, key: str) -> dt.date | None:
        text = self.one(key)
        if text is None:
            return None
        parsed = _parse_date(text)
        if parsed is None:
            self.notices.append(
                self.gettext("Ignored `{key}`={value}: not a date (YYYY-MM-DD).").format(key=key, value=_shown(text))
            )
        return parsed

    def choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        text = self.one(key)
        if text is not None and text not in allowed:
            self.notices.append(
                self.gettext("Ignored `{key}`={value}: use one of {allowed}.").format(
                    key=key, value=_shown(text), allowed=", ".join(allowed)
                )
            )
            return None
        return text


def parse_query(
    params: Mapping[str, str | list[str]], known: Vocabulary, language: Language = ENGLISH
) -> tuple[ViewState, list[str]]:
    """The view a query string asks for, and a notice (in `language`) for every part that had to be ignored."""
    _ = language.gettext
    reader = _Reader(params, language)
    for key in params:
        if key not in PARAMETERS:
            reader.notices.append(_("Ignored unknown parameter {name}.").format(name=_shown(key)))
    years = reader.many("year", (str(year) for year in known.years), N_("a year"))
    date_from, date_to = reader.date("from"), reader.date("to")
    if date_from and date_to and date_from > date_to:
        reader.notices.append(_("Ignored the date range: `from` is after `to`."))
        date_from = date_to = None
    text = reader.one("q") or ""
    if len(text) > MAX_TEXT_LENGTH:
        reader.notices.append(_("The search text was cut to {limit} characters.").format(limit=MAX_TEXT_LENGTH))
        text = text[:MAX_TEXT_LENGTH]
    criteria = EventFilter(
        years=tuple(sorted(int(year) for year in years)),
        date_from=date_from,
        date_to=date_to,
        event_types=reader.many("type", EVENT_TYPES, N_("an event type")),
        actors=reader.many("actor", known.actor_ids, N_("an actor id")),
        places=reader.many("place", known.place_ids, N_("a place id")),
        governorates=reader.many("governorate", known.governorates, N_("a governorate")),
        min_confidence=reader.choice("confidence", CONFIDENCE_LEVELS),
        min_location_precision=reader.choice("precision", LOCATION_PRECISIONS),
        text=" ".join(text.split()),
    )
    brush = _parse_brush(reader)
    event_id = reader.one("event")
    if event_id is not None and event_id not in known.event_ids:
        reader.notices.append(
            _("Ignored `event`={value}: no such event in this dataset.").format(value=_shown(event_id))
        )
        event_id = None
    basemap = reader.choice("basemap", ("streets", "none"))
    layout = reader.choice("layout", ("embed", "full"))
    chosen_language = reader.choice("lang", tuple(LANGUAGES))
    state = ViewState(
        criteria=criteria,
        brush=brush,
        event_id=event_id,
        street_basemap=basemap == "streets",
        embedded=layout == "embed",
        language=chosen_language,
    )
    return state, reader.notices


def _parse_brush(reader: _Reader) -> Brush | None:
    text = reader.one("brush")
    if text is None:
        return None
    start_text, _, end_text = text.partition("..")
    start, end = _parse_date(start_text), _parse_date(end_text)
    if start is None or end is None or start > end:
        reader.notices.append(
            reader.gettext("Ignored `brush`={value}: use YYYY-MM-DD..YYYY-MM-DD, start first.").format(
                value=_shown(text)
            )
        )
        return None
    return (start, end)


def to_query(state: ViewState) -> dict[str, list[str]]:
    """Query parameters for the view; defaults are left out so links stay short."""
    criteria = state.criteria
    query: dict[str, list[str]] = {
        "year": [str(year) for year in criteria.years],
        "from": [criteria.date_from.isoformat()] if criteria.date_from else [],
        "to": [criteria.date_to.isoformat()] if criteria.date_to else [],
        "type": list(criteria.event_types),
        "actor": list(criteria.actors),
        "place": list(criteria.places),
        "governorate": list(criteria.governorates),
        "confidence": [criteria.min_confidence] if criteria.min_confidence else [],
        "precision": [criteria.min_location_precision] if criteria.min_location_precision else [],
        "q": [criteria.text] if criteria.text else [],
        "brush": [f"{state.brush[0].isoformat()}..{state.brush[1].isoformat()}"] if state.brush else [],
        "event": [state.event_id] if state.event_id else [],
        "basemap": ["streets"] if state.street_basemap else [],
        "layout": ["embed"] if state.embedded else [],
        "lang": [state.language] if state.language else [],
    }
    return {key: values for key, values in query.items() if values}


def query_string(state: ViewState) -> str:
    """The encoded query string, '?'-prefixed, or empty for the default view."""
    encoded = urlencode(to_query(state), doseq=True)
    return f"?{encoded}" if encoded else ""
