"""Load the dataset into typed, joined pandas frames."""

from __future__ import annotations

import contextlib
import mmap
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from incidents.contract.check import check_fields, check_tables
from incidents.contract.columns import (
    WORKERS,
    category_codes,
    item_positions,
    key_positions,
    sorted_category_codes,
    sorted_codes,
    table_dates,
    table_items,
    table_numbers,
    table_per_unique,
    text_array,
)
from incidents.contract.problems import Problem, has_errors
from incidents.contract.read import FileBytes, RawTable, file_bytes, read_table
from incidents.contract.schema import (
    CONFIDENCE_LEVELS,
    CONTRACT,
    COORD_PRECISIONS,
    DATE_PRECISIONS,
    EVENT_TYPES,
    LIST_DELIMITER,
    LOCATION_PRECISIONS,
    METRICS,
    RECORD_KINDS,
    RUNNING_COUNT_KINDS,
    TABLE_NAMES,
    Contract,
    TableSpec,
)
from incidents.contract.search_index import id_words, joined_parts, key_text, place_spellings, searchable_tables
from incidents.contract.translations import translation_texts
from incidents.figures import (
    FIGURE_COLUMNS,
    MAGNITUDE_METRICS,
    coded_figures,
    final_tallies,
    headline_eligible,
)


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
    figures: pd.DataFrame
    # Text in other languages: table_name, record_id, field, language, text (see incidents.contract.translations).
    translations: pd.DataFrame
    version: str
    warnings: tuple[Problem, ...]
    # The events' list columns as validation split them: what the link tables are built from.
    lists: EventLists = field(repr=False, compare=False)
    # Built on first use and kept with this dataset (not copied by dataclasses.replace, which gets its own).
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @property
    def event_count(self) -> int:
        """Number of events."""
        return len(self.events)

    @property
    def event_actors(self) -> pd.DataFrame:
        """One row per actor an event lists: event_id, actor_id, role (initiator or target), actor_name.

        Built on first use (the actor filter, exports, an event's page), as are event_sources and the
        search text: at a million events each link table is most of a second and a hundred megabytes that
        the map and the timeline never need. Sessions share them.
        """
        frame: pd.DataFrame = self._derive("event_actors", self.lists.event_actors)
        return frame

    @property
    def event_sources(self) -> pd.DataFrame:
        """One row per source an event cites: event_id, source_id. Built on first use."""
        frame: pd.DataFrame = self._derive("event_sources", self.lists.event_sources)
        return frame

    def listed_actor_ids(self) -> frozenset[str]:
        """The actors some event names as initiator or target, without building the link table."""
        ids: frozenset[str] = self._derive("listed_actor_ids", self.lists.listed_actor_ids)
        return ids

    def search_text(self) -> pd.Series:
        """Keyed 'id | title | summary | site | spellings | initiators | targets' per event, for free-text search.

        Built on the first search, not at load: at a million events it is seconds of work and hundreds
        of megabytes that a viewer who never searches does not need. Sessions share it.
        """
        text: pd.Series = self._derive(
            "search_text",
            lambda: build_search_text(*searchable_tables(self.events, self.places, self.actors, self.translations)),
        )
        return text

    def place_spellings(self) -> dict[str, tuple[str, ...]]:
        """Each keyed spelling of a place (translated names too) -> the keyed spellings of it and its namesakes."""
        spellings: dict[str, tuple[str, ...]] = self._derive(
            "place_spellings",
            lambda: place_spellings(searchable_tables(self.events, self.places, self.actors, self.translations)[1]),
        )
        return spellings

    def translation_texts(self) -> pd.Series:
        """Translated text keyed by (table_name, record_id, field, language); built on the first lookup."""
        texts: pd.Series = self._derive("translation_texts", lambda: translation_texts(self.translations))
        return texts

    def _derive(self, name: str, build: Callable[[], Any]) -> Any:
        """`build()` once per dataset, shared by every session and thread that asks for it."""
        with self._lock:
            if name not in self._derived:
                self._derived[name] = build()
            return self._derived[name]


