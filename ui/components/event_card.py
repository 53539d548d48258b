"""The selected event: dates in words, site and precision, actors, every figure with its claims, sources."""

from __future__ import annotations

import streamlit as st

from incidents.contract.load import Dataset
from incidents.language import Language
from incidents.text import SHORT_TEXT_LIMIT, escape_markdown, markdown_link
from incidents.views.event_card import EventDetails, event_details
from ui.components.long_text import show_long_text
from ui.state import select_event


def show_event_card(dataset: Dataset, event_id: str | None, reader: Language, clearable: bool = True) -> None:
    """Render the card for `event_id` in the reader's language, or a hint on how to pick one."""
    _ = reader.gettext
    if event_id is None:
        st.info(
            _("Click an event on the map, the timeline or the list to read its sources and the competing figures."),
            icon=":material/touch_app:",
        )
        return
    details = event_details(dataset, event_id, reader)
    _show(details, reader)
    if clearable:
        st.button(
            _("Clear selection"), on_click=select_event, args=(None,), icon=":material/close:", key="clear_selection"
        )


def _show(details: EventDetails, reader: Language) -> None:
    _ = reader.gettext
    with st.container(border=True):
        st.markdown(f"#### {escape_markdown(details.title, SHORT_TEXT_LIMIT)}")
        st.markdown(
            f"**{escape_markdown(details.type_label)}** · {escape_markdown(details.when)}  \n"
            + _("**Site:** {site} — located to {precision}").format(
                site=escape_markdown(details.place_name), precision=escape_markdown(details.place_precision)
            )
        )
        if details.actors_line:
            st.markdown(escape_markdown(details.actors_line))
        show_long_text(details.summary, _("summary"), reader, key=f"whole_summary_{details.event_id}")
        st.caption(_("Confidence: {level}").format(level=escape_markdown(details.confidence)))
        if details.figures:
            st.markdown(
                _(
                    "**Figures** — headline is the lowest current stated claim; the range shows every stated claim. "
                    "Derived figures and sub-counts are listed, never a headline."
                )
            )
            for figure in details.figures:
                claims = reader.ngettext("{count} claim", "{count} claims", figure.claim_count).format(
                    count=figure.claim_count
                )
                with st.expander(
                    _("{metric}: {headline} (range {range}, {claims})").format(
                        metric=figure.label, headline=figure.headline, range=figure.range_text, claims=claims
                    )
                ):
                    for claim in figure.claims:
                        link = markdown_link(claim.source_label, claim.source_url)
                        note = f" — {escape_markdown(claim.note)}" if claim.note else ""
                        st.markdown(
                            "- "
                            + _("**{value}** according to {claimant}, {date}; reported by {source}").format(
                                value=escape_markdown(claim.value_text),
                                claimant=escape_markdown(claim.claimant),
                                date=escape_markdown(claim.claimed_on),
                                source=link,
                            )
                            + note
                        )
        st.markdown(_("**Sources ({count})**").format(count=len(details.sources)))
        # Sources keep their own language; the reader is told which it is.
        for source in details.sources:
            archived = " · " + markdown_link(_("archived copy"), source.archived_url) if source.archived_url else ""
            written_in = _("in {language}").format(language=source.language) if source.language else ""
            st.markdown(
                f"- {escape_markdown(source.publisher)}, {markdown_link(source.title, source.url)} "
                f"({escape_markdown(source.published)}, {escape_markdown(written_in)}){archived}"
            )
