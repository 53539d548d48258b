"""Site dossiers: one prison, camp or town with its names, coordinates and their provenance, events and population."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from incidents.contract.load import Dataset
from incidents.contract.schema import LIST_DELIMITER
from incidents.editorial import reader_note, reader_source_title
from incidents.figures import format_range
from incidents.language import ENGLISH, N_, Language
from incidents.text import LONG_TEXT_LIMIT, clip, safe_url
from incidents.words import COORD_SOURCE_WORDS, PLACE_KIND_LABELS, PRECISION_WORDS, plain

POPULATION_METRIC = "detainees_held"
# Closer views than the regional map: a facility point, a town, or a whole region.
_ZOOM_BY_PRECISION = {"site": 11.5, "neighbourhood": 11.0, "town": 10.0, "region": 6.5}
_DEFAULT_ZOOM = 9.0
POPULATION_COLUMNS = [
    "claim_id",
    "event_id",
    "claimant_name",
    "value_low",
    "value_high",
    "value_text",
    "claimed_on",
    "claimed_day",
    "publisher",
    "source_title",
    "source_url",
    "note",
]


@dataclass(frozen=True)
class SiteDossier:
    """What the dossier says about a place, as plain data."""

    place_id: str
    name: str
    alt_names: tuple[str, ...]
    kind: str
    admin1: str
    country: str
    latitude: float | None
    longitude: float | None
    coord_precision: str
    coord_source: str
    checked: bool
    notes: str
    event_count: int

    @property
    def has_coordinates(self) -> bool:
        """True when the place has a latitude and a longitude."""
        return self.latitude is not None and self.longitude is not None

    @property
    def coordinates_text(self) -> str:
        """'36.47750° N, 40.76250° E' or a plain statement that they are unknown."""
        return self.coordinates_in(ENGLISH)

    def coordinates_in(self, language: Language) -> str:
        """coordinates_text in the reader's language (the compass letters are international)."""
        if self.latitude is None or self.longitude is None:
            return language.gettext("no coordinates yet")
        north = "N" if self.latitude >= 0 else "S"
        east = "E" if self.longitude >= 0 else "W"
        return f"{abs(self.latitude):.5f}° {north}, {abs(self.longitude):.5f}° {east}"

    @property
    def provenance_text(self) -> str:
        """Where the point comes from, what it points at, and whether someone checked it."""
        return self.provenance_in(ENGLISH)

    def provenance_in(self, language: Language) -> str:
        """provenance_text in the reader's language."""
        _ = language.gettext
        if not self.has_coordinates:
            return _("No coordinates are known yet, so this site's events are not on the map.")
        points_at = _(PRECISION_WORDS.get(self.coord_precision, self.coord_precision or N_("unknown")))
        source = _(COORD_SOURCE_WORDS.get(self.coord_source, self.coord_source or N_("unknown source")))
        if self.checked:
            return _("The point marks {place}; from {source}; checked by hand against a second source.").format(
                place=points_at, source=source
            )
        return _("The point marks {place}; from {source}; not yet checked by hand against a second source.").format(
            place=points_at, source=source
        )

    @property
    def map_view(self) -> dict[str, float]:
        """A close view centred on the site, for incidents.views.map_spec.build_deck."""
        zoom = _ZOOM_BY_PRECISION.get(self.coord_precision, _DEFAULT_ZOOM)
        return {"latitude": float(self.latitude or 0.0), "longitude": float(self.longitude or 0.0), "zoom": zoom}


def busiest_site(dataset: Dataset, event_ids: Iterable[str], among: Iterable[str] = ()) -> str | None:
    """The place with the most events among `event_ids` (only `among` when given); regions only when nothing else.

    What the Sites page opens on, so a reader sees a dossier rather than an empty picker; ties go by name.
    """
    events = dataset.events[dataset.events["event_id"].isin(set(event_ids))]
    wanted = set(among)
    if wanted:
        events = events[events["place_id"].isin(wanted)]
    if events.empty:
        return None
    counts = events.groupby("place_id", observed=True).size().rename("events").reset_index()
    places = dataset.places[["place_id", "name", "kind"]].merge(counts, on="place_id")
    places = places.assign(_region=places["kind"] == "region", _name=places["name"].str.casefold()).sort_values(
        ["_region", "events", "_name", "place_id"], ascending=[True, False, True, True], kind="stable"
    )
    return str(places.iloc[0]["place_id"]) if len(places) else None


def site_dossier(dataset: Dataset, place_id: str) -> SiteDossier:
    """The dossier of one place (KeyError when the id is unknown)."""
    matches = dataset.places[dataset.places["place_id"] == place_id]
    if matches.empty:
        raise KeyError(place_id)
    place: dict[Any, Any] = matches.iloc[0].to_dict()
    latitude, longitude = place["latitude"], place["longitude"]
    return SiteDossier(
        place_id=place_id,
        name=plain(place["name"]),
        alt_names=tuple(alias.strip() for alias in plain(place["alt_names"]).split(LIST_DELIMITER) if alias.strip()),
        kind=PLACE_KIND_LABELS.get(plain(place["kind"]), plain(place["kind"])),
        admin1=plain(place["admin1"]),
        country=plain(place["country"]),
        latitude=None if pd.isna(latitude) else float(latitude),
        longitude=None if pd.isna(longitude) else float(longitude),
        coord_precision=plain(place["coord_precision"]),
        coord_source=plain(place["coord_source"]),
        checked=bool(place["checked"]),
        notes=reader_note(plain(place["notes"])),
        event_count=int((dataset.events["place_id"] == place_id).sum()),
    )


