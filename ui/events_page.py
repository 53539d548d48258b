"""The Events page: a sortable table of the filtered events, with downloads of exactly that view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.exports import acled_csv, download_name, events_csv, events_geojson, events_table
from incidents.text import escape_markdown, markdown_link
from incidents.view_state import ViewState
from incidents.words import kind_breakdown
from ui import data
from ui.components import show_scope


def app_root() -> str:
    """Address of the explorer (the app's main page): the public one when known, else relative."""
    return data.public_url() or "/"


def show_events_page(dataset: Dataset, view: ViewState, events: pd.DataFrame) -> None:
    """Table with a permalink per event, then CSV (ours and ACLED-style) and GeoJSON downloads."""
    st.title("Events")
    st.caption(
        "The events matching the filters, as a table you can sort by any column and download. "
        "Each link opens the event on the explorer with the same filters."
    )
    show_scope(dataset, view, len(events))
    st.caption(escape_markdown(f"Of these: {kind_breakdown(events)}."))
    table = events_table(dataset, events, view, app_root())
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(36 * (len(table) + 1) + 4, 640),
        column_config={
            "Start": st.column_config.DateColumn("Start", format="YYYY-MM-DD", help="First day; sort by this."),
            "When": st.column_config.TextColumn("When", help="The dates as precisely as they are known."),
            "Title": st.column_config.TextColumn("Title", width="large"),
            "Figures (conservative)": st.column_config.TextColumn(
                "Figures (conservative)",
                width="large",
                help="Headline: the lowest of the claimants' latest figures; the range covers every claim.",
            ),
            "Sources": st.column_config.NumberColumn(
                "Sources", help="Number of sources; their links are in the downloads."
            ),
            "Link": st.column_config.LinkColumn(
                "Link", display_text="Open in explorer", help="Permalink to the event."
            ),
        },
    )
    st.subheader("Download this view")
    version = dataset.version
    # A byte-order mark lets Excel read Arabic and accented names in the CSV files as UTF-8.
    downloads = [
        (
            "CSV (our schema)",
            events_csv(dataset, events).encode("utf-8-sig"),
            download_name(version, "events", "csv"),
            "text/csv",
            "download_events_csv",
            "The columns of events.csv in order, then source links, data version and licence.",
        ),
        (
            "CSV (ACLED columns)",
            acled_csv(dataset, events).encode("utf-8-sig"),
            download_name(version, "events-acled", "csv"),
            "text/csv",
            "download_acled_csv",
            "ACLED's column names and codes (event types, time and geo precision, conservative fatalities) "
            "to merge with an ACLED extract; the mapping is on the Method and data page.",
        ),
        (
            "GeoJSON",
            events_geojson(dataset, events).encode("utf-8"),
            download_name(version, "events", "geojson"),
            "application/geo+json",
            "download_geojson",
            "RFC 7946 points (longitude, latitude); events without coordinates have a null geometry.",
        ),
    ]
    for column, (label, content, file_name, mime, key, caption) in zip(
        st.columns(len(downloads)), downloads, strict=True
    ):
        with column:
            st.download_button(
                label,
                data=content,
                file_name=file_name,
                mime=mime,
                key=key,
                on_click="ignore",
                icon=":material/download:",
                width="stretch",
            )
            st.caption(caption)
    st.caption(
        f"Data version {escape_markdown(version)}. Licence: "
        f"{markdown_link(CONTRACT.licence_name, CONTRACT.licence_url)}: cite Detention Atlas with the data "
        "version, and the original sources. Text cells that a spreadsheet could read as a formula (starting "
        "with “=”, “+”, “-”, “@”, a tab or a line break) begin with an apostrophe; numeric columns stay numbers."
    )