# The list columns that name actors, and the role each gives them: items are kept in this order throughout.
_ACTOR_ROLES = {"initiators": "initiator", "targets": "target"}


@dataclass(frozen=True)
class EventLists:
    """The events' ';'-separated list columns as validation split them, with the actor rows their items name."""

    event_ids: pd.Series
    # Per list column: each item's row in event_ids, and the item.
    items: dict[str, tuple[np.ndarray, pd.Series]]
    # Each item of the _ACTOR_ROLES columns, in that order: its row in the actors table.
    actor_positions: np.ndarray
    actor_ids: pd.Series
    actor_names: pd.Series

    def event_actors(self) -> pd.DataFrame:
        """The event_actors link table (see Dataset.event_actors)."""
        frame = self._links(_ACTOR_ROLES, "actor_id")
        # Each item's actor row was found by validation; names are taken by position, not merged again.
        names = self.actor_names.take(self.actor_positions)
        frame["actor_name"] = pd.Series(names.array, index=frame.index)
        return frame

    def event_sources(self) -> pd.DataFrame:
        """The event_sources link table (see Dataset.event_sources)."""
        return self._links({"source_ids": "source"}, "source_id").drop(columns="role")

    def listed_actor_ids(self) -> frozenset[str]:
        """Every actor id some event lists."""
        found = self.actor_positions[self.actor_positions >= 0]
        listed = np.bincount(found, minlength=len(self.actor_ids)) > 0
        return frozenset(self.actor_ids[listed].tolist())

    def _links(self, columns: dict[str, str], target: str) -> pd.DataFrame:
        """Long table (event_id, target, role) from list columns."""
        parts = []
        for column, role in columns.items():
            rows, items = self.items[column]
            event_ids = self.event_ids.take(rows).reset_index(drop=True)
            parts.append(pd.DataFrame({"event_id": event_ids, target: items, "role": role}))
        return pd.concat(parts, ignore_index=True)


def data_version(data_dir: Path, contract: Contract = CONTRACT) -> str:
    """Contract version plus a checksum of the CSV files, so a citation pins the exact data."""
    contents: list[FileBytes] = []
    for name in TABLE_NAMES:
        path = Path(data_dir) / contract.table(name).path
        contents.append(file_bytes(path) if path.exists() else b"")
    return _version_of(contents, contract)


def _version_of(contents: list[FileBytes], contract: Contract) -> str:
    """The version of these file contents (in TABLE_NAMES order).

    XXH3 over each file's length and bytes, shown as eight hex digits: any edit changes them but for one
    chance in four billion, and a gigabyte of CSV is hashed in a twentieth of a second (a CRC-32 takes
    four times as long, SHA-256 fifteen). The lengths keep a byte moved from one file to the next from
    going unnoticed.
    """
    digest = xxhash.xxh3_64()
    for data in contents:
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return f"{contract.version}+{digest.intdigest() & 0xFFFFFFFF:08x}"


def _file_bytes(path: Path) -> FileBytes | None:
    try:
        return file_bytes(path)
    except OSError:
        # read_table reads it again and reports the problem in the dataset's words.
        return None


def load_dataset(data_dir: Path | str, contract: Contract = CONTRACT) -> Dataset:
    """Read, validate and type the dataset; raise InvalidDatasetError when it has errors."""
    data_dir = Path(data_dir)
    contents = {name: _file_bytes(data_dir / contract.table(name).path) for name in TABLE_NAMES}
    # The version checksum (the same as data_version) and the tables run side by side: xxhash, Arrow and numpy
    # let go of the GIL while they work, so each file is read once and summed on a core that would idle.
    # Largest first, so the big tables never wait behind the small ones; each table's cells are checked as
    # soon as it is read, while the other files are still being parsed.
    by_size = sorted(TABLE_NAMES, key=lambda name: -len(contents[name] or b""))
    with ThreadPoolExecutor(max_workers=WORKERS + 1) as pool:
        reading = {
            name: pool.submit(_read_and_check, data_dir, contract.table(name), contents[name]) for name in by_size
        }
        version = pool.submit(_version_of, [contents[name] or b"" for name in TABLE_NAMES], contract)
        tables = {name: reading[name].result()[0] for name in TABLE_NAMES}
        field_problems = {name: reading[name].result()[1] for name in TABLE_NAMES}
        dataset_version = version.result()
        # Mapped pages count as the process's memory while mapped; nothing needs the raw bytes any more.
        _unmap(contents)
        problems = check_tables(tables, contract, field_problems)
        if has_errors(problems):
            raise InvalidDatasetError(problems)
        return build_dataset(tables, dataset_version, tuple(problems))


