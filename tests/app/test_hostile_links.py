"""Crafted links through the real pages: the page renders, bad parts are ignored with a notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.view_state import PARAMETERS
from tests.support import EXPLORER_DIR, REPOSITORY_ROOT, run_page

PAGES = ["app.py", *sorted(f"pages/{path.name}" for path in (REPOSITORY_ROOT / "pages").glob("*.py"))]

HOSTILE_QUERIES = [
    {"event": ["../../etc/passwd"], "type": ["<script>alert(1)</script>"]},
    {"from": ["2022-02-30"], "to": ["1999-01-01"], "brush": ["2022-01-01..2019-01-01"]},
    {"year": ["2021", "2021", "abc", "99999999999999999999"]},
    {"q": ["ح" * 5000], "place": ["pl-\u202eevil"], "actor": ["" for _ in range(80)]},
    {"basemap": ["javascript:alert(1)"], "confidence": ["$x$"], "precision": [":red[x]"]},
    {"unknown": ["1"], "": [""], "event": ["2020-03-29-ghwayran-riot", "2019-04-05-derik-riot"]},
]


# Every hostile part at once: each page parses links with the same code, so one run per page covers it,
# while the explorer, which every link lands on first, gets each kind of hostility on its own.
WORST_QUERY: dict[str, list[str]] = {}
for _query in HOSTILE_QUERIES:
    for _key, _values in _query.items():
        WORST_QUERY.setdefault(_key, []).extend(_values)


@pytest.fixture(autouse=True)
def explorer_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(EXPLORER_DIR))


@pytest.mark.parametrize(
    ("page", "query"),
    [("app.py", query) for query in HOSTILE_QUERIES] + [(page, WORST_QUERY) for page in PAGES],
    ids=[f"app.py-{number}" for number in range(len(HOSTILE_QUERIES))] + [Path(page).name for page in PAGES],
)
def test_hostile_query_renders_with_notices(page: str, query: dict[str, list[str]]) -> None:
    app = run_page(str(REPOSITORY_ROOT / page), query)
    assert not app.exception
    notices = [block.value for block in app.info if "Ignored" in block.value or "was" in block.value]
    assert notices, "a crafted link must be answered with a visible notice"
    assert all("<script>" not in notice for notice in notices)


_VALUES = st.text(max_size=60) | st.sampled_from(["2020-01-01", "riot", "sdf", "pl-al-hol-camp", "2019..2020", ""])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(sorted(PARAMETERS)) | st.text(min_size=1, max_size=12),
        st.lists(_VALUES, min_size=1, max_size=4),
        max_size=6,
    )
)
def test_any_link_renders_the_explorer(query: dict[str, list[str]]) -> None:
    app = run_page(str(REPOSITORY_ROOT / "app.py"), query)
    assert not app.exception
    assert any(" events**" in block.value for block in app.markdown)
