"""The about page: what the atlas covers, how figures are chosen, licences and attribution."""

from __future__ import annotations

import streamlit as st

from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.language import Language
from ui.components.attribution import licence_lines, show_attribution


def show_about(dataset: Dataset, reader: Language) -> None:
    """Scope, method in brief, data version, licences and attribution, in the reader's language."""
    _ = reader.gettext
    number = reader.number
    st.title(_("About Detention Atlas"))
    st.markdown(
        _(
            "Detention Atlas maps attacks on prisons, prison escapes, riots and detention-camp incidents "
            "involving Islamic State detainees in north-east Syria, with linked incidents in Iraq, "
            "from {start} to {end}."
        ).format(start=reader.date(CONTRACT.study_start, "d MMMM y"), end=reader.date(CONTRACT.study_end, "d MMMM y"))
    )
    st.subheader(_("How figures are shown"))
    st.markdown(
        _(
            "Every figure is a claim: who made it, when, and which source reports it. For each event and "
            "metric, each claimant's most recent claim is its current figure. The headline is the lowest of "
            "those (the most conservative rule, as ACLED uses for fatalities), and the full range of every "
            "claim is always shown beside it, because the spread is itself information: Islamic State "
            "claimed more than 800 escaped from Ghwayran prison, while the SDF never published an escape total."
        )
    )
    show_attribution(dataset, reader)
    st.subheader(_("This dataset"))
    st.markdown(
        _(
            "Data version **{version}**: {events} events, {sources} sources, {claims} claims, {places} places, "
            "{actors} actors. [What changed in this version](Method_and_data#data-changes)."
        ).format(
            version=dataset.version,
            events=number(dataset.event_count),
            sources=number(len(dataset.sources)),
            claims=number(len(dataset.claims)),
            places=number(len(dataset.places)),
            actors=number(len(dataset.actors)),
        )
    )
    st.subheader(_("Licences and attribution"))
    st.markdown(licence_lines(reader))
