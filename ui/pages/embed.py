"""The explorer in an article's iframe: map, card and timeline in about 700 x 500 px, linking back to the full view."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from incidents.contract.load import Dataset
from incidents.filters import date_extent, filter_events, in_brush
from incidents.language import N_, Language
from incidents.view_state import ViewState, query_string
from incidents.views.timeline_spec import legend_spec
from ui import data
from ui.components import explorer
from ui.components.event_card import show_event_card

# Map and card side by side at this height keep both inside a 500 px frame, under the one-line heading.
FRAME_MAP_HEIGHT = 320
FULL_VIEW_LABEL = N_("Open the full view ↗")


def full_view_link(view: ViewState) -> str:
    """The address of the same view outside the frame."""
    address = (data.public_url() or "/") + query_string(replace(view, embedded=False))
    return address.replace("(", "%28").replace(")", "%29")


def show_frame(dataset: Dataset, view: ViewState, reader: Language) -> None:
    """The compact explorer: a heading with the link back, the map beside the card, the legend and the timeline."""
    _ = reader.gettext
    filtered = filter_events(dataset, view.criteria)
    shown = in_brush(filtered, view.brush)
    # One line, so that a phone's narrow frame keeps its height for the map and the card.
    count = _("{shown} of {total} events").format(
        shown=reader.number(len(shown)), total=reader.number(dataset.event_count)
    )
    st.markdown(f"**Detention Atlas** · {count} · [{_(FULL_VIEW_LABEL)}]({full_view_link(view)})")
    map_column, card_column = st.columns([3, 2], gap="small")
    with map_column:
        explorer.show_map(dataset, shown, view, framed=filtered, reader=reader, height=FRAME_MAP_HEIGHT)
    with card_column, st.container(height=FRAME_MAP_HEIGHT, border=False, key="event_card"):
        show_event_card(dataset, view.event_id, reader)
    st.vega_lite_chart(legend_spec(reader), width="stretch", height=explorer.LEGEND_HEIGHT)
    explorer.show_timeline(dataset, filtered, view, date_extent(dataset), reader)
