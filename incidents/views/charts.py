"""Charts beside the tables: the contested-figures dot-and-range chart and a site's population over time."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from incidents.figures import format_count
from incidents.language import ENGLISH, Language
from incidents.views.vega_locale import vega_locale
from incidents.words import kind_label

# An open-ended claim ("more than N") is an arrow from N this long (a share of the largest figure): a fixed
# length says "more" without suggesting any particular upper figure.
_OPEN_ARROW_SHARE = 0.08


def chart_frames(claims: pd.DataFrame, language: Language = ENGLISH) -> dict[str, pd.DataFrame]:
    """The claims split by how each is drawn: a range rule, a single point, or an open-ended arrow."""
    if claims.empty:
        empty = claims.assign(
            x_end=pd.Series(dtype=float),
            label=pd.Series(dtype=str),
            status=pd.Series(dtype=str),
            kind_label=pd.Series(dtype=str),
        )
        return {"range": empty, "single": empty, "open": empty}
    tops = claims["value_high"].astype("float64").fillna(claims["value_low"].astype("float64"))
    furthest = float(max(tops.max(), claims["value_low"].max(), 1))
    frame = claims.assign(
        x_end=tops.where(~claims["open_ended"], claims["value_low"] + furthest * _OPEN_ARROW_SHARE),
        label=[format_count(value, language) + "+" for value in claims["value_low"]],
        status=claims["current"].map(
            {True: language.gettext("current"), False: language.gettext("superseded by the same claimant")}
        ),
        kind_label=claims["claimant_kind"].map(lambda kind: kind_label(kind, language)),
    )
    is_open = frame["open_ended"].astype(bool)
    is_single = ~is_open & (frame["x_end"] == frame["value_low"])
    return {"range": frame[~is_open & ~is_single], "single": frame[is_single], "open": frame[is_open]}


# Pixels per claimant row: its name above, its marks below.
ROW_HEIGHT = 46


def contested_chart(claims: pd.DataFrame, language: Language = ENGLISH) -> Any:
    """Dot-and-range chart: one row per claimant, named above its marks; open-ended claims are a short arrow and '+'.

    The names sit above the rows rather than on an axis beside them, so on a phone the figures keep the
    width and long names never run into each other.
    """
    _ = language.gettext
    frames = chart_frames(claims, language)
    names = list(dict.fromkeys(claims["claimant_name"])) if len(claims) else []
    y = alt.Y("claimant_name:N", title=None, sort=names, axis=None, scale=alt.Scale(padding=0.5))
    x = alt.X("value_low:Q", title=_("Claimed figure"), scale=alt.Scale(zero=True))
    colour = alt.Color("kind_label:N", title=_("Claimant kind"), legend=alt.Legend(orient="bottom", columns=3))
    # Older claims a claimant has since revised stay visible, faded.
    opacity = alt.condition("datum.current", alt.value(1.0), alt.value(0.35))
    tooltip = [
        alt.Tooltip("claimant_name:N", title=_("Claimant")),
        alt.Tooltip("value_text:N", title=_("Figure")),
        alt.Tooltip("claimed_on_text:N", title=_("Claimed on")),
        alt.Tooltip("publisher:N", title=_("Reported by")),
        alt.Tooltip("source_title:N", title=_("Source")),
        alt.Tooltip("status:N", title=_("Status")),
    ]
    ranges = (
        alt.Chart(frames["range"])
        .mark_rule(strokeWidth=4, strokeCap="round")
        .encode(x=x, x2="x_end:Q", y=y, color=colour, opacity=opacity, tooltip=tooltip)
    )
    singles = (
        alt.Chart(frames["single"])
        .mark_point(filled=True, size=110)
        .encode(x=x, y=y, color=colour, opacity=opacity, tooltip=tooltip)
    )
    opens = (
        alt.Chart(frames["open"])
        .mark_rule(strokeWidth=3, strokeDash=[6, 3])
        .encode(x=x, x2="x_end:Q", y=y, color=colour, opacity=opacity, tooltip=tooltip)
    )
    arrows = (
        alt.Chart(frames["open"])
        .mark_point(shape="triangle-right", filled=True, size=140)
        .encode(x=alt.X("x_end:Q"), y=y, color=colour, opacity=opacity, tooltip=tooltip)
    )
    labels = (
        alt.Chart(frames["open"])
        .mark_text(align="left", dx=9, fontWeight="bold")
        .encode(x=alt.X("x_end:Q"), y=y, text="label:N")
    )
    claimants = (
        alt.Chart(pd.DataFrame({"claimant_name": names}))
        .mark_text(align="left", baseline="bottom", dy=-9, fontSize=12, color="#333333", limit=600)
        .encode(x=alt.value(0), y=y, text="claimant_name:N")
    )
    # A fixed step per claimant row, whatever the width: the chart grows with the claimants, never squeezes them.
    chart = alt.layer(ranges, singles, opens, arrows, labels, claimants).properties(height=alt.Step(ROW_HEIGHT))
    return chart.configure(locale=vega_locale(language))


def population_chart(claims: pd.DataFrame, language: Language = ENGLISH) -> Any:
    """Detainee-population claims over time: a point per single figure, a vertical rule per range."""
    dated = claims[claims["claimed_day"].notna()] if len(claims) else claims
    frame = dated.assign(
        value_top=dated["value_high"].astype("float64").fillna(dated["value_low"].astype("float64")),
        when=dated["claimed_on"],
        shown=[format_count(value, language) for value in dated["value_low"]] if len(dated) else [],
    )
    _ = language.gettext
    x = alt.X("claimed_day:T", title=_("Claimed on"), axis=alt.Axis(format="%b %Y"))
    y = alt.Y("value_low:Q", title=_("Detainees held"), scale=alt.Scale(zero=True))
    colour = alt.Color("claimant_name:N", title=_("Claimant"))
    tooltip = [
        alt.Tooltip("claimant_name:N", title=_("Claimant")),
        alt.Tooltip("value_text:N", title=_("Figure")),
        alt.Tooltip("when:N", title=_("Claimed on")),
        alt.Tooltip("publisher:N", title=_("Reported by")),
        alt.Tooltip("source_title:N", title=_("Source")),
    ]
    ranged = frame[frame["value_top"] > frame["value_low"]]
    ranges = (
        alt.Chart(ranged).mark_rule(strokeWidth=3).encode(x=x, y=y, y2="value_top:Q", color=colour, tooltip=tooltip)
    )
    points = alt.Chart(frame).mark_point(filled=True, size=70).encode(x=x, y=y, color=colour, tooltip=tooltip)
    return alt.layer(ranges, points).properties(height=260).configure(locale=vega_locale(language))
