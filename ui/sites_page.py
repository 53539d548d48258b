"""The Sites page: one dossier per prison, camp or town, chosen through the shared place filter."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from incidents.contract.load import Dataset
from incidents.filters import filter_events, in_brush
from incidents.options import site_options
from incidents.sites import (
    SiteDossier,
    busiest_site,
    population_claims,
    population_summary,
    site_dossier,
    site_events,
    sites_overview,
)
from incidents.text import SHORT_TEXT_LIMIT, escape_markdown
from incidents.view_state import ViewState
from incidents.views.charts import population_chart
from incidents.views.map_spec import build_deck
from incidents.views.style import event_list_frame
from incidents.views.timeline_spec import build_timeline, timeline_height
from ui import explorer, state
from ui.long_text import show_long_text

SITE_KEY = "site_choice"


def _on_site_change() -> None:
    # The dossier's site is the sidebar's place filter, so the address carries it as `place`.
    choice = st.session_state.get(SITE_KEY)
    st.session_state[state.PLACES] = [choice] if choice else []


def show_sites_page(dataset: Dataset, view: ViewState) -> None:
    """A site picker over the places with events; the chosen site's dossier, or an overview of all sites."""
    st.title("Sites")
    st.caption(
        "One dossier per prison, camp or town: its names and spellings, where it is and how sure that is, "
        "its incidents over time, and the claims of how many people it held."
    )
    # Every filter but the site itself decides which sites can be chosen.
    others = in_brush(filter_events(dataset, replace(view.criteria, places=())), view.brush)
    labels = site_options(dataset, others["event_id"])
    chosen = view.criteria.places[0] if len(view.criteria.places) == 1 else None
    if chosen is not None and chosen not in labels:
        labels = {**labels, **site_options(dataset, site_events(dataset, chosen)["event_id"])}
    # Without one site in the filter, the page opens on the busiest site shown rather than on an empty picker;
    # the Site filter is left alone, so the other pages keep every site.
    shown_site = chosen or busiest_site(dataset, others["event_id"], view.criteria.places)
    st.session_state[SITE_KEY] = shown_site
    st.selectbox(
        "Site",
        options=list(labels),
        format_func=lambda key: labels.get(key, key),
        key=SITE_KEY,
        index=None,
        placeholder="Choose a prison, camp or town (type any spelling)",
        filter_mode="contains",
        on_change=_on_site_change,
        help="Sites with events that match the other filters. Choosing one sets the Site filter.",
    )
    if chosen is None and shown_site is not None:
        several = len(view.criteria.places)
        among = f"the {several} sites in the Site filter" if several > 1 else "the events shown"
        st.caption(f"The site with the most events among {among}; pick another above.")
    if shown_site is not None:
        dossier = site_dossier(dataset, shown_site)
        shown = site_events(dataset, shown_site, others)
        _show_identity(dossier)
        _show_incidents(dataset, dossier, shown, view)
        _show_population(dataset, dossier)
    if chosen is None:
        st.subheader(f"All sites with events shown ({len(labels)})")
        st.dataframe(
            sites_overview(dataset, others["event_id"]),
            hide_index=True,
            width="stretch",
            column_config={"First": st.column_config.DateColumn(), "Last": st.column_config.DateColumn()},
        )


def _show_identity(dossier: SiteDossier) -> None:
    st.header(escape_markdown(dossier.name, SHORT_TEXT_LIMIT))
    where = ", ".join(part for part in (dossier.admin1, dossier.country) if part)
    st.markdown(f"**{escape_markdown(dossier.kind)}** · {escape_markdown(where or 'location unknown')}")
    names = ", ".join(dossier.alt_names) if dossier.alt_names else "none recorded"
    st.markdown(f"**Other names and spellings:** {escape_markdown(names)}")
    st.markdown(
        f"**Coordinates:** {escape_markdown(dossier.coordinates_text)}  \n{escape_markdown(dossier.provenance_text)}"
    )
    if dossier.notes:
        show_long_text(dossier.notes, "note", key=f"whole_site_note_{dossier.place_id}", small=True)


def _show_incidents(dataset: Dataset, dossier: SiteDossier, events: pd.DataFrame, view: ViewState) -> None:
    st.subheader("Incidents")
    st.markdown(
        f"**{len(events):,} of {dossier.event_count:,} events** at this site match the other filters in the sidebar."
    )
    if dossier.has_coordinates:
        deck = build_deck(
            events,
            dataset.places,
            explorer.figure_text(dataset),
            selected_id=view.event_id,
            street_basemap=view.street_basemap,
            view=dossier.map_view,
        )
        st.pydeck_chart(deck, height=340, alt=f"Map around {dossier.name}; its events are listed below.")
        if not view.street_basemap:
            st.caption("Borders: Natural Earth. Hollow rings in a grey halo: known only to the town or region.")
    else:
        st.info("This site has no coordinates yet, so there is no map.", icon=":material/location_off:")
    if events.empty:
        return
    st.vega_lite_chart(
        build_timeline(events, selected_id=view.event_id), width="stretch", height=timeline_height(events)
    )
    st.dataframe(
        event_list_frame(events, explorer.figure_text(dataset)).drop(columns="event_id"),
        hide_index=True,
        width="stretch",
    )


def _show_population(dataset: Dataset, dossier: SiteDossier) -> None:
    st.subheader("How many people it held")
    claims = population_claims(dataset, dossier.place_id)
    st.caption(
        escape_markdown(population_summary(claims))
        + " Taken from every event at the site, whatever the filters. Some figures count only part of a site "
        "(one section of a camp, one building): read each claim's note before comparing them."
    )
    if claims.empty:
        return
    undated = int(claims["claimed_day"].isna().sum())
    if undated < len(claims):
        st.altair_chart(population_chart(claims), width="stretch")
    if undated:
        st.caption(f"{undated} claim(s) without a date are in the table but not on the chart.")
    st.dataframe(
        pd.DataFrame(
            {
                "Claimed on": claims["claimed_on"].replace("", "date unknown"),
                "Claimant": claims["claimant_name"],
                "Figure": claims["value_text"],
                "Reported by": claims["publisher"],
                "Source": claims["source_title"],
                "Link": claims["source_url"],
                "Note": claims["note"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="Open source")},
    )
