"""Load the dataset into typed, joined pandas frames."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from incidents.figures import event_magnitudes, headline_figures
from incidents.problems import Problem, has_errors
from incidents.reading import RawTable, read_table
from incidents.schema import (
    CONFIDENCE_LEVELS,
    CONTRACT,
    COORD_PRECISIONS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    LIST_DELIMITER,
    LOCATION_PRECISIONS,
    TABLE_NAMES,
    Contract,
)
from incidents.text import fold_series
from incidents.validate import check_tables, numbers, per_unique, table_items, text_array


class InvalidDatasetError(Exception):
    """The dataset has errors; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [problem for problem in problems if problem.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the dataset, first: {errors[0] if errors else '-'}")


@dataclass(frozen=True)
class Dataset:
    """The whole dataset, typed and joined; frames are shared and must not be modified in place."""

    events: pd.DataFrame
    places: pd.DataFrame
    sources: pd.DataFrame
    claims: pd.DataFrame
    actors: pd.DataFrame
    event_actors: pd.DataFrame
    event_sources: pd.DataFrame
    figures: pd.DataFrame
    version: str
    warnings: tuple[Problem, ...]
    # Built on first use and kept with this dataset (not copied by dataclasses.replace, which gets its own).
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @property
    def event_count(self) -> int:
        """Number of events."""
        return len(self.events)

    def search_text(self) -> pd.Series:
        """Folded 'id | title | summary | site | spellings | initiators | targets' per event, for free-text search.

        Built on the first search, not at load: at a million events it is seconds of work and hundreds
        of megabytes that a viewer who never searches does not need. Sessions share it.
        """
        with self._lock:
            if "search_text" not in self._derived:
                self._derived["search_text"] = build_search_text(self.events, self.places, self.actors)
            text: pd.Series = self._derived["search_text"]
            return text


def data_version(data_dir: Path, contract: Contract = CONTRACT) -> str:
    """Contract version plus a short hash of the CSV files, so a citation pins the exact data."""
    digest = hashlib.sha256()
    for name in TABLE_NAMES:
        path = Path(data_dir) / contract.table(name).path
        digest.update(path.read_bytes() if path.exists() else b"")
    return f"{contract.version}+{digest.hexdigest()[:8]}"


def _version_of(contents: list[bytes], contract: Contract) -> str:
    digest = hashlib.sha256()
    for data in contents:
        digest.update(data)
    return f"{contract.version}+{digest.hexdigest()[:8]}"


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        # read_table reads it again and reports the problem in the dataset's words.
        return None


def load_dataset(data_dir: Path | str, contract: Contract = CONTRACT) -> Dataset:
    """Read, validate and type the dataset; raise InvalidDatasetError when it has errors."""
    data_dir = Path(data_dir)
    contents = {name: _read_bytes(data_dir / contract.table(name).path) for name in TABLE_NAMES}
    # The version hash (the same as data_version) runs on a second core while the tables are parsed and checked;
    # hashlib releases the GIL, so each file is read once and hashed for free.
    with ThreadPoolExecutor(max_workers=1) as pool:
        version = pool.submit(_version_of, [contents[name] or b"" for name in TABLE_NAMES], contract)
        tables = {name: read_table(data_dir, contract.table(name), contents.pop(name)) for name in TABLE_NAMES}
        problems = check_tables(tables, contract)
        if has_errors(problems):
            raise InvalidDatasetError(problems)
        return build_dataset(tables, version.result(), tuple(problems))


def build_dataset(tables: dict[str, RawTable], version: str, warnings: tuple[Problem, ...] = ()) -> Dataset:
    """Type and join tables that passed validation."""
    places = _type_places(tables["places"].frame)
    actors = tables["actors"].frame.copy()
    sources = tables["sources"].frame.copy()
    claims = _type_claims(tables["claims"].frame, actors, sources)
    event_actors = _links(tables["events"], {"initiators": "initiator", "targets": "target"}, "actor_id")
    event_actors = event_actors.merge(
        actors[["actor_id", "name"]].rename(columns={"name": "actor_name"}), on="actor_id", how="left"
    )
    event_sources = _links(tables["events"], {"source_ids": "source"}, "source_id").drop(columns="role")
    raw_events = _sorted_by_date(tables["events"].frame).reset_index(drop=True)
    figures, magnitudes = _figures(claims, raw_events["event_id"])
    events = _type_events(raw_events, places, actors, magnitudes)
    return Dataset(
        events=events,
        places=places,
        sources=sources,
        claims=claims,
        actors=actors,
        event_actors=event_actors,
        event_sources=event_sources,
        figures=figures,
        version=version,
        warnings=warnings,
    )


def _type_places(frame: pd.DataFrame) -> pd.DataFrame:
    places = frame.copy()
    for column in ("latitude", "longitude"):
        places[column] = pd.to_numeric(places[column].where(places[column] != "", None), errors="coerce")
    places["checked"] = places["checked"].isin(("true", "True", "TRUE", "1"))
    places["coord_precision"] = pd.Categorical(
        places["coord_precision"].where(places["coord_precision"] != "", None), categories=COORD_PRECISIONS
    )
    return places


def _type_claims(frame: pd.DataFrame, actors: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    claims = frame.copy()
    # Figures, dates and claimants repeat: each distinct value is converted once (see per_unique).
    claims["value_low"] = per_unique(claims["value_low"], pd.to_numeric).astype("int64")
    claims["value_high"] = numbers(claims["value_high"]).astype("float64")
    claims["claimed_on"] = claims["claimed_on"].where(claims["claimed_on"] != "", None)
    claimant_names = actors.set_index("actor_id")["name"]
    claims["claimant_name"] = pd.Series(
        per_unique(claims["claimant"], lambda unique: unique.map(claimant_names)), index=claims.index, dtype="str"
    )
    return claims


def _figures(claims: pd.DataFrame, event_ids: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    """headline_figures and each event's magnitude (by position in `event_ids`), grouped on integer codes.

    Grouping a few million strings is most of the cost of loading; codes numbered in the text's sorted
    order make every sort and group inside headline_figures see the order the text would give, so the
    same rows come out.
    """
    columns = ["event_id", "metric", "claimant", "claimed_on", "value_low", "value_high"]
    if claims.empty:
        figures = headline_figures(claims[columns])
        return figures, np.zeros(len(event_ids), dtype=np.int64)
    ids = text_array(event_ids)
    positions = np.asarray(pc.index_in(text_array(claims["event_id"]), value_set=ids).fill_null(-1))
    in_text_order = len(ids) < 2 or pc.all(pc.less(ids[:-1], ids[1:])).as_py()
    if in_text_order and (positions >= 0).all():
        # The usual case: events sorted by date are sorted by id too, as ids start with their date.
        event_codes, code_ids = positions, event_ids.reset_index(drop=True)
    else:
        event_codes, unique_ids = pd.factorize(claims["event_id"], sort=True)
        code_ids = pd.Series(unique_ids, dtype="str")
    metric_codes, metrics = pd.factorize(claims["metric"], sort=True)
    claimant_codes = pd.factorize(claims["claimant"])[0]
    # Undated claims are None, coded -1: they sort first, as the empty text they stand for does.
    dated_codes = pd.factorize(claims["claimed_on"], sort=True)[0]
    coded = pd.DataFrame(
        {
            "event_id": event_codes,
            "metric": metric_codes,
            "claimant": claimant_codes,
            "claimed_on": dated_codes,
            "value_low": claims["value_low"].to_numpy(),
            "value_high": claims["value_high"].to_numpy(),
        }
    )
    figures = headline_figures(coded)
    # Series.take keeps text in Arrow; .to_numpy() would box every string as a Python object and back.
    figures["metric"] = pd.Series(metrics, dtype="str").take(figures["metric"].to_numpy()).set_axis(figures.index)
    magnitude_by_code = event_magnitudes(figures)
    figures["event_id"] = code_ids.take(figures["event_id"].to_numpy()).set_axis(figures.index)
    magnitudes = np.zeros(len(event_ids), dtype=np.int64)
    if len(magnitude_by_code):
        magnitude_ids = code_ids.take(magnitude_by_code.index.to_numpy())
        found = np.asarray(pc.index_in(ids, value_set=text_array(magnitude_ids)).fill_null(-1))
        magnitudes[found >= 0] = magnitude_by_code.to_numpy()[found[found >= 0]]
    return figures, magnitudes


def _links(table: RawTable, columns: dict[str, str], target: str) -> pd.DataFrame:
    """Long table (event_id, target, role) from ';'-separated list columns."""
    parts = []
    events = table.frame
    event_ids = events["event_id"]
    for column, role in columns.items():
        rows, items = table_items(table, column)
        parts.append(
            pd.DataFrame({"event_id": event_ids.take(rows).reset_index(drop=True), target: items, "role": role})
        )
    if not parts:
        return pd.DataFrame(columns=["event_id", target, "role"])
    return pd.concat(parts, ignore_index=True)


def _joined_names(lists: pd.Series, names: pd.Series) -> pd.Series:
    """'; '-joined names for each ';'-separated id list, in list order ('' for an empty list)."""
    array = text_array(lists)
    # A list array is rebuilt from offsets below, which needs one contiguous array.
    split = pc.split_pattern(array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array, LIST_DELIMITER)
    positions = pc.index_in(pc.list_flatten(split), value_set=text_array(names.index))
    looked_up = text_array(names).take(positions)
    if isinstance(looked_up, pa.ChunkedArray):
        looked_up = looked_up.combine_chunks()
    offsets = split.offsets
    separator = pa.scalar("; ", pa.large_string())
    joined = pc.binary_join(pa.LargeListArray.from_arrays(offsets.cast(pa.int64()), looked_up), separator)
    return pd.Series(joined.fill_null("").to_pandas().array, index=lists.index, dtype="str")


def _sorted_by_date(frame: pd.DataFrame) -> pd.DataFrame:
    """Raw events in date order, then id: ISO dates sort as text, so no parsing is needed to order them."""
    dates, ids = text_array(frame["date_start"]), text_array(frame["event_id"])
    if len(frame) < 2:
        return frame
    # Most files are kept in date order already; checking neighbours is far cheaper than sorting.
    after = pc.greater(dates[1:], dates[:-1])
    tied = pc.and_(pc.equal(dates[1:], dates[:-1]), pc.greater(ids[1:], ids[:-1]))
    if pc.all(pc.or_(after, tied)).as_py():
        return frame
    keys = pa.table({"date_start": dates, "event_id": ids})
    order = np.asarray(pc.sort_indices(keys, sort_keys=[("date_start", "ascending"), ("event_id", "ascending")]))
    return frame.take(order)


_PLACE_COLUMNS = {
    "name": "place_name",
    "alt_names": "place_alt_names",
    "kind": "place_kind",
    "admin1": "admin1",
    "country": "country",
    "latitude": "latitude",
    "longitude": "longitude",
    "coord_precision": "coord_precision",
}


def _type_events(
    events: pd.DataFrame, places: pd.DataFrame, actors: pd.DataFrame, magnitudes: np.ndarray
) -> pd.DataFrame:
    typed: dict[str, Any] = {}
    start = per_unique(events["date_start"], lambda unique: pd.to_datetime(unique, format="%Y-%m-%d"))
    typed["date_start"] = pd.Series(start, index=events.index)
    given_end = per_unique(
        events["date_end"], lambda unique: pd.to_datetime(unique.where(unique != "", None), format="%Y-%m-%d")
    )
    typed["date_end"] = pd.Series(given_end, index=events.index).fillna(typed["date_start"])
    typed["date_precision"] = pd.Categorical(events["date_precision"], categories=DATE_PRECISIONS)
    typed["event_type"] = pd.Categorical(events["event_type"], categories=EVENT_TYPES)
    typed["location_precision"] = pd.Categorical(
        events["location_precision"], categories=LOCATION_PRECISIONS, ordered=True
    )
    typed["confidence"] = pd.Categorical(events["confidence"], categories=CONFIDENCE_LEVELS, ordered=True)
    events = events.assign(**typed)
    # A positional join: every place_id exists (validated), and a hash merge would copy every event column.
    positions = np.asarray(
        pc.index_in(text_array(events["place_id"]), value_set=text_array(places["place_id"])).fill_null(-1)
    )
    if (positions < 0).any():
        place_columns = places[["place_id", *_PLACE_COLUMNS]].rename(columns=_PLACE_COLUMNS)
        events = events.merge(place_columns, on="place_id", how="left", validate="many_to_one")
    else:
        joined = {new: places[old].take(positions).set_axis(events.index) for old, new in _PLACE_COLUMNS.items()}
        events = events.assign(**joined)
    actor_names = actors.set_index("actor_id")["name"]
    events["initiator_names"] = _joined_names(events["initiators"], actor_names)
    events["target_names"] = _joined_names(events["targets"], actor_names)
    events["magnitude"] = magnitudes
    events["has_location"] = events["latitude"].notna().to_numpy() & events["longitude"].notna().to_numpy()
    events.index = pd.Index(events["event_id"].array, name="id")
    return events


def build_search_text(events: pd.DataFrame, places: pd.DataFrame, actor_table: pd.DataFrame) -> pd.Series:
    """Folded 'id | title | summary | site | site spellings | initiators | targets' per event, for free-text search.

    Folding is per character, so each part is folded on its own: site and actor names once per place or
    actor rather than once per event, and ASCII text (nearly all of it) by a plain lower-casing in Arrow.
    """
    positions = np.asarray(
        pc.index_in(text_array(events["place_id"]), value_set=text_array(places["place_id"])).fill_null(-1)
    )
    actors = actor_table.set_index("actor_id")["name"]
    if (positions < 0).any() or events.empty:
        columns = ["event_id", "title", "summary", "place_name", "place_alt_names", "initiator_names", "target_names"]
        return pd.Series(fold_series(_joined_text([events[column] for column in columns])).array, index=events.index)
    folded_actors = _fold(actors).set_axis(actors.index)
    parts = [
        _fold(events["event_id"]),
        _fold(events["title"]),
        _fold(events["summary"]),
        _fold(places["name"]).take(positions),
        _fold(places["alt_names"]).take(positions),
        _joined_names(events["initiators"], folded_actors),
        _joined_names(events["targets"], folded_actors),
    ]
    return _joined_text(parts).set_axis(events.index)


def _fold(values: pd.Series) -> pd.Series:
    """fold_series, with ASCII rows (where folding is lower-casing) done in Arrow."""
    text = values.fillna("").astype("str")
    is_ascii = np.asarray(pc.string_is_ascii(text_array(text)), dtype=bool)
    if not is_ascii.all():
        folded = fold_series(text[~is_ascii])
        lowered = pd.Series(pc.ascii_lower(text_array(text)).to_pandas(), dtype="str")
        lowered.iloc[np.flatnonzero(~is_ascii)] = folded.array
        return lowered
    return pd.Series(pc.ascii_lower(text_array(text)).to_pandas(), dtype="str")


def _joined_text(parts: list[pd.Series]) -> pd.Series:
    """The parts joined per row with ' | ', in Arrow (a Python-level concatenation copies each string per part)."""
    arrays = [text_array(part.fillna("")) for part in parts]
    joined = pc.binary_join_element_wise(*arrays, pa.scalar(" | ", pa.large_string()))
    return pd.Series(joined.to_pandas(), dtype="str")
