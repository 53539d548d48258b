"""About: scope, how figures are chosen, licences and attribution."""

from __future__ import annotations

from ui.about import show_about
from ui.page import start_page

dataset, _ = start_page("About")
show_about(dataset)
