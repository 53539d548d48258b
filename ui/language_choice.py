"""The reader's language, per session: chosen in the sidebar or by the link, else the browser's, else English."""

from __future__ import annotations

import streamlit as st

from incidents.language import LANGUAGES, Language, from_accept_language, language
from ui import state

SWITCH = "language_switch"


def reader_language() -> Language:
    """This session's language: never a process-wide setting, so two readers never share one."""
    # Before the link is read into the session (the first run), the link's own `lang` decides.
    chosen = st.session_state.get(state.LANGUAGE) if state.is_seeded() else st.query_params.get("lang")
    if chosen in LANGUAGES:
        return language(str(chosen))
    # The browser's languages do not change within a session; reading the request's headers costs every rerun.
    if state.BROWSER_LANGUAGE not in st.session_state:
        headers = st.context.headers
        header = headers.get("Accept-Language", "") if headers is not None else ""
        st.session_state[state.BROWSER_LANGUAGE] = from_accept_language(str(header or ""))
    return language(str(st.session_state[state.BROWSER_LANGUAGE]))


def _on_switch() -> None:
    chosen = st.session_state.get(SWITCH)
    # Clicking the language already chosen clears the control; the language stays as it was.
    if chosen in LANGUAGES:
        st.session_state[state.LANGUAGE] = chosen


def show_switch(current: Language) -> None:
    """'English | Nederlands' as a two-way switch; a choice goes into the address, so a shared link keeps it."""
    st.session_state[SWITCH] = current.code
    st.segmented_control(
        current.gettext("Language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=SWITCH,
        on_change=_on_switch,
        label_visibility="collapsed",
        width="stretch",
    )
