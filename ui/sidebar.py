"""Sidebar filter widgets; each owns one session_state key from ui.state."""

from __future__ import annotations

import streamlit as st

from incidents.contract.load import Dataset
from incidents.contract.schema import EVENT_TYPES
from incidents.filters import date_extent
from incidents.language import Language
from incidents.options import actor_options, governorate_options, site_options
from incidents.words import CONFIDENCE_OPTIONS, EVENT_TYPE_LABELS, PRECISION_OPTIONS
from ui import state


@st.cache_resource(max_entries=4)
def _choices(version: str, code: str, _dataset: Dataset) -> dict[str, dict[str, str]]:
    """Options and their labels (site and actor names in the reader's language), built once per version and language."""
    dataset = _dataset
    years = sorted(state.known_values(dataset).years)
    return {
        "places": site_options(dataset),
        "actors": actor_options(dataset),
        "governorates": governorate_options(dataset),
        "years": {str(year): str(year) for year in years},
    }


def show_filters(dataset: Dataset, reader: Language) -> None:
    """All filter widgets, a reset button and the basemap toggle, in the reader's language."""
    _ = reader.gettext
    choices = _choices(dataset.version, reader.code, dataset)
    place_names = choices["places"]
    actor_names = choices["actors"]
    first, last = date_extent(dataset)
    with st.sidebar:
        st.header(_("Filters"))
        st.multiselect(
            _("Year"),
            options=[int(year) for year in choices["years"]],
            key=state.YEARS,
            placeholder=_("All years"),
            help=_("Events that overlap any chosen year."),
        )
        st.date_input(
            _("Date range"),
            value=st.session_state.get(state.DATES_SEED, (first, last)),
            min_value=first,
            max_value=last,
            key=state.DATES,
            format="YYYY-MM-DD",
            help=_("Events that overlap this range."),
        )
        st.multiselect(
            _("Event type"),
            options=list(EVENT_TYPES),
            format_func=lambda key: _(EVENT_TYPE_LABELS.get(str(key), str(key))),
            key=state.TYPES,
            placeholder=_("All types"),
        )
        st.multiselect(
            _("Actor"),
            options=list(choices["actors"]),
            format_func=lambda key: actor_names.get(key, key),
            key=state.ACTORS,
            placeholder=_("Any actor"),
            select_all=False,
            help=_("Events the actor carried out or was targeted by."),
        )
        st.multiselect(
            _("Site"),
            options=list(choices["places"]),
            format_func=lambda key: place_names.get(key, key),
            key=state.PLACES,
            placeholder=_("Any site (type any spelling)"),
            # Enter adds the first site whose names contain what is typed (the busiest), never every match:
            # a fuzzy match of the letters in order would offer Ghwayran prison for "Al Hol".
            filter_mode="contains",
            select_all=False,
            help=_("Sites with the most events first. Type a spelling and press Enter to add the first match."),
        )
        st.multiselect(
            _("Governorate"),
            options=list(choices["governorates"]),
            key=state.GOVERNORATES,
            placeholder=_("Any governorate"),
        )
        st.selectbox(
            _("Minimum confidence"),
            options=list(CONFIDENCE_OPTIONS),
            format_func=lambda key: _(CONFIDENCE_OPTIONS[key]),
            key=state.CONFIDENCE,
        )
        st.selectbox(
            _("Location precision"),
            options=list(PRECISION_OPTIONS),
            format_func=lambda key: _(PRECISION_OPTIONS[key]),
            key=state.PRECISION,
            help=_("Leave out events placed only roughly (for example, known only to the region)."),
        )
        st.text_input(
            _("Search"),
            key=state.TEXT,
            max_chars=200,
            placeholder=_("e.g. Ghwayran, al-Hol, SOHR"),
            help=_(
                "Searches titles, summaries, site names and actor names. Any spelling of a place finds the "
                "same events: Hasakah, Hassakeh, al-Hasakah or الحسكة; al-Hol, Al Hol or al-Hawl."
            ),
        )
        st.button(_("Reset all filters"), on_click=state.reset_view, icon=":material/restart_alt:", width="stretch")
        st.divider()
        st.toggle(
            _("Street basemap"),
            key=state.BASEMAP,
            help=_(
                "Third-party map tiles (CARTO, © OpenStreetMap contributors); needs internet. "
                "Off by default: the app then makes no request to anyone but this server."
            ),
        )
