"""The scope line of a filtered view: how many events it shows, and the brushed period with a way to drop it."""

from __future__ import annotations

import streamlit as st

from incidents.citation import day_text
from incidents.contract.load import Dataset
from incidents.language import Language
from incidents.text import escape_markdown
from incidents.view_state import ViewState
from ui import state


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
