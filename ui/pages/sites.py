"""The Sites page: one dossier per prison, camp or town, chosen through the shared place filter."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from incidents.contract.load import Dataset
from incidents.filters import filter_events, in_brush
from incidents.language import N_, Language
from incidents.options import site_options
from incidents.sites import (
    SiteDossier,
    busiest_site,
    population_claims,
    population_summary,
    site_dossier,
    site_events,
    sites_overview,
)
from incidents.text import SHORT_TEXT_LIMIT, escape_markdown
from incidents.view_state import ViewState
from incidents.views.charts import population_chart
from incidents.views.map_spec import build_deck
from incidents.views.style import event_list_frame
from incidents.views.timeline_spec import build_timeline, timeline_height
from ui import state
from ui.components import explorer
from ui.components.long_text import show_long_text

SITE_KEY = "site_choice"
# The site map's height in pixels: its place names are kept inside it.
SITE_MAP_HEIGHT = 340
# The list's columns, as event_list_frame names them; titled in the reader's language (marked here).
LIST_COLUMNS = (N_("When"), N_("Type"), N_("Title"), N_("Site"), N_("Figures"), N_("Confidence"))


def _on_site_change() -> None:
    # The dossier's site is the sidebar's place filter, so the address carries it as `place`.
    choice = st.session_state.get(SITE_KEY)
    st.session_state[state.PLACES] = [choice] if choice else []


def show_sites_page(dataset: Dataset, view: ViewState, reader: Language) -> None:
    """A site picker over the places with events; the chosen site's dossier, or an overview of all sites."""
    _ = reader.gettext
    st.title(_("Sites"))
    st.caption(
        _(
            "One dossier per prison, camp or town: its names and spellings, where it is and how sure that is, "
            "its incidents over time, and the claims of how many people it held."
        )
    )
    # Every filter but the site itself decides which sites can be chosen.
    others = in_brush(filter_events(dataset, replace(view.criteria, places=())), view.brush)
    labels = site_options(dataset, others["event_id"])
    chosen = view.criteria.places[0] if len(view.criteria.places) == 1 else None
    if chosen is not None and chosen not in labels:
        labels = {**labels, **site_options(dataset, site_events(dataset, chosen)["event_id"])}
    # Without one site in the filter, the page opens on the busiest site shown rather than on an empty picker;
    # the Site filter is left alone, so the other pages keep every site.
    shown_site = chosen or busiest_site(dataset, others["event_id"], view.criteria.places)
    st.session_state[SITE_KEY] = shown_site
    st.selectbox(
        _("Site"),
        options=list(labels),
        format_func=lambda key: labels.get(key, key),
        key=SITE_KEY,
        index=None,
        placeholder=_("Choose a prison, camp or town (type any spelling)"),
        filter_mode="contains",
        on_change=_on_site_change,
        help=_("Sites with events that match the other filters. Choosing one sets the Site filter."),
    )
    if chosen is None and shown_site is not None:
        several = len(view.criteria.places)
        if several > 1:
            caption = _("The site with the most events among the {count} sites in the Site filter; pick another above.")
        else:
            caption = _("The site with the most events among the events shown; pick another above.")
        st.caption(caption.format(count=several))
    if shown_site is not None:
        dossier = site_dossier(dataset, shown_site)
        shown = site_events(dataset, shown_site, others)
        _show_identity(dossier, reader)
        _show_incidents(dataset, dossier, shown, view, reader)
        _show_population(dataset, dossier, reader)
    if chosen is None:
        st.subheader(_("All sites with events shown ({count})").format(count=len(labels)))
        overview = sites_overview(dataset, others["event_id"], reader)
        st.dataframe(
            overview,
            hide_index=True,
            width="stretch",
            column_config={
                **{column: st.column_config.Column(_(column)) for column in overview.columns},
                "First": st.column_config.DateColumn(_("First")),
                "Last": st.column_config.DateColumn(_("Last")),
            },
        )


