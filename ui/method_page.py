"""The Method and data page: scope, the codebook, the ACLED mapping, data health, sources, licences, citation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from incidents import Problem, check_dataset
from incidents.contract.codebook import codebook_rows, table_rows
from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT, REPOSITORY_ROOT
from incidents.exports import ACLED_GEO_PRECISION, ACLED_TIME_PRECISION, acled_mapping
from incidents.health import data_health, sources_table, validation_summary
from incidents.text import escape_markdown, markdown_link
from incidents.words import HEADLINE_RULE
from ui import data
from ui.components import show_attribution
from ui.data import FileStamp

DATA_README = REPOSITORY_ROOT / "data" / "README.md"
DATA_CHANGES = REPOSITORY_ROOT / "data" / "CHANGES.md"


@st.cache_resource(max_entries=4)
def _problems(directory: str, stamp: FileStamp) -> list[Problem]:
    return check_dataset(Path(directory))


def show_method_page(dataset: Dataset) -> None:
    """Every section of the page, in the order a reader checks a dataset."""
    st.title("Method and data")
    st.caption(f"Data version {escape_markdown(dataset.version)} · [what changed](#data-changes)")
    _show_scope()
    _show_figures()
    _show_acled()
    _show_codebook()
    _show_health(dataset)
    _show_sources(dataset)
    _show_licences(dataset)
    _show_changes()


def _show_changes() -> None:
    st.header("Data changes", anchor="data-changes")
    st.markdown("What was added, corrected and removed between data versions, and why.")
    if DATA_CHANGES.is_file():
        with st.expander("Changes by data version", expanded=False):
            # Our own committed Markdown: rendered as Markdown, never with HTML enabled.
            st.markdown(DATA_CHANGES.read_text(encoding="utf-8"))


def _show_scope() -> None:
    st.header("Scope")
    types = CONTRACT.table("events").field("event_type").description
    st.markdown(
        "Attacks on prisons, prison escapes, riots and detention-camp incidents involving Islamic State "
        "detainees in north-east Syria, with linked incidents in Iraq, from "
        f"{CONTRACT.study_start:%-d %B %Y} to {CONTRACT.study_end:%-d %B %Y}. An event is included when at "
        "least one source reports it; how firmly it is established is its confidence grade, not a reason "
        f"to leave it out. {escape_markdown(types)}"
    )
    if DATA_README.is_file():
        with st.expander("Inclusion criteria, coding rules and how to correct an event", expanded=False):
            # Our own committed Markdown: rendered as Markdown, never with HTML enabled.
            st.markdown(DATA_README.read_text(encoding="utf-8"))


def _show_figures() -> None:
    st.header("How figures are chosen")
    st.markdown(HEADLINE_RULE)


def _show_acled() -> None:
    st.header("ACLED-compatible export")
    st.markdown(
        "The Events page offers a CSV with ACLED's column names and codes so rows can be appended to an "
        "ACLED extract and summed without counting anything twice. Only incidents go out: totals, series, "
        "statements and background rows are left out, and a multi-day episode (Ghwayran, January 2022) goes "
        "out as its dated phases, never as one row. Event types are mapped from our subtype as below. "
        "`time_precision`: 1 for an exact day, 2 for a few days or a week, 3 for a month, a year or a span "
        "longer than a week; `event_date` is the first day. `geo_precision`: 1 for the site or town itself, "
        "2 for a district, 3 for a governorate or region (the coarser of where the event is known to and what "
        "the coordinates mark). `iso`, `region` and `country` follow ACLED (Syria 760, Iraq 368, Middle "
        "East). `fatalities`: the conservative headline of the total killed, else the sum of the conservative "
        "headlines of the killed by category, 0 when no figure was claimed; a phase without a figure of its "
        "own gets an even share of its episode's total (ACLED divides totals reported over several days), "
        "which its notes say is derived. `actor1` and `actor2` are the first initiator and the first target; "
        "`source` lists the publishers. After ACLED's columns come our `event_id`, `atlas_event_type`, "
        "`atlas_subtype`, `atlas_episode_id`, the source links, the data version and the licence. Where we "
        "differ from ACLED: no `event_id_cnty`, `disorder_type`, `inter` or `interaction` codes, admin2/3, "
        "`source_scale` or `timestamp`; and ACLED codes a reported range of days to one date, while our "
        "`event_date` is always the first day of the known period."
    )
    st.dataframe(pd.DataFrame(acled_mapping()), hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.dataframe(
        pd.DataFrame({"date_precision": list(ACLED_TIME_PRECISION), "time_precision": ACLED_TIME_PRECISION.values()}),
        hide_index=True,
    )
    right.dataframe(
        pd.DataFrame({"precision": list(ACLED_GEO_PRECISION), "geo_precision": ACLED_GEO_PRECISION.values()}),
        hide_index=True,
    )


def _show_codebook() -> None:
    st.header("Codebook")
    st.markdown(
        "Six CSV tables, declared in the data package descriptor (Frictionless Table Schema). This codebook "
        "is generated from that descriptor, so it always matches what the validator checks."
    )
    rows = pd.DataFrame(codebook_rows(CONTRACT))
    for table in table_rows(CONTRACT):
        st.subheader(f"{escape_markdown(table['title'])} · {escape_markdown(table['file'])}")
        references = f" References: {table['references']}." if table["references"] else ""
        st.caption(
            escape_markdown(f"{table['description']} Key: {table['primary key']}.{references}"),
        )
        st.dataframe(
            rows[rows["table"] == table["table"]].drop(columns="table"),
            hide_index=True,
            width="stretch",
            column_config={
                "description": st.column_config.TextColumn(width="large"),
                "allowed values": st.column_config.TextColumn(width="large"),
            },
        )


def _show_health(dataset: Dataset) -> None:
    st.header("Data health")
    directory = data.data_dir()
    summary = validation_summary(_problems(str(directory), data.file_stamp(directory)))
    health = data_health(dataset)
    verdict = "valid" if summary.valid else "invalid"
    icon = ":material/check_circle:" if summary.valid else ":material/error:"
    message = f"Validation: {verdict}, {summary.errors} error(s) and {summary.warnings} warning(s)."
    (st.success if summary.valid else st.error)(message, icon=icon)
    if len(summary.problems):
        with st.expander(f"Every problem ({len(summary.problems)})"):
            st.dataframe(summary.problems, hide_index=True, width="stretch")
    counts = st.columns(4)
    counts[0].metric("Events", f"{health.event_count:,}")
    counts[1].metric("Claims", f"{health.claim_count:,}")
    counts[2].metric("Sources", f"{health.source_count:,}")
    counts[3].metric("Places", f"{health.place_count:,}")
    st.caption(
        f"{health.undated_claims} claim(s) without a date; {health.open_ended_claims} open-ended "
        "('more than N') claim(s)."
    )
    columns = st.columns(3)
    columns[0].dataframe(health.date_precision, hide_index=True, width="stretch")
    columns[1].dataframe(health.location_precision, hide_index=True, width="stretch")
    columns[2].dataframe(health.confidence, hide_index=True, width="stretch")
    st.subheader(f"Events resting on one source ({len(health.single_source_events)})")
    st.caption("Worth a second source: each of these is reported by a single article, report or statement.")
    st.dataframe(health.single_source_events, hide_index=True, width="stretch")
    notes = dataset.events.loc[dataset.events["notes"].fillna("") != "", ["event_id", "title", "notes"]]
    st.subheader(f"Editors' notes on events ({len(notes)})")
    st.caption(
        "How each event was pieced together: which reports disagree, what was inferred, what is still to check. "
        "Reader pages leave these notes out, and the editorial asides in claim notes and source titles too."
    )
    st.dataframe(
        notes, hide_index=True, width="stretch", column_config={"notes": st.column_config.TextColumn(width="large")}
    )
    st.subheader(f"Places not checked by hand ({len(health.unchecked_places)})")
    st.caption("Coordinates from a gazetteer or geocoder that nobody has yet compared with a second source.")
    st.dataframe(health.unchecked_places, hide_index=True, width="stretch")
    st.subheader(f"Places without coordinates ({len(health.places_without_coordinates)})")
    st.caption("Their events are in every list and download but cannot be drawn on the map.")
    st.dataframe(health.places_without_coordinates, hide_index=True, width="stretch")


def _show_sources(dataset: Dataset) -> None:
    st.header(f"Sources ({len(dataset.sources):,})")
    st.dataframe(
        sources_table(dataset),
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn(width="large"),
            "link": st.column_config.LinkColumn("link", display_text="Open"),
            "archived": st.column_config.LinkColumn("archived", display_text="Archived copy"),
        },
    )


def _show_licences(dataset: Dataset) -> None:
    st.header("Licences and attribution")
    st.markdown(
        f"- Data: {markdown_link(CONTRACT.licence_name, CONTRACT.licence_url)}. Cite Detention Atlas with the "
        "data version, and the original sources of each event.\n"
        "- Country borders: made with Natural Earth; free vector and raster map data at naturalearthdata.com "
        "(public domain).\n"
        "- Coordinates marked `geonames`: contains GeoNames data (geonames.org), CC BY 4.0.\n"
        "- Coordinates marked `nominatim`: © OpenStreetMap contributors, ODbL 1.0.\n"
        "- Optional street basemap: © CARTO, © OpenStreetMap contributors.\n"
        "- Each source's text belongs to its publisher; the atlas links to it and summarises in its own words."
    )
    st.header("Attribution")
    show_attribution(dataset)
