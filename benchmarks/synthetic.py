"""Deterministic synthetic datasets in the project's format, for benchmarks and scale tests (never real events)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from incidents.contract.schema import CONTRACT, PRECISION_RANKS, TABLE_NAMES
from incidents.contract.translations import LANGUAGES, translatable_fields

DEFAULT_SEED = 20190101
# Real event sets reuse a few thousand sites; more places than this would be noise, not realism.
MAX_PLACES = 10_000
MIN_PLACES = 12

_STUDY_START = np.datetime64(CONTRACT.study_start.isoformat(), "D")
_STUDY_END = np.datetime64(CONTRACT.study_end.isoformat(), "D")


@dataclass(frozen=True)
class Governorate:
    """A first-level division with a rough centre that synthetic places cluster around."""

    name: str
    country: str
    latitude: float
    longitude: float
    weight: float


GOVERNORATES = (
    Governorate("al-Hasakah", "SY", 36.50, 40.75, 30),
    Governorate("Raqqa", "SY", 35.95, 39.00, 12),
    Governorate("Deir ez-Zor", "SY", 35.33, 40.14, 15),
    Governorate("Aleppo", "SY", 36.20, 37.40, 5),
    Governorate("Idlib", "SY", 35.93, 36.63, 3),
    Governorate("Homs", "SY", 34.73, 37.20, 2),
    Governorate("Nineveh", "IQ", 36.34, 43.13, 10),
    Governorate("Anbar", "IQ", 33.42, 42.30, 7),
    Governorate("Diyala", "IQ", 33.75, 44.60, 6),
    Governorate("Salah al-Din", "IQ", 34.60, 43.68, 5),
    Governorate("Kirkuk", "IQ", 35.47, 44.39, 3),
    Governorate("Baghdad", "IQ", 33.31, 44.36, 2),
)

_ROOTS = (
    "Hol", "Hasakah", "Shaddadi", "Qamishli", "Ghwayran", "Sina'a", "Malikiyah", "Amuda", "Darbasiyah",
    "Tal Tamr", "Roj", "Busayrah", "Hajin", "Mayadin", "Sur", "Jazrat", "Tabqa", "Mansoura", "Karama",
    "Sabkha", "Kobani", "Manbij", "Jarabulus", "Sinjar", "Tal Afar", "Qayyarah", "Hatra", "Baaj", "Hit",
    "Rutba", "Qaim", "Fallujah", "Khalis", "Muqdadiyah", "Baqubah", "Tuz", "Hawija", "Daquq", "Baiji",
    "Tikrit", "Samarra", "Sharqat", "Ain Issa", "Raqqa", "Markada", "Suwar", "Hamidiyah", "Rumeilan",
    "Derik", "Jawadiyah", "Tirbespiye", "Abu Khashab", "Dibsi", "Maadan", "Kasrah", "Basira", "Thiban",
    "Azim", "Mutaibija", "Makhmour",
)  # fmt: skip
_PREFIXES = ("", "", "", "al-", "Tell ", "Ain ", "Khirbet ", "Kafr ", "Jabal ")
_QUALIFIERS = ("", "", "", " al-Sharqi", " al-Gharbi", " al-Kabir", " al-Saghir", " North", " South")
_ARABIC = {
    "Hol": "الهول",
    "Hasakah": "الحسكة",
    "Qamishli": "القامشلي",
    "Raqqa": "الرقة",
    "Hit": "هيت",
    "Tikrit": "تكريت",
}

_COORD_SOURCES = CONTRACT.enum("places", "coord_source")
_PLACE_NOTES = ("coordinates approximate", "also used as a detention site")
# Values come from the contract; the weights give a plausible mix (a value added later gets a small share).
_PLACE_KINDS = CONTRACT.enum("places", "kind")
_PLACE_KIND_SHARES = {"prison": 0.16, "camp": 0.10, "town": 0.40, "city": 0.09, "military_site": 0.10, "region": 0.15}
_PLACE_KIND_WEIGHTS = tuple(_PLACE_KIND_SHARES.get(kind, 0.02) for kind in _PLACE_KINDS)
_KIND_SUFFIX = {"prison": " prison", "camp": " camp", "military_site": " base", "region": " countryside"}

_EVENT_TYPES = CONTRACT.enum("events", "event_type")
_EVENT_TYPE_SHARES = {
    "prison_attack": 0.08,
    "escape": 0.15,
    "riot": 0.17,
    "camp_incident": 0.40,
    "related_attack": 0.14,
    "context": 0.06,
}
_EVENT_TYPE_WEIGHTS = tuple(_EVENT_TYPE_SHARES.get(kind, 0.02) for kind in _EVENT_TYPES)
# The kinds of place each type of event happens at, most likely first.
_TYPE_PLACES = {
    "prison_attack": ("prison", "military_site"),
    "escape": ("prison", "camp"),
    "riot": ("prison", "camp"),
    "camp_incident": ("camp",),
    "related_attack": ("town", "city", "military_site"),
    "context": ("region", "city"),
}
_SUBTYPES = {
    "prison_attack": ("armed_assault", "car_bomb", "shelling", "raid"),
    "escape": ("mass_escape", "escape_attempt", "smuggling", "release", "extraction"),
    "riot": ("riot", "protest", "arson", "clash"),
    "camp_incident": ("killing", "fire", "smuggling", "security_operation", "stabbing", "protest", "plot_foiled"),
    "related_attack": ("armed_assault", "car_bomb", "air_strike", "killing", "raid"),
    "context": ("statement", "offensive", "aggregate_estimate", "security_operation"),
}
_TITLES = {
    "armed_assault": "IS attack on {place}",
    "car_bomb": "Car bomb at {place}",
    "shelling": "Shelling near {place}",
    "raid": "Raid on a cell near {place}",
    "mass_escape": "Mass escape from {place}",
    "escape_attempt": "Escape attempt at {place}",
    "smuggling": "Smuggling out of {place}",
    "release": "Release of detainees from {place}",
    "extraction": "Extraction of detainees from {place}",
    "riot": "Riot at {place}",
    "protest": "Protest at {place}",
    "arson": "Detainees set fire to {place}",
    "clash": "Clashes inside {place}",
    "killing": "Killing of a resident in {place}",
    "fire": "Fire in {place}",
    "security_operation": "Security sweep in {place}",
    "stabbing": "Stabbing in {place}",
    "plot_foiled": "Foiled escape plot at {place}",
    "air_strike": "Air strike near {place}",
    "statement": "Statement on detainees in {place}",
    "offensive": "Offensive around {place}",
    "aggregate_estimate": "Estimate of detainees held in {place}",
}
_OPENINGS = (
    "{initiator} struck {place} in the early hours, according to local reports.",
    "Residents of {place} reported gunfire and a heavy security presence.",
    "Guards at {place} said the incident began during a transfer of detainees.",
    "Monitors described the events at {place} as the most serious in months.",
    "The incident at {place} was first reported by local outlets and later confirmed by {target}.",
    "Accounts of what happened at {place} differ between the parties.",
)
_MIDDLES = (
    "Figures for the dead and the escaped vary widely between claimants.",
    "{target} said the situation was brought under control within a day.",
    "Several detainees were reported missing after a head count.",
    "The camp administration restricted movement for several days afterwards.",
    "{initiator} later claimed responsibility in a statement.",
    "No independent source could confirm the numbers given.",
    "Families of detainees said they had no news of their relatives.",
)
_CLOSINGS = (
    "Searches continued in the surrounding villages.",
    "Humanitarian groups called for better conditions in detention.",
    "The incident renewed calls for the repatriation of foreign detainees.",
    "",
    "",
)
_EVENT_NOTES = (
    "Date inferred from the first report.",
    "Exact site disputed; the nearest facility is used.",
    "Figures reported as rounded totals.",
    "Some outlets place the event a day later.",
)

_FIXED_ACTORS = (
    ("is", "Islamic State", "armed_group", "IS;ISIS;ISIL;Daesh"),
    ("is-detainees", "IS detainees", "population", "detainees"),
    ("sdf", "Syrian Democratic Forces", "state_force", "SDF;QSD"),
    ("asayish", "Asayish", "state_force", "internal security forces"),
    ("aanes", "Autonomous Administration of North and East Syria", "local_authority", "AANES;Rojava administration"),
    ("coalition", "Global Coalition against Daesh", "coalition", "CJTF-OIR"),
    ("us-forces", "US forces", "state_force", "CENTCOM"),
    ("turkish-forces", "Turkish Armed Forces", "state_force", "TSK"),
    ("sna", "Syrian National Army", "armed_group", "SNA"),
    ("syrian-government", "Syrian government", "government", "Damascus"),
    ("iraqi-army", "Iraqi Army", "state_force", ""),
    ("iraqi-police", "Iraqi police", "state_force", ""),
    ("ctc", "Iraqi Counter-Terrorism Service", "state_force", "CTS;Golden Division"),
    ("pmf", "Popular Mobilization Forces", "armed_group", "PMF;Hashd al-Shaabi"),
    ("peshmerga", "Peshmerga", "state_force", ""),
    ("iraq-justice-ministry", "Iraqi Ministry of Justice", "government", ""),
    ("sohr", "Syrian Observatory for Human Rights", "monitor", "SOHR"),
    ("ric", "Rojava Information Center", "monitor", "RIC"),
    ("hrw", "Human Rights Watch", "ngo", "HRW"),
    ("amnesty", "Amnesty International", "ngo", "Amnesty"),
    ("icrc", "International Committee of the Red Cross", "international_org", "ICRC"),
    ("unicef", "UNICEF", "international_org", ""),
    ("un-ocha", "UN OCHA", "international_org", "OCHA"),
    ("krc", "Kurdish Red Crescent", "ngo", "Heyva Sor"),
    ("camp-residents", "Camp residents", "population", ""),
    ("smugglers", "Smugglers", "unknown", "smuggling networks"),
    ("unknown-gunmen", "Unknown gunmen", "unknown", ""),
    ("local-tribes", "Local tribal fighters", "armed_group", "tribal militias"),
)
_INITIATORS = {
    "prison_attack": ("is", "is", "is", "unknown-gunmen"),
    "escape": ("is-detainees", "is-detainees", "smugglers"),
    "riot": ("is-detainees",),
    "camp_incident": ("camp-residents", "unknown-gunmen", "is", "asayish", "smugglers"),
    "related_attack": ("is", "unknown-gunmen", "coalition", "turkish-forces"),
    "context": ("is", "aanes", "coalition", "iraq-justice-ministry"),
}
_TARGETS = {
    "SY": ("sdf", "asayish", "sdf", "camp-residents", "aanes"),
    "IQ": ("iraqi-army", "iraqi-police", "ctc", "pmf", "peshmerga"),
}
_CLAIMANTS = ("sohr", "sdf", "is", "ric", "asayish", "aanes", "coalition", "iraqi-army", "hrw", "un-ocha")
_METRICS = {
    "prison_attack": ("escaped", "killed_security", "killed_is", "killed_total", "attackers", "recaptured"),
    "escape": ("escaped", "recaptured", "escape_attempts", "missing"),
    "riot": ("injured", "killed_detainees", "detainees_held", "surrendered"),
    "camp_incident": ("killed_civilians", "injured", "smuggled", "arrested"),
    "related_attack": ("killed_total", "killed_civilians", "injured", "hostages"),
    "context": ("detainees_held", "arrested", "escaped"),
}
_CLAIM_NOTES = ("running total", "as reported at a press conference", "includes guards", "approximate", "at least")

_PUBLISHERS = (
    ("Rudaw", "rudaw.net", "en"),
    ("Kurdistan24", "kurdistan24.net", "en"),
    ("Hawar News Agency", "hawarnews.com", "ar"),
    ("SOHR", "syriahr.com", "ar"),
    ("North Press Agency", "npasyria.com", "en"),
    ("Reuters", "reuters.com", "en"),
    ("Toronto Star (AP)", "thestar.com", "en"),
    ("AFP", "afp.com", "fr"),
    ("Al-Monitor", "al-monitor.com", "en"),
    ("Enab Baladi", "enabbaladi.net", "ar"),
    ("Shafaq News", "shafaq.com", "ar"),
    ("Human Rights Watch", "hrw.org", "en"),
    ("Amnesty International", "amnesty.org", "en"),
    ("Rojava Information Center", "rojavainformationcenter.com", "en"),
    ("UN OCHA", "unocha.org", "en"),
    ("NOS", "nos.nl", "nl"),
    ("Trouw", "trouw.nl", "nl"),
    ("De Telegraaf", "telegraaf.nl", "nl"),
    ("BBC News", "bbc.com", "en"),
    ("Der Spiegel", "spiegel.de", "de"),
    ("ANF News", "anfenglish.com", "ku"),
    ("CENTCOM", "centcom.mil", "en"),
)
_SOURCE_KINDS = {"Human Rights Watch": "ngo", "Amnesty International": "ngo", "SOHR": "ngo", "UN OCHA": "official"}
_HEADLINES = {
    "en": (
        "Attack on {place} prison leaves dozens dead",
        "Detainees escape after unrest at {place}",
        "Tension in {place} camp as security forces search tents",
        "What we know about the {place} incident",
    ),
    "ar": ("هجوم على سجن في {place}", "فرار معتقلين من {place}", "توتر في مخيم {place}"),
    "nl": ("Onrust in kamp {place}", "Gevangenen ontsnapt bij {place}", "Wat we weten over {place}"),
    "fr": ("Attaque contre la prison de {place}", "Évasion de détenus à {place}"),
    "de": ("Angriff auf Gefängnis in {place}", "Unruhen im Lager {place}"),
    "ku": ("Êrîşa li ser girtîgeha {place}", "Rewşa kampa {place}"),
}


def place_count(event_count: int) -> int:
    """About one site per hundred events, within sensible bounds."""
    return int(min(MAX_PLACES, max(MIN_PLACES, event_count // 100)))


def slug(text: str) -> str:
    """Lower-case ASCII id part: 'al-Sina'a prison' -> 'al-sinaa-prison'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "")).strip("-") or "x"


