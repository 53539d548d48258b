"""The explorer with only the event markers on its map: the benchmark's measure of what the other map layers cost.

Everything else on the page is the real app's (sidebar, card, legend, timeline, list); the map leaves out its
borders, place names and ×N counts. `python -m benchmarks` serves it beside the app and the naive app, so the
report can show how much of the browser's first paint those layers take. It is never served to readers.
"""

from __future__ import annotations

import runpy

from incidents.contract.schema import REPOSITORY_ROOT
from incidents.views import map_spec

LEFT_OUT = frozenset(
    {
        map_spec.BORDERS_LAYER_ID,
        map_spec.TOWN_LABELS_LAYER_ID,
        map_spec.SITE_COUNTS_LAYER_ID,
        map_spec.CLUSTER_COUNTS_LAYER_ID,
    }
)
_written_in_full = map_spec.CompactDeck.to_json


def _markers_only_json(deck: map_spec.CompactDeck) -> str:
    """The deck's JSON without the left-out layers."""
    deck.layers = [layer for layer in deck.layers if getattr(layer, "id", None) not in LEFT_OUT]
    return _written_in_full(deck)


# Once per process: the module is imported once, while Streamlit runs the launcher script on every rerun.
map_spec.CompactDeck.to_json = _markers_only_json  # type: ignore[method-assign, assignment]


def run() -> None:
    """One run of the real explorer page, its maps written without the left-out layers."""
    runpy.run_path(str(REPOSITORY_ROOT / "app.py"), run_name="__main__")
