"""Pieces that several pages show alike: the scope line of a filtered view, and who stands behind the atlas."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from incidents.citation import attribution, dataset_citation, day_text
from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.text import escape_markdown
from incidents.view_state import ViewState
from ui import data, state


def _clear_brush() -> None:
    st.session_state[state.BRUSH] = None


def show_scope(dataset: Dataset, view: ViewState, shown: int, what: str = "events") -> None:
    """'N of M events', and the brushed period with a way to drop it (it is set on the explorer's timeline)."""
    st.markdown(f"**{shown:,} of {dataset.event_count:,} {what}** match the filters in the sidebar.")
    if view.brush:
        start, end = view.brush
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(
            escape_markdown(
                f"Limited to the period {start:%d %b %Y} – {end:%d %b %Y} brushed on the explorer's timeline."
            )
        )
        right.button("Show all dates", on_click=_clear_brush, key="clear_brush", icon=":material/close:")


def show_attribution(dataset: Dataset) -> None:
    """Who stands behind the atlas, how to reach them, when the data last changed, and how to cite it."""
    credit = attribution(CONTRACT)
    st.subheader("Who is behind it")
    lines = [
        f"- **Compiled by:** {escape_markdown(credit.author_text)}",
        f"- **Published by:** {escape_markdown(credit.publisher)}",
    ]
    if credit.contact:
        lines.append(f"- **Contact and corrections:** {escape_markdown(credit.contact)}")
    updated = day_text(credit.last_updated) if credit.last_updated else "not stated"
    lines.append(f"- **Last updated:** {updated} (data version {escape_markdown(dataset.version)})")
    st.markdown("\n".join(lines))
    st.markdown("**How to cite**")
    citation = dataset_citation(credit, CONTRACT, dataset.version, data.public_url(), dt.date.today())
    st.code(citation, language=None, wrap_lines=True)
    st.caption("To cite a particular view or event, use “Cite this view” on the explorer: its link reproduces it.")
