"""Keep editors' working notes off reader pages: what a claim note or a source title says to a reader.

Notes in the data mix words for readers ("more than 800", "residents of one section") with words for
editors (which seed article gave a figure, what to re-check, a metric's id). The editors' part stays
in the data, on the Method and data page and in the exports; reader pages show what is left.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from incidents.contract.schema import METRICS

# Words that only make sense to the people compiling the data.
_MARKERS = (
    r"\bseeds?\b",
    r"\bre-?check",
    r"\bresearch notes?\b",
    r"\bnot recorded\b",
    r"\burl slug\b",
    r"\btodo\b",
    r"\bfixme\b",
    r"\b(?:" + "|".join(re.escape(metric) for metric in METRICS if "_" in metric) + r")\b",
    # The data's own ids (places, sources, events): a reader knows a place by its name, not its key.
    r"\b(?:pl|src)-[a-z0-9]+(?:-[a-z0-9]+)*\b",
    r"\b\d{4}(?:-\d{2}){0,2}-[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b",
    r"\bfact sheets?\b",
)
EDITORIAL = re.compile("|".join(_MARKERS), re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
# Sentence ends: ". " before a capital, a digit, a quote or a bracket.
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'\"‘“(])")
_CLAUSES = re.compile(r";\s+")
_UNTITLED = re.compile(r"^\s*\[title not recorded\].*$", re.IGNORECASE | re.DOTALL)


def is_editorial(text: str) -> bool:
    """True when the text carries an editors' working note."""
    return bool(EDITORIAL.search(text))


def reader_note(text: str) -> str:
    """The note without its editorial asides.

    A bracketed aside with a marker goes; a sentence with one keeps only its clauses before the first
    clause that has it ("17 dead (ISWNews); seed 001 gives the same" -> "17 dead (ISWNews).").
    """
    if not text or not is_editorial(text):
        return text
    without_asides = _PARENTHESES.sub(lambda match: "" if is_editorial(match.group()) else match.group(), text)
    sentences = []
    for sentence in _SENTENCES.split(without_asides):
        clauses = []
        for clause in _CLAUSES.split(sentence):
            if is_editorial(clause):
                break
            clauses.append(clause.strip())
        kept = "; ".join(clause for clause in clauses if clause).rstrip(" ;,")
        if kept:
            sentences.append(kept if kept[-1] in ".!?" else kept + ".")
    return re.sub(r"\s+([.,;:])", r"\1", " ".join(sentences)).strip()


def reader_source_title(title: str, url: str) -> str:
    """The source's title, or 'article on example.org' when only the editors' placeholder was recorded."""
    if not _UNTITLED.match(title or ""):
        return title
    host = urlsplit(url or "").hostname or ""
    host = host.removeprefix("www.")
    return f"article on {host}" if host else "untitled article"
