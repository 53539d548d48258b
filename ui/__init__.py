"""Streamlit-only glue shared by app.py and pages/: cached loading, widgets, rendering."""

from pathlib import Path

# A bundled icon: Material icon names would make the browser fetch the favicon from a font CDN.
PAGE_ICON = str(Path(__file__).resolve().parent / "assets" / "icon.png")
