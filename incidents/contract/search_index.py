"""Free-text search: the index and the query keyed alike, so every spelling of a name finds the same events.

Both sides go through `incidents.names.text_keys`: folded (case, diacritics, quotes, punctuation), Arabic
articles and "al-" left out, transliteration variants unified ("Hassakeh" and "Hasakah" both give
"hasaka"). A query word matches the start of an indexed word ("escape" finds "escaped"). A name that is
a spelling of a place in the places table (any script, any language the table lists) matches every
spelling of that place, and of the places sharing a spelling with it, as whole words: "الحسكة" finds what
"Hasakah" finds, and "al-Hol" does not find "holding".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from incidents.contract.schema import LIST_DELIMITER
from incidents.names import ARTICLES, equivalences, text_keys, word_key
from incidents.text import fold

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_DOUBLED_LETTER = "|".join(letter * 2 for letter in _LETTERS)
PART_SEPARATOR = " | "


def _large(values: list[str]) -> pa.Array:
    return pa.array(values, pa.large_string())


_EQUIVALENCES = equivalences()
_EQUIVALENT_FROM = _large(list(_EQUIVALENCES))
_EQUIVALENT_TO = _large(list(_EQUIVALENCES.values()))
_ARTICLES = _large(sorted(ARTICLES))


def _collapse_doubled_letters(words: pa.Array) -> pa.Array:
    while pc.any(pc.match_substring_regex(words, _DOUBLED_LETTER)).as_py():
        for letter in _LETTERS:
            words = pc.replace_substring(words, letter * 2, letter)
    return words


def _plain_word_keys(words: pa.Array) -> pa.Array:
    """`word_key` of lower-case ASCII letters and digits, in Arrow (the rules of `incidents.names._fold_token`)."""
    keys = pc.replace_substring(_collapse_doubled_letters(words), "ou", "u")
    endings = pc.replace_substring_regex(pc.replace_substring_regex(keys, "ieh$", "iya"), "[ae]h$", "a")
    keys = _collapse_doubled_letters(pc.if_else(pc.greater_equal(pc.utf8_length(keys), 5), endings, keys))
    positions = pc.index_in(keys, value_set=_EQUIVALENT_FROM)
    keys = pc.if_else(pc.is_valid(positions), _EQUIVALENT_TO.take(positions.fill_null(0)), keys)
    # Articles key to nothing, as `text_keys` leaves them out.
    return pc.if_else(pc.is_in(keys, value_set=_ARTICLES), pa.scalar("", pa.large_string()), keys)


def key_text(values: pd.Series) -> pd.Series:
    """`text_keys` of every value joined by single spaces, worked out once per distinct word of the column."""
    text = pa.array(pd.Series(values, dtype="str", copy=False).fillna("").array)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    # Split on white space only: a word with punctuation ("camp,", "al-hol") is keyed whole by text_keys below,
    # which is the same as keying the text around it (the fold turns punctuation into spaces anyway).
    words = pc.utf8_split_whitespace(pc.ascii_lower(text.cast(pa.large_string())))
    encoded = pc.dictionary_encode(pc.list_flatten(words))
    vocabulary = encoded.dictionary
    plain = np.asarray(pc.match_substring_regex(vocabulary, "^[a-z0-9]*$"), dtype=bool)
    keys = _plain_word_keys(vocabulary).to_numpy(zero_copy_only=False).astype(object)
    # Accents, quotes, other scripts: the few words the whole fold is needed for.
    for position in np.flatnonzero(~plain):
        keys[position] = " ".join(text_keys(str(vocabulary[position])))
    mapped = _large(keys.tolist()).take(encoded.indices)
    joined = pc.binary_join(
        pa.LargeListArray.from_arrays(words.offsets.cast(pa.int64()), mapped), pa.scalar(" ", pa.large_string())
    )
    # Close the gaps that words keying to nothing (articles, empty splits) leave.
    joined = pc.utf8_trim_whitespace(pc.replace_substring_regex(joined, " {2,}", " "))
    return pd.Series(joined.to_pandas().array, index=values.index, dtype="str")


def id_words(values: pd.Series) -> pd.Series:
    """Ids (slugs) in lower case with their hyphens as spaces: '2022-01-20-ghwayran' -> '2022 01 20 ghwayran'."""
    text = pa.array(pd.Series(values, dtype="str", copy=False).fillna("").array).cast(pa.large_string())
    spaced = pc.replace_substring(pc.ascii_lower(text), "-", " ")
    return pd.Series(spaced.to_pandas().array, index=values.index, dtype="str")


def joined_parts(parts: list[pd.Series]) -> pd.Series:
    """Keyed parts joined per row by " | ", with a space at each end so that every word follows a space."""
    arrays = [
        pa.array(pd.Series(part, dtype="str", copy=False).fillna("").array).cast(pa.large_string()) for part in parts
    ]
    joined = pc.binary_join_element_wise(*arrays, pa.scalar(PART_SEPARATOR, pa.large_string()))
    space = pa.scalar(" ", pa.large_string())
    padded = pc.binary_join_element_wise(space, joined, space, pa.scalar("", pa.large_string()))
    return pd.Series(padded.to_pandas().array, dtype="str")


def place_spellings(places: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each keyed spelling of a place -> every keyed spelling of the places linked to it by a shared spelling."""
    owners: dict[str, int] = {}
    parent = list(range(len(places)))

    def root(position: int) -> int:
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return position

    spellings: list[set[str]] = []
    for position, row in enumerate(places[["name", "alt_names"]].fillna("").itertuples(index=False)):
        names = [str(row.name), *str(row.alt_names).split(LIST_DELIMITER)]
        keys = {" ".join(text_keys(name)) for name in names}
        keys.discard("")
        spellings.append(keys)
        for key in keys:
            # A spelling two places share (al-Hol names the camp and the town) links them.
            if key in owners:
                parent[root(position)] = root(owners[key])
            else:
                owners[key] = position
    groups: dict[int, set[str]] = {}
    for position, keys in enumerate(spellings):
        groups.setdefault(root(position), set()).update(keys)
    return {key: tuple(sorted(groups[root(owner)])) for key, owner in owners.items()}


