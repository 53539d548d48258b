"""What every page does first: configure, load, restore the view from the URL, draw the sidebar."""

from __future__ import annotations

import streamlit as st

import ui
from incidents.contract.load import Dataset
from incidents.view_state import ViewState
from ui import data, embed, navigation, sidebar, state


def start_page(title: str | None = None, embeddable: bool = False) -> tuple[Dataset, ViewState]:
    """Set up a page: the dataset, the view its URL asks for, filters, page links and link notices."""
    page_title = f"{title} · Detention Atlas" if title else "Detention Atlas"
    st.set_page_config(page_title=page_title, page_icon=ui.PAGE_ICON, layout="wide")
    dataset = data.load_or_stop()
    state.seed_from_url(dataset)
    # The article frame has no sidebar or page chrome; pages other than the explorer always draw in full.
    if embed.frame_asked(embeddable):
        return embed.start_frame(dataset)
    # Links go first in the sidebar but need the view the filters below produce.
    links = st.sidebar.container()
    sidebar.show_filters(dataset)
    view = state.current_view(dataset)
    state.write_url(view)
    with links:
        navigation.show_links(view)
        st.divider()
    for notice in st.session_state.get(state.NOTICES, []):
        st.info(notice, icon=":material/link_off:")
    return dataset, view
