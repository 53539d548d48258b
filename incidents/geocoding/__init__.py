"""Offline data preparation: fill place coordinates in places.csv. Never imported by the app."""
