"""Fixtures of the geocoding tests: the committed gazetteer and fake Nominatim servers on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from incidents.geocoding.gazetteer import GazetteerGeocoder, load_gazetteer
from tests.geocoding.support import GAZETTEER_DIR, FakeNominatim


@pytest.fixture(scope="module")
def gazetteer() -> GazetteerGeocoder:
    return load_gazetteer(GAZETTEER_DIR)


@pytest.fixture
def fake_nominatim() -> Iterator[type[FakeNominatim]]:
    """Start fake servers on demand; all are stopped after the test."""
    started: list[FakeNominatim] = []

    class Started(FakeNominatim):
        def __post_init__(self) -> None:
            super().__post_init__()
            self.thread.start()
            started.append(self)

    yield Started
    for server in started:
        server.release.set()
        server.server.shutdown()
        server.server.server_close()
