"""Who stands behind the atlas, how to cite it, and the licences of what it shows."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from incidents.citation import attribution, dataset_citation, day_text
from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.language import Language
from incidents.text import escape_markdown
from ui import data


def show_attribution(dataset: Dataset, reader: Language) -> None:
    """Who stands behind the atlas, how to reach them, when the data last changed, and how to cite it."""
    _ = reader.gettext
    credit = attribution(CONTRACT)
    st.subheader(_("Who is behind it"))
    lines = [
        "- " + _("**Compiled by:** {names}").format(names=escape_markdown(credit.author_text)),
        "- " + _("**Published by:** {name}").format(name=escape_markdown(credit.publisher)),
    ]
    if credit.contact:
        lines.append("- " + _("**Contact and corrections:** {contact}").format(contact=escape_markdown(credit.contact)))
    updated = day_text(credit.last_updated, reader) if credit.last_updated else _("not stated")
    lines.append(
        "- "
        + _("**Last updated:** {day} (data version {version})").format(
            day=updated, version=escape_markdown(dataset.version)
        )
    )
    st.markdown("\n".join(lines))
    st.markdown(_("**How to cite**"))
    citation = dataset_citation(credit, CONTRACT, dataset.version, data.public_url(), dt.date.today(), reader)
    st.code(citation, language=None, wrap_lines=True)
    st.caption(_("To cite a particular view or event, use “Cite this view” on the explorer: its link reproduces it."))


def licence_lines(reader: Language) -> str:
    """The licences of the data, the borders, the coordinates and the basemap, as a Markdown list."""
    _ = reader.gettext
    return (
        "- "
        + _(
            "Data: {licence} ({url}). Cite Detention Atlas with the data version, and the original sources of each "
            "event."
        ).format(licence=CONTRACT.licence_name, url=CONTRACT.licence_url)
        + "\n- "
        + _(
            "Country borders: made with Natural Earth; free vector and raster map data at "
            "naturalearthdata.com (public domain)."
        )
        + "\n- "
        + _("Coordinates marked `geonames`: contains GeoNames data (geonames.org), CC BY 4.0.")
        + "\n- "
        + _("Coordinates marked `nominatim`: © OpenStreetMap contributors, ODbL 1.0.")
        + "\n- "
        + _("Optional street basemap: © CARTO, © OpenStreetMap contributors.")
    )
