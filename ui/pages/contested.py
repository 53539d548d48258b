"""The Contested figures page: every claim side by side, and the largest disagreements between claimants."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents.contested import claims_for, contested_events, contested_metrics, default_event, disagreements
from incidents.contract.load import Dataset
from incidents.language import Language
from incidents.view_state import ViewState
from incidents.views.charts import contested_chart
from incidents.words import HEADLINE_RULE, METRIC_LABELS, date_label
from ui import state
from ui.components.scope import show_scope

EVENT_KEY = "contested_event"
METRIC_KEY = "contested_metric"
# The event the metric choice belongs to: a new event starts on its own most contested figure.
METRIC_EVENT_KEY = "contested_metric_event"


def _on_event_change() -> None:
    state.select_event(st.session_state.get(EVENT_KEY))


def _event_labels(dataset: Dataset, event_ids: list[str], reader: Language) -> dict[str, str]:
    events = dataset.events.loc[event_ids]
    return {
        str(row["event_id"]): (
            f"{row['title']} ({date_label(row['date_start'], row['date_end'], str(row['date_precision']), reader)})"
        )
        for row in events.to_dict("records")
    }


def _keep_choice(key: str, options: list[str], wanted: str | None) -> None:
    """Give the widget a value among its options before it is drawn (options change with the filters)."""
    if wanted in options:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in options:
        st.session_state[key] = options[0]


def show_contested_page(dataset: Dataset, view: ViewState, events: pd.DataFrame, reader: Language) -> None:
    """Pick an event and a metric to see its claims; below, the ranking of disagreements."""
    _ = reader.gettext
    st.title(_("Contested figures"))
    st.markdown(_(HEADLINE_RULE))
    show_scope(dataset, view, len(events), reader)
    event_ids = [str(event_id) for event_id in events["event_id"]]
    ranking = disagreements(dataset, event_ids, reader)
    options = contested_events(dataset, event_ids)
    st.subheader(_("Claims side by side"))
    if not options:
        st.info(_("None of the events shown has two or more claims for the same figure."), icon=":material/info:")
    else:
        _show_claims(dataset, view, ranking, options, reader)
    st.subheader(_("Largest disagreements"))
    _show_ranking(ranking, reader)


def _show_claims(
    dataset: Dataset, view: ViewState, ranking: pd.DataFrame, options: list[str], reader: Language
) -> None:
    _ = reader.gettext
    labels = _event_labels(dataset, options, reader)
    wanted = view.event_id if view.event_id in options else None
    if wanted is None and st.session_state.get(EVENT_KEY) not in options:
        wanted = default_event(ranking, options, None)
    _keep_choice(EVENT_KEY, options, wanted)
    event_id = st.selectbox(
        _("Event"),
        options=options,
        format_func=lambda key: labels.get(key, key),
        key=EVENT_KEY,
        on_change=_on_event_change,
        help=_("Events shown with two or more claims for some figure. Choosing one selects it on every page."),
    )
    metrics = contested_metrics(dataset, str(event_id))
    # The most contested figure is only a starting point: a figure the reader chose stays until the event changes.
    if st.session_state.get(METRIC_EVENT_KEY) != event_id or st.session_state.get(METRIC_KEY) not in metrics:
        ranked_metrics = [str(metric) for metric in ranking.loc[ranking["event_id"] == event_id, "metric"]]
        _keep_choice(METRIC_KEY, metrics, next((metric for metric in ranked_metrics if metric in metrics), None))
        st.session_state[METRIC_EVENT_KEY] = event_id
    else:
        # Re-assigned so the choice survives a visit to another page (Streamlit drops unrendered widget keys).
        st.session_state[METRIC_KEY] = st.session_state[METRIC_KEY]
    metric = st.selectbox(
        _("Figure"),
        options=metrics,
        format_func=lambda key: _(METRIC_LABELS.get(str(key), str(key))),
        key=METRIC_KEY,
    )
    claims = claims_for(dataset, str(event_id), str(metric), reader)
    st.altair_chart(contested_chart(claims, reader), width="stretch")
    st.caption(
        _(
            "One mark per claim, on its claimant's row: a dot for a single figure, a bar for a range, a short "
            "dashed arrow from N labelled 'N+' for 'more than N' (its length means nothing). Faded marks are "
            "older claims the same claimant has since revised."
        )
    )
    table = pd.DataFrame(
        {
            _("Claimant"): claims["claimant_name"],
            _("Figure"): claims["value_text"],
            _("Claimed on"): claims["claimed_on_text"],
            _("Status"): claims["current"].map({True: _("current"), False: _("superseded")}),
            _("Reported by"): claims["publisher"],
            _("Source"): claims["source_title"],
            _("Link"): claims["source_url"],
            _("Note"): claims["note"],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={_("Link"): st.column_config.LinkColumn(_("Link"), display_text=_("Open source"))},
    )


def _show_ranking(ranking: pd.DataFrame, reader: Language) -> None:
    _ = reader.gettext
    if ranking.empty:
        st.info(_("No figure among the events shown has two or more claimants."), icon=":material/info:")
        return
    claimants = _("Claimants (latest claim each)")
    st.dataframe(
        pd.DataFrame(
            {
                _("Event"): ranking["title"],
                _("Figure"): ranking["metric_label"],
                _("Ratio"): ranking["ratio"],
                claimants: ranking["claimants"],
                _("Lowest"): ranking["lowest"],
                _("Highest"): ranking["highest"],
                _("Range of all claims"): ranking["range_text"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            _("Ratio"): st.column_config.NumberColumn(
                _("Ratio"),
                format="%.2f",
                help=_("(largest floor + 1) / (smallest ceiling + 1); 1 when the claims overlap"),
            ),
            claimants: st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(
        _(
            "For each event and figure with two or more claimants, each claimant's latest claim is compared. "
            "Ratio = (largest floor + 1) / (smallest ceiling + 1), where a claim's floor is its lowest figure and "
            "its ceiling its highest ('more than N' has none): it measures how far apart the claims are that "
            "cannot all be true, and is 1 when every claim leaves room for the others ('up to 100' does not "
            "contradict 'none'). Adding one keeps a claim of zero from dividing by zero. A claimant revising its "
            "own figure is not counted as a disagreement; the last column still shows the range of every claim."
        )
    )
