"""The Contested figures page: every claim side by side, and the largest disagreements between claimants."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from incidents.contested import claims_for, contested_events, contested_metrics, default_event, disagreements
from incidents.contract.load import Dataset
from incidents.view_state import ViewState
from incidents.views.charts import contested_chart
from incidents.words import HEADLINE_RULE, METRIC_LABELS, date_label
from ui import state
from ui.components import show_scope

EVENT_KEY = "contested_event"
METRIC_KEY = "contested_metric"
# The event the metric choice belongs to: a new event starts on its own most contested figure.
METRIC_EVENT_KEY = "contested_metric_event"


def _on_event_change() -> None:
    state.select_event(st.session_state.get(EVENT_KEY))


def _event_labels(dataset: Dataset, event_ids: list[str]) -> dict[str, str]:
    events = dataset.events.loc[event_ids]
    return {
        str(
            row["event_id"]
        ): f"{row['title']} ({date_label(row['date_start'], row['date_end'], str(row['date_precision']))})"
        for row in events.to_dict("records")
    }


def _keep_choice(key: str, options: list[str], wanted: str | None) -> None:
    """Give the widget a value among its options before it is drawn (options change with the filters)."""
    if wanted in options:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in options:
        st.session_state[key] = options[0]


def show_contested_page(dataset: Dataset, view: ViewState, events: pd.DataFrame) -> None:
    """Pick an event and a metric to see its claims; below, the ranking of disagreements."""
    st.title("Contested figures")
    st.markdown(HEADLINE_RULE)
    show_scope(dataset, view, len(events))
    event_ids = [str(event_id) for event_id in events["event_id"]]
    ranking = disagreements(dataset, event_ids)
    options = contested_events(dataset, event_ids)
    st.subheader("Claims side by side")
    if not options:
        st.info("None of the events shown has two or more claims for the same figure.", icon=":material/info:")
    else:
        _show_claims(dataset, view, ranking, options)
    st.subheader("Largest disagreements")
    _show_ranking(ranking)


def _show_claims(dataset: Dataset, view: ViewState, ranking: pd.DataFrame, options: list[str]) -> None:
    labels = _event_labels(dataset, options)
    wanted = view.event_id if view.event_id in options else None
    if wanted is None and st.session_state.get(EVENT_KEY) not in options:
        wanted = default_event(ranking, options, None)
    _keep_choice(EVENT_KEY, options, wanted)
    event_id = st.selectbox(
        "Event",
        options=options,
        format_func=lambda key: labels.get(key, key),
        key=EVENT_KEY,
        on_change=_on_event_change,
        help="Events shown with two or more claims for some figure. Choosing one selects it on every page.",
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
        "Figure",
        options=metrics,
        format_func=lambda key: METRIC_LABELS.get(key, key),
        key=METRIC_KEY,
    )
    claims = claims_for(dataset, str(event_id), str(metric))
    st.altair_chart(contested_chart(claims), width="stretch")
    st.caption(
        "One mark per claim, on its claimant's row: a dot for a single figure, a bar for a range, a short "
        "dashed arrow from N labelled 'N+' for 'more than N' (its length means nothing). Faded marks are "
        "older claims the same claimant has since revised."
    )
    table = pd.DataFrame(
        {
            "Claimant": claims["claimant_name"],
            "Figure": claims["value_text"],
            "Claimed on": claims["claimed_on_text"],
            "Status": claims["current"].map({True: "current", False: "superseded"}),
            "Reported by": claims["publisher"],
            "Source": claims["source_title"],
            "Link": claims["source_url"],
            "Note": claims["note"],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="Open source")},
    )


def _show_ranking(ranking: pd.DataFrame) -> None:
    if ranking.empty:
        st.info("No figure among the events shown has two or more claimants.", icon=":material/info:")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Event": ranking["title"],
                "Figure": ranking["metric_label"],
                "Ratio": ranking["ratio"],
                "Claimants (latest claim each)": ranking["claimants"],
                "Lowest": ranking["lowest"],
                "Highest": ranking["highest"],
                "Range of all claims": ranking["range_text"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "Ratio": st.column_config.NumberColumn(
                "Ratio", format="%.2f", help="(largest floor + 1) / (smallest ceiling + 1); 1 when the claims overlap"
            ),
            "Claimants (latest claim each)": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(
        "For each event and figure with two or more claimants, each claimant's latest claim is compared. "
        "Ratio = (largest floor + 1) / (smallest ceiling + 1), where a claim's floor is its lowest figure and "
        "its ceiling its highest ('more than N' has none): it measures how far apart the claims are that "
        "cannot all be true, and is 1 when every claim leaves room for the others ('up to 100' does not "
        "contradict 'none'). Adding one keeps a claim of zero from dividing by zero. A claimant revising its "
        "own figure is not counted as a disagreement; the last column still shows the range of every claim."
    )
