"""Downloads of a filtered view: our-schema CSV, ACLED-compatible CSV and GeoJSON, plus the events table."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

import pandas as pd

from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.figures import format_count, format_headline, format_range
from incidents.language import ENGLISH, Language
from incidents.text import clip, safe_url
from incidents.view_state import ViewState, query_string
from incidents.words import CONFIDENCE_WORDS, METRIC_LABELS, date_label, date_labels, metric_rank, type_text

# OWASP CSV-injection guidance: a cell starting with one of these may be run as a formula by a spreadsheet.
# Line feed is added because some spreadsheets strip a leading line break and then read what follows.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
PRODUCER = "Detention Atlas"
COORDINATE_DECIMALS = 6
SOURCE_URL_SEPARATOR = " "

# ACLED's column names, in the order the ACLED export uses for the columns we can fill.
ACLED_COLUMNS = (
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "iso",
    "region",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
# Not ACLED's: the source addresses, and what the file is and may be used for.
PROVENANCE_COLUMNS = ("source_urls", "data_version", "licence")
# Our id and codes trace a row back; a phase of a multi-day episode names the episode it belongs to.
ACLED_EXTRA_COLUMNS = ("event_id", "atlas_event_type", "atlas_subtype", "atlas_episode_id", *PROVENANCE_COLUMNS)
# Numbers stay numbers: a negative longitude must not become text, so these skip spreadsheet_safe.
ACLED_NUMERIC_COLUMNS = ("year", "time_precision", "iso", "latitude", "longitude", "geo_precision", "fatalities")

# ACLED codebook: 1 = the exact day, 2 = a range of a few days or a week, 3 = only the month (or year) known.
# A span of more than a week (SPAN_WEEK_DAYS) is coded 3, as ACLED codes a range longer than a week.
ACLED_TIME_PRECISION = {"day": 1, "days": 2, "span": 2, "week": 2, "month": 3, "year": 3}
SPAN_WEEK_DAYS = 7
# ACLED's country names, ISO 3166-1 numeric codes and region, by our places' alpha-2 country code.
ACLED_COUNTRIES = {"SY": ("Syria", 760, "Middle East"), "IQ": ("Iraq", 368, "Middle East")}
# ACLED codebook: 1 = the town or site itself, 2 = near a town or a part of a district, 3 = a province or region.
ACLED_GEO_PRECISION = {
    "site": 1,
    "neighbourhood": 1,
    "town": 1,
    "district": 2,
    "governorate": 3,
    "region": 3,
}

# Our subtype -> ACLED (event_type, sub_event_type). Kept in step with the table on the Method page.
# Attacks by an armed group on guards or troops are clashes; violence by detainees inside a facility is
# mob violence (ACLED's riot without a demonstration); escapes, releases, statements and estimates without
# violence of their own are strategic developments. A car bomb is a remote explosive: our subtype does not
# record whether the driver died, which ACLED's "Suicide bomb" requires.
_ACLED_BY_SUBTYPE: dict[str, tuple[str, str]] = {
    "armed_assault": ("Battles", "Armed clash"),
    "clash": ("Battles", "Armed clash"),
    "raid": ("Battles", "Armed clash"),
    "car_bomb": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "killing": ("Violence against civilians", "Attack"),
    "stabbing": ("Violence against civilians", "Attack"),
    "riot": ("Riots", "Mob violence"),
    "protest": ("Protests", "Peaceful protest"),
    "arson": ("Strategic developments", "Looting/property destruction"),
    "security_operation": ("Strategic developments", "Arrests"),
    "plot_foiled": ("Strategic developments", "Disrupted weapons use"),
    "mass_escape": ("Strategic developments", "Other"),
    "escape_attempt": ("Strategic developments", "Other"),
    "release": ("Strategic developments", "Other"),
    "smuggling": ("Strategic developments", "Other"),
    "extraction": ("Strategic developments", "Other"),
    "fire": ("Strategic developments", "Other"),
    "statement": ("Strategic developments", "Other"),
    "aggregate_estimate": ("Strategic developments", "Other"),
    "offensive": ("Strategic developments", "Other"),
}
# Used only when a subtype is missing from the table above (a new subtype added to the contract).
_ACLED_BY_EVENT_TYPE: dict[str, tuple[str, str]] = {
    "prison_attack": ("Battles", "Armed clash"),
    "escape": ("Strategic developments", "Other"),
    "riot": ("Riots", "Mob violence"),
    "camp_incident": ("Violence against civilians", "Attack"),
    "related_attack": ("Battles", "Armed clash"),
    "context": ("Strategic developments", "Other"),
}


def acled_mapping() -> list[dict[str, str]]:
    """The subtype-to-ACLED table as rows, for the Method page."""
    return [
        {"subtype": subtype, "ACLED event_type": pair[0], "ACLED sub_event_type": pair[1]}
        for subtype, pair in _ACLED_BY_SUBTYPE.items()
    ]


def acled_category(event_type: str, subtype: str) -> tuple[str, str]:
    """ACLED's (event_type, sub_event_type) for one of our events."""
    return _ACLED_BY_SUBTYPE.get(subtype) or _ACLED_BY_EVENT_TYPE.get(event_type, ("Strategic developments", "Other"))


