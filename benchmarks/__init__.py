"""Benchmarks of the app against a naive reference app, on synthetic data: developer tools, never shipped."""