@dataclass(frozen=True)
class SearchTerm:
    """One thing the query asks for: any of its phrases, at the start of a word (a place's spellings as words)."""

    phrases: tuple[str, ...]
    whole_words: bool


def query_terms(text: str, spellings: Mapping[str, tuple[str, ...]]) -> list[SearchTerm]:
    """The query's terms, all of which an event must match; the longest place spellings are found first."""
    # A query of articles only ("al") still looks for that word.
    words = text_keys(text) or [word_key(word) for word in fold(text).split()]
    longest = max((key.count(" ") + 1 for key in spellings), default=1)
    terms: list[SearchTerm] = []
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + longest), start, -1):
            phrase = " ".join(words[start:end])
            if phrase in spellings:
                terms.append(SearchTerm(spellings[phrase], whole_words=True))
                start = end
                break
        else:
            terms.append(SearchTerm((words[start],), whole_words=False))
            start += 1
    return terms


def term_mask(index: pd.Series, term: SearchTerm) -> np.ndarray:
    """Rows of the search index that match one term."""
    array = pa.array(pd.Series(index, dtype="str", copy=False).array)
    # A place's spelling as a whole word, or with an "s" ("al-Hol's"): "hol" must not find "holding".
    endings = (" ", "s ") if term.whole_words else ("",)
    found = np.zeros(len(index), dtype=bool)
    for phrase in term.phrases:
        for ending in endings:
            found |= np.asarray(pc.match_substring(array, f" {phrase}{ending}"), dtype=bool)
    return found


def _translations_of(translations: pd.DataFrame, table: str, field: str) -> pd.Series:
    """Every translation of `table`'s `field`, all languages joined by a space, by record id."""
    chosen = translations[(translations["table_name"] == table) & (translations["field"] == field)]
    return chosen.groupby("record_id", sort=False)["text"].agg(" ".join)


def _with_translations(frame: pd.DataFrame, key: str, column: str, texts: pd.Series, separator: str) -> pd.Series:
    found = frame[key].map(texts)
    original = frame[column].fillna("").astype("str")
    return original.where(found.isna(), original + separator + found.fillna("").astype("str"))


def searchable_tables(
    events: pd.DataFrame, places: pd.DataFrame, actors: pd.DataFrame, translations: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The tables search reads, each text also in every language it is translated into.

    A reader finds an event by its English or its Dutch words, and a place by any of its names in any language.
    """
    if translations.empty:
        return events, places, actors
    events = events.assign(
        title=_with_translations(events, "event_id", "title", _translations_of(translations, "events", "title"), " "),
        summary=_with_translations(
            events, "event_id", "summary", _translations_of(translations, "events", "summary"), " "
        ),
    )
    place_names = translations[(translations["table_name"] == "places") & (translations["field"] == "name")]
    place_texts = place_names.groupby("record_id", sort=False)["text"].agg(LIST_DELIMITER.join)
    places = places.assign(alt_names=_with_translations(places, "place_id", "alt_names", place_texts, LIST_DELIMITER))
    actors = actors.assign(
        name=_with_translations(actors, "actor_id", "name", _translations_of(translations, "actors", "name"), " ")
    )
    return events, places, actors
