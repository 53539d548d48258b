"""Detention Atlas domain package: the data contract, loading, validation, filtering and chart specs.

Pure pandas/pydeck/geopy code; it never imports streamlit (tests/test_architecture.py enforces it).
"""

from incidents.load import Dataset, InvalidDatasetError, load_dataset
from incidents.problems import Problem
from incidents.validate import check_dataset

__all__ = ["Dataset", "InvalidDatasetError", "Problem", "check_dataset", "load_dataset"]
