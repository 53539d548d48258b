"""The benchmark's reference point: a map app as it is typically first written, with no care for size.

Every rerun reads the CSV files again (no caching), sends every event with every column to a pydeck
ScatterplotLayer (no aggregation) and draws an Altair timeline of every event. `python -m benchmarks`
measures it next to the real app; it is never served to users.
"""

from __future__ import annotations

import os
from pathlib import Path

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

data_dir = Path(os.environ.get("INCIDENTS_DATA_DIR", "data"))
events = pd.read_csv(data_dir / "events.csv")
places = pd.read_csv(data_dir / "places.csv")
events = events.merge(places, on="place_id", how="left", suffixes=("", "_place"))

chosen = st.sidebar.multiselect("Event type", sorted(events["event_type"].dropna().unique()), key="filter_types")
shown = events[events["event_type"].isin(chosen)] if chosen else events

st.title("Incidents")
st.write(f"{len(shown):,} events")
located = shown.dropna(subset=["latitude", "longitude"])
# Empty cells become "" so the layer's JSON stays valid; everything else goes to the browser as it is.
layer = pdk.Layer(
    "ScatterplotLayer",
    data=located.astype(object).where(located.notna(), ""),
    get_position="[longitude, latitude]",
    get_radius=3000,
    get_fill_color=[200, 30, 0, 160],
    pickable=True,
)
view = pdk.ViewState(latitude=35.9, longitude=40.6, zoom=5.6)
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, tooltip={"text": "{title}"}, map_provider=None))

timeline = shown.assign(
    start=pd.to_datetime(shown["date_start"]),
    end=pd.to_datetime(shown["date_end"].fillna(shown["date_start"])),
)
tooltip = ["title", "date_start", "place_id"]
chart = (
    alt.Chart(timeline)
    .mark_bar()
    .encode(x="start:T", x2="end:T", y="event_type:N", color="event_type:N", tooltip=tooltip)
)
st.altair_chart(chart, width="stretch")
