"""Normalise place names so that the many transliterations of one Arabic or Kurdish name compare equal.

`normalise_name` is pure and fast (no I/O, a few small regular expressions, memoised) so that both the
geocoder and the explorer's site search can key names with it. Examples:

    >>> normalise_name("al-Hasakah") == normalise_name("Hasakeh") == normalise_name("Al-Hasaka, Syria")
    True
    >>> normalise_name("‘Ayn ‘Īsá") == normalise_name("Ain Issa")
    True
    >>> normalise_name("al-Hol") == normalise_name("al-Hawl")
    True

The result is a matching key, not a display name: it is lower case, ASCII for Latin-script input (Arabic
script stays Arabic, without vowel marks or the article), and spellings are folded onto one arbitrary form
of each (e.g. "hol" for Hol, Hawl and Houl). Normalising a key again returns it unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ARTICLES", "EQUIVALENT_SPELLINGS", "fold_text", "normalise_name"]

# Transliterations of the Arabic article "al-", including the sun-letter assimilations (ash-Shaddadi, ez-Zor).
ARTICLES: frozenset[str] = frozenset("al el il ul ar er as es ash esh at et ad ed az ez an en".split())

# Spellings that name the same thing, written naturally; each group folds onto its first member. The entries
# are passed through the same token rules as the input (see `_fold_token`), so the table may use any
# spelling. Only transliteration variants belong here, never different names (Derik is not al-Malikiyah).
EQUIVALENT_SPELLINGS: tuple[str, ...] = (
    "ain ayn ein ayin aain",
    "hol hawl houl hul haul",
    "hasaka hasakah hasakeh hassakeh hassake hasake hasekeh haseke hesekeh heseke",
    "qamishli qamishly kamishli kamishly qameshli kameshli qamishlo qamislo",
    "raqqa rakka raqa",
    "deir dayr dair deyr der dir",
    "zor zour zawr zur",
    "isa issa eissa aissa isah",
    "baghuz baghouz bagouz baghoz",
    "suluk saluk sluk slouk selouk",
    "hajin hadjin hajeen",
    "shaddadi shadadi shaddadah shaddada chaddadi chaddade",
    "ghwayran ghweran ghwairan ghuwayran ghuwairan guweiran gweiran ghweiran ghouiran",
    "sinaa sina sinaah",
    "tabqa tabaqa tabqah",
    "kobani kobane",
    "malikiya malikiyah malikieh malkiyah malkiya",
    "tal tall tell tel",
    "abu abou abo",
    "shaykh sheikh shaikh sheik cheikh",
    "mosul mawsil mousul mossul",
    "mayadin mayadeen mayadine",
    "busayra busayrah busaira bseira bsaira",
)

_COUNTRY_SUFFIX = re.compile(r"(?:[\s,;/(-]+(?:syria|syrian arab republic|iraq|republic of iraq)\s*\)?)+\s*$", re.I)
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
_ARABIC_ARTICLE = "ال"
_DOUBLED = re.compile(r"(.)\1+")
_IEH_ENDING = re.compile(r"ieh$")
_TEH_MARBUTA = re.compile(r"[ae]h$")


def fold_text(text: str) -> str:
    """Case-folded text without diacritics, vowel marks or quotes; punctuation becomes single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_LATIN_EXTRA)
    # Combining marks are the diacritics of Latin letters and the short vowels (harakat) of Arabic.
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = _QUOTES.sub("", stripped).translate(_ARABIC_VARIANTS)
    return " ".join(_SEPARATORS.sub(" ", stripped).casefold().split())


def _fold_token(token: str) -> str:
    """Apply the spelling rules that make transliterations of one word agree."""
    # Doubled letters (Hassakeh, Raqqa, Issa) are written single or double at random.
    token = _DOUBLED.sub(r"\1", token)
    # French transliterations write "ou" for u (Baghouz, Houl).
    token = token.replace("ou", "u")
    # A final teh marbuta is written -ah, -eh or -a (Hasakah, Hasakeh, Hasaka); -ieh is -iya.
    if len(token) >= 5 and token.isascii():
        token = _TEH_MARBUTA.sub("a", _IEH_ENDING.sub("iya", token))
    # Collapse again: the rules above can join equal letters ("uou" -> "uu"), and a key must be stable.
    return _DOUBLED.sub(r"\1", token)


def _build_equivalences() -> dict[str, str]:
    """Map every folded spelling in EQUIVALENT_SPELLINGS to the folded first member of its group."""
    table: dict[str, str] = {}
    for line in EQUIVALENT_SPELLINGS:
        group = line.split()
        target = _fold_token(fold_text(group[0]))
        for spelling in group:
            table[_fold_token(fold_text(spelling))] = target
    return table


_EQUIVALENCES = _build_equivalences()


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Matching key of a place name: folded, without articles or a trailing country, spellings unified."""
    without_country = _COUNTRY_SUFFIX.sub("", text.strip())
    tokens = fold_text(without_country or text).split()
    kept: list[str] = []
    for position, token in enumerate(tokens):
        while token.startswith(_ARABIC_ARTICLE) and len(token) > len(_ARABIC_ARTICLE) + 1:
            token = token[len(_ARABIC_ARTICLE) :]
        folded = _fold_token(token)
        # An article only counts as one when a word follows it; a lone "al" is kept so the key is not empty.
        if folded in ARTICLES and position + 1 < len(tokens):
            continue
        kept.append(_EQUIVALENCES.get(folded, folded))
    return " ".join(kept)
