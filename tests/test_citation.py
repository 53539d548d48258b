"""Citations a reader pastes as they are: who, when, what, version, publisher, and the public link last."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from incidents.citation import Attribution, attribution, dataset_citation, public_base_url, view_citation
from incidents.contract.schema import CONTRACT

CREDIT = Attribution(
    authors=("Jane Doe", "Ali Example"), publisher="Example Newsroom", contact="desk@example.org",
    last_updated=dt.date(2026, 11, 21),
)  # fmt: skip
ACCESSED = dt.date(2026, 12, 3)

ADDRESSES = [
    ("configured address wins", "https://atlas.example.org", {"Host": "other.org"}, "http://localhost:8501/",
     "https://atlas.example.org/"),
    ("forwarded host behind a proxy", "", {"X-Forwarded-Host": "atlas.example.org", "X-Forwarded-Proto": "https",
     "Host": "localhost:8501"}, "http://localhost:8501/", "https://atlas.example.org/"),
    ("forwarded prefix", "", {"X-Forwarded-Host": "news.example.org", "X-Forwarded-Prefix": "/atlas"},
     "http://127.0.0.1:8501/", "https://news.example.org/atlas/"),
    ("host header", "", {"Host": "atlas.example.org:8080"}, "http://localhost:8501/", "http://atlas.example.org:8080/"),
    ("local only: the page's own address", "", {"Host": "localhost:8501"}, "http://localhost:8501/",
     "http://localhost:8501/"),
    ("nothing known", "", {}, "", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("configured", "headers", "page", "expected"), [case[1:] for case in ADDRESSES], ids=[case[0] for case in ADDRESSES]
)
def test_public_base_url(configured: str, headers: dict[str, str], page: str, expected: str) -> None:
    assert public_base_url(configured, headers, page) == expected


def test_event_citation_reads_like_a_footnote() -> None:
    link = "https://atlas.example.org/?event=2022-01-20-ghwayran-prison-attack"
    text = view_citation(CREDIT, CONTRACT, "0.1.0+abc", link, ACCESSED, "IS attack on Ghwayran prison", 10, 64)
    assert text == (
        "Jane Doe and Ali Example. (2026, November 21). IS attack on Ghwayran prison [Event record]. "
        "In Detention Atlas (data version 0.1.0+abc). Example Newsroom. "
        "https://atlas.example.org/?event=2022-01-20-ghwayran-prison-attack (accessed 3 December 2026)."
    )


def test_view_citation_names_the_view_after_the_title_and_ends_with_the_link() -> None:
    text = view_citation(CREDIT, CONTRACT, "0.1.0+abc", "https://a.org/?type=riot", ACCESSED, None, 10, 64)
    assert text.startswith("Jane Doe and Ali Example. (2026, November 21). Detention Atlas: attacks on prisons")
    assert (
        "[Interactive map and timeline; 10 of 64 events, filtered] (data version 0.1.0+abc). Example Newsroom." in text
    )
    assert text.endswith("https://a.org/?type=riot (accessed 3 December 2026).")
    assert "View with" not in text


def test_dataset_citation_without_a_date_says_so() -> None:
    undated = replace(CREDIT, last_updated=None, authors=())
    text = dataset_citation(undated, CONTRACT, "1", "https://a.org/", ACCESSED)
    assert text.startswith("Example Newsroom. (n.d.). Detention Atlas: ")
    assert "[Data set and interactive map]" in text


def test_the_descriptor_names_authors_publisher_contact_and_date() -> None:
    credit = attribution(CONTRACT)
    assert credit.authors and credit.publisher and credit.contact and credit.last_updated
