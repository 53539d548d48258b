"""The Method and data page: scope, the codebook, the ACLED mapping, data health, sources, licences, citation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from incidents import Problem, check_dataset
from incidents.contract.codebook import codebook_rows, table_rows
from incidents.contract.load import Dataset
from incidents.contract.schema import CONTRACT, REPOSITORY_ROOT, TABLE_NAMES
from incidents.exports import ACLED_GEO_PRECISION, ACLED_TIME_PRECISION, acled_mapping
from incidents.health import data_health, sources_table, validation_summary
from incidents.language import Language
from incidents.text import escape_markdown
from incidents.words import COLUMN_WORDS, EVENT_TYPE_LABELS, HEADLINE_RULE, SEVERITY_WORDS
from ui import data
from ui.components.attribution import licence_lines, show_attribution
from ui.data import FileStamp

DATA_README = REPOSITORY_ROOT / "data" / "README.md"
DATA_CHANGES = REPOSITORY_ROOT / "data" / "CHANGES.md"


@st.cache_resource(max_entries=4)
def _problems(directory: str, stamp: FileStamp) -> list[Problem]:
    return check_dataset(Path(directory))


def show_method_page(dataset: Dataset, reader: Language) -> None:
    """Every section of the page, in the order a reader checks a dataset."""
    _ = reader.gettext
    st.title(_("Method and data"))
    st.caption(
        _("Data version {version} · [what changed](#data-changes)").format(version=escape_markdown(dataset.version))
    )
    if reader.code != "en":
        st.info(
            _(
                "Two documents on this page are written in English only: the coding rules (under Scope) and the "
                "list of data changes. Field names and codes in the codebook and the ACLED mapping are the "
                "columns' own names in every language."
            ),
            icon=":material/translate:",
        )
    _show_scope(reader)
    _show_figures(reader)
    _show_acled(reader)
    _show_codebook(reader)
    _show_health(dataset, reader)
    _show_sources(dataset, reader)
    _show_licences(dataset, reader)
    _show_changes(reader)


def _headers(frame: pd.DataFrame, reader: Language) -> dict[str, Any]:
    """Each of the frame's columns titled in the reader's language (the ones COLUMN_WORDS knows)."""
    return {
        str(column): st.column_config.Column(reader.gettext(COLUMN_WORDS[str(column)]))
        for column in frame.columns
        if str(column) in COLUMN_WORDS
    }


def _code_list(text: str, separator: str) -> str:
    """'a, b' as '`a`, `b`': names of columns in Markdown code."""
    return separator.join(f"`{part}`" for part in text.split(separator) if part)


def _show_changes(reader: Language) -> None:
    _ = reader.gettext
    st.header(_("Data changes"), anchor="data-changes")
    st.markdown(_("What was added, corrected and removed between data versions, and why."))
    if DATA_CHANGES.is_file():
        with st.expander(_("Changes by data version"), expanded=False):
            # Our own committed Markdown: rendered as Markdown, never with HTML enabled.
            st.markdown(DATA_CHANGES.read_text(encoding="utf-8"))


def _show_scope(reader: Language) -> None:
    _ = reader.gettext
    st.header(_("Scope"))
    types = ", ".join(_(label) for label in EVENT_TYPE_LABELS.values())
    st.markdown(
        _(
            "Attacks on prisons, prison escapes, riots and detention-camp incidents involving Islamic State "
            "detainees in north-east Syria, with linked incidents in Iraq, from {start} to {end}. An event is "
            "included when at least one source reports it; how firmly it is established is its confidence grade, "
            "not a reason to leave it out. Event types: {types}."
        ).format(
            start=reader.date(CONTRACT.study_start, "d MMMM y"),
            end=reader.date(CONTRACT.study_end, "d MMMM y"),
            types=escape_markdown(types),
        )
    )
    if DATA_README.is_file():
        with st.expander(_("Inclusion criteria, coding rules and how to correct an event"), expanded=False):
            # Our own committed Markdown: rendered as Markdown, never with HTML enabled.
            st.markdown(DATA_README.read_text(encoding="utf-8"))


def _show_figures(reader: Language) -> None:
    st.header(reader.gettext("How figures are chosen"))
    st.markdown(reader.gettext(HEADLINE_RULE))


def _show_acled(reader: Language) -> None:
    _ = reader.gettext
    st.header(_("ACLED-compatible export"))
    st.markdown(
        _(
            "The Events page offers a CSV with ACLED's column names and codes so rows can be appended to an "
            "ACLED extract and summed without counting anything twice. Only incidents go out: totals, series, "
            "statements and background rows are left out, and a multi-day episode (Ghwayran, January 2022) goes "
            "out as its dated phases, never as one row. Event types are mapped from our subtype as below."
        )
    )
    st.markdown(
        "\n".join(
            "- " + line
            for line in (
                _(
                    "`time_precision`: 1 for an exact day, 2 for a few days or a week, 3 for a month, a year or a "
                    "span longer than a week; `event_date` is the first day."
                ),
                _(
                    "`geo_precision`: 1 for the site or town itself, 2 for a district, 3 for a governorate or region "
                    "(the coarser of where the event is known to and what the coordinates mark)."
                ),
                _("`iso`, `region` and `country` follow ACLED (`Syria` 760, `Iraq` 368, `Middle East`)."),
                _(
                    "`fatalities`: the conservative headline of the total killed, else the sum of the conservative "
                    "headlines of the killed by category, 0 when no figure was claimed; a phase without a figure of "
                    "its own gets an even share of its episode's total (ACLED divides totals reported over several "
                    "days), which its notes say is derived."
                ),
                _("`actor1` and `actor2` are the first initiator and the first target; `source` lists the publishers."),
                _(
                    "After ACLED's columns come our `event_id`, `atlas_event_type`, `atlas_subtype`, "
                    "`atlas_episode_id`, the source links, the data version and the licence."
                ),
                _(
                    "Where we differ from ACLED: no `event_id_cnty`, `disorder_type`, `inter` or `interaction` codes, "
                    "admin2/3, `source_scale` or `timestamp`; and ACLED codes a reported range of days to one date, "
                    "while our `event_date` is always the first day of the known period."
                ),
                _(
                    "The file is written in English, the language of the dataset and of ACLED: titles, summaries, "
                    "notes and ACLED's own names for event types stay as they are."
                ),
            )
        )
    )
    # ACLED's names for its categories are codes of its format: they stay as ACLED writes them.
    st.dataframe(
        pd.DataFrame(acled_mapping()),
        hide_index=True,
        width="stretch",
        column_config={"subtype": st.column_config.TextColumn(_("Our subtype"))},
    )
    left, right = st.columns(2)
    left.dataframe(
        pd.DataFrame({"date_precision": list(ACLED_TIME_PRECISION), "time_precision": ACLED_TIME_PRECISION.values()}),
        hide_index=True,
    )
    right.dataframe(
        pd.DataFrame({"precision": list(ACLED_GEO_PRECISION), "geo_precision": ACLED_GEO_PRECISION.values()}),
        hide_index=True,
        column_config={"precision": st.column_config.TextColumn("location_precision")},
    )


def _show_codebook(reader: Language) -> None:
    _ = reader.gettext
    st.header(_("Codebook"))
    st.markdown(
        _(
            "{count} CSV tables, declared in the data package descriptor (Frictionless Table Schema). This codebook "
            "is generated from that descriptor, so it always matches what the validator checks. Field names and "
            "codes are the columns' own names and stay as they are in every language."
        ).format(count=len(TABLE_NAMES))
    )
    rows = pd.DataFrame(codebook_rows(CONTRACT, reader))
    for table in table_rows(CONTRACT, reader):
        st.subheader(f"{escape_markdown(table['title'])} · {escape_markdown(table['file'])}")
        # Keys and references are column names: shown as code, the same in every language.
        caption = _("{description} Key: {key}.").format(
            description=escape_markdown(table["description"]), key=_code_list(table["primary key"], ", ")
        )
        if table["references"]:
            caption += " " + _("References: {references}.").format(references=_code_list(table["references"], "; "))
        st.caption(caption)
        st.dataframe(
            rows[rows["table"] == table["table"]].drop(columns="table"),
            hide_index=True,
            width="stretch",
            column_config={
                "field": st.column_config.TextColumn(_("Field")),
                "type": st.column_config.TextColumn(_("Type")),
                "required": st.column_config.CheckboxColumn(_("Required")),
                "unique": st.column_config.CheckboxColumn(_("Unique")),
                "description": st.column_config.TextColumn(_("Description"), width="large"),
                "allowed values": st.column_config.TextColumn(_("Allowed values"), width="large"),
            },
        )


def _show_health(dataset: Dataset, reader: Language) -> None:
    _ = reader.gettext
    number = reader.number
    st.header(_("Data health"))
    directory = data.data_dir()
    summary = validation_summary(_problems(str(directory), data.file_stamp(directory)))
    health = data_health(dataset, reader)
    verdict = _("valid") if summary.valid else _("invalid")
    icon = ":material/check_circle:" if summary.valid else ":material/error:"
    message = _("Validation: {verdict}, {errors} error(s) and {warnings} warning(s).").format(
        verdict=verdict, errors=summary.errors, warnings=summary.warnings
    )
    (st.success if summary.valid else st.error)(message, icon=icon)
    if len(summary.problems):
        with st.expander(_("Every problem ({count})").format(count=len(summary.problems))):
            problems = summary.problems.assign(
                severity=[_(SEVERITY_WORDS.get(severity, severity)) for severity in summary.problems["severity"]],
                problem=[problem.text_in(reader) for problem in summary.found],
            )
            st.dataframe(
                problems,
                hide_index=True,
                width="stretch",
                column_config=_headers(problems, reader) | {"problem": st.column_config.TextColumn(_("Problem"))},
            )
    counts = st.columns(4)
    counts[0].metric(_("Events"), number(health.event_count))
    counts[1].metric(_("Claims"), number(health.claim_count))
    counts[2].metric(_("Sources"), number(health.source_count))
    counts[3].metric(_("Places"), number(health.place_count))
    st.caption(
        _("{undated} claim(s) without a date; {open} open-ended ('more than N') claim(s).").format(
            undated=health.undated_claims, open=health.open_ended_claims
        )
    )
    columns = st.columns(3)
    columns[0].dataframe(
        health.date_precision, hide_index=True, width="stretch", column_config=_headers(health.date_precision, reader)
    )
    columns[1].dataframe(
        health.location_precision,
        hide_index=True,
        width="stretch",
        column_config=_headers(health.location_precision, reader),
    )
    columns[2].dataframe(
        health.confidence, hide_index=True, width="stretch", column_config=_headers(health.confidence, reader)
    )
    st.subheader(_("Events resting on one source ({count})").format(count=len(health.single_source_events)))
    st.caption(_("Worth a second source: each of these is reported by a single article, report or statement."))
    st.dataframe(
        health.single_source_events,
        hide_index=True,
        width="stretch",
        column_config=_headers(health.single_source_events, reader),
    )
    notes = dataset.events.loc[dataset.events["notes"].fillna("") != "", ["event_id", "title", "notes"]]
    st.subheader(_("Editors' notes on events ({count})").format(count=len(notes)))
    st.caption(
        _(
            "How each event was pieced together: which reports disagree, what was inferred, what is still to "
            "check. Reader pages leave these notes out, and the editorial asides in claim notes and source titles "
            "too."
        )
    )
    st.dataframe(
        notes,
        hide_index=True,
        width="stretch",
        column_config=_headers(notes, reader)
        | {"notes": st.column_config.TextColumn(_("Editors' notes"), width="large")},
    )
    st.subheader(_("Places not checked by hand ({count})").format(count=len(health.unchecked_places)))
    st.caption(_("Coordinates from a gazetteer or geocoder that nobody has yet compared with a second source."))
    st.dataframe(
        health.unchecked_places,
        hide_index=True,
        width="stretch",
        column_config=_headers(health.unchecked_places, reader),
    )
    st.subheader(_("Places without coordinates ({count})").format(count=len(health.places_without_coordinates)))
    st.caption(_("Their events are in every list and download but cannot be drawn on the map."))
    st.dataframe(
        health.places_without_coordinates,
        hide_index=True,
        width="stretch",
        column_config=_headers(health.places_without_coordinates, reader),
    )


def _show_sources(dataset: Dataset, reader: Language) -> None:
    _ = reader.gettext
    st.header(_("Sources ({count})").format(count=reader.number(len(dataset.sources))))
    sources = sources_table(dataset)
    st.dataframe(
        sources,
        hide_index=True,
        width="stretch",
        column_config=_headers(sources, reader)
        | {
            "title": st.column_config.TextColumn(_("Title"), width="large"),
            "link": st.column_config.LinkColumn(_("Link"), display_text=_("Open")),
            "archived": st.column_config.LinkColumn(_("Archived"), display_text=_("Archived copy")),
        },
    )


def _show_licences(dataset: Dataset, reader: Language) -> None:
    _ = reader.gettext
    st.header(_("Licences and attribution"))
    st.markdown(
        licence_lines(reader)
        + "\n- "
        + _("Each source's text belongs to its publisher; the atlas links to it and summarises in its own words.")
    )
    st.header(_("Attribution"))
    show_attribution(dataset, reader)