def _short_slug(text: str, limit: int = 24) -> str:
    """The slug cut at a word boundary, so ids stay readable."""
    words = slug(text).split("-")
    kept = [words[0]]
    for word in words[1:]:
        if len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    return "-".join(kept)


def _base36(values: np.ndarray) -> list[str]:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    result = []
    for value in values.tolist():
        text = ""
        while True:
            value, remainder = divmod(value, 36)
            text = digits[remainder] + text
            if value == 0:
                break
        result.append(text)
    return result


def _pick(
    rng: np.random.Generator, options: Sequence[str], size: int, weights: Sequence[float] | None = None
) -> np.ndarray:
    probabilities = None if weights is None else np.asarray(weights, dtype=float) / float(np.sum(weights))
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=probabilities)]


def _zipf_weights(count: int, exponent: float = 0.9) -> np.ndarray:
    """A few busy sites and a long tail of quiet ones, as in real event data."""
    weights = 1.0 / np.arange(1, count + 1, dtype=float) ** exponent
    return weights / weights.sum()


def _with_optional(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    return np.where(keep, values, "").astype(object)


def make_actors(rng: np.random.Generator, event_count: int) -> pd.DataFrame:
    """The fixed cast plus local cells on larger datasets."""
    extra = min(500, event_count // 2000)
    rows = [
        {"actor_id": actor_id, "name": name, "kind": kind, "aliases": aliases, "description": f"{name} ({kind})."}
        for actor_id, name, kind, aliases in _FIXED_ACTORS
    ]
    roots = _pick(rng, _ROOTS, extra)
    for number, root in enumerate(roots.tolist(), start=1):
        rows.append(
            {
                "actor_id": f"is-cell-{slug(root)}-{number}",
                "name": f"IS cell of {root} ({number})",
                "kind": "armed_group",
                "aliases": "",
                "description": f"A local IS cell active around {root}; synthetic.",
            }
        )
    return pd.DataFrame(rows)


def make_places(rng: np.random.Generator, count: int) -> pd.DataFrame:
    """Prisons, camps, towns and regions clustered around governorate centres, a few without coordinates."""
    governorate_weights = np.array([item.weight for item in GOVERNORATES])
    governorate = rng.choice(len(GOVERNORATES), size=count, p=governorate_weights / governorate_weights.sum())
    kinds = _pick(rng, _PLACE_KINDS, count, _PLACE_KIND_WEIGHTS)
    # Every dataset has at least one place of each kind, so every event type has somewhere to happen.
    kinds[: len(_PLACE_KINDS)] = _PLACE_KINDS
    roots = _pick(rng, _ROOTS, count)
    prefixes = _pick(rng, _PREFIXES, count)
    qualifiers = _pick(rng, _QUALIFIERS, count)
    names = [
        f"{prefix}{root}{qualifier}{_KIND_SUFFIX.get(kind, '')}"
        for prefix, root, qualifier, kind in zip(prefixes, roots, qualifiers, kinds, strict=True)
    ]
    alt_names = []
    variant_draw = rng.random(count)
    for name, root, draw in zip(names, roots.tolist(), variant_draw.tolist(), strict=True):
        variants = []
        if draw < 0.6:
            variants.append(name.replace("ah", "eh").replace("al-", "el-"))
        if draw < 0.25 and root in _ARABIC:
            variants.append(_ARABIC[root])
        elif draw < 0.1:
            variants.append(name.replace("a", "ā", 1).replace("H", "Ḩ", 1))
        alt_names.append(";".join(variant for variant in variants if variant != name))
    suffixes = _base36(np.arange(count))
    centre_latitude = np.array([GOVERNORATES[index].latitude for index in governorate])
    centre_longitude = np.array([GOVERNORATES[index].longitude for index in governorate])
    region = CONTRACT.region
    latitude = np.clip(centre_latitude + rng.normal(0, 0.3, count), region.min_latitude, region.max_latitude)
    longitude = np.clip(centre_longitude + rng.normal(0, 0.4, count), region.min_longitude, region.max_longitude)
    located = rng.random(count) >= 0.02
    located[: len(_PLACE_KINDS)] = True
    facility = np.isin(kinds, ("prison", "camp", "military_site"))
    precision_draw = rng.random(count)
    coord_precision = np.where(
        kinds == "region",
        "region",
        np.where(facility & (precision_draw < 0.6), "site", np.where(precision_draw < 0.65, "neighbourhood", "town")),
    )
    return pd.DataFrame(
        {
            "place_id": [f"pl-{slug(name)}-{suffix}" for name, suffix in zip(names, suffixes, strict=True)],
            "name": names,
            "alt_names": alt_names,
            "kind": kinds,
            "admin1": [GOVERNORATES[index].name for index in governorate],
            "country": [GOVERNORATES[index].country for index in governorate],
            "latitude": _with_optional(np.char.mod("%.4f", latitude), located),
            "longitude": _with_optional(np.char.mod("%.4f", longitude), located),
            "coord_precision": _with_optional(coord_precision, located),
            "coord_source": _with_optional(_pick(rng, _COORD_SOURCES, count), located),
            "checked": np.where(located & (rng.random(count) < 0.3), "true", "false"),
            "notes": _with_optional(_pick(rng, _PLACE_NOTES, count), rng.random(count) < 0.08),
        }
    )


def make_sources(rng: np.random.Generator, count: int, place_names: Sequence[str]) -> pd.DataFrame:
    """Articles and reports: publisher, title in its language, date, address, sometimes an archived copy."""
    publisher_index = rng.choice(len(_PUBLISHERS), size=count)
    day_offsets = rng.integers(0, int((_STUDY_END - _STUDY_START).astype(int)) + 60, size=count)
    published_days = (_STUDY_START + day_offsets.astype("timedelta64[D]")).astype(str)
    month_only = rng.random(count) < 0.08
    published = np.where(month_only, np.char.ljust(published_days, 7).astype("<U7"), published_days)
    place_pick = rng.choice(len(place_names), size=count)
    suffixes = _base36(np.arange(count))
    rows: dict[str, list[str]] = {key: [] for key in CONTRACT.table("sources").field_names}
    archived_draw = rng.random(count)
    headline_draw = rng.integers(0, 1_000, size=count)
    for row in range(count):
        publisher, domain, language = _PUBLISHERS[int(publisher_index[row])]
        place = place_names[int(place_pick[row])]
        headlines = _HEADLINES[language]
        title = headlines[int(headline_draw[row]) % len(headlines)].format(place=place)
        day = str(published_days[row])
        url = f"https://www.{domain}/{day[:4]}/{day[5:7]}/{slug(title)[:60]}-{suffixes[row]}"
        rows["source_id"].append(f"src-{slug(publisher)[:20]}-{day[:7]}-{suffixes[row]}")
        rows["publisher"].append(publisher)
        rows["title"].append(title)
        rows["published"].append(str(published[row]))
        rows["url"].append(url)
        rows["language"].append(language)
        rows["kind"].append(_SOURCE_KINDS.get(publisher, "official" if publisher == "CENTCOM" else "news"))
        rows["archived_url"].append(
            f"https://web.archive.org/web/{day.replace('-', '')}/{url}" if archived_draw[row] < 0.3 else ""
        )
        rows["notes"].append("mirror of a wire story" if archived_draw[row] > 0.97 else "")
        rows["speaker"].append("")
    return pd.DataFrame(rows)


def _event_dates(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, end (empty for one-day events) and precision, honest about imprecise periods."""
    precision = _pick(rng, ("day", "days", "week", "month", "year"), count, (0.66, 0.12, 0.08, 0.09, 0.05))
    span = int((_STUDY_END - _STUDY_START).astype(int))
    start = _STUDY_START + rng.integers(0, span + 1, size=count).astype("timedelta64[D]")
    end = start.copy()
    is_day = precision == "day"
    multi_day = is_day & (rng.random(count) < 0.15)
    end[multi_day] += rng.integers(1, 11, size=int(multi_day.sum())).astype("timedelta64[D]")
    # A day is one day: events running over several reported days are spans.
    precision = np.where(multi_day, "span", precision)
    is_days = precision == "days"
    end[is_days] += rng.integers(1, 3, size=int(is_days.sum())).astype("timedelta64[D]")
    is_week = precision == "week"
    end[is_week] += np.timedelta64(6, "D")
    is_month = precision == "month"
    month_start = start.astype("datetime64[M]")
    start[is_month] = month_start[is_month].astype("datetime64[D]")
    end[is_month] = ((month_start[is_month] + 1).astype("datetime64[D]")) - np.timedelta64(1, "D")
    is_year = precision == "year"
    year_start = start.astype("datetime64[Y]")
    start[is_year] = year_start[is_year].astype("datetime64[D]")
    end[is_year] = (year_start[is_year] + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    end = np.minimum(end, _STUDY_END)
    precision = np.where((precision == "span") & (end == start), "day", precision)
    end_text = np.where(end == start, "", end.astype(str)).astype(object)
    return start.astype(str).astype(object), end_text, precision


def make_events(
    rng: np.random.Generator, count: int, places: pd.DataFrame, actors: pd.DataFrame, source_ids: np.ndarray
) -> pd.DataFrame:
    """Events at plausible places for their type, with dates, actors, sources and text of realistic length."""
    event_types = _pick(rng, _EVENT_TYPES, count, _EVENT_TYPE_WEIGHTS)
    place_index = np.empty(count, dtype=np.int64)
    kinds = places["kind"].to_numpy()
    for event_type in _EVENT_TYPES:
        rows = np.flatnonzero(event_types == event_type)
        preferred = np.flatnonzero(np.isin(kinds, _TYPE_PLACES[event_type]))
        anywhere = rng.random(len(rows)) < 0.15
        place_index[rows] = preferred[rng.choice(len(preferred), size=len(rows), p=_zipf_weights(len(preferred)))]
        place_index[rows[anywhere]] = rng.choice(len(kinds), size=int(anywhere.sum()), p=_zipf_weights(len(kinds)))
    place_kind = kinds[place_index]
    place_names = places["name"].to_numpy()[place_index]
    countries = places["country"].to_numpy()[place_index]
    start, end, precision = _event_dates(rng, count)
    subtypes = np.empty(count, dtype=object)
    for event_type, options in _SUBTYPES.items():
        rows = np.flatnonzero(event_types == event_type)
        subtypes[rows] = _pick(rng, options, len(rows))
    precision_draw = rng.random(count)
    location_precision = np.select(
        [
            np.isin(place_kind, ("prison", "camp", "military_site")),
            np.isin(place_kind, ("town", "city")),
        ],
        [
            np.where(precision_draw < 0.75, "site", "town"),
            np.where(precision_draw < 0.8, "town", "district"),
        ],
        np.where(precision_draw < 0.7, "region", "governorate"),
    )
    actor_ids = actors["actor_id"].to_numpy()
    actor_names = dict(zip(actor_ids, actors["name"], strict=True))
    cells = actor_ids[len(_FIXED_ACTORS) :]
    initiators = np.empty(count, dtype=object)
    for event_type, options in _INITIATORS.items():
        rows = np.flatnonzero(event_types == event_type)
        initiators[rows] = _pick(rng, options, len(rows))
    if len(cells):
        local_cell = (initiators == "is") & (rng.random(count) < 0.3)
        initiators[local_cell] = cells[rng.choice(len(cells), size=int(local_cell.sum()))]
    targets = np.where(countries == "SY", _pick(rng, _TARGETS["SY"], count), _pick(rng, _TARGETS["IQ"], count)).astype(
        object
    )
    no_initiator = rng.random(count) < 0.08
    no_target = (rng.random(count) < 0.12) | (event_types == "context")
    source_count = rng.choice((1, 2, 3), size=count, p=(0.5, 0.35, 0.15))
    first_source = rng.integers(0, len(source_ids), size=(count, 3))
    opening = rng.integers(0, len(_OPENINGS), size=count)
    middle = rng.integers(0, len(_MIDDLES), size=count)
    closing = rng.integers(0, len(_CLOSINGS), size=count)
    note_draw = rng.random(count)
    suffixes = _base36(np.arange(count))
    confidence = _pick(rng, ("high", "medium", "low"), count, (0.35, 0.45, 0.2))
    rows_out: dict[str, list[str]] = {key: [] for key in CONTRACT.table("events").field_names}
    for row in range(count):
        place = str(place_names[row])
        subtype = str(subtypes[row])
        initiator = "" if no_initiator[row] else str(initiators[row])
        target = "" if no_target[row] else str(targets[row])
        fill = {
            "place": place,
            "initiator": actor_names.get(initiator, "Unknown gunmen"),
            "target": actor_names.get(target, "the local authorities"),
        }
        summary = " ".join(
            part.format(**fill)
            for part in (_OPENINGS[opening[row]], _MIDDLES[middle[row]], _CLOSINGS[closing[row]])
            if part
        )
        rows_out["event_id"].append(f"{start[row]}-{_short_slug(place)}-{subtype.replace('_', '-')}-{suffixes[row]}")
        rows_out["date_start"].append(str(start[row]))
        rows_out["date_end"].append(str(end[row]))
        rows_out["date_precision"].append(str(precision[row]))
        rows_out["event_type"].append(str(event_types[row]))
        rows_out["subtype"].append(subtype)
        rows_out["title"].append(_TITLES[subtype].format(place=place))
        rows_out["summary"].append(summary)
        rows_out["place_id"].append("")
        rows_out["location_precision"].append(str(location_precision[row]))
        rows_out["initiators"].append(initiator)
        rows_out["targets"].append(target)
        rows_out["confidence"].append(str(confidence[row]))
        rows_out["source_ids"].append(
            ";".join(dict.fromkeys(source_ids[first_source[row, : source_count[row]]].tolist()))
        )
        has_note = note_draw[row] < 0.12
        rows_out["notes"].append(_EVENT_NOTES[int(note_draw[row] * 100) % len(_EVENT_NOTES)] if has_note else "")
    rows_out["record_kind"] = [
        _record_kind(str(kind), str(subtype)) for kind, subtype in zip(event_types, subtypes, strict=True)
    ]
    rows_out["parent_id"] = [""] * count
    # Never finer than what the place's coordinates point at (a facility on a town point is located to the town).
    coordinates = places["coord_precision"].to_numpy()[place_index]
    ranks = np.vectorize(lambda level: PRECISION_RANKS.get(level, -1), otypes=[np.int64])
    coarser = ranks(coordinates) > ranks(np.asarray(rows_out["location_precision"]))
    rows_out["location_precision"] = np.where(coarser, coordinates, rows_out["location_precision"]).tolist()
    events = pd.DataFrame(rows_out)
    events["place_id"] = places["place_id"].to_numpy()[place_index]
    _mark_distinct(events)
    # Event files are kept in date order, as editors keep them.
    return events.sort_values(["date_start", "event_id"], kind="stable").reset_index(drop=True)


def _record_kind(event_type: str, subtype: str) -> str:
    """incident for incidents; for context rows statement, context (an offensive) or aggregate."""
    if event_type != "context":
        return "incident"
    return {"statement": "statement", "offensive": "context"}.get(subtype, "aggregate")


def _mark_distinct(events: pd.DataFrame) -> None:
    """Incidents sharing a place and start day name each other in their notes, as the validator asks."""
    incident = events["record_kind"] == "incident"
    keys = events["place_id"] + "|" + events["date_start"]
    shared = incident & keys.where(incident).duplicated(keep=False)
    if not shared.any():
        return
    group = events[shared].assign(_key=keys[shared]).sort_values(["_key", "event_id"])
    following = group.groupby("_key")["event_id"].shift(-1)
    first = group.groupby("_key")["event_id"].transform("first")
    other = following.fillna(first)
    note = "distinct from " + other + ": a separate incident the same day."
    events.loc[group.index, "notes"] = (note + " " + group["notes"]).str.strip()


def make_claims(rng: np.random.Generator, events: pd.DataFrame, source_ids: np.ndarray) -> pd.DataFrame:
    """About two and a half claims per event, often contradicting each other, each with claimant and source."""
    per_event = rng.choice(7, size=len(events), p=(0.08, 0.17, 0.25, 0.25, 0.15, 0.06, 0.04))
    event_row = np.repeat(np.arange(len(events)), per_event)
    count = len(event_row)
    ordinal = np.arange(count) - np.repeat(np.cumsum(per_event) - per_event, per_event)
    event_ids = events["event_id"].to_numpy()[event_row]
    event_types = events["event_type"].to_numpy()[event_row]
    metric_index = np.where(rng.random(count) < 0.6, 0, rng.integers(0, 4, size=count))
    metrics = np.array(
        [_METRICS[kind][index % len(_METRICS[kind])] for kind, index in zip(event_types, metric_index, strict=True)]
    )
    low = np.minimum(np.round(np.exp(rng.normal(2.3, 1.3, size=count))), 5_000).astype(np.int64)
    shape = rng.random(count)
    high = np.where(shape < 0.6, low, low + np.round(low * rng.random(count)) + 1).astype(np.int64)
    high_text = np.where(shape > 0.85, "", high.astype(str)).astype(object)
    starts = events["date_start"].to_numpy()[event_row].astype("datetime64[D]")
    claimed = (starts + rng.integers(0, 40, size=count).astype("timedelta64[D]")).astype(str)
    claimed_shape = rng.random(count)
    claimed_on = np.where(claimed_shape < 0.1, np.char.ljust(claimed, 7).astype("<U7"), claimed).astype(object)
    claimed_on[claimed_shape > 0.85] = ""
    notes = _with_optional(_pick(rng, _CLAIM_NOTES, count), rng.random(count) < 0.1)
    return pd.DataFrame(
        {
            "claim_id": [f"{event_id}-c{number}" for event_id, number in zip(event_ids, ordinal.tolist(), strict=True)],
            "event_id": event_ids,
            "metric": metrics,
            "value_low": low.astype(str),
            "value_high": high_text,
            "claimant": _pick(rng, _CLAIMANTS, count),
            "claimed_on": claimed_on,
            "source_id": source_ids[rng.integers(0, len(source_ids), size=count)],
            "note": notes,
            "basis": "stated",
            "derivation": "",
            "scope": "whole",
        }
    )


def make_translations(events: pd.DataFrame) -> pd.DataFrame:
    """A title and summary per event in every language, as the real data has; the English text stands in for them."""
    fields = translatable_fields("events")
    per_language = pd.DataFrame(
        {
            "table_name": "events",
            "record_id": np.repeat(events["event_id"].to_numpy(), len(fields)),
            "field": np.tile(np.array(fields, dtype=object), len(events)),
            "text": events[list(fields)].to_numpy().ravel(),
        }
    )
    frames = [per_language.assign(language=language) for language in LANGUAGES]
    return pd.concat(frames, ignore_index=True)


def generate(event_count: int, seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The tables (as text columns in contract order) for `event_count` synthetic events."""
    rng = np.random.default_rng([seed, event_count])
    actors = make_actors(rng, event_count)
    places = make_places(rng, place_count(event_count))
    sources = make_sources(rng, max(20, event_count // 3), places["name"].tolist())
    events = make_events(rng, event_count, places, actors, sources["source_id"].to_numpy())
    claims = make_claims(rng, events, sources["source_id"].to_numpy())
    tables = {"events": events, "places": places, "sources": sources, "claims": claims, "actors": actors}
    tables["translations"] = make_translations(events)
    return {name: tables[name][list(CONTRACT.table(name).field_names)] for name in TABLE_NAMES}


def write_dataset(directory: Path | str, event_count: int, seed: int = DEFAULT_SEED) -> Path:
    """Write a synthetic dataset of `event_count` events as the contract's CSV files in `directory`."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for name, frame in generate(event_count, seed).items():
        frame.to_csv(target / CONTRACT.table(name).path, index=False, lineterminator="\n", encoding="utf-8")
    return target