def spreadsheet_safe(value: object) -> str:
    """Text that no spreadsheet will run as a formula: a leading apostrophe when it starts like one."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _text(values: pd.Series) -> pd.Series:
    """A column as plain strings, empty for missing values (categories included)."""
    return values.astype(object).where(values.notna(), "").astype(str)


def _day(values: pd.Series) -> pd.Series:
    return values.dt.strftime("%Y-%m-%d")


def _to_csv(frame: pd.DataFrame, text_columns: list[str]) -> str:
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].map(spreadsheet_safe)
    # RFC 4180 line ends; the csv writer then also quotes any cell holding a bare carriage return.
    return safe.to_csv(index=False, lineterminator="\r\n")


def _source_urls(dataset: Dataset, event_ids: pd.Series) -> pd.Series:
    """Space-separated http(s) addresses of each event's sources, in the order the event lists them."""
    urls = dataset.sources.set_index("source_id")["url"]
    links = dataset.event_sources.assign(url=dataset.event_sources["source_id"].map(urls).fillna(""))
    links = links[links["url"].map(lambda url: safe_url(url) is not None)]
    joined = links.groupby("event_id", sort=False)["url"].agg(SOURCE_URL_SEPARATOR.join)
    return event_ids.map(joined).fillna("").astype(str)


def _publishers(dataset: Dataset, event_ids: pd.Series) -> pd.Series:
    publishers = dataset.sources.set_index("source_id")["publisher"]
    links = dataset.event_sources.assign(publisher=dataset.event_sources["source_id"].map(publishers).fillna(""))
    # One outlet cited twice for an event is still one source name.
    joined = links.groupby("event_id", sort=False)["publisher"].agg(lambda names: "; ".join(dict.fromkeys(names)))
    return event_ids.map(joined).fillna("").astype(str)


def _provenance(dataset: Dataset, frame: pd.DataFrame, event_ids: pd.Series) -> pd.DataFrame:
    return frame.assign(
        source_urls=_source_urls(dataset, event_ids).to_numpy(),
        data_version=dataset.version,
        licence=CONTRACT.licence_name,
    )


