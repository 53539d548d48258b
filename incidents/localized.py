"""The dataset as a reader of another language sees it: translated titles, summaries and names, the same events."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from incidents.contract.load import Dataset, translated_column
from incidents.contract.schema import LIST_DELIMITER
from incidents.language import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class LocalizedDataset(Dataset):
    """A Dataset whose reader-facing text is in one language; what is derived (search, links) is the original's.

    Search therefore finds an event by its English and its translated words alike.
    """

    original: Dataset | None = None

    def _derive(self, name: str, build: Any) -> Any:
        assert self.original is not None
        # Built from the original tables, once, whichever language asks first.
        shared = getattr(self.original, name, None)
        return shared() if callable(shared) else super()._derive(name, build)


def _translated(frame: pd.DataFrame, key: str, column: str, names: pd.Series) -> pd.Series:
    """`column` with each row's translation where there is one, the original text elsewhere."""
    found = frame[key].map(names)
    return found.where(found.notna(), frame[column]).astype("str")


def _joined(lists: pd.Series, names: dict[str, str]) -> pd.Series:
    """'; '-joined display names of each ';'-separated id list."""
    return pd.Series(
        ["; ".join(names.get(item, item) for item in str(items).split(LIST_DELIMITER) if item) for items in lists],
        index=lists.index,
        dtype="str",
    )


def localized_dataset(dataset: Dataset, language: str) -> Dataset:
    """`dataset` with event titles and summaries, place, actor and claimant names in `language` where translated."""
    if language == DEFAULT_LANGUAGE or isinstance(dataset, LocalizedDataset):
        return dataset
    events, places, actors = dataset.events, dataset.places, dataset.actors
    place_names = translated_column(dataset, "places", "name", language)
    actor_names = translated_column(dataset, "actors", "name", language)
    # The English name stays a spelling of the place and the actor, so the site box still finds it.
    local_places = places.assign(
        name=_translated(places, "place_id", "name", place_names),
        alt_names=[
            LIST_DELIMITER.join(part for part in (str(name), str(alt or "")) if part) if place in place_names else alt
            for place, name, alt in zip(places["place_id"], places["name"], places["alt_names"], strict=True)
        ],
    )
    local_actors = actors.assign(
        name=_translated(actors, "actor_id", "name", actor_names),
        aliases=[
            LIST_DELIMITER.join(part for part in (str(name), str(alias or "")) if part)
            if actor in actor_names
            else alias
            for actor, name, alias in zip(actors["actor_id"], actors["name"], actors["aliases"], strict=True)
        ],
    )
    actor_lookup = dict(zip(local_actors["actor_id"], local_actors["name"], strict=True))
    place_lookup = pd.Series(local_places["name"].to_numpy(), index=local_places["place_id"])
    local_events = events.assign(
        title=_translated(events, "event_id", "title", translated_column(dataset, "events", "title", language)),
        summary=_translated(events, "event_id", "summary", translated_column(dataset, "events", "summary", language)),
        place_name=_translated(events, "place_id", "place_name", place_lookup),
        initiator_names=_joined(events["initiators"], actor_lookup),
        target_names=_joined(events["targets"], actor_lookup),
    )
    claims = dataset.claims
    local_claims = claims.assign(
        claimant_name=_translated(claims, "claimant", "claimant_name", pd.Series(actor_lookup, dtype="str"))
    )
    values = {field.name: getattr(dataset, field.name) for field in fields(Dataset) if field.init}
    values.update(events=local_events, places=local_places, actors=local_actors, claims=local_claims)
    return LocalizedDataset(**values, original=dataset)
