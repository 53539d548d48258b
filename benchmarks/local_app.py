"""A local Streamlit server on a free loopback port and Debian's headless chromium: shared by benchmarks and tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from incidents.views.style import EVENT_TYPE_COLOURS

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
# Debian chromium, headless; background networking off, since a closed network refuses Chromium's own calls.
CHROMIUM_ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STARTUP_SECONDS = 90
# Pixels of a deck.gl canvas near any of the colours (alpha 230 over the land stays within the tolerance): proof
# that markers were drawn, not only that a canvas exists. A plain indexed loop over a flat colour array: polled
# every 50 ms on the page's main thread, a loop destructuring each colour per pixel took over 100 ms a call with
# five colours (against 5 ms with one), so the probe itself slowed the map it waited for.
# Transparent pixels (no basemap) are skipped: nothing was drawn there.
COUNT_EVENT_PIXELS = """(colours) => {
  const canvas = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
  if (!canvas || !canvas.width) return 0;
  const copy = document.createElement('canvas');
  copy.width = canvas.width; copy.height = canvas.height;
  const context = copy.getContext('2d');
  context.drawImage(canvas, 0, 0);
  const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
  const wanted = Int16Array.from(colours.flat());
  let count = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] === 0) continue;
    const red = pixels[i], green = pixels[i + 1], blue = pixels[i + 2];
    for (let c = 0; c < wanted.length; c += 3) {
      if (Math.abs(red - wanted[c]) < 30 && Math.abs(green - wanted[c + 1]) < 30
          && Math.abs(blue - wanted[c + 2]) < 30) { count++; break; }
    }
  }
  return count;
}"""
# The app's marker colours, from its palette; context grey is left out, as the borders are grey too.
APP_EVENT_COLOURS = [list(colour) for kind, colour in EVENT_TYPE_COLOURS.items() if kind != "context"]


def chromium_path() -> str | None:
    """Debian's chromium, if installed (never a downloaded browser)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def is_healthy(url: str) -> bool:
    """Whether the Streamlit server at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read() == b"ok")
    except OSError:
        return False


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    """Poll the health check until it answers; fail clearly if the process dies or never answers."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while not is_healthy(url):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} before answering")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer its health check within {STARTUP_SECONDS} s")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server, killing it if it does not stop in time."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_streamlit(
    script: str,
    port: int,
    data_dir: Path,
    extra_arguments: list[str] | None = None,
    environment: Mapping[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """`streamlit run script` on loopback `port` over `data_dir` (not yet healthy)."""
    variables = {**os.environ, **(environment or {}), "INCIDENTS_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    # No file watcher: a server under test must not offer "File change, rerun" when a file is saved meanwhile.
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"]
    command += list(extra_arguments or [])
    return subprocess.Popen(
        command, cwd=REPOSITORY_ROOT, env=variables, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@contextmanager
def serve(data_dir: Path, script: str = "app.py") -> Iterator[tuple[str, int]]:
    """`streamlit run` on a free loopback port, once healthy; yields the URL and the server's process id."""
    port = free_port()
    process = start_streamlit(script, port, data_dir)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, f"{script} on {data_dir.name}")
        yield url, process.pid
    finally:
        stop(process)
