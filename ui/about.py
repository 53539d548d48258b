"""The about page: what the atlas covers, how figures are chosen, licences and attribution."""

from __future__ import annotations

import streamlit as st

from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from ui.components import show_attribution


def show_about(dataset: Dataset) -> None:
    """Scope, method in brief, data version, licences and attribution."""
    st.title("About Detention Atlas")
    st.markdown(
        "Detention Atlas maps attacks on prisons, prison escapes, riots and detention-camp incidents "
        "involving Islamic State detainees in north-east Syria, with linked incidents in Iraq, "
        f"from {CONTRACT.study_start:%-d %B %Y} to {CONTRACT.study_end:%-d %B %Y}."
    )
    st.subheader("How figures are shown")
    st.markdown(
        "Every figure is a claim: who made it, when, and which source reports it. For each event and "
        "metric, each claimant's most recent claim is its current figure. The headline is the lowest of "
        "those (the most conservative rule, as ACLED uses for fatalities), and the full range of every "
        "claim is always shown beside it, because the spread is itself information: Islamic State "
        "claimed more than 800 escaped from Ghwayran prison, while the SDF never published an escape total."
    )
    show_attribution(dataset)
    st.subheader("This dataset")
    st.markdown(
        f"Data version **{dataset.version}**: {dataset.event_count:,} events, {len(dataset.sources):,} "
        f"sources, {len(dataset.claims):,} claims, {len(dataset.places):,} places, "
        f"{len(dataset.actors):,} actors. [What changed in this version](Method_and_data#data-changes)."
    )
    st.subheader("Licences and attribution")
    st.markdown(
        f"- Data: {CONTRACT.licence_name} ({CONTRACT.licence_url}). Cite Detention Atlas with the data "
        "version, and the original sources of each event.\n"
        "- Country borders: made with Natural Earth; free vector and raster map data at "
        "naturalearthdata.com (public domain).\n"
        "- Coordinates marked `geonames`: contains GeoNames data (geonames.org), CC BY 4.0.\n"
        "- Coordinates marked `nominatim`: © OpenStreetMap contributors, ODbL 1.0.\n"
        "- Optional street basemap: © CARTO, © OpenStreetMap contributors."
    )
