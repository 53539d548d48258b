"""About: scope, how figures are chosen, licences and attribution."""

from __future__ import annotations

import streamlit as st

import ui
from ui import data
from ui.about import show_about

st.set_page_config(page_title="About · Detention Atlas", page_icon=ui.PAGE_ICON, layout="wide")
show_about(data.load_or_stop())
