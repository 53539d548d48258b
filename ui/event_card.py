"""The selected event: dates in words, site and precision, actors, every figure with its claims, sources."""

from __future__ import annotations

import streamlit as st

from incidents.contract.load import Dataset
from incidents.text import SHORT_TEXT_LIMIT, escape_markdown, markdown_link
from incidents.views.event_card import EventDetails, event_details
from ui.long_text import show_long_text
from ui.state import select_event


def show_event_card(dataset: Dataset, event_id: str | None, clearable: bool = True) -> None:
    """Render the card for `event_id`, or a hint on how to pick one."""
    if event_id is None:
        st.info(
            "Click an event on the map, the timeline or the list to read its sources and the competing figures.",
            icon=":material/touch_app:",
        )
        return
    details = event_details(dataset, event_id)
    _show(details)
    if clearable:
        st.button(
            "Clear selection", on_click=select_event, args=(None,), icon=":material/close:", key="clear_selection"
        )


def _show(details: EventDetails) -> None:
    with st.container(border=True):
        st.markdown(f"#### {escape_markdown(details.title, SHORT_TEXT_LIMIT)}")
        st.markdown(
            f"**{escape_markdown(details.type_label)}** · {escape_markdown(details.when)}  \n"
            f"**Site:** {escape_markdown(details.place_name)} — located to {escape_markdown(details.place_precision)}"
        )
        if details.actors_line:
            st.markdown(escape_markdown(details.actors_line))
        show_long_text(details.summary, "summary", key=f"whole_summary_{details.event_id}")
        st.caption(f"Confidence: {escape_markdown(details.confidence)}")
        if details.figures:
            st.markdown(
                "**Figures** — headline is the lowest current stated claim; the range shows every stated claim. "
                "Derived figures and sub-counts are listed, never a headline."
            )
            for figure in details.figures:
                with st.expander(
                    f"{figure.label}: {figure.headline} (range {figure.range_text}, "
                    f"{figure.claim_count} claim{'s' if figure.claim_count != 1 else ''})"
                ):
                    for claim in figure.claims:
                        link = markdown_link(claim.source_label, claim.source_url)
                        note = f" — {escape_markdown(claim.note)}" if claim.note else ""
                        st.markdown(
                            f"- **{escape_markdown(claim.value_text)}** according to "
                            f"{escape_markdown(claim.claimant)}, {escape_markdown(claim.claimed_on)}; "
                            f"reported by {link}{note}"
                        )
        st.markdown(f"**Sources ({len(details.sources)})**")
        for source in details.sources:
            archived = f" · {markdown_link('archived copy', source.archived_url)}" if source.archived_url else ""
            st.markdown(
                f"- {escape_markdown(source.publisher)}, {markdown_link(source.title, source.url)} "
                f"({escape_markdown(source.published)}, {escape_markdown(source.language)}){archived}"
            )
