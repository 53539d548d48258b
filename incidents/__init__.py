"""Detention Atlas domain package: the data contract, loading, validation, filtering and chart specs.

Pure pandas code in packages by stage; it never imports streamlit (tests/test_layers.py enforces the layers).
"""

from pathlib import Path

from incidents.contract.check import check_data_files
from incidents.contract.load import Dataset, InvalidDatasetError, load_dataset
from incidents.contract.problems import Problem
from incidents.contract.schema import CONTRACT, Contract
from incidents.views.stories import check_stories

__all__ = ["Dataset", "InvalidDatasetError", "Problem", "check_dataset", "load_dataset"]


def check_dataset(data_dir: Path | str, contract: Contract = CONTRACT) -> list[Problem]:
    """Every problem in the dataset directory, errors and warnings: its tables first, then its stories."""
    problems = check_data_files(data_dir, contract)
    # Stories are checked against the loaded data, so only once the tables themselves load.
    return problems + check_stories(Path(data_dir), problems)
