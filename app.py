"""Detention Atlas explorer: map, timeline, filters and event card; every view is a shareable URL."""

from __future__ import annotations

import streamlit as st

from incidents.filters import date_extent, filter_events, in_brush
from incidents.text import escape_markdown
from incidents.words import ATLAS_SUMMARY, day_text, kind_breakdown
from ui import state
from ui.components import explorer
from ui.components.event_card import show_event_card
from ui.page import start_page
from ui.pages import embed

dataset, view, reader = start_page(embeddable=True)
_ = reader.gettext
if view.embedded:
    # An article's iframe: the compact view only, with a link back to the full one.
    embed.show_frame(dataset, view, reader)
    st.stop()
filtered = filter_events(dataset, view.criteria)
shown = in_brush(filtered, view.brush)

st.title("Detention Atlas")
st.caption(_(ATLAS_SUMMARY))
count_column, cite_column = st.columns([3, 1], vertical_alignment="center")
brush_note = ""
if view.brush:
    # Escaping trims the text, so the space before the note stays outside it.
    brush_note = " " + escape_markdown(
        _("in the brushed period {start} – {end}").format(
            start=day_text(view.brush[0], reader), end=day_text(view.brush[1], reader)
        )
    )
count = _("{shown} of {total} events").format(shown=reader.number(len(shown)), total=reader.number(dataset.event_count))
count_column.markdown(f"**{count}**{brush_note}")
# Rows are not all incidents: say how many are, so a reader counting incidents does not count context rows.
count_column.caption(escape_markdown(_("Of these: {breakdown}.").format(breakdown=kind_breakdown(shown, reader))))
with cite_column:
    explorer.show_citation(dataset, view, len(shown), reader)

if filtered.empty:
    st.warning(_("No events match these filters."), icon=":material/filter_alt_off:")
    st.button(_("Reset all filters"), on_click=state.reset_view, key="reset_empty", icon=":material/restart_alt:")

map_column, card_column = st.columns([3, 2], gap="medium")
with map_column:
    map_summary = explorer.show_map(dataset, shown, view, filtered, reader)
with card_column:
    # As tall as the map and scrolling inside: a long card never pushes the timeline down the page, and on a
    # phone (columns stacked) it opens right under the map, where the tap was.
    with st.container(height=explorer.MAP_HEIGHT, border=False, key="event_card"):
        show_event_card(dataset, view.event_id, reader)
explorer.show_map_key(shown, view, map_summary, reader)

explorer.show_timeline(dataset, filtered, view, date_extent(dataset), reader)
st.subheader(_("Events shown"))
explorer.show_list(dataset, shown, view, reader)
