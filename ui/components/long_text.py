"""Data text of any length on a page: the start as Markdown, the whole of it as plain text on request."""

from __future__ import annotations

import streamlit as st

from incidents.figures import format_count
from incidents.language import Language
from incidents.text import escape_markdown, excerpt


def show_long_text(text: str, what: str, reader: Language, key: str, *, small: bool = False) -> None:
    """`text` as inert Markdown up to the long-text limit; beyond it, the whole text in a plain-text block."""
    part = excerpt(text)
    (st.caption if small else st.markdown)(escape_markdown(part.shown))
    if not part.is_cut:
        return
    label = reader.gettext("Read the whole {what} ({count} characters)").format(
        what=what, count=format_count(len(text), reader)
    )
    whole = st.expander(label, key=key, on_change="rerun")
    # Sent only once opened: a closed block would still cost the browser its highlighting and the payload its size.
    if whole.open:
        # Plain monospace text lays out in linear time, unlike a long Markdown paragraph; it scrolls in the card.
        whole.code(text, language=None, wrap_lines=True, height=320)
