"""Method and data: scope, how figures are chosen, the codebook, data health, sources, licences and citation."""

from __future__ import annotations

from incidents.language import N_
from ui.page import start_page
from ui.pages.method import show_method_page

# The page describes the whole dataset; the sidebar is kept so the link keeps the reader's filters.
dataset, _, reader = start_page(N_("Method and data"))

show_method_page(dataset, reader)
