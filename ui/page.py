"""What every page does first: configure, load, restore the view from the URL, draw the sidebar."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

import ui
from incidents.contract.load import Dataset
from incidents.language import N_, Language
from incidents.view_state import ViewState
from ui import data, language_choice, navigation, sidebar, state

ONLY_ON_EXPLORER = N_("The article frame (`layout=embed`) is made for the explorer; this page is shown in full.")


def start_page(title: str | None = None, embeddable: bool = False) -> tuple[Dataset, ViewState, Language]:
    """Set up a page: the dataset, the view its URL asks for, the reader's language, filters, links and notices."""
    reader = language_choice.reader_language()
    page_title = f"{reader.gettext(title)} · Detention Atlas" if title else "Detention Atlas"
    st.set_page_config(page_title=page_title, page_icon=ui.PAGE_ICON, layout="wide")
    # Data text (titles, summaries, place and actor names) in the reader's language where it is translated.
    dataset = data.localized(data.load_or_stop(reader), reader)
    state.seed_from_url(dataset)
    # The article frame has no sidebar or page chrome; pages other than the explorer always draw in full.
    if frame_asked(embeddable):
        return start_frame(dataset, reader)
    # Links go first in the sidebar but need the view the filters below produce.
    links = st.sidebar.container()
    sidebar.show_filters(dataset, reader)
    # Every link the app makes, the address bar included, names the language: a shared link opens as it was read.
    view = replace(state.current_view(dataset), language=reader.code)
    state.write_url(view)
    with links:
        language_choice.show_switch(reader)
        navigation.show_links(view, reader)
        st.divider()
    for notice in state.link_notices(dataset, reader):
        st.info(notice, icon=":material/link_off:")
    for notice in st.session_state.get(state.NOTICES, []):
        st.info(reader.gettext(notice), icon=":material/link_off:")
    return dataset, view, reader


def frame_asked(embeddable: bool) -> bool:
    """True when the view asks for the article frame and this page offers one; elsewhere the request is dropped."""
    if not st.session_state.get(state.EMBEDDED):
        return False
    if embeddable:
        return True
    st.session_state[state.EMBEDDED] = False
    st.session_state[state.NOTICES] = [*st.session_state.get(state.NOTICES, []), ONLY_ON_EXPLORER]
    return False


def start_frame(dataset: Dataset, reader: Language) -> tuple[Dataset, ViewState, Language]:
    """Set up the frame: no sidebar (nothing is drawn in it), the link notices kept.

    The page header and margins go with Streamlit's own frame mode (`embed=true` in the iframe's address); the app
    adds no HTML or style of its own.
    """
    view = replace(state.current_view(dataset), language=reader.code)
    state.write_url(view)
    for notice in state.link_notices(dataset, reader):
        st.info(notice, icon=":material/link_off:")
    return dataset, view, reader
