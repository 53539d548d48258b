"""Run the real app with `streamlit run` on a free loopback port and drive Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from incidents.bench import CHROMIUM_ARGUMENTS, chromium_path
from tests.conftest import EXPLORER_DIR, REPOSITORY_ROOT

ARTIFACTS = REPOSITORY_ROOT / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser tests; skip them without chromium, except in CI where they must run."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if chromium_path() is None and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_app(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start `streamlit run app.py` on a free port and wait for its health check."""
    port = _free_port()
    environment = {**os.environ, "INCIDENTS_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=REPOSITORY_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the app did not start within 60 s")


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The explorer on the small fixture dataset."""
    process, url = start_app(EXPLORER_DIR)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian chromium under Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.fail("chromium is required for browser tests in CI: apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGUMENTS)
        yield launched
        launched.close()
