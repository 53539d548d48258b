"""Detention Atlas: the entry point; it names the pages, and the explorer is the default one."""

from __future__ import annotations

import streamlit as st

import ui
from ui.navigation import site_pages

st.set_page_config(page_title="Detention Atlas", page_icon=ui.PAGE_ICON, layout="wide")
st.navigation(site_pages()).run()
