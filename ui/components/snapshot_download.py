"""The explorer's offline copy of a view: a download whose file is written only when a reader asks for it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from incidents.contract.load import Dataset
from incidents.figures import format_count
from incidents.language import N_, Language
from incidents.view_state import ViewState, query_string
from incidents.views.snapshot import MIME_TYPE, SNAPSHOT_EVENT_LIMIT, snapshot_bytes, snapshot_name
from ui import data

LABEL = N_("Download this view for offline use (HTML)")
# Offline copies kept per process: a reader who clicks twice, or a shared link many download, is written once.
SNAPSHOTS_CACHED = 16


@st.cache_data(max_entries=SNAPSHOTS_CACHED, show_spinner=False)
def _snapshot(
    version: str,
    key: str,
    permalink: str,
    accessed: dt.date,
    code: str,
    _dataset: Dataset,
    _events: Any,
    _view: ViewState,
    _reader: Language,
) -> bytes:
    return snapshot_bytes(_dataset, _events, _view, permalink, accessed, _reader)


def show_snapshot_download(dataset: Dataset, events: Any, view: ViewState, reader: Language) -> None:
    """The download button; the file, in the reader's language, is built on the click (on its own thread)."""
    _ = reader.gettext
    key = query_string(view)
    permalink = (data.public_url() or "/") + key
    accessed = dt.date.today()
    too_many = len(events) > SNAPSHOT_EVENT_LIMIT
    st.download_button(
        _(LABEL),
        data=lambda: _snapshot(dataset.version, key, permalink, accessed, reader.code, dataset, events, view, reader),
        file_name=snapshot_name(dataset.version),
        mime=MIME_TYPE,
        key="download_snapshot",
        on_click="ignore",
        icon=":material/download:",
        disabled=too_many,
        help=_(
            "One HTML file with this view's map, timeline and list, every event's card with its figures and "
            "sources, the data version, licence and citation. It opens in a browser without a network."
        ),
    )
    if too_many:
        st.caption(
            _("Narrow the filters to at most {limit} events to download the view for offline use.").format(
                limit=format_count(SNAPSHOT_EVENT_LIMIT, reader)
            )
        )
