"""Bounded text: any field, however long, reaches a page as a short excerpt a browser lays out quickly."""

from __future__ import annotations

import pytest

from incidents.text import (
    ELLIPSIS,
    LONG_TEXT_LIMIT,
    SHORT_TEXT_LIMIT,
    clip,
    escape_markdown,
    excerpt,
    markdown_link,
)

UNBROKEN = "A" * 100_000


def test_text_within_the_limit_is_kept_whole() -> None:
    part = excerpt("Detainees took a floor of the prison.", 40)
    assert part.shown == "Detainees took a floor of the prison."
    assert not part.is_cut


def test_an_unbroken_run_is_cut_at_the_limit_and_counts_what_it_left_out() -> None:
    part = excerpt(UNBROKEN)
    assert len(part.shown) == LONG_TEXT_LIMIT
    assert part.shown.endswith(ELLIPSIS)
    assert part.omitted == 100_000 - (LONG_TEXT_LIMIT - len(ELLIPSIS))


def test_a_cut_ends_on_a_whole_word_when_one_is_near() -> None:
    part = excerpt("escape " * 20, 50)
    assert part.shown == "escape escape escape escape escape escape escape…"
    assert part.omitted == len("escape " * 20) - len("escape escape escape escape escape escape escape")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Ghwayran", 300, "Ghwayran"),
        ("x" * 301, 300, "x" * 299 + ELLIPSIS),
        ("", 300, ""),
    ],
)
def test_clip(text: str, limit: int, expected: str) -> None:
    assert clip(text, limit) == expected


def test_markdown_from_data_is_bounded() -> None:
    assert len(escape_markdown(UNBROKEN)) == LONG_TEXT_LIMIT
    assert len(escape_markdown(UNBROKEN, SHORT_TEXT_LIMIT)) == SHORT_TEXT_LIMIT


def test_a_link_label_is_bounded_but_keeps_its_target() -> None:
    link = markdown_link(UNBROKEN, "https://example.org/report")
    assert link == f"[{'A' * (SHORT_TEXT_LIMIT - 1)}{ELLIPSIS}](https://example.org/report)"