def _unmap(contents: dict[str, FileBytes | None]) -> None:
    for data in contents.values():
        if isinstance(data, mmap.mmap):
            with contextlib.suppress(BufferError):
                data.close()
    contents.clear()


def _read_and_check(data_dir: Path, spec: TableSpec, data: FileBytes | None) -> tuple[RawTable, list[Problem]]:
    table = read_table(data_dir, spec, data)
    return table, check_fields(table)


def build_dataset(tables: dict[str, RawTable], version: str, warnings: tuple[Problem, ...] = ()) -> Dataset:
    """Type and join tables that passed validation."""
    places = _type_places(tables["places"].frame)
    actors = tables["actors"].frame.copy()
    sources = tables["sources"].frame.copy()
    order = _date_order(tables["events"].frame)
    raw_events = tables["events"].frame if order is None else tables["events"].frame.take(order)
    raw_events = raw_events.reset_index(drop=True)
    # Claims and figures, the link tables and the events are independent until the magnitudes join them.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        figure_work = pool.submit(_claim_figures, tables, order, raw_events["event_id"])
        claim_work = pool.submit(_type_claims, tables["claims"], tables["actors"])
        events = _type_events(tables["events"], order, raw_events, places, tables["places"], tables["actors"])
        figures, magnitudes = figure_work.result()
        claims = claim_work.result()
    events.insert(list(events.columns).index("has_location"), "magnitude", magnitudes)
    return Dataset(
        events=events,
        places=places,
        sources=sources,
        claims=claims,
        actors=actors,
        figures=figures,
        translations=tables["translations"].frame,
        version=version,
        warnings=warnings,
        lists=_event_lists(tables["events"], tables["actors"]),
    )


def _claim_figures(
    tables: dict[str, RawTable], order: np.ndarray | None, event_ids: pd.Series
) -> tuple[pd.DataFrame, np.ndarray]:
    """The headline figures and each event's magnitude (events in `order`), from the validated claims."""
    claims = tables["claims"]
    # Each claim's event as a row of the sorted events: the positions validation found, renumbered.
    positions = key_positions(claims, "event_id", tables["events"], "event_id")
    if order is not None:
        new_rows = np.empty(len(order), dtype=np.int64)
        new_rows[order] = np.arange(len(order))
        positions = np.where(positions >= 0, new_rows[positions], -1)
    # Claims of episodes and aggregates are running counts: the headline rule treats stale figures apart.
    kinds = tables["events"].frame["record_kind"].to_numpy()
    original = key_positions(claims, "event_id", tables["events"], "event_id")
    running = np.isin(kinds, RUNNING_COUNT_KINDS)[np.maximum(original, 0)] & (original >= 0)
    claimants = key_positions(claims, "claimant", tables["actors"], "actor_id")
    frame = tables["events"].frame
    periods = frame[frame["record_kind"].isin(("episode", *RUNNING_COUNT_KINDS))]
    last_days = periods["date_end"].where(periods["date_end"] != "", periods["date_start"])
    ends = dict(zip(periods["event_id"], last_days, strict=True))
    aggregates = periods.loc[periods["record_kind"].isin(RUNNING_COUNT_KINDS), "event_id"]
    # Only figures that may be a headline decide whether final tallies exist: a sub-count or a derived sum said
    # after the period must not turn the stated counts into "partial" ones (the reference filters the same way).
    eligible = headline_eligible(claims.frame)
    candidates = np.zeros(len(eligible), dtype=bool)
    candidates[eligible] = final_tallies(claims.frame[eligible], ends, set(aggregates))
    return _figures(claims, event_ids, positions, claimants, running, candidates)


