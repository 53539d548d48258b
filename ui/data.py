"""Load the dataset once per file version and show its problems instead of a traceback."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from incidents import Dataset, InvalidDatasetError, Problem, load_dataset
from incidents.citation import public_base_url
from incidents.contract.schema import CONTRACT, REPOSITORY_ROOT, TABLE_NAMES
from incidents.language import Language
from incidents.localized import localized_dataset
from incidents.words import COLUMN_WORDS, SEVERITY_WORDS

DATA_DIR_VARIABLE = "INCIDENTS_DATA_DIR"
# The address readers reach the app at (e.g. https://atlas.example.org/): what permalinks and citations carry.
PUBLIC_URL_VARIABLE = "INCIDENTS_PUBLIC_URL"

FileStamp = tuple[tuple[str, int, int], ...]


def data_dir() -> Path:
    """The dataset directory: $INCIDENTS_DATA_DIR, or the bundled data/."""
    configured = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(configured) if configured else REPOSITORY_ROOT / "data"


def public_url() -> str:
    """The explorer's public address ending in '/': configured, else as the reader's browser asked for it."""
    page = str(st.context.url or "").split("?", 1)[0].split("#", 1)[0]
    # Pages live one level below the app's root: http://host/base/Events -> http://host/base/.
    # The root page's address can come without any path (http://host), which is its own root.
    parts = urlsplit(page)
    web = parts.scheme in ("http", "https") and bool(parts.netloc)
    root = f"{parts.scheme}://{parts.netloc}{parts.path.rsplit('/', 1)[0]}/" if web else ""
    headers = {str(key): str(value) for key, value in (st.context.headers or {}).items()}
    return public_base_url(os.environ.get(PUBLIC_URL_VARIABLE, ""), headers, root)


def file_stamp(directory: Path) -> FileStamp:
    """Name, modification time and size of each table: a cheap key that changes when a file does."""
    stamps = []
    for name in TABLE_NAMES:
        path = directory / CONTRACT.table(name).path
        try:
            status = path.stat()
            stamps.append((path.name, status.st_mtime_ns, status.st_size))
        except OSError:
            stamps.append((path.name, 0, -1))
    return tuple(stamps)


# cache_resource hands every session the same immutable Dataset: no copy or unpickling per rerun.
@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _load(directory: str, stamp: FileStamp) -> Dataset | list[Problem]:
    try:
        return load_dataset(Path(directory))
    except InvalidDatasetError as error:
        return error.problems


@st.cache_resource(max_entries=8)
def _localized(version: str, code: str, _dataset: Dataset) -> Dataset:
    return localized_dataset(_dataset, code)


def localized(dataset: Dataset, reader: Language) -> Dataset:
    """The dataset with titles, summaries and names in the reader's language, made once per version and language."""
    return _localized(dataset.version, reader.code, dataset)


def load_or_stop(reader: Language) -> Dataset:
    """The dataset, or the page shows its problems (in the reader's language) and stops."""
    directory = data_dir()
    result = _load(str(directory), file_stamp(directory))
    if isinstance(result, Dataset):
        return result
    show_problems(directory, result, reader)
    st.stop()
    raise AssertionError("st.stop() does not return")


def show_problems(directory: Path, problems: list[Problem], reader: Language) -> None:
    """The list of data problems, as a clear message and a table in the reader's words (the validator's in English)."""
    errors = [problem for problem in problems if problem.severity == "error"]
    st.error(
        reader.gettext(
            "The dataset in `{folder}/` has {count} problem(s) and cannot be shown. "
            "Fix them (run `python -m incidents validate` for the same list) and reload the page."
        ).format(folder=directory.name, count=len(errors)),
        icon=":material/error:",
    )
    _ = reader.gettext
    rows = [
        {
            "file": problem.file,
            "line": problem.line,
            "column": problem.column or "",
            "severity": _(SEVERITY_WORDS.get(problem.severity, problem.severity)),
            "problem": problem.detail_in(reader),
        }
        for problem in problems
    ]
    headers = {column: st.column_config.Column(_(COLUMN_WORDS[column])) for column in rows[0]} if rows else {}
    st.dataframe(rows, hide_index=True, width="stretch", column_config=headers)
