"""The Events page: a sortable table of the filtered events, with downloads of exactly that view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT
from incidents.exports import acled_csv, download_name, events_csv, events_geojson, events_table
from incidents.language import Language
from incidents.text import escape_markdown, markdown_link
from incidents.view_state import ViewState
from incidents.words import kind_breakdown
from ui import data
from ui.components.scope import show_scope


def app_root() -> str:
    """Address of the explorer (the app's main page): the public one when known, else relative."""
    return data.public_url() or "/"


def show_events_page(dataset: Dataset, view: ViewState, events: pd.DataFrame, reader: Language) -> None:
    """Table with a permalink per event, then CSV (ours and ACLED-style) and GeoJSON downloads."""
    _ = reader.gettext
    st.title(_("Events"))
    st.caption(
        _(
            "The events matching the filters, as a table you can sort by any column and download. "
            "Each link opens the event on the explorer with the same filters."
        )
    )
    show_scope(dataset, view, len(events), reader)
    st.caption(escape_markdown(_("Of these: {breakdown}.").format(breakdown=kind_breakdown(events, reader))))
    table = events_table(dataset, events, view, app_root(), reader)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(36 * (len(table) + 1) + 4, 640),
        column_config={
            "Start": st.column_config.DateColumn(_("Start"), format="YYYY-MM-DD", help=_("First day; sort by this.")),
            "When": st.column_config.TextColumn(_("When"), help=_("The dates as precisely as they are known.")),
            "Type": st.column_config.TextColumn(_("Type")),
            "Title": st.column_config.TextColumn(_("Title"), width="large"),
            "Site": st.column_config.TextColumn(_("Site")),
            "Governorate": st.column_config.TextColumn(_("Governorate")),
            "Confidence": st.column_config.TextColumn(_("Confidence")),
            "Figures (conservative)": st.column_config.TextColumn(
                _("Figures (conservative)"),
                width="large",
                help=_("Headline: the lowest of the claimants' latest figures; the range covers every claim."),
            ),
            "Sources": st.column_config.NumberColumn(
                _("Sources"), help=_("Number of sources; their links are in the downloads.")
            ),
            "Link": st.column_config.LinkColumn(
                _("Link"), display_text=_("Open in explorer"), help=_("Permalink to the event.")
            ),
        },
    )
    st.subheader(_("Download this view"))
    if reader.code != "en":
        st.caption(
            _(
                "The files are written in English, the language of the dataset: titles, summaries and notes as the "
                "sources were recorded, and column names that other tools read."
            )
        )
    version = dataset.version
    # A byte-order mark lets Excel read Arabic and accented names in the CSV files as UTF-8.
    downloads = [
        (
            _("CSV (our schema)"),
            events_csv(dataset, events).encode("utf-8-sig"),
            download_name(version, "events", "csv"),
            "text/csv",
            "download_events_csv",
            _("The columns of events.csv in order, then source links, data version and licence."),
        ),
        (
            _("CSV (ACLED columns)"),
            acled_csv(dataset, events).encode("utf-8-sig"),
            download_name(version, "events-acled", "csv"),
            "text/csv",
            "download_acled_csv",
            _(
                "ACLED's column names and codes (event types, time and geo precision, conservative fatalities) "
                "to merge with an ACLED extract; the mapping is on the Method and data page."
            ),
        ),
        (
            "GeoJSON",
            events_geojson(dataset, events).encode("utf-8"),
            download_name(version, "events", "geojson"),
            "application/geo+json",
            "download_geojson",
            _("RFC 7946 points (longitude, latitude); events without coordinates have a null geometry."),
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
        _(
            "Data version {version}. Licence: {licence}: cite Detention Atlas with the data "
            "version, and the original sources. Text cells that a spreadsheet could read as a formula (starting "
            "with “=”, “+”, “-”, “@”, a tab or a line break) begin with an apostrophe; numeric columns stay numbers."
        ).format(version=escape_markdown(version), licence=markdown_link(CONTRACT.licence_name, CONTRACT.licence_url))
    )