def _event_lists(events: RawTable, actor_table: RawTable) -> EventLists:
    """What the link tables are built from, as validation left it: nothing is split or looked up again."""
    return EventLists(
        event_ids=events.frame["event_id"],
        items={column: table_items(events, column) for column in (*_ACTOR_ROLES, "source_ids")},
        actor_positions=np.concatenate(
            [item_positions(events, column, actor_table, "actor_id") for column in _ACTOR_ROLES]
        ),
        actor_ids=actor_table.frame["actor_id"],
        actor_names=actor_table.frame["name"],
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


def _type_claims(table: RawTable, actor_table: RawTable) -> pd.DataFrame:
    claims = table.frame.copy(deep=False)
    # Validation parsed each distinct figure once; the same numbers are reused here.
    claims["value_low"] = _whole_numbers(table, "value_low")
    claims["value_high"] = table_numbers(table, "value_high")
    claims["claimed_on"] = _blank_as_missing(claims["claimed_on"])
    claimants = key_positions(table, "claimant", actor_table, "actor_id")
    claims["claimant_name"] = actor_table.frame["name"].take(claimants).set_axis(claims.index)
    return claims


def _blank_as_missing(values: pd.Series) -> pd.Series:
    """Empty text as missing, marked in a validity bitmap over the same text (replacing it would copy every value)."""
    array = text_array(values)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    marked = []
    for chunk in chunks:
        present = pc.not_equal(chunk, "")
        if chunk.null_count:
            present = pc.and_kleene(present, pc.is_valid(chunk))
        if chunk.offset or present.offset or present.null_count:
            return values.where(values != "", None)
        bitmap = present.buffers()[1]
        marked.append(pa.Array.from_buffers(chunk.type, len(chunk), [bitmap, *chunk.buffers()[1:]]))
    return pd.Series(pa.chunked_array(marked, type=array.type).to_pandas().array, index=values.index, dtype="str")


def _whole_numbers(table: RawTable, column: str) -> np.ndarray:
    """A required integer column as int64, exactly: floats hold whole numbers exactly only up to 2**53."""
    parsed = table_numbers(table, column)
    if len(parsed) and np.abs(parsed).max() < 2**53:
        return parsed.astype(np.int64)
    return table_per_unique(table, column, pd.to_numeric).astype(np.int64)


def _figures(
    claims: RawTable,
    event_ids: pd.Series,
    positions: np.ndarray,
    claimants: np.ndarray,
    running: np.ndarray,
    candidates: np.ndarray | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """headline_figures and each event's magnitude (by position in `event_ids`), grouped on integer codes.

    `positions` is each claim's row in `event_ids`, `claimants` any code per claimant (its row in the actors
    table, as validation found it). Grouping a few million strings is most of the cost of
    loading; codes numbered in the text's sorted order make every sort and group see the order the text
    would give, so the same rows come out as headline_figures gives. An empty claimed_on sorts first, as
    an undated claim must.
    """
    if claims.frame.empty:
        figures = pd.DataFrame(columns=FIGURE_COLUMNS)
        return figures, np.zeros(len(event_ids), dtype=np.int64)
    ids = text_array(event_ids)
    in_text_order = len(ids) < 2 or pc.all(pc.less(ids[:-1], ids[1:])).as_py()
    if in_text_order and (positions >= 0).all():
        # The usual case: events sorted by date are sorted by id too, as ids start with their date.
        event_codes, code_ids = positions, event_ids.reset_index(drop=True)
        positions_of_codes = np.arange(len(ids))
    else:
        event_codes, code_ids = sorted_codes(claims, "event_id")
        positions_of_codes = np.asarray(pc.index_in(text_array(code_ids), value_set=ids).fill_null(-1))
    # The enum check's codes (every metric is one of METRICS once validated), in the metrics' sorted order.
    metric_codes, metrics = sorted_category_codes(claims, "metric", METRICS)
    # Only stated figures about the whole of what a metric counts set headlines and ranges.
    eligible = headline_eligible(claims.frame)
    if candidates is None:
        candidates = np.ones(len(eligible), dtype=bool)
    if not eligible.all():
        event_codes, metric_codes, claimants, running, candidates = (
            event_codes[eligible],
            metric_codes[eligible],
            claimants[eligible],
            running[eligible],
            candidates[eligible],
        )
    figures = coded_figures(
        event_codes,
        metric_codes,
        claimants,
        sorted_codes(claims, "claimed_on")[0][eligible],
        _whole_numbers(claims, "value_low")[eligible],
        table_numbers(claims, "value_high")[eligible],
        running,
        candidates,
    )
    # Each event's magnitude from the codes, before they become text.
    magnitudes = np.zeros(len(event_ids), dtype=np.int64)
    people = np.isin(figures["metric"].to_numpy(), np.flatnonzero(np.isin(np.asarray(metrics), MAGNITUDE_METRICS)))
    if people.any():
        by_code = np.zeros(len(code_ids), dtype=np.int64)
        np.maximum.at(by_code, figures["event_id"].to_numpy()[people], figures["headline"].to_numpy()[people])
        found = positions_of_codes >= 0
        magnitudes[positions_of_codes[found]] = by_code[found]
    # Series.take keeps text in Arrow; .to_numpy() would box every string as a Python object and back.
    figures["metric"] = metrics.take(figures["metric"].to_numpy()).set_axis(figures.index)
    figures["event_id"] = code_ids.take(figures["event_id"].to_numpy()).set_axis(figures.index)
    return figures, magnitudes


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


def _joined_item_names(table: RawTable, column: str, actor_table: RawTable) -> pa.Array:
    """Per row of `table`: the '; '-joined actor names of its `column` list, in list order ('' for none)."""
    rows, _ = table_items(table, column)
    positions = item_positions(table, column, actor_table, "actor_id")
    # Items come in row order, so a running count of items per row gives each row's slice of them.
    offsets = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(table.frame)))])
    names = text_array(actor_table.frame["name"])
    looked_up = names.take(pa.array(positions, mask=positions < 0))
    if isinstance(looked_up, pa.ChunkedArray):
        looked_up = looked_up.combine_chunks()
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), looked_up)
    return pc.binary_join(lists, pa.scalar("; ", pa.large_string())).fill_null("")