def site_events(dataset: Dataset, place_id: str, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events at one place, in date order (from `events` when given, else from the whole dataset)."""
    pool = dataset.events if events is None else events
    return pool[pool["place_id"] == place_id]


# The overview's columns, titled in the reader's language by the page.
OVERVIEW_COLUMNS = (
    N_("Site"),
    N_("Other names"),
    N_("Kind"),
    N_("Governorate"),
    N_("Events"),
    N_("First"),
    N_("Last"),
    N_("Coordinates checked"),
)


def sites_overview(dataset: Dataset, event_ids: Iterable[str], language: Language = ENGLISH) -> pd.DataFrame:
    """One row per place with events among `event_ids`: names, kind, governorate, events, check status."""
    wanted = dataset.events[dataset.events["event_id"].isin(set(event_ids))]
    if wanted.empty:
        return pd.DataFrame(columns=list(OVERVIEW_COLUMNS))
    counts = wanted.groupby("place_id").size()
    first = wanted.groupby("place_id")["date_start"].min()
    last = wanted.groupby("place_id")["date_end"].max()
    places = dataset.places[dataset.places["place_id"].isin(set(counts.index))].sort_values(["name", "place_id"])
    return pd.DataFrame(
        {
            "Site": places["name"].to_numpy(),
            "Other names": places["alt_names"].fillna("").str.replace(LIST_DELIMITER, ", ").to_numpy(),
            "Kind": [language.gettext(PLACE_KIND_LABELS.get(kind, kind)) for kind in places["kind"].astype(str)],
            "Governorate": places["admin1"].fillna("").to_numpy(),
            "Events": places["place_id"].map(counts).fillna(0).astype("int64").to_numpy(),
            "First": places["place_id"].map(first).dt.date.to_numpy(),
            "Last": places["place_id"].map(last).dt.date.to_numpy(),
            "Coordinates checked": places["checked"].astype(bool).to_numpy(),
        }
    )


def _claimed_day(text: str) -> pd.Timestamp | None:
    """The day a claim was made; a month-only date is placed on the 15th, mid-way through the month."""
    if not text:
        return None
    try:
        return pd.Timestamp(text if len(text) == 10 else f"{text}-15")
    except ValueError:
        return None


def population_claims(dataset: Dataset, place_id: str, language: Language = ENGLISH) -> pd.DataFrame:
    """Claims of how many people the site held (detainees_held), from every event there, in date order."""
    event_ids = set(dataset.events.loc[dataset.events["place_id"] == place_id, "event_id"])
    claims = dataset.claims[
        dataset.claims["event_id"].isin(event_ids) & (dataset.claims["metric"] == POPULATION_METRIC)
    ]
    if claims.empty:
        return pd.DataFrame(columns=POPULATION_COLUMNS)
    sources = dataset.sources.set_index("source_id")
    rows = []
    for claim in claims.to_dict("records"):
        source_id = str(claim["source_id"])
        source = sources.loc[source_id] if source_id in sources.index else None
        url = plain(source["url"]) if source is not None else ""
        claimed_on = plain(claim["claimed_on"])
        rows.append(
            {
                "claim_id": str(claim["claim_id"]),
                "event_id": str(claim["event_id"]),
                "claimant_name": plain(claim["claimant_name"]) or str(claim["claimant"]),
                "value_low": int(claim["value_low"]),
                "value_high": None if pd.isna(claim["value_high"]) else int(claim["value_high"]),
                "value_text": format_range(claim["value_low"], claim["value_high"], language=language),
                "claimed_on": claimed_on,
                "claimed_day": _claimed_day(claimed_on),
                "publisher": clip(plain(source["publisher"])) if source is not None else "",
                "source_title": clip(reader_source_title(plain(source["title"]), url))
                if source is not None
                else source_id,
                "source_url": url if safe_url(url) else None,
                "note": clip(reader_note(plain(claim["note"])), LONG_TEXT_LIMIT),
            }
        )
    frame = pd.DataFrame(rows, columns=POPULATION_COLUMNS)
    frame["claimed_day"] = pd.to_datetime(frame["claimed_day"])
    return frame.sort_values(["claimed_day", "claimant_name", "claim_id"], na_position="first", kind="stable")


def population_summary(claims: pd.DataFrame, language: Language = ENGLISH) -> str:
    """'3 claims from 2 claimants, 2019-10 to 2022-01' or that there are none."""
    _ = language.gettext
    if claims.empty:
        return _("No claims of how many people this site held.")
    dated = claims["claimed_on"][claims["claimed_on"] != ""]
    span = _(", {first} to {last}").format(first=dated.min(), last=dated.max()) if len(dated) else ""
    claimants = claims["claimant_name"].nunique()
    counted = language.ngettext("{count} claim", "{count} claims", len(claims)).format(count=len(claims))
    sources = language.ngettext("{count} claimant", "{count} claimants", claimants).format(count=claimants)
    return _("{claims} from {claimants}{span}.").format(claims=counted, claimants=sources, span=span)