def events_frame(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The events in the columns and text form of events.csv (an empty date_end means the same day)."""
    columns = CONTRACT.table("events").field_names
    frame = pd.DataFrame(
        {column: _text(events[column]) for column in columns if column not in ("date_start", "date_end")}
    )
    frame["date_start"] = _day(events["date_start"])
    # The loader fills a missing end with the start day; writing it back empty keeps the file as edited.
    end = _day(events["date_end"])
    frame["date_end"] = end.where(end != frame["date_start"], "")
    return frame[list(columns)].reset_index(drop=True)


def events_csv(dataset: Dataset, events: pd.DataFrame) -> str:
    """CSV of the events in our schema (events.csv column order) plus source URLs, data version and licence."""
    frame = events_frame(dataset, events)
    frame = _provenance(dataset, frame, events["event_id"].reset_index(drop=True))
    return _to_csv(frame, list(frame.columns))


def _first_actor(dataset: Dataset, event_ids: pd.Series, role: str) -> pd.Series:
    links = dataset.event_actors[dataset.event_actors["role"] == role]
    first = links.groupby("event_id", sort=False)["actor_name"].first()
    return event_ids.map(first).fillna("").astype(str)


def conservative_fatalities(figures: pd.DataFrame) -> dict[str, int]:
    """Per event: the headline of killed_total, else the sum of the killed_* headlines (ACLED's fatalities)."""
    killed = figures[figures["metric"].astype(str).str.startswith("killed_")]
    result: dict[str, int] = {}
    for event_id, group in killed.groupby("event_id", sort=False):
        total = group.loc[group["metric"] == "killed_total", "headline"]
        parts = group.loc[group["metric"] != "killed_total", "headline"]
        result[str(event_id)] = int(total.iloc[0]) if len(total) else int(parts.sum())
    return result


def acled_rows(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The rows an ACLED-style file may hold for these events: incidents only, an episode as its phases.

    Aggregates, statements and context rows are not events in ACLED's sense and their figures overlap the
    incidents', so they are left out; an episode in view is replaced by its dated phases.
    """
    kinds = events["record_kind"].astype(str)
    episodes = set(events.loc[kinds == "episode", "event_id"].astype(str))
    phases = dataset.events[dataset.events["parent_id"].astype(str).isin(episodes)]
    rows = pd.concat([events[kinds == "incident"], phases])
    rows = rows[~rows["event_id"].duplicated()]
    return rows.sort_values(["date_start", "event_id"], kind="stable")


def episode_fatalities(dataset: Dataset, fatalities: dict[str, int]) -> tuple[dict[str, int], dict[str, str]]:
    """Fatalities per phase of each episode, and a note saying how each share was derived.

    ACLED divides a total reported for several days evenly over the days' events; here an episode's
    conservative total, less what its phases report themselves, is divided evenly over the phases without a
    figure of their own, the remainder going to the earliest. The shares add up to the episode's total.
    """
    shares: dict[str, int] = {}
    notes: dict[str, str] = {}
    events = dataset.events
    has_parent = events["parent_id"].astype(str) != ""
    for episode_id, phases in events[has_parent].groupby(events.loc[has_parent, "parent_id"].astype(str)):
        total = fatalities.get(episode_id, 0)
        ids = list(phases.sort_values(["date_start", "event_id"])["event_id"].astype(str))
        own = {phase: fatalities[phase] for phase in ids if phase in fatalities}
        open_phases = [phase for phase in ids if phase not in own]
        left = max(total - sum(own.values()), 0)
        if not open_phases or not left:
            continue
        share, remainder = divmod(left, len(open_phases))
        for position, phase in enumerate(open_phases):
            shares[phase] = share + (remainder if position == 0 else 0)
            notes[phase] = (
                f"Fatalities: a derived share of the conservative total of {format_count(total)} reported for the "
                f"whole episode {episode_id}, divided evenly over its {len(open_phases)} phases without a figure "
                "of their own (the remainder on the earliest)."
            )
    return shares, notes


def _time_precision(events: pd.DataFrame) -> list[int]:
    """ACLED's time_precision per event; a span longer than a week is coded like a month."""
    days = (events["date_end"] - events["date_start"]).dt.days.fillna(0).to_numpy()
    codes = []
    for precision, length in zip(events["date_precision"].astype(str), days, strict=True):
        code = ACLED_TIME_PRECISION.get(precision, 3)
        codes.append(3 if precision == "span" and length + 1 > SPAN_WEEK_DAYS else code)
    return codes


def acled_frame(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The incidents among these events in ACLED's column names and codes, then our id and provenance columns."""
    events = acled_rows(dataset, events)
    event_ids = events["event_id"].reset_index(drop=True).astype(str)
    categories = [
        acled_category(str(kind), str(subtype))
        for kind, subtype in zip(events["event_type"], events["subtype"], strict=True)
    ]
    # The coarser of where the event is known to and what the coordinates point at.
    coarsest = [
        max(ACLED_GEO_PRECISION.get(str(location), 3), ACLED_GEO_PRECISION.get(str(coordinates), 1))
        for location, coordinates in zip(events["location_precision"], events["coord_precision"], strict=True)
    ]
    summary = _text(events["summary"]).reset_index(drop=True)
    notes = _text(events["notes"]).reset_index(drop=True)
    fatalities = conservative_fatalities(dataset.figures)
    shares, share_notes = episode_fatalities(dataset, fatalities)
    fatalities.update(shares)
    countries = [ACLED_COUNTRIES.get(str(code), (str(code), None, "")) for code in _text(events["country"])]
    frame = pd.DataFrame(
        {
            "event_date": _day(events["date_start"]).to_numpy(),
            "year": events["date_start"].dt.year.astype("int64").to_numpy(),
            "time_precision": _time_precision(events),
            "event_type": [pair[0] for pair in categories],
            "sub_event_type": [pair[1] for pair in categories],
            "actor1": _first_actor(dataset, event_ids, "initiator").to_numpy(),
            "actor2": _first_actor(dataset, event_ids, "target").to_numpy(),
            "iso": pd.array([country[1] for country in countries], dtype="Int64"),
            "region": [country[2] for country in countries],
            "country": [country[0] for country in countries],
            "admin1": _text(events["admin1"]).to_numpy(),
            "location": _text(events["place_name"]).to_numpy(),
            "latitude": events["latitude"].round(COORDINATE_DECIMALS).to_numpy(),
            "longitude": events["longitude"].round(COORDINATE_DECIMALS).to_numpy(),
            "geo_precision": coarsest,
            "source": _publishers(dataset, event_ids).to_numpy(),
            "notes": [
                " ".join(
                    part for part in (text, f"Notes: {note}" if note else "", share_notes.get(event_id, "")) if part
                )
                for text, note, event_id in zip(summary, notes, event_ids, strict=True)
            ],
            "fatalities": event_ids.map(fatalities).fillna(0).astype("int64").to_numpy(),
            "event_id": event_ids.to_numpy(),
            "atlas_event_type": _text(events["event_type"]).to_numpy(),
            "atlas_subtype": _text(events["subtype"]).to_numpy(),
            "atlas_episode_id": _text(events["parent_id"]).to_numpy(),
        }
    )
    return _provenance(dataset, frame, event_ids)


def acled_csv(dataset: Dataset, events: pd.DataFrame) -> str:
    """CSV with ACLED's column names and codes so the rows can be merged with an ACLED extract."""
    frame = acled_frame(dataset, events)
    text_columns = [column for column in frame.columns if column not in ACLED_NUMERIC_COLUMNS]
    return _to_csv(frame, text_columns)


def _number(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _figures_by_event(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    order = metric_rank()
    ranked = dataset.figures.assign(_order=dataset.figures["metric"].map(order)).sort_values(["event_id", "_order"])
    result: dict[str, list[dict[str, Any]]] = {}
    for row in ranked.to_dict("records"):
        result.setdefault(str(row["event_id"]), []).append(
            {
                "metric": str(row["metric"]),
                "headline": _number(row["headline"]),
                "headline_open": bool(row["headline_open"]),
                "range_low": _number(row["range_low"]),
                "range_high": _number(row["range_high"]),
                "open_ended": bool(row["open_ended"]),
                "claims": int(row["claim_count"]),
            }
        )
    return result


def _sources_by_event(dataset: Dataset) -> dict[str, list[dict[str, str]]]:
    sources = dataset.sources.set_index("source_id")
    result: dict[str, list[dict[str, str]]] = {}
    for event_id, source_id in zip(dataset.event_sources["event_id"], dataset.event_sources["source_id"], strict=True):
        if source_id not in sources.index:
            continue
        row = sources.loc[source_id]
        url = str(row["url"]) if safe_url(row["url"]) else ""
        result.setdefault(str(event_id), []).append(
            {
                "source_id": str(source_id),
                "publisher": str(row["publisher"]),
                "title": str(row["title"]),
                "published": str(row["published"]),
                "url": url,
            }
        )
    return result


def _geometry(latitude: Any, longitude: Any) -> dict[str, Any] | None:
    if pd.isna(latitude) or pd.isna(longitude):
        # RFC 7946 section 3.2: an unlocated feature has a null geometry; it is kept, not dropped.
        return None
    return {
        "type": "Point",
        "coordinates": [round(float(longitude), COORDINATE_DECIMALS), round(float(latitude), COORDINATE_DECIMALS)],
    }


def events_geojson(dataset: Dataset, events: pd.DataFrame) -> str:
    """An RFC 7946 FeatureCollection of the events ([longitude, latitude], WGS84), with version and licence."""
    plain = events_frame(dataset, events)
    figures = _figures_by_event(dataset)
    sources = _sources_by_event(dataset)
    features = []
    for position, event in enumerate(events.to_dict("records")):
        event_id = str(event["event_id"])
        text = plain.iloc[position]
        features.append(
            {
                "type": "Feature",
                "id": event_id,
                "geometry": _geometry(event["latitude"], event["longitude"]),
                "properties": {
                    "event_id": event_id,
                    "date_start": text["date_start"],
                    "date_end": _day(pd.Series([event["date_end"]])).iloc[0],
                    "date_precision": text["date_precision"],
                    "when": date_label(event["date_start"], event["date_end"], text["date_precision"]),
                    "event_type": text["event_type"],
                    "subtype": text["subtype"],
                    "record_kind": text["record_kind"],
                    "parent_id": text["parent_id"],
                    "title": text["title"],
                    "summary": text["summary"],
                    "notes": text["notes"],
                    "place_id": text["place_id"],
                    "site": "" if pd.isna(event["place_name"]) else str(event["place_name"]),
                    "admin1": "" if pd.isna(event["admin1"]) else str(event["admin1"]),
                    "country": "" if pd.isna(event["country"]) else str(event["country"]),
                    "location_precision": text["location_precision"],
                    "coord_precision": "" if pd.isna(event["coord_precision"]) else str(event["coord_precision"]),
                    "confidence": text["confidence"],
                    "initiators": text["initiators"],
                    "targets": text["targets"],
                    "sources": sources.get(event_id, []),
                    "figures": figures.get(event_id, []),
                },
            }
        )
    collection = {
        "type": "FeatureCollection",
        # A foreign member (RFC 7946 section 6.1): readers that do not know it ignore it.
        "metadata": {
            "source": PRODUCER,
            "data_version": dataset.version,
            "licence": CONTRACT.licence_name,
            "licence_url": CONTRACT.licence_url,
        },
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, allow_nan=False, indent=1)


def download_name(version: str, kind: str, extension: str) -> str:
    """A file name that carries the data version, e.g. detention-atlas-events-0.1.0+ab12cd34.csv."""
    safe_version = "".join(char if char.isalnum() or char in ".-" else "-" for char in version)
    return f"detention-atlas-{kind}-{safe_version}.{extension}"


def conservative_summaries(dataset: Dataset, metrics_shown: int = 3, language: Language = ENGLISH) -> dict[str, str]:
    """Per event, its headline figures with their ranges: 'Killed: total 373 (range 28–495)'."""
    order = metric_rank()
    ranked = dataset.figures.assign(_order=dataset.figures["metric"].map(order)).sort_values(["event_id", "_order"])
    parts: dict[str, list[str]] = {}
    for row in ranked.to_dict("records"):
        shown = parts.setdefault(str(row["event_id"]), [])
        if len(shown) >= metrics_shown:
            continue
        label = language.gettext(METRIC_LABELS.get(str(row["metric"]), str(row["metric"])))
        headline = format_headline(row["headline"], bool(row["headline_open"]), language)
        spread = format_range(row["range_low"], row["range_high"], bool(row["open_ended"]), language)
        in_range = " " + language.gettext("(range {range})").format(range=spread) if spread != headline else ""
        shown.append(f"{label} {headline}{in_range}")
    return {event_id: "; ".join(items) for event_id, items in parts.items()}


def event_link(view: ViewState, event_id: str, root: str = "/") -> str:
    """Address of the explorer showing this event with the current filters."""
    return root + query_string(replace(view, event_id=event_id))


def events_table(
    dataset: Dataset, events: pd.DataFrame, view: ViewState, root: str = "/", language: Language = ENGLISH
) -> pd.DataFrame:
    """One readable row per event for the Events page, with a permalink to each event on the explorer.

    Column names are ids the page titles in the reader's language; the cells are in that language.
    """
    source_counts = dataset.event_sources.groupby("event_id")["source_id"].nunique()
    summaries = conservative_summaries(dataset, language=language)
    return pd.DataFrame(
        {
            "Start": events["date_start"].dt.date.to_numpy(),
            "When": date_labels(events, language),
            "Type": [
                type_text(str(kind), str(record), language)
                for kind, record in zip(events["event_type"], events["record_kind"], strict=True)
            ],
            # Shown on a page, so cut like any title; the downloads keep the whole text.
            "Title": [clip(title) for title in _text(events["title"])],
            "Site": [clip(name) for name in _text(events["place_name"])],
            "Governorate": _text(events["admin1"]).to_numpy(),
            "Confidence": [
                language.gettext(CONFIDENCE_WORDS.get(level, level)) for level in _text(events["confidence"])
            ],
            "Figures (conservative)": events["event_id"].map(summaries).fillna("").to_numpy(),
            "Sources": events["event_id"].map(source_counts).fillna(0).astype("int64").to_numpy(),
            "Link": [event_link(view, str(event_id), root) for event_id in events["event_id"]],
        }
    )