def _date_order(frame: pd.DataFrame) -> np.ndarray | None:
    """Row order by date, then id (None when already so): ISO dates sort as text, so nothing is parsed."""
    dates, ids = text_array(frame["date_start"]), text_array(frame["event_id"])
    if len(frame) < 2:
        return None
    # Most files are kept in date order already; checking neighbours is far cheaper than sorting.
    after = pc.greater(dates[1:], dates[:-1])
    tied = pc.and_(pc.equal(dates[1:], dates[:-1]), pc.greater(ids[1:], ids[:-1]))
    if pc.all(pc.or_(after, tied)).as_py():
        return None
    keys = pa.table({"date_start": dates, "event_id": ids})
    return np.asarray(pc.sort_indices(keys, sort_keys=[("date_start", "ascending"), ("event_id", "ascending")]))


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
    table: RawTable,
    order: np.ndarray | None,
    events: pd.DataFrame,
    places: pd.DataFrame,
    place_table: RawTable,
    actor_table: RawTable,
) -> pd.DataFrame:
    """`events` (the table's rows in `order`) typed, with their place's columns and actor names joined."""

    def in_order(values: np.ndarray) -> np.ndarray:
        return values if order is None else values[order]

    typed: dict[str, Any] = {}
    # Dates were parsed by validation; reused, not parsed again.
    start = in_order(table_dates(table, "date_start").to_numpy())
    typed["date_start"] = pd.Series(start, index=events.index)
    given_end = pd.Series(in_order(table_dates(table, "date_end").to_numpy()), index=events.index)
    typed["date_end"] = given_end.fillna(typed["date_start"])
    # Codes from validation's enum check, not a second lookup of every value.
    for column, categories, ordered in (
        ("date_precision", DATE_PRECISIONS, False),
        ("event_type", EVENT_TYPES, False),
        ("location_precision", LOCATION_PRECISIONS, True),
        ("confidence", CONFIDENCE_LEVELS, True),
        ("record_kind", RECORD_KINDS, False),
    ):
        codes = in_order(category_codes(table, column, categories))
        typed[column] = pd.Categorical.from_codes(codes, categories=pd.Index(categories), ordered=ordered)
    events = events.assign(**typed)
    # A positional join on the rows validation found: every place_id exists, and a merge would copy every column.
    positions = in_order(key_positions(table, "place_id", place_table, "place_id"))
    if (positions < 0).any():
        place_columns = places[["place_id", *_PLACE_COLUMNS]].rename(columns=_PLACE_COLUMNS)
        events = events.merge(place_columns, on="place_id", how="left", validate="many_to_one")
    else:
        joined = {new: places[old].take(positions).set_axis(events.index) for old, new in _PLACE_COLUMNS.items()}
        events = events.assign(**joined)
    for column, names in (("initiators", "initiator_names"), ("targets", "target_names")):
        joined = _joined_item_names(table, column, actor_table)
        events[names] = pd.Series((joined if order is None else joined.take(order)).to_pandas().array, dtype="str")
    events["has_location"] = events["latitude"].notna().to_numpy() & events["longitude"].notna().to_numpy()
    events.index = pd.Index(events["event_id"].array, name="id")
    return events