def _show_identity(dossier: SiteDossier, reader: Language) -> None:
    _ = reader.gettext
    st.header(escape_markdown(dossier.name, SHORT_TEXT_LIMIT))
    where = ", ".join(part for part in (dossier.admin1, dossier.country) if part)
    where = where or _("location unknown")
    st.markdown(f"**{escape_markdown(_(dossier.kind))}** · {escape_markdown(where)}")
    names = ", ".join(dossier.alt_names) if dossier.alt_names else _("none recorded")
    st.markdown(_("**Other names and spellings:** {names}").format(names=escape_markdown(names)))
    st.markdown(
        _("**Coordinates:** {coordinates}").format(coordinates=escape_markdown(dossier.coordinates_in(reader)))
        + f"  \n{escape_markdown(dossier.provenance_in(reader))}"
    )
    if dossier.notes:
        show_long_text(
            dossier.notes, reader.gettext("note"), reader, key=f"whole_site_note_{dossier.place_id}", small=True
        )


def _show_incidents(
    dataset: Dataset, dossier: SiteDossier, events: pd.DataFrame, view: ViewState, reader: Language
) -> None:
    _ = reader.gettext
    st.subheader(_("Incidents"))
    st.markdown(
        _("**{shown} of {total} events** at this site match the other filters in the sidebar.").format(
            shown=reader.number(len(events)), total=reader.number(dossier.event_count)
        )
    )
    if dossier.has_coordinates:
        deck = build_deck(
            events,
            dataset.places,
            explorer.figure_text(dataset, reader),
            selected_id=view.event_id,
            street_basemap=view.street_basemap,
            view=dossier.map_view,
            language=reader,
            height=SITE_MAP_HEIGHT,
        )
        st.pydeck_chart(
            deck,
            height=SITE_MAP_HEIGHT,
            alt=_("Map around {site}; its events are listed below.").format(site=dossier.name),
        )
        if not view.street_basemap:
            st.caption(_("Borders: Natural Earth. Hollow rings in a grey halo: known only to the town or region."))
    else:
        st.info(_("This site has no coordinates yet, so there is no map."), icon=":material/location_off:")
    if events.empty:
        return
    st.vega_lite_chart(
        build_timeline(events, selected_id=view.event_id, language=reader),
        width="stretch",
        height=timeline_height(events),
    )
    st.dataframe(
        event_list_frame(events, explorer.figure_text(dataset, reader), reader).drop(columns="event_id"),
        hide_index=True,
        width="stretch",
        column_config={column: st.column_config.Column(_(column)) for column in LIST_COLUMNS},
    )


def _show_population(dataset: Dataset, dossier: SiteDossier, reader: Language) -> None:
    _ = reader.gettext
    st.subheader(_("How many people it held"))
    claims = population_claims(dataset, dossier.place_id, reader)
    st.caption(
        escape_markdown(population_summary(claims, reader))
        + " "
        + _(
            "Taken from every event at the site, whatever the filters. Some figures count only part of a site "
            "(one section of a camp, one building): read each claim's note before comparing them."
        )
    )
    if claims.empty:
        return
    undated = int(claims["claimed_day"].isna().sum())
    if undated < len(claims):
        st.altair_chart(population_chart(claims, reader), width="stretch")
    if undated:
        st.caption(_("{count} claim(s) without a date are in the table but not on the chart.").format(count=undated))
    st.dataframe(
        pd.DataFrame(
            {
                _("Claimed on"): claims["claimed_on"].replace("", _("date unknown")),
                _("Claimant"): claims["claimant_name"],
                _("Figure"): claims["value_text"],
                _("Reported by"): claims["publisher"],
                _("Source"): claims["source_title"],
                _("Link"): claims["source_url"],
                _("Note"): claims["note"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={_("Link"): st.column_config.LinkColumn(_("Link"), display_text=_("Open source"))},
    )
