"""Text helpers: accent-folding for search, and escaping data text before it reaches Markdown."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

import pandas as pd

# Characters that Markdown (and Streamlit's extensions: :colour[...], :material/...:, $math$) give meaning.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$=&\"'^])")
_COMBINING_MARKS = "[\u0300-\u036f]"
# Zero-width and direction-control characters can hide text or reorder what a reader sees.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def fold(text: str) -> str:
    """Lower-case, accent-free text for matching ('Ḩasakah' and 'hasakah' fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def fold_series(values: pd.Series) -> pd.Series:
    """Vectorised `fold` for a whole column."""
    return (
        values.fillna("").astype(str).str.normalize("NFKD").str.replace(_COMBINING_MARKS, "", regex=True).str.casefold()
    )


def escape_markdown(text: object) -> str:
    """Data text made inert for st.markdown: every mark-up character is backslash-escaped."""
    cleaned = _INVISIBLE.sub("", str(text))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", cleaned)
    # Line breaks would start new Markdown blocks (headings, lists) from data text.
    return " ".join(escaped.split())


def safe_url(url: object) -> str | None:
    """The URL when it is plain http(s) with a host, percent-encoded for a Markdown link; otherwise None."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe=":/?#@!$&'*+,;=%~-._")


def markdown_link(label: object, url: object) -> str:
    """A Markdown link when the URL is safe; otherwise the escaped label alone."""
    target = safe_url(url)
    shown = escape_markdown(label)
    if target is None:
        return shown
    return f"[{shown}]({target.replace('(', '%28').replace(')', '%29')})"
