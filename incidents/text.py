"""Text helpers: the fold that search and place names match on, and escaping data text for Markdown."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

# Characters that Markdown (and Streamlit's extensions: :colour[...], :material/...:, $math$) give meaning.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~:$=&\"'^])")
# Zero-width and direction-control characters can hide text or reorder what a reader sees.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Apostrophes and ayn/hamza marks are dropped without a space: Ra's -> ras, Sina'a -> sinaa.
_QUOTES = re.compile("['`\u00b4\u2018\u2019\u201b\u2032\u02bb\u02bc\u02bd\u02be\u02bf\u02c8\u02ca\u02cb]")
_SEPARATORS = re.compile(r"[^\w]+|_")
# Latin letters that do not decompose to ASCII under NFKD.
_LATIN_EXTRA = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ı": "i", "đ": "d", "Đ": "d", "æ": "ae", "Æ": "ae",
     "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ħ": "h", "Ħ": "h"}
)  # fmt: skip
# Arabic letters with several written forms: alef with hamza or madda, alef maqsura, teh marbuta.
_ARABIC_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": ""})


def fold(text: str) -> str:
    """Case-folded text without diacritics, vowel marks or quotes; punctuation becomes single spaces.

    The one fold for matching text: search (index and query alike) and place names ('Ḩasakah', 'hasakah'
    and 'al-Ḥasakah' fold to 'hasakah', 'hasakah' and 'al hasakah').
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_LATIN_EXTRA)
    # Combining marks are the diacritics of Latin letters and the short vowels (harakat) of Arabic.
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = _QUOTES.sub("", stripped).translate(_ARABIC_VARIANTS)
    return " ".join(_SEPARATORS.sub(" ", stripped).casefold().split())


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
