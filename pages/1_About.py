"""About: scope, how figures are chosen, licences and attribution."""

from __future__ import annotations

from incidents.language import N_
from ui.page import start_page
from ui.pages.about import show_about

dataset, _, reader = start_page(N_("About"))
show_about(dataset, reader)
