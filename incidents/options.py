"""What the filters offer: sites, actors, governorates and years that have events, with searchable labels."""

from __future__ import annotations

from collections.abc import Iterable

from incidents.contract.load import Dataset
from incidents.contract.schema import LIST_DELIMITER
from incidents.words import plain


def site_label(name: str, alt_names: str) -> str:
    """'al-Hol camp (al Hol camp, al-Hawl, Hol)': the name, also with spaces for hyphens, and every spelling.

    Search boxes keep the options whose label contains what is typed: the spaced name lets "Al Hol" find
    al-Hol camp as "al-Hol" does.
    """
    spaced = " ".join(name.replace("-", " ").split())
    spellings = [spaced] if spaced != name else []
    spellings += [alias.strip() for alias in alt_names.split(LIST_DELIMITER) if alias.strip()]
    return f"{name} ({', '.join(dict.fromkeys(spellings))})" if spellings else name


def site_options(dataset: Dataset, event_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Places that have events (among `event_ids` when given), those with the most events first, with labels.

    The order is what a search box shows among the sites matching a typed name, and Enter takes the
    first: "al-Hol" means the camp of forty events before the town of one.
    """
    events = dataset.events
    if event_ids is not None:
        events = events[events["event_id"].isin(set(event_ids))]
    counts = events["place_id"].value_counts()
    places = dataset.places[dataset.places["place_id"].isin(set(counts.index))]
    places = places.assign(_events=places["place_id"].map(counts), _name=places["name"].str.casefold()).sort_values(
        ["_events", "_name", "place_id"], ascending=[False, True, True], kind="stable"
    )
    return {
        str(row["place_id"]): site_label(plain(row["name"]), plain(row["alt_names"]))
        for row in places.to_dict("records")
    }


def actor_label(name: str, aliases: str) -> str:
    """'Name (alias, alias)': the searchable box then finds an option by any of its names."""
    others = [alias for alias in aliases.split(LIST_DELIMITER) if alias]
    return f"{name} ({', '.join(others)})" if others else name


def actor_options(dataset: Dataset) -> dict[str, str]:
    """Actors named by at least one event, by name, with their aliases in the label."""
    involved = dataset.listed_actor_ids()
    actors = dataset.actors[dataset.actors["actor_id"].isin(involved)].sort_values("name")
    return {
        str(row["actor_id"]): actor_label(plain(row["name"]), plain(row["aliases"]))
        for row in actors.to_dict("records")
    }


def governorate_options(dataset: Dataset) -> dict[str, str]:
    """Governorates (first-level divisions) that have events, in alphabetical order."""
    governorates = sorted({value for value in dataset.events["admin1"].dropna() if value})
    return {value: value for value in governorates}
