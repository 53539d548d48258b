"""Text helpers: the fold that search and place names match on, and escaping data text for Markdown."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
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

# How much of one data field a page lays out. Chromium's line breaking of an unbroken run in the app's
# font grows faster than the square of its length: measured in headless Chromium, 1,000 characters take
# about 7 ms, 2,000 about 22 ms, 4,000 about 80 ms and 8,000 about 0.8 s, and a 100,000-character summary
# held the page for over 30 s in one task (docs/security.md, threat 4). Longer text is cut; the card offers the rest.
LONG_TEXT_LIMIT = 1_000
# Titles, names and labels: generous for any real one, small enough for a heading, a tooltip or a cell.
SHORT_TEXT_LIMIT = 300
ELLIPSIS = "…"


@dataclass(frozen=True)
class Excerpt:
    """The start of a text that a page can lay out quickly, and how many characters were left out."""

    shown: str
    omitted: int

    @property
    def is_cut(self) -> bool:
        """True when part of the text was left out."""
        return self.omitted > 0


def excerpt(text: str, limit: int = LONG_TEXT_LIMIT) -> Excerpt:
    """At most `limit` characters of `text`, cut after a word near the limit when there is one, marked '…'."""
    if len(text) <= limit:
        return Excerpt(text, 0)
    window = text[: limit - len(ELLIPSIS)]
    # Prefer ending on a whole word, unless that would throw away more than a fifth of the room.
    space = max(window.rfind(" "), window.rfind("\n"))
    end = space if space >= len(window) * 4 // 5 else len(window)
    return Excerpt(text[:end].rstrip() + ELLIPSIS, len(text) - end)


def clip(text: str, limit: int = SHORT_TEXT_LIMIT) -> str:
    """`text` cut to at most `limit` characters, marked '…' when cut."""
    return excerpt(text, limit).shown


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


def escape_markdown(text: object, limit: int = LONG_TEXT_LIMIT) -> str:
    """Data text made inert for st.markdown and cut to `limit` characters: mark-up characters are escaped."""
    cleaned = _INVISIBLE.sub("", clip(str(text), limit))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", cleaned)
    # Line breaks would start new Markdown blocks (headings, lists) from data text.
    return " ".join(escaped.split())


def escape_html(text: object, limit: int | None = LONG_TEXT_LIMIT) -> str:
    """Data text made inert for HTML and inline SVG (element text and quoted attributes), cut to `limit` characters."""
    shown = str(text) if limit is None else clip(str(text), limit)
    return html.escape(_INVISIBLE.sub("", shown), quote=True)


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
    shown = escape_markdown(label, SHORT_TEXT_LIMIT)
    if target is None:
        return shown
    return f"[{shown}]({target.replace('(', '%28').replace(')', '%29')})"
