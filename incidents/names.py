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
from functools import lru_cache

from incidents.text import fold

__all__ = ["ARTICLES", "EQUIVALENT_SPELLINGS", "normalise_name", "text_keys", "word_key"]

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
_ARABIC_ARTICLE = "ال"
# Letters only: "2022" must not become "202".
_DOUBLED = re.compile(r"([^\W\d_])\1+")
_IEH_ENDING = re.compile(r"ieh$")
_TEH_MARBUTA = re.compile(r"[ae]h$")


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
        target = _fold_token(fold(group[0]))
        for spelling in group:
            table[_fold_token(fold(spelling))] = target
    return table


_EQUIVALENCES = _build_equivalences()


def equivalences() -> dict[str, str]:
    """Each folded spelling of EQUIVALENT_SPELLINGS -> the folded first member of its group."""
    return dict(_EQUIVALENCES)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Matching key of one folded word: without an Arabic-script article, spelling rules applied, variants unified."""
    while word.startswith(_ARABIC_ARTICLE) and len(word) > len(_ARABIC_ARTICLE) + 1:
        word = word[len(_ARABIC_ARTICLE) :]
    folded = _fold_token(word)
    return _EQUIVALENCES.get(folded, folded)


def text_keys(text: str) -> list[str]:
    """Keys of the words of any text, articles left out: what free-text search indexes and looks up."""
    return [key for key in map(word_key, fold(text).split()) if key not in ARTICLES]


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Matching key of a place name: folded, without articles or a trailing country, spellings unified."""
    without_country = _COUNTRY_SUFFIX.sub("", text.strip())
    keys = [word_key(word) for word in fold(without_country or text).split()]
    # An article only counts as one when a word follows it; a lone "al" is kept so the key is not empty.
    return " ".join(key for position, key in enumerate(keys) if key not in ARTICLES or position + 1 == len(keys))
