"""Sites: one dossier per prison, camp or town, with names, coordinates, incidents and population claims."""

from __future__ import annotations

from incidents.language import N_
from ui.page import start_page
from ui.pages.sites import show_sites_page

dataset, view, reader = start_page(N_("Sites"))

# The site picker is the Site filter: the page filters the events itself, leaving that one filter aside.
show_sites_page(dataset, view, reader)