def build_search_text(events: pd.DataFrame, places: pd.DataFrame, actor_table: pd.DataFrame) -> pd.Series:
    """Keyed 'id | title | summary | site | site spellings | initiators | targets' per event, for free-text search.

    Keyed with `incidents.contract.search_index.key_text`, as queries are: site and actor names once per place or actor
    rather than once per event.
    """
    positions = np.asarray(
        pc.index_in(text_array(events["place_id"]), value_set=text_array(places["place_id"])).fill_null(-1)
    )
    actors = actor_table.set_index("actor_id")["name"]
    if (positions < 0).any() or events.empty:
        columns = ["event_id", "title", "summary", "place_name", "place_alt_names", "initiator_names", "target_names"]
        return joined_parts([key_text(events[column]) for column in columns]).set_axis(events.index)
    keyed_actors = key_text(actors).set_axis(actors.index)
    parts = [
        # Ids are slugs of the title, date and site already keyed here: split into words, not keyed again.
        id_words(events["event_id"]),
        key_text(events["title"]),
        key_text(events["summary"]),
        key_text(places["name"]).take(positions),
        key_text(places["alt_names"]).take(positions),
        _joined_names(events["initiators"], keyed_actors),
        _joined_names(events["targets"], keyed_actors),
    ]
    return joined_parts(parts).set_axis(events.index)


def translated(dataset: Dataset, table: str, record_id: str, field: str, language: str) -> str | None:
    """The text of `table`'s row `record_id`, column `field`, in `language`; None where it is not translated."""
    text = dataset.translation_texts().get((table, record_id, field, language))
    return None if text is None else str(text)


def translated_column(dataset: Dataset, table: str, field: str, language: str) -> pd.Series:
    """Every translation of `table`'s column `field` into `language`, by record id (untranslated rows are absent)."""
    texts = dataset.translation_texts()
    chosen = (
        (texts.index.get_level_values("table_name") == table)
        & (texts.index.get_level_values("field") == field)
        & (texts.index.get_level_values("language") == language)
    )
    found = texts[chosen]
    return pd.Series(found.to_numpy(), index=pd.Index(found.index.get_level_values("record_id"), name="record_id"))
