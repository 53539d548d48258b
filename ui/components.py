"""Pieces that several pages show alike: the scope line of a filtered view, and who stands behind the atlas."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from incidents.citation import attribution, dataset_citation, day_text
from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.language import Language
from incidents.text import escape_markdown
from incidents.view_state import ViewState
from ui import data, state


def _clear_brush() -> None:
    st.session_state[state.BRUSH] = None


def show_scope(dataset: Dataset, view: ViewState, shown: int, reader: Language) -> None:
    """'N of M events', and the brushed period with a way to drop it (it is set on the explorer's timeline)."""
    _ = reader.gettext
    numbers = {"shown": reader.number(shown), "total": reader.number(dataset.event_count)}
    st.markdown(_("**{shown} of {total} events** match the filters in the sidebar.").format(**numbers))
    if view.brush:
        start, end = view.brush
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(
            escape_markdown(
                _("Limited to the period {start} – {end} brushed on the explorer's timeline.").format(
                    start=day_text(start, reader), end=day_text(end, reader)
                )
            )
        )
        right.button(_("Show all dates"), on_click=_clear_brush, key="clear_brush", icon=":material/close:")


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
