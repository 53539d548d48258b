"""Everything the event card shows, as plain data (no mark-up), so it can be tested without a browser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from incidents.contract.load import Dataset
from incidents.editorial import reader_note, reader_source_title
from incidents.figures import claim_marking, format_headline, format_range
from incidents.language import ENGLISH, Language
from incidents.words import (
    CONFIDENCE_WORDS,
    METRIC_LABELS,
    PRECISION_WORDS,
    date_label,
    metric_rank,
    partial_date_text,
    plain,
    type_text,
)


@dataclass(frozen=True)
class ClaimLine:
    """One claimed figure with who claimed it, when, and where it was reported."""

    value_text: str
    claimant: str
    claimed_on: str
    source_label: str
    source_url: str
    note: str


@dataclass(frozen=True)
class FigureBlock:
    """One metric: the conservative headline, the full range and the claims behind them."""

    metric: str
    label: str
    headline: str
    range_text: str
    claim_count: int
    claims: tuple[ClaimLine, ...]


@dataclass(frozen=True)
class SourceLine:
    """One source of the event."""

    publisher: str
    title: str
    published: str
    language: str
    url: str
    archived_url: str


@dataclass(frozen=True)
class EventDetails:
    """The event card's content."""

    event_id: str
    title: str
    type_label: str
    when: str
    place_name: str
    place_precision: str
    actors_line: str
    summary: str
    confidence: str
    notes: str
    figures: tuple[FigureBlock, ...]
    sources: tuple[SourceLine, ...]


def _source_label(source: Any) -> str:
    title = reader_source_title(plain(source["title"]), plain(source["url"]))
    return f"{plain(source['publisher'])}: {title}"


def event_details(dataset: Dataset, event_id: str, language: Language = ENGLISH) -> EventDetails:
    """Gather the card's content for one event id, in the reader's language (KeyError when unknown)."""
    _ = language.gettext
    event: dict[Any, Any] = dataset.events.loc[event_id].to_dict()
    sources_by_id = dataset.sources.set_index("source_id")
    coord_precision = plain(event["coord_precision"]) or "unknown"
    actors_line = ""
    if event["initiator_names"] or event["target_names"]:
        unknown = _("unknown")
        actors_line = f"{event['initiator_names'] or unknown} → {event['target_names'] or unknown}"
    claims = dataset.claims[dataset.claims["event_id"] == event_id]
    figures = {
        str(row["metric"]): row for row in dataset.figures[dataset.figures["event_id"] == event_id].to_dict("records")
    }
    metric_order = metric_rank()
    blocks = []
    # Every metric with a claim; one with only derived figures or sub-counts has no headline.
    for metric in sorted(set(claims["metric"].astype(str)), key=lambda name: metric_order.get(name, 99)):
        figure = figures.get(metric, {"metric": metric, "headline": None, "headline_open": False, "claim_count": 0})
        metric_claims = claims[claims["metric"] == metric].sort_values(["claimed_on", "value_low"], na_position="first")
        lines = []
        for claim in metric_claims.to_dict("records"):
            source_id = str(claim["source_id"])
            source = sources_by_id.loc[source_id] if source_id in sources_by_id.index else None
            lines.append(
                ClaimLine(
                    value_text=format_range(claim["value_low"], claim["value_high"], language=language)
                    + claim_marking(claim, language),
                    claimant=plain(claim["claimant_name"]) or str(claim["claimant"]),
                    claimed_on=partial_date_text(plain(claim["claimed_on"]), language) or _("date of claim unknown"),
                    source_label=_source_label(source) if source is not None else source_id,
                    source_url=plain(source["url"]) if source is not None else "",
                    note=" ".join(
                        part
                        for part in (
                            plain(claim.get("derivation"))
                            and _("Derived: {derivation}.").format(derivation=claim["derivation"]),
                            reader_note(plain(claim["note"])),
                        )
                        if part
                    ),
                )
            )
        blocks.append(
            FigureBlock(
                metric=str(figure["metric"]),
                label=_(METRIC_LABELS.get(str(figure["metric"]), str(figure["metric"]))),
                headline=format_headline(figure["headline"], bool(figure["headline_open"]), language),
                range_text=(
                    format_range(figure["range_low"], figure["range_high"], bool(figure["open_ended"]), language)
                    if "range_low" in figure
                    else _("no stated figure for the whole")
                ),
                claim_count=int(figure["claim_count"]),
                claims=tuple(lines),
            )
        )
    event_sources = dataset.event_sources.loc[dataset.event_sources["event_id"] == event_id, "source_id"]
    source_lines = tuple(
        SourceLine(
            publisher=plain(sources_by_id.at[source_id, "publisher"]),
            title=reader_source_title(
                plain(sources_by_id.at[source_id, "title"]), plain(sources_by_id.at[source_id, "url"])
            ),
            published=partial_date_text(plain(sources_by_id.at[source_id, "published"]), language),
            language=language.language_name(plain(sources_by_id.at[source_id, "language"])),
            url=plain(sources_by_id.at[source_id, "url"]),
            archived_url=plain(sources_by_id.at[source_id, "archived_url"]),
        )
        for source_id in event_sources
        if source_id in sources_by_id.index
    )
    return EventDetails(
        event_id=event_id,
        title=str(event["title"]),
        type_label=type_text(str(event["event_type"]), plain(event.get("record_kind")), language),
        when=date_label(
            pd.Timestamp(event["date_start"]),
            pd.Timestamp(event["date_end"]),
            str(event["date_precision"]),
            language,
        ),
        place_name=plain(event["place_name"]),
        place_precision=_("{location}; coordinates: {coordinates}").format(
            location=_(PRECISION_WORDS.get(str(event["location_precision"]), str(event["location_precision"]))),
            coordinates=_(PRECISION_WORDS.get(coord_precision, coord_precision)),
        ),
        actors_line=actors_line,
        summary=str(event["summary"]),
        confidence=_(CONFIDENCE_WORDS.get(str(event["confidence"]), str(event["confidence"]))),
        notes=plain(event["notes"]),
        figures=tuple(blocks),
        sources=source_lines,
    )
