"""Contested figures: every claim about an event side by side, and the largest disagreements between claimants."""

from __future__ import annotations

from incidents.filters import filter_events, in_brush
from incidents.language import N_
from ui.page import start_page
from ui.pages.contested import show_contested_page

dataset, view, reader = start_page(N_("Contested figures"))

events = in_brush(filter_events(dataset, view.criteria), view.brush)

show_contested_page(dataset, view, events, reader)
