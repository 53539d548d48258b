"""Sidebar filter widgets; each owns one session_state key from ui.state."""

from __future__ import annotations

import streamlit as st

from incidents.contract.load import Dataset
from incidents.contract.schema import EVENT_TYPES
from incidents.presentation import EVENT_TYPE_LABELS
from incidents.sites import site_options
from ui import state

_CONFIDENCE_OPTIONS = {state.ANY: "Any", "medium": "Medium or high", "high": "High only"}
_PRECISION_OPTIONS = {
    state.ANY: "Any, even region-level",
    "governorate": "Governorate or finer",
    "district": "District or finer",
    "town": "Town or finer",
    "site": "Exact site only",
}


def _with_aliases(name: str, aliases: str) -> str:
    """'Name (alias, alias)': the searchable box then finds an option by any of its names."""
    others = [alias for alias in aliases.split(";") if alias]
    return f"{name} ({', '.join(others)})" if others else name


@st.cache_resource(max_entries=4)
def _choices(version: str, _dataset: Dataset) -> dict[str, dict[str, str]]:
    """Options and their labels, built once per data version."""
    dataset = _dataset
    place_labels = site_options(dataset)
    involved = dataset.listed_actor_ids()
    actors = dataset.actors[dataset.actors["actor_id"].isin(involved)].sort_values("name")
    actor_labels = {
        str(row["actor_id"]): _with_aliases(str(row["name"]), str(row["aliases"])) for row in actors.to_dict("records")
    }
    governorates = sorted({value for value in dataset.events["admin1"].dropna() if value})
    years = sorted(state.known_values(dataset).years)
    return {
        "places": place_labels,
        "actors": actor_labels,
        "governorates": {value: value for value in governorates},
        "years": {str(year): str(year) for year in years},
    }


def show_filters(dataset: Dataset) -> None:
    """All filter widgets, a reset button and the basemap toggle."""
    choices = _choices(dataset.version, dataset)
    first, last = state.date_extent(dataset)
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Year",
            options=[int(year) for year in choices["years"]],
            key=state.YEARS,
            placeholder="All years",
            help="Events that overlap any chosen year.",
        )
        st.date_input(
            "Date range",
            value=st.session_state.get(state.DATES_SEED, (first, last)),
            min_value=first,
            max_value=last,
            key=state.DATES,
            format="YYYY-MM-DD",
            help="Events that overlap this range.",
        )
        st.multiselect(
            "Event type",
            options=list(EVENT_TYPES),
            format_func=lambda key: EVENT_TYPE_LABELS.get(key, key),
            key=state.TYPES,
            placeholder="All types",
        )
        st.multiselect(
            "Actor",
            options=list(choices["actors"]),
            format_func=lambda key: choices["actors"].get(key, key),
            key=state.ACTORS,
            placeholder="Any actor",
            select_all=False,
            help="Events the actor carried out or was targeted by.",
        )
        st.multiselect(
            "Site",
            options=list(choices["places"]),
            format_func=lambda key: choices["places"].get(key, key),
            key=state.PLACES,
            placeholder="Any site (type any spelling)",
            # Enter adds the first site whose names contain what is typed (the busiest), never every match:
            # a fuzzy match of the letters in order would offer Ghwayran prison for "Al Hol".
            filter_mode="contains",
            select_all=False,
            help="Sites with the most events first. Type a spelling and press Enter to add the first match.",
        )
        st.multiselect(
            "Governorate",
            options=list(choices["governorates"]),
            key=state.GOVERNORATES,
            placeholder="Any governorate",
        )
        st.selectbox(
            "Minimum confidence",
            options=list(_CONFIDENCE_OPTIONS),
            format_func=_CONFIDENCE_OPTIONS.__getitem__,
            key=state.CONFIDENCE,
        )
        st.selectbox(
            "Location precision",
            options=list(_PRECISION_OPTIONS),
            format_func=_PRECISION_OPTIONS.__getitem__,
            key=state.PRECISION,
            help="Leave out events placed only roughly (for example, known only to the region).",
        )
        st.text_input(
            "Search",
            key=state.TEXT,
            max_chars=200,
            placeholder="e.g. Ghwayran, al-Hol, SOHR",
            help="Searches titles, summaries, site names and actor names. Any spelling of a place finds the "
            "same events: Hasakah, Hassakeh, al-Hasakah or الحسكة; al-Hol, Al Hol or al-Hawl.",
        )
        st.button("Reset all filters", on_click=state.reset_view, icon=":material/restart_alt:", width="stretch")
        st.divider()
        st.toggle(
            "Street basemap",
            key=state.BASEMAP,
            help="Third-party map tiles (CARTO, © OpenStreetMap contributors); needs internet. "
            "Off by default: the app then makes no request to anyone but this server.",
        )
