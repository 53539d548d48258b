"""Colours for people: a colour-blind-safe palette per event type, and the compact list under the map."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from incidents.language import ENGLISH, Language
from incidents.text import clip
from incidents.words import CONFIDENCE_WORDS, date_labels, type_text

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
EVENT_TYPE_COLOURS: dict[str, tuple[int, int, int]] = {
    "prison_attack": (213, 94, 0),
    "escape": (0, 114, 178),
    "riot": (230, 159, 0),
    "camp_incident": (0, 158, 115),
    "related_attack": (204, 121, 167),
    "context": (120, 120, 120),
}


def hex_colour(event_type: str) -> str:
    """The event type's colour as #rrggbb."""
    red, green, blue = EVENT_TYPE_COLOURS.get(event_type, (120, 120, 120))
    return f"#{red:02x}{green:02x}{blue:02x}"


def event_list_frame(
    events: pd.DataFrame, figure_text: Mapping[str, str], language: Language = ENGLISH
) -> pd.DataFrame:
    """The compact list under the map: one readable row per event, newest last (headers are set by the page)."""
    return pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(),
            "When": date_labels(events, language),
            "Type": [
                type_text(str(kind), str(record), language)
                for kind, record in zip(events["event_type"], events["record_kind"], strict=True)
            ],
            "Title": [clip(str(title)) for title in events["title"]],
            "Site": [clip(str(name)) for name in events["place_name"].fillna("")],
            "Figures": [figure_text.get(str(event_id), "") for event_id in events["event_id"]],
            "Confidence": [
                language.gettext(CONFIDENCE_WORDS.get(str(level), str(level))) for level in events["confidence"]
            ],
        }
    )
