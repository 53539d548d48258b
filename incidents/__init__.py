"""Detention Atlas domain package: the data contract, loading, validation, filtering and chart specs.

Pure pandas code in packages by stage; it never imports streamlit (tests/test_layers.py enforces the layers).
"""

from incidents.contract.check import check_dataset
from incidents.contract.load import Dataset, InvalidDatasetError, load_dataset
from incidents.contract.problems import Problem

__all__ = ["Dataset", "InvalidDatasetError", "Problem", "check_dataset", "load_dataset"]
