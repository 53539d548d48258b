"""Events: the filtered events as a sortable table, with CSV and GeoJSON downloads of exactly that view."""

from __future__ import annotations

from incidents.filters import filter_events, in_brush
from incidents.language import N_
from ui.page import start_page
from ui.pages.events import show_events_page

dataset, view, reader = start_page(N_("Events"))

# The same events as the explorer's list: the filters, then the period brushed on its timeline.
events = in_brush(filter_events(dataset, view.criteria), view.brush)

show_events_page(dataset, view, events, reader)
