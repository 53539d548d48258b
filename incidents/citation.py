"""Who stands behind the atlas, its public address, and citations a reader can paste into a footnote as they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from incidents.contract.schema import Contract
from incidents.language import ENGLISH, Language

# Hosts a citation must never carry: the address the server sees behind a proxy is not the reader's.
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]")


@dataclass(frozen=True)
class Attribution:
    """Authors, publisher, contact and last update, as the descriptor's contributors and `created` give them."""

    authors: tuple[str, ...]
    publisher: str
    contact: str
    last_updated: dt.date | None

    @property
    def author_text(self) -> str:
        """'A', 'A and B' or 'A, B and C'; the publisher when no author is named."""
        names = list(self.authors) or [self.publisher]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def attribution(contract: Contract) -> Attribution:
    """The attribution the descriptor declares (contributors with role author and publisher)."""
    people = contract.contributors
    authors = tuple(person["title"] for person in people if person.get("role", "contributor") == "author")
    publishers = [person for person in people if person.get("role") == "publisher"]
    publisher = publishers[0] if publishers else {}
    contact = next((person.get("email") or person.get("path") or "" for person in (publisher, *people)), "")
    return Attribution(
        authors=authors,
        publisher=publisher.get("title", "") or contract.title.split(":", 1)[0],
        contact=contact,
        last_updated=contract.created,
    )


def day_text(day: dt.date, language: Language = ENGLISH) -> str:
    """'3 December 2026', '3 december 2026'."""
    return language.date(day, "d MMMM y")


def _is_public(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.hostname not in _LOCAL_HOSTS


def public_base_url(configured: str, headers: Mapping[str, str], page_url: str) -> str:
    """The address readers reach the explorer at, ending in '/'.

    The configured public address wins; behind a proxy, the forwarded host the reader asked for; then the
    Host header; then the address the server saw, even a loopback one when nothing else is known
    (the app then runs on someone's own machine: its own address is all there is).
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    candidates = [configured.strip()]
    forwarded_host = lowered.get("x-forwarded-host", "").split(",")[0].strip()
    scheme = lowered.get("x-forwarded-proto", "").split(",")[0].strip() or "https"
    prefix = lowered.get("x-forwarded-prefix", "").split(",")[0].strip().strip("/")
    if forwarded_host:
        candidates.append(f"{scheme}://{forwarded_host}/{prefix + '/' if prefix else ''}")
    page = page_url.split("?", 1)[0].split("#", 1)[0]
    if lowered.get("host"):
        path = urlsplit(page).path if page else "/"
        candidates.append(f"{urlsplit(page).scheme or 'http'}://{lowered['host']}{path or '/'}")
    candidates.append(page)
    for candidate in candidates:
        if _is_public(candidate):
            return candidate if candidate.endswith("/") else candidate + "/"
    return page if page.startswith(("http://", "https://")) else ""


def view_citation(
    credit: Attribution,
    contract: Contract,
    version: str,
    permalink: str,
    accessed: dt.date,
    event_title: str | None,
    shown: int,
    total: int,
    language: Language = ENGLISH,
) -> str:
    """An APA-style citation of one view: who, when, what (the event or the filtered map), version, publisher, link."""
    _ = language.gettext
    updated = credit.last_updated
    year = f"({updated.year}, {language.date(updated, 'MMMM')} {updated.day})" if updated else "(" + _("n.d.") + ")"
    atlas = contract.title.split(":", 1)[0] or "Detention Atlas"
    if event_title:
        what = _("{event} [Event record]. In {atlas} (data version {version})").format(
            event=event_title.rstrip("."), atlas=atlas, version=version
        )
    else:
        if shown == total:
            scope = _("all events")
        else:
            scope = _("{shown} of {total} events, filtered").format(
                shown=language.number(shown), total=language.number(total)
            )
        bracket = _("[Interactive map and timeline; {scope}]").format(scope=scope)
        what = f"{contract.title.rstrip('.')} {bracket} " + _("(data version {version})").format(version=version)
    publisher = f" {credit.publisher}." if credit.publisher and credit.publisher not in credit.authors else ""
    link = f" {permalink}" if permalink else ""
    accessed_text = _("accessed {day}").format(day=day_text(accessed, language))
    return f"{credit.author_text}. {year}. {what}.{publisher}{link} ({accessed_text})."


def dataset_citation(
    credit: Attribution,
    contract: Contract,
    version: str,
    base_url: str,
    accessed: dt.date,
    language: Language = ENGLISH,
) -> str:
    """An APA-style citation of the whole dataset."""
    _ = language.gettext
    return view_citation(credit, contract, version, base_url, accessed, None, 1, 1, language).replace(
        " " + _("[Interactive map and timeline; {scope}]").format(scope=_("all events")),
        " " + _("[Data set and interactive map]"),
    )
