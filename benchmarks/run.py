"""Benchmark: synthetic datasets of 1k to 1M events, each step timed against its floor and a naive reference app.

    python -m benchmarks                 # 1k, 10k, 100k and 1M events, browser timings; writes docs/performance.md
    python -m benchmarks --quick         # 1k, 10k and 100k only
    python -m benchmarks --load-test     # also several browser sessions changing filters at 100k events
    python -m benchmarks --bundled-only  # only the bundled data beside the naive app; updates only that part

Every measurement that could disturb another (peak memory above all) runs in its own process; the app is
driven through Streamlit's AppTest (benchmarks/app_probe.py) and, for the browser timings, `streamlit run`
on a free loopback port with Debian's chromium. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.local_app import APP_EVENT_COLOURS, CHROMIUM_ARGUMENTS, COUNT_EVENT_PIXELS, chromium_path, serve
from benchmarks.synthetic import DEFAULT_SEED, write_dataset
from incidents.contract.schema import CONTRACT, REPOSITORY_ROOT, TABLE_NAMES

DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000, 100_000)
BROWSER_SIZES = (1_000, 100_000)
LOAD_TEST_SIZE = 100_000
# Sizes from which the ratio targets apply: below, a few milliseconds of fixed cost dominate every ratio.
SCALE_FROM = 100_000
PAYLOAD_LIMIT_BYTES = 1_000_000
DEFAULT_REPORT = REPOSITORY_ROOT / "docs" / "performance.md"
APP_SCRIPT = "app.py"
NAIVE_SCRIPT = "benchmarks/naive_app.py"
PROBE_SCRIPT = REPOSITORY_ROOT / "benchmarks" / "app_probe.py"
BURST_SCRIPT = REPOSITORY_ROOT / "benchmarks" / "burst_probe.py"
# The project's own data: what a reader of a shared link actually opens.
BUNDLED_DATA = REPOSITORY_ROOT / "data"
BUNDLED_ROUNDS = 3
BURST_READERS = 30
# One new link per round of the burst, so the app never finds it built by an earlier round.
BURST_LINKS = ["type=riot&type=escape", "year=2020", "type=camp_incident&type=prison_attack", "year=2021&year=2022"]
# Ratio to the naive app that the bundled-data rows must stay within.
BUNDLED_LIMIT = 1.5
# A typical filter change: one event type, one year, one word.
FILTER_TEXT = "hasakah"
FILTER_TYPE = "riot"
FILTER_YEAR = 2021
# The type filters the app probe cycles through, one rerun each.
RERUN_VALUES = ["riot", "riot escape", "camp_incident", ""]
# The naive app's one marker colour (its layer's fill, drawn on a transparent canvas).
NAIVE_EVENT_COLOURS = [[200, 30, 0]]
_FIRST_EVENT_DRAWN = f"() => ({COUNT_EVENT_PIXELS})({json.dumps(APP_EVENT_COLOURS)}) > 20"
_EVENTS_DRAWN = f"(colours) => ({COUNT_EVENT_PIXELS})(colours) > 20"
# Idle: no script running, no placeholder left, every chart and map drawn (the browser tests wait for the same).
_PAGE_IDLE = """() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'
  && !document.querySelector('[data-testid="stStatusWidget"]')
  && !document.querySelector('[data-testid="stSkeleton"]')
  && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .every(chart => chart.querySelector('canvas, svg'))
  && [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')].every(map => map.querySelector('canvas'))"""
_RUN_FINISHED = """([before]) => location.href !== before
  && document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'"""


@dataclass
class SizeResult:
    """Everything measured for one dataset size."""

    events: int
    rows: dict[str, int] = field(default_factory=dict)
    megabytes: float = 0.0
    generate_s: float | None = None
    load: dict[str, Any] = field(default_factory=dict)
    app: dict[str, Any] = field(default_factory=dict)
    naive: dict[str, Any] = field(default_factory=dict)
    browser: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    """The whole run: per-size results, the load test, and how long it all took."""

    sizes: list[SizeResult]
    runs: int
    load_test: dict[str, Any] | None = None
    bundled: dict[str, Any] | None = None
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    seconds: float = 0.0
    command: str = "python -m benchmarks"
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)


# --- measuring in this process (called in a worker subprocess) -----------------------------------------------


def _median_time(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def read_csv_floor(data_dir: Path) -> None:
    """The floor for loading: pandas reading the same files with its defaults, nothing checked or joined."""
    for name in TABLE_NAMES:
        pd.read_csv(data_dir / CONTRACT.table(name).path)


def read_csv_as_text(data_dir: Path) -> None:
    """pandas reading the same files as exact text, as a validator must see them ("0012", "36,5", empty cells)."""
    for name in TABLE_NAMES:
        pd.read_csv(data_dir / CONTRACT.table(name).path, dtype=str, keep_default_na=False)


def measure_load(data_dir: Path, runs: int) -> dict[str, Any]:
    """Load + validate against read_csv, then a typical filter against a bare numpy mask (medians)."""
    import resource

    from incidents.contract.load import load_dataset
    from incidents.contract.search_index import query_terms, term_mask
    from incidents.filters import EventFilter, filter_events

    floor_times, text_times, load_times = [], [], []
    dataset = None
    for _ in range(runs):
        # Interleaved, so a busy moment on the machine slows all three alike.
        started = time.perf_counter()
        read_csv_floor(data_dir)
        floor_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        read_csv_as_text(data_dir)
        text_times.append(time.perf_counter() - started)
        dataset = None
        started = time.perf_counter()
        dataset = load_dataset(data_dir)
        load_times.append(time.perf_counter() - started)
    assert dataset is not None
    events = dataset.events
    # The search index is built by the first free-text search, not at load; timed here once.
    started = time.perf_counter()
    search_text = dataset.search_text()
    search_index_s = time.perf_counter() - started
    criteria = EventFilter(event_types=(FILTER_TYPE,), years=(FILTER_YEAR,), text=FILTER_TEXT)
    # The floor gets its arrays ready-made: type codes, years and the search text, outside the timing.
    type_codes = events["event_type"].cat.codes.to_numpy()
    riot = list(events["event_type"].cat.categories).index(FILTER_TYPE)
    start_year = events["date_start"].dt.year.to_numpy()
    end_year = events["date_end"].dt.year.to_numpy()

    # The query keyed (and its place spellings looked up) outside the timing too.
    terms = query_terms(FILTER_TEXT, dataset.place_spellings())

    def bare_mask() -> np.ndarray:
        mask = (type_codes == riot) & (start_year <= FILTER_YEAR) & (end_year >= FILTER_YEAR)
        for term in terms:
            candidates = np.flatnonzero(mask)
            mask[candidates[~term_mask(search_text.iloc[candidates], term)]] = False
        return mask

    filter_runs = max(5, runs * 3)
    matched = len(filter_events(dataset, criteria))
    assert matched == int(bare_mask().sum()), "the floor and filter_events must select the same events"
    return {
        "floor_s": statistics.median(floor_times),
        "text_floor_s": statistics.median(text_times),
        "load_s": statistics.median(load_times),
        "search_index_s": search_index_s,
        "filter_s": _median_time(lambda: filter_events(dataset, criteria), filter_runs),
        "mask_s": _median_time(bare_mask, filter_runs),
        "matched": matched,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "warnings": len(dataset.warnings),
    }


# --- running workers -----------------------------------------------------------------------------------------


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_worker(command: Sequence[str], timeout_s: float, memory_limit_mb: float) -> dict[str, Any]:
    """Run a worker that prints one JSON line; stop it (and say why) past the time or memory limit."""
    process = subprocess.Popen(
        list(command), cwd=REPOSITORY_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    started = time.monotonic()
    peak = 0.0
    reason = None
    while process.poll() is None:
        peak = max(peak, _rss_mb(process.pid))
        if peak > memory_limit_mb:
            reason = f"stopped above the benchmark's {memory_limit_mb / 1024:,.0f} GB memory limit"
        elif time.monotonic() - started > timeout_s:
            reason = f"stopped after the benchmark's {timeout_s:,.0f} s time limit"
        if reason:
            process.kill()
            process.wait()
            return {"error": reason, "peak_rss_mb": peak}
        time.sleep(0.2)
    output = process.stdout.read() if process.stdout else ""
    lines = [line for line in output.splitlines() if line.startswith("{")]
    if not lines:
        return {"error": f"worker exited with code {process.returncode} and no result", "peak_rss_mb": peak}
    result: dict[str, Any] = json.loads(lines[-1])
    result.setdefault("peak_rss_mb", peak)
    return result


def probe_app(
    script: str, data_dir: Path, reruns: int, timeout_s: float, memory_limit_mb: float, readers: int = 0
) -> dict[str, Any]:
    """First run, payload sizes and filter-change reruns of a Streamlit script, in its own process."""
    command = [sys.executable, str(PROBE_SCRIPT), script, "--data", str(data_dir), "--reruns", str(reruns)]
    command += ["--timeout", str(timeout_s), "--readers", str(readers), "--values", *RERUN_VALUES]
    return run_worker(command, timeout_s * 2, memory_limit_mb)


# --- the browser -----------------------------------------------------------------------------------------------


def first_event_times(data_dir: Path, visits: int) -> dict[str, Any]:
    """Seconds from opening the page to the first event drawn on the map: a first visit, then later ones."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        return {"error": "chromium is not installed"}
    times = []
    with serve(data_dir) as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGUMENTS)
        try:
            for _ in range(visits + 1):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                started = time.perf_counter()
                page.goto(url)
                page.wait_for_function(_FIRST_EVENT_DRAWN, polling=100, timeout=300_000)
                times.append(time.perf_counter() - started)
                context.close()
        finally:
            browser.close()
    return {"first_visit_s": times[0], "later_visit_s": statistics.median(times[1:]), "visits": times}


async def _session(browser: Any, url: str, ready: asyncio.Barrier, seconds: float, record: dict[str, Any]) -> None:
    terms = ["hasakah", "riot", "", "camp", "prison", ""]
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.on("pageerror", lambda _error: record["errors"].append("script error in the page"))
    await page.goto(url)
    await page.wait_for_function(_FIRST_EVENT_DRAWN, polling=250, timeout=300_000)
    search = page.get_by_role("textbox", name="Search")
    # Every session starts changing filters at the same moment, once all pages are open.
    number = await ready.wait()
    deadline = time.monotonic() + seconds
    if number == 0:
        record["cpu_start"] = _cpu_seconds(record["pid"])
    previous = ""
    while time.monotonic() < deadline:
        term = terms[number % len(terms)]
        number += 1
        # The same term again would change nothing, and no rerun would come to wait for.
        if term == previous:
            continue
        previous = term
        before = page.url
        started = time.perf_counter()
        try:
            await search.fill(term)
            await search.press("Enter")
            await page.wait_for_function(_RUN_FINISHED, arg=[before], polling=50, timeout=60_000)
        except Exception as error:  # noqa: BLE001 - a timeout or a closed page is an error to count, not to stop on
            record["errors"].append(type(error).__name__)
            continue
        record["latencies"].append(time.perf_counter() - started)
        if await page.locator('[data-testid="stException"]').count():
            record["errors"].append("exception shown on the page")
    await context.close()


async def _load_test(url: str, pid: int, sessions: int, seconds: float) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    record: dict[str, Any] = {"latencies": [], "errors": [], "pid": pid}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGUMENTS
        )
        ready = asyncio.Barrier(sessions)
        await asyncio.gather(*(_session(browser, url, ready, seconds, record) for _ in range(sessions)))
        record["cpu_end"] = _cpu_seconds(pid)
        await browser.close()
    return record


def load_test(data_dir: Path, sessions: int, seconds: float) -> dict[str, Any]:
    """Several browser sessions changing the search filter against one server for a fixed time."""
    if chromium_path() is None:
        return {"error": "chromium is not installed"}
    with serve(data_dir) as (url, pid):
        # The first visit loads the dataset; sessions then measure reruns, not the load.
        first_event_warmup(url)
        record = asyncio.run(_load_test(url, pid, sessions, seconds))
        cpu = record["cpu_end"] - record.get("cpu_start", record["cpu_end"])
        peak = _peak_rss_mb(pid)
    latencies = sorted(record["latencies"])
    return {
        "sessions": sessions,
        "seconds": seconds,
        "changes": len(latencies),
        "errors": len(record["errors"]),
        "error_kinds": sorted(set(record["errors"])),
        "median_s": statistics.median(latencies) if latencies else None,
        "p95_s": float(np.percentile(latencies, 95)) if latencies else None,
        "server_peak_mb": peak,
        "server_cpu_s": cpu,
    }


def first_event_warmup(url: str) -> None:
    """Open the page once so the server loads and caches the dataset."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGUMENTS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_function(_FIRST_EVENT_DRAWN, polling=250, timeout=300_000)
        browser.close()


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --- the bundled data: a shared link, this app beside the naive app ---------------------------------------------


def _pooled_median(results: list[dict[str, Any]], key: str) -> float | None:
    values = [value for result in results for value in result.get(key, [])]
    return statistics.median(values) if values else None


def bundled_server(rounds: int, reruns: int, readers: int, memory_limit_mb: float) -> dict[str, Any]:
    """AppTest timings of both apps on the bundled data; rounds alternate which app goes first."""
    results: dict[str, list[dict[str, Any]]] = {"app": [], "naive": []}
    for number in range(rounds):
        order = [("app", APP_SCRIPT), ("naive", NAIVE_SCRIPT)]
        for name, script in order[:: -1 if number % 2 else 1]:
            result = probe_app(script, BUNDLED_DATA, reruns, 300, memory_limit_mb, readers)
            if "error" in result:
                return {name: result}
            results[name].append(result)
    summary: dict[str, Any] = {}
    for name, runs in results.items():
        summary[name] = {
            "rerun_s": _pooled_median(runs, "reruns_s"),
            "reader_s": _pooled_median(runs, "readers_s"),
            "fresh_reader_s": _pooled_median(runs, "fresh_readers_s"),
            "page_bytes": runs[-1]["page_bytes"],
            "samples": len(runs) * reruns,
        }
    return summary


@contextmanager
def markers_only_script() -> Iterator[str]:
    """A main script that runs the explorer through benchmarks/markers_only_app.py, beside a link to the pages.

    Streamlit finds a page by its path next to the main script, so the sidebar's links (to `app.py` and to each of
    `pages/`) need both names there.
    """
    with tempfile.TemporaryDirectory(prefix="markers-only-") as folder:
        root = Path(folder)
        (root / "pages").symlink_to(REPOSITORY_ROOT / "pages", target_is_directory=True)
        script = root / APP_SCRIPT
        script.write_text("from benchmarks.markers_only_app import run\n\nrun()\n", encoding="utf-8")
        yield str(script)


def bundled_browser(visits: int) -> dict[str, Any]:
    """Headless chromium on the app, the naive app and the markers-only bound, visits rotating: to map pixels, idle."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        return {"error": "chromium is not installed"}
    times: dict[str, dict[str, list[float]]] = {name: {"map": [], "idle": []} for name in ("app", "naive", "markers")}
    with (
        markers_only_script() as markers_script,
        serve(BUNDLED_DATA, APP_SCRIPT) as (app_url, _),
        serve(BUNDLED_DATA, NAIVE_SCRIPT) as (naive_url, _),
        serve(BUNDLED_DATA, markers_script) as (markers_url, _),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGUMENTS)
        apps = [
            ("app", app_url, APP_EVENT_COLOURS),
            ("naive", naive_url, NAIVE_EVENT_COLOURS),
            ("markers", markers_url, APP_EVENT_COLOURS),
        ]
        try:
            # The first visit of each loads the data and Python modules; the figures are for readers after it.
            for number in range(visits + 1):
                # Each visit a different app goes first, so none is always measured on the freshest browser.
                for name, url, colours in apps[number % len(apps) :] + apps[: number % len(apps)]:
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(url)
                    page.wait_for_function(_EVENTS_DRAWN, arg=colours, polling=50, timeout=300_000)
                    drawn = time.perf_counter() - started
                    page.wait_for_function(_PAGE_IDLE, polling=50, timeout=300_000)
                    idle = time.perf_counter() - started
                    context.close()
                    if number:
                        times[name]["map"].append(drawn)
                        times[name]["idle"].append(idle)
        finally:
            browser.close()
    return {
        name: {"map_s": statistics.median(values["map"]), "idle_s": statistics.median(values["idle"])}
        for name, values in times.items()
    }


def _burst(url: str, query: str, readers: int) -> list[float]:
    """Seconds each of `readers` new sessions waited for one link opened at once (benchmarks/burst_probe.py)."""
    command = [sys.executable, str(BURST_SCRIPT), url, "--query", query, "--readers", str(readers)]
    result = run_worker(command, 900, 4_000)
    if "error" in result:
        raise RuntimeError(result["error"])
    return [float(value) for value in result["waits_s"]]


def bundled_burst(rounds: int, readers: int) -> dict[str, Any]:
    """`readers` new sessions open one new link at the same moment on one process; rounds alternate the apps."""
    waits: dict[str, list[float]] = {"app": [], "naive": []}
    slowest: dict[str, list[float]] = {"app": [], "naive": []}
    with serve(BUNDLED_DATA, APP_SCRIPT) as (app_url, _), serve(BUNDLED_DATA, NAIVE_SCRIPT) as (naive_url, _):
        apps = [("app", app_url), ("naive", naive_url)]
        for _, url in apps:
            # A warm process: the data and modules are loaded by a first reader of the default view.
            _burst(url, "", 1)
        for number in range(rounds):
            link = BURST_LINKS[number % len(BURST_LINKS)]
            for name, url in apps[:: -1 if number % 2 else 1]:
                times = _burst(url, link, readers)
                waits[name].append(statistics.median(times))
                slowest[name].append(max(times))
    return {
        name: {"median_s": statistics.median(waits[name]), "slowest_s": statistics.median(slowest[name])}
        for name in waits
    }


def measure_bundled(arguments: argparse.Namespace, memory_limit_mb: float) -> dict[str, Any]:
    """Every bundled-data row: server rerun and new reader, browser first map and idle, the burst of readers."""
    rounds = max(1, min(arguments.runs, BUNDLED_ROUNDS))
    result: dict[str, Any] = {"readers": BURST_READERS, "rounds": rounds, "load_average": os.getloadavg()}
    result["measured"] = f"{dt.datetime.now(dt.UTC):%d %B %Y}"
    _print(f"bundled data: {rounds} rounds of both apps in AppTest")
    result["server"] = bundled_server(rounds, max(arguments.runs, 7), max(arguments.runs, 5), memory_limit_mb)
    _print(f"           {json.dumps(result['server'])}")
    if not arguments.no_browser:
        try:
            result["browser"] = bundled_browser(max(3, min(arguments.runs, 7)))
        except Exception as error:  # noqa: BLE001 - a browser problem is reported, the run goes on
            result["browser"] = {"error": f"{type(error).__name__}: {error}"[:200]}
        _print(f"           browser {json.dumps(result['browser'])}")
    try:
        result["burst"] = bundled_burst(rounds, BURST_READERS)
    except Exception as error:  # noqa: BLE001
        result["burst"] = {"error": f"{type(error).__name__}: {error}"[:200]}
    _print(f"           burst {json.dumps(result['burst'])}")
    return result


def bundled_rows(bundled: dict[str, Any]) -> list[tuple[str, float | None, float | None]]:
    """(what a reader pays, this app, the naive app) for each bundled-data row that was measured."""
    server, browser, burst = (bundled.get(part) or {} for part in ("server", "browser", "burst"))
    rows: list[tuple[str, float | None, float | None]] = []

    def add(label: str, part: dict[str, Any], key: str) -> None:
        if "app" in part and "naive" in part:
            rows.append((label, part["app"].get(key), part["naive"].get(key)))

    add("Filter-change rerun, server time (AppTest, a view not built before)", server, "rerun_s")
    add("New reader's first view, server time (warm process, link opened before)", server, "reader_s")
    add("New reader's first view of a link nobody opened yet", server, "fresh_reader_s")
    add("Headless chromium: page opened to first map pixels", browser, "map_s")
    add("Headless chromium: page opened to idle", browser, "idle_s")
    if "markers" in browser and "naive" in browser:
        # A bound, not a target: the same page with only the event markers on its map.
        for label, key in (("first map pixels", "map_s"), ("idle", "idle_s")):
            rows.append(
                (
                    f"… the same page, its map with the event markers only (no borders, names or counts): {label}",
                    browser["markers"].get(key),
                    browser["naive"].get(key),
                )
            )
    add(
        f"{bundled.get('readers', BURST_READERS)} readers follow a new link at once, one process: median wait",
        burst,
        "median_s",
    )
    add("… the same burst: the last reader's wait", burst, "slowest_s")
    return rows


# --- the report ------------------------------------------------------------------------------------------------


def _count(value: int) -> str:
    return f"{value:,}"


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def _kilobytes(value: int | None) -> str:
    return "—" if value is None else f"{value / 1000:,.0f} KB"


def _ratio(value: float | None, base: float | None) -> float | None:
    if value is None or base is None or base <= 0:
        return None
    return value / base


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"


def _fails(result: dict[str, Any]) -> str:
    return f"fails: {result['error']}"


def machine() -> dict[str, str]:
    """CPU, memory, operating system, Python and the versions of the packages measured."""
    model = ""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor()
    memory = ""
    try:
        kilobytes = int(Path("/proc/meminfo").read_text().split("MemTotal:", 1)[1].split()[0])
        memory = f"{kilobytes / 1024 / 1024:.0f} GiB"
    except (OSError, IndexError, ValueError):
        memory = "unknown"
    system = platform.platform()
    try:
        release = Path("/etc/os-release").read_text()
        system = next(line.split("=", 1)[1].strip('"') for line in release.splitlines() if line.startswith("PRETTY"))
    except (OSError, StopIteration):
        pass
    packages = []
    for name in ("streamlit", "pandas", "pyarrow", "numpy", "pydeck", "altair", "playwright"):
        try:
            packages.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    browser = ""
    executable = chromium_path()
    if executable:
        try:
            browser = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            browser = ""
    return {
        "CPU": f"{os.cpu_count()} × {model}",
        "Memory": memory,
        "OS": f"{system} ({platform.machine()})",
        "Python": platform.python_version(),
        "Packages": ", ".join(packages),
        "Browser": browser.strip() or "not installed",
    }


def targets(report: Report) -> list[tuple[bool | None, str]]:
    """(passed, line) per target; passed is None when the run did not measure it."""
    lines: list[tuple[bool | None, str]] = bundled_targets(report.bundled)
    measured = [size for size in report.sizes if "error" not in size.app]
    largest = max(
        (max(size.app.get("map_bytes", 0), size.app.get("chart_bytes", 0)) for size in measured), default=None
    )
    broken = [size.events for size in report.sizes if "error" in size.app]
    if not report.sizes:
        lines.append((None, "Map and timeline payloads: not measured in this run"))
    else:
        lines.append(
            (
                not broken and largest is not None and largest < PAYLOAD_LIMIT_BYTES,
                f"Map and timeline payloads under 1 MB each at every size (largest {_kilobytes(largest)})"
                + (f"; the app failed at {', '.join(_count(size) for size in broken)}" if broken else ""),
            )
        )
    by_size = {size.events: size for size in report.sizes}
    if 100_000 in by_size:
        size = by_size[100_000]
        ours, naive = size.app.get("rerun_s"), size.naive.get("rerun_s")
        ratio = _ratio(ours, naive)
        if "error" in size.naive:
            lines.append((None, f"Rerun at 100,000 events: the naive app {_fails(size.naive)}"))
        else:
            lines.append(
                (
                    ratio is not None and ratio <= 0.25,
                    f"Filter-change rerun at 100,000 events at most ¼ of the naive app's "
                    f"({_seconds(ours)} vs {_seconds(naive)}, {_times(ratio)})",
                )
            )
    else:
        lines.append((None, "Rerun at 100,000 events: not measured in this run"))
    if 1_000_000 in by_size:
        size = by_size[1_000_000]
        works = "error" not in size.app
        lines.append(
            (
                works and "error" in size.naive,
                f"At 1,000,000 events the app works ({'yes' if works else _fails(size.app)}) and the naive app "
                + (_fails(size.naive) if "error" in size.naive else "works too"),
            )
        )
    else:
        lines.append((None, "At 1,000,000 events: not measured in this run (drop --quick)"))
    scale = [size for size in report.sizes if size.events >= SCALE_FROM and "load_s" in size.load]
    for key, floor, limit, label in (
        ("load_s", "floor_s", 5.0, "Load + validate at most 5× the read_csv floor"),
        ("filter_s", "mask_s", 3.0, "Filtering at most 3× the bare-mask floor"),
    ):
        ratios = {size.events: _ratio(size.load[key], size.load[floor]) for size in scale}
        shown = ", ".join(f"{_times(ratio)} at {_count(events)}" for events, ratio in ratios.items())
        passed = bool(ratios) and all(ratio is not None and ratio <= limit for ratio in ratios.values())
        lines.append(
            (passed if ratios else None, f"{label} from {_count(SCALE_FROM)} events ({shown or 'not measured'})")
        )
    browser = {size.events: size.browser for size in report.sizes if size.browser and "error" not in size.browser}
    if 1_000 in browser and 100_000 in browser:
        small, large = browser[1_000]["later_visit_s"], browser[100_000]["later_visit_s"]
        ratio = _ratio(large, small)
        lines.append(
            (
                ratio is not None and ratio <= 1.5,
                f"First event drawn at 100,000 events within 1.5× of 1,000 ({_seconds(large)} vs {_seconds(small)}, "
                f"{_times(ratio)})",
            )
        )
    else:
        lines.append((None, "First event drawn in the browser: not measured in this run"))
    return lines


# The bundled-data rows the issue sets a target for (the others are shown for context).
_JUDGED_ROWS = (
    "Filter-change rerun",
    "New reader's first view, server time",
    "Headless chromium: page opened to first map pixels",
    "Headless chromium: page opened to idle",
    "readers follow a new link at once",
)


def bundled_targets(bundled: dict[str, Any] | None) -> list[tuple[bool | None, str]]:
    """One line per judged bundled-data row: within BUNDLED_LIMIT times the naive app's figure."""
    if not bundled:
        return [(None, "Bundled data beside the naive app: not measured in this run")]
    lines: list[tuple[bool | None, str]] = []
    for label, ours, naive in bundled_rows(bundled):
        if not any(part in label for part in _JUDGED_ROWS):
            continue
        ratio = _ratio(ours, naive)
        lines.append(
            (
                ratio is not None and ratio <= BUNDLED_LIMIT,
                f"{label}: at most {BUNDLED_LIMIT}× the naive app's ({_seconds(ours)} vs {_seconds(naive)}, "
                f"{_times(ratio)})",
            )
        )
    for part in ("server", "browser", "burst"):
        failure = bundled.get(part) or {}
        if "error" in failure:
            lines.append((False, f"Bundled data, {part}: {_fails(failure)}"))
    return lines


def _verdict(passed: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "NOT MEASURED"}[passed]


def render(report: Report) -> str:
    """The markdown report: method, machine, tables, targets and the command to reproduce it."""
    out = [
        "# Performance",
        "",
        "How the app behaves from a thousand to a million events, measured by `python -m benchmarks` on "
        "deterministic synthetic datasets in the project's format (`benchmarks/synthetic.py`: about one site per "
        "hundred events, two to three claims per event, realistic proportions and text lengths; every dataset "
        "passes the validator). Each step is compared with its floor (the least any code could do) and with a "
        "naive reference app (`benchmarks/naive_app.py`: every event and every column in a ScatterplotLayer, CSV "
        "files read on every rerun, no aggregation, an Altair timeline of every event).",
        "",
        f"Measured on {report.started:%d %B %Y} in {report.seconds / 60:.0f} minutes; medians of {report.runs} runs "
        f"({min(report.runs, 3)} of loading, 1 of the naive app at 1,000,000 events). "
        "Load average when the run started: " + ", ".join(f"{value:.1f}" for value in report.load_average) + ".",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    out += [f"| {key} | {value} |" for key, value in machine().items()]
    if report.bundled:
        out += render_bundled(report.bundled)
    out += [
        "",
        "## Loading and filtering",
        "",
        "Load + validate is `load_dataset` in a worker process of its own (the first run cold, runs interleaved "
        "with the floors): read, check every cell against the contract, type, join and compute the headline "
        "figures. The floor is `pandas.read_csv` of the same five files with "
        "its defaults (types guessed, nothing checked); *as text* is `read_csv(dtype=str, keep_default_na=False)`, "
        "the exact text a validator has to look at. The search index is built by the first free-text search, "
        "and the event–actor and event–source link tables by their first use, not at load. "
        f"The filter is a typical change (type `{FILTER_TYPE}`, year {FILTER_YEAR}, text "
        f"`{FILTER_TEXT}`) through `filter_events`, which also builds the filtered frame; its floor is the same "
        "three clauses as bare numpy masks over ready-made arrays.",
        "",
        "| events | claims | CSV size | generate | read_csv floor | as text | load + validate | ratio "
        "| search index | filter | bare mask | ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in report.sizes:
        load = size.load
        if "error" in load:
            out.append(f"| {_count(size.events)} | | | | {_fails(load)} | | | | | | | |")
            continue
        out.append(
            f"| {_count(size.events)} | {_count(size.rows.get('claims', 0))} | {size.megabytes:,.0f} MB "
            f"| {_seconds(size.generate_s)} | {_seconds(load.get('floor_s'))} | {_seconds(load.get('text_floor_s'))} "
            f"| {_seconds(load.get('load_s'))} | {_times(_ratio(load.get('load_s'), load.get('floor_s')))} "
            f"| {_seconds(load.get('search_index_s'))} | {_seconds(load.get('filter_s'))} "
            f"| {_seconds(load.get('mask_s'))} | {_times(_ratio(load.get('filter_s'), load.get('mask_s')))} |"
        )
    out += [
        "",
        "## What a filter change costs: the app against the naive app",
        "",
        "Both apps run in Streamlit's AppTest, one process per app and size. *Map* is the pydeck JSON the page "
        "sends, *charts* the Vega-Lite specs plus their Arrow data (the app's timeline, month strip and legend); "
        "*first run* includes reading the data (the app then keeps it cached per file version), *rerun* is the "
        "median rerun after changing the type filter, *peak* the process's maximum resident memory.",
        "",
        "| events | map | charts | first run | rerun | peak | naive map | naive charts | naive first run "
        "| naive rerun | naive peak | naive ÷ app rerun |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in report.sizes:
        app, naive = size.app, size.naive
        ours = (
            [_fails(app), "", "", "", ""]
            if "error" in app and "map_bytes" not in app
            else [
                _kilobytes(app.get("map_bytes")),
                _kilobytes(app.get("chart_bytes")),
                _seconds(app.get("first_run_s")),
                _seconds(app.get("rerun_s")) if "error" not in app else _fails(app),
                f"{app.get('peak_rss_mb', 0):,.0f} MB",
            ]
        )
        if "error" in naive:
            theirs = [
                _kilobytes(naive.get("map_bytes")) if "map_bytes" in naive else "",
                _kilobytes(naive.get("chart_bytes")) if "chart_bytes" in naive else "",
                _seconds(naive.get("first_run_s")) if "first_run_s" in naive else "",
                _fails(naive),
                f"{naive.get('peak_rss_mb', 0):,.0f} MB",
                "—",
            ]
        else:
            theirs = [
                _kilobytes(naive.get("map_bytes")),
                _kilobytes(naive.get("chart_bytes")),
                _seconds(naive.get("first_run_s")),
                _seconds(naive.get("rerun_s")),
                f"{naive.get('peak_rss_mb', 0):,.0f} MB",
                _times(_ratio(naive.get("rerun_s"), app.get("rerun_s"))),
            ]
        out.append(f"| {_count(size.events)} | " + " | ".join(ours + theirs) + " |")
    browsed = [size for size in report.sizes if size.browser]
    if browsed:
        out += [
            "",
            "## In the browser: time to the first event drawn",
            "",
            "`streamlit run` on a loopback port, headless Debian chromium through Playwright; the clock runs from "
            "opening the page until event-coloured pixels appear on the map canvas. The first visit includes the "
            "server loading the dataset; later visits (fresh browser contexts) find it cached.",
            "",
            "| events | first visit | later visits (median) |",
            "| ---: | ---: | ---: |",
        ]
        for size in browsed:
            if "error" in size.browser:
                out.append(f"| {_count(size.events)} | {_fails(size.browser)} | |")
            else:
                out.append(
                    f"| {_count(size.events)} | {_seconds(size.browser['first_visit_s'])} "
                    f"| {_seconds(size.browser['later_visit_s'])} |"
                )
    if report.load_test:
        result = report.load_test
        out += [
            "",
            "## Several viewers at once",
            "",
            f"One app process at {_count(LOAD_TEST_SIZE)} events; each browser session types a search term, waits "
            "for the rerun to finish (the page's script state back to idle and the address updated), then types the "
            "next. The browsers run on the same cores as the server, so these numbers are pessimistic for the "
            "server alone.",
            "",
        ]
        if "error" in result:
            out.append(_fails(result))
        else:
            out += [
                "| sessions | seconds | filter changes | errors | median | p95 | server peak memory "
                "| server CPU per change |",
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
                f"| {result['sessions']} | {result['seconds']:.0f} | {result['changes']} "
                f"| {result['errors']}{' (' + ', '.join(result['error_kinds']) + ')' if result['error_kinds'] else ''} "
                f"| {_seconds(result['median_s'])} | {_seconds(result['p95_s'])} | {result['server_peak_mb']:,.0f} MB "
                f"| {_seconds(result['server_cpu_s'] / max(result['changes'], 1))} |",
            ]
    out += [
        "",
        "## What a rerun does not do",
        "",
        "The dataset is loaded once per file version and process (`st.cache_resource` in `ui/data.py`) and shared "
        "by every session; so are the sidebar's choices, the link vocabulary and the figure-line index. With no "
        "filter the page works on that shared frame itself (no copy); with filters, on the matching rows only. "
        "Per rerun the map counts sites or grid cells from columns (no per-event Python), writes tooltips and "
        "figure lines only for the events it draws one by one (at most a few thousand), the timeline does the same "
        "for its lanes, and the list under the map formats its first 500 rows. The search index is built by the "
        "first free-text search and kept. The map, timeline and list of a view are kept per data version and view "
        "(`st.cache_data`, keyed by the view's canonical link), so every later reader of a shared link reuses "
        "them; the timeline is written as plain Vega-Lite, without Altair's schema validation.",
        "",
        "Loading is where the floor is far: guessing types, pandas' default reader never looks at a cell as text, "
        'while a validator must ("0012", "36,5" and empty cells are findings, not numbers). The *as text* '
        "column is what pandas needs just to read that text; the loader does all its work in less. It maps each "
        "file instead of copying it, parses it with Arrow on every core (files that are all ASCII skip the UTF-8 "
        "pass), checks each table as soon as it is read while the next is parsed, parses each column once for "
        "the checks and the typing alike (dates, numbers, enum codes, the rows foreign keys point at), groups "
        "the claims into headline figures with one integer sort, and hashes the bytes (XXH3) for the data "
        "version on a core that would otherwise wait. The event–actor and event–source link tables, like the "
        "search index, are built on first use: the map and the timeline never need them. What remains at a "
        "million events is mostly memory: a fresh process touches about 3 GB for the first time (Arrow's "
        "parse, the contiguous copy of each column, the checks' codes, the figures' sort keys) against the "
        "floor's 1 GB, and on a virtual machine the kernel's first touch of a page costs several times what "
        "copying it does.",
        "",
        "## Targets",
        "",
    ]
    out += [f"- **{_verdict(passed)}** {line}" for passed, line in targets(report)]
    out += [
        "",
        "Ratios at 1,000 and 10,000 events are shown but not judged: there a few milliseconds of fixed cost per "
        "call dominate every ratio, while the targets are about how the work grows. At 1,000,000 events each "
        "loading figure is the median of three runs, the first of them in a fresh process, and on a shared two-core "
        "machine the floor alone moves by a third between runs (0.7 to 1.2 s) and a fresh process's load by more: "
        "read the load ratio there as give or take 1×.",
        "",
        "## Reproduce",
        "",
        "```sh",
        f"{report.command}",
        "python -m benchmarks --quick        # 1k, 10k and 100k events, a few minutes",
        "python -m benchmarks --bundled-only # the bundled data beside the naive app; rewrites only that part",
        "python -m benchmarks --help         # sizes, runs, data directory, browser and load-test options",
        "```",
        "",
        "The datasets are generated from a fixed seed, so every run measures the same bytes. `make bench` runs the "
        "full benchmark.",
        "",
    ]
    return "\n".join(out)


BUNDLED_HEADING = "## The bundled data: a shared link, beside the naive app"
# Where a first visit's browser time goes, from a profile of both apps (Chrome DevTools Protocol CPU profile and
# the Performance API, loopback only); written beside the chromium rows so a reader can tell what the ratio is made of.
BROWSER_TIME_NOTE = [
    "Where the browser time goes (December 2026, this machine; page milestones from the Performance API, Chrome "
    "traces, and variants of the app served beside the naive app and visited in turn): Streamlit's own page "
    "and websocket cost both apps the same, about 1 s to the first message. The app draws more kinds of "
    "element, so it loads about 150 script files (8.9 MB, of which the list's data grid and its Arrow "
    "formatting 1.2 MB) against the naive app's 110 (7.1 MB), and its map's canvas appears 0.5 to 0.9 s "
    "later. The rest is the map's first frame. Chromium without a GPU runs WebGL on a software renderer "
    "that compiles each kind of layer's shaders when it first draws, and the page waits for it: in a trace "
    "the GPU process took 1.07 s to finish the app's first map frame against 0.23 s for the naive app's, "
    "for three shader programs (markers, border lines, text) against one. deck.gl can compile shaders "
    "without blocking the page, but the version Streamlit ships keeps that switched off and "
    '`st.pydeck_chart` passes no device settings, so a page cannot turn it on. The two rows on "the same '
    'page, its map with the event markers only" measure that bound in the same run (in the variant runs, '
    "1.25 times the naive app's time; with the timeline, legend and list also left out, 1.0 times). What was "
    "tried and dropped: borders as paths (2.2 to 2.5 times; one-pixel segments now, the same picture), "
    "borders as dots drawn by the markers' own layer (about 13,000 dots cost more browser time than the "
    "line layer's shader: 7.1 against 6.3 s of CPU), the text layers' data loaded after the first frame "
    "(first pixels 0.14 times sooner, the idle page 0.3 s later, as the same compiling comes after it), and "
    "the list opened on demand (the canvas 0.2 s sooner, the first pixels no sooner). The probe's pixel "
    "count costs a few milliseconds a call on both pages.",
]
# The Targets lines the bundled rows own, which a --bundled-only run replaces and every other line keeps.
_BUNDLED_TARGET = re.compile(
    r"^- \*\*[A-Z ]+\*\* (Filter-change rerun, server time|New reader's first view|Headless chromium:"
    r"|\d+ readers follow a new link|Bundled data)"
)


def render_bundled(bundled: dict[str, Any]) -> list[str]:
    """The section on the project's own data: what a reader of a shared link pays, beside the naive app."""
    out = [
        "",
        BUNDLED_HEADING,
        "",
        "The project's own `data/` (a few dozen events), the case readers meet most: they open a shared link "
        "and change a filter. Both apps are measured in the same run, rounds alternating which goes first, "
        f"since the machine is shared ({bundled.get('rounds', 1)} rounds; medians). *Server time* is AppTest: "
        "a filter-change rerun to a view not built before (the app's per-view cache is cleared first), a new "
        "session opening a link already opened in that process, and one opening a link nobody opened yet. "
        "*Chromium* is headless Debian chromium on `streamlit run`: from opening the page to the first event "
        "pixels on the map canvas, and to an idle page (script finished, every chart and map drawn). The burst "
        f"is {bundled.get('readers', BURST_READERS)} new sessions opening the same new link at the same moment "
        "over Streamlit's websocket on one warm process; each waits until its run has finished.",
        "",
    ]
    if "measured" in bundled:
        load = ", ".join(f"{value:.1f}" for value in bundled.get("load_average", ()))
        out += [f"Measured on {bundled['measured']}; load average when these rows started: {load}.", ""]
    out += [
        "| what a reader pays | this app | naive app | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, ours, naive in bundled_rows(bundled):
        out.append(f"| {label} | {_seconds(ours)} | {_seconds(naive)} | {_times(_ratio(ours, naive))} |")
    for part in ("server", "browser", "burst"):
        failure = bundled.get(part) or {}
        if "error" in failure:
            out.append(f"| {part} | {_fails(failure)} | | |")
    if "app" in (bundled.get("browser") or {}):
        out += ["", *BROWSER_TIME_NOTE]
    return out


def _next_heading(lines: list[str], start: int) -> int:
    return next((number for number in range(start, len(lines)) if lines[number].startswith("## ")), len(lines))


def update_bundled(text: str, report: Report) -> str:
    """An existing report with only the bundled-data section and the Targets lines it owns replaced by this run's."""
    lines = text.splitlines()
    section = render_bundled(report.bundled or {})[1:] + [""]
    if BUNDLED_HEADING in lines:
        start = lines.index(BUNDLED_HEADING)
        lines[start : _next_heading(lines, start + 1)] = section
    else:
        # Where a full run puts it: right before the synthetic sizes' tables.
        start = next((number for number, line in enumerate(lines) if line.startswith("## Loading")), len(lines))
        lines[start:start] = section
    owned = [f"- **{_verdict(passed)}** {line}" for passed, line in bundled_targets(report.bundled)]
    if "## Targets" in lines:
        heading = lines.index("## Targets")
        end = _next_heading(lines, heading + 1)
        kept = [line for line in lines[heading + 1 : end] if not _BUNDLED_TARGET.match(line)]
        first_target = next((number for number, line in enumerate(kept) if line.startswith("- ")), 1)
        lines[heading + 1 : end] = kept[:first_target] + owned + kept[first_target:]
    else:
        lines += ["", "## Targets", "", *owned, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- the command -----------------------------------------------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "").replace(",", "")) for part in text.split() if part) or DEFAULT_SIZES


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=lambda text: _sizes(text.replace(",", " ")), help="event counts, e.g. 1000,10000"
    )
    parser.add_argument("--quick", action="store_true", help="1k, 10k and 100k events only")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (fewer at 1M events)")
    parser.add_argument("--output-dir", type=Path, help="where the datasets go (kept); default a temporary directory")
    parser.add_argument("--output", type=Path, default=DEFAULT_REPORT, help="the markdown report to write")
    parser.add_argument("--no-browser", action="store_true", help="skip the timings in headless chromium")
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled-data rows beside the naive app")
    parser.add_argument(
        "--bundled-only",
        action="store_true",
        help="only the bundled-data rows (no synthetic sizes); updates only their part of an existing report",
    )
    parser.add_argument("--load-test", action="store_true", help="several browser sessions changing filters at 100k")
    parser.add_argument("--sessions", type=int, default=4, help="browser sessions in the load test")
    parser.add_argument("--seconds", type=float, default=60.0, help="duration of the load test")
    parser.add_argument("--memory-limit-gb", type=float, default=12.0, help="stop a worker above this much memory")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--measure-load", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _dataset(root: Path, events: int, seed: int) -> tuple[Path, float | None]:
    """The synthetic dataset of `events` events, generated unless the same one is already there (time None)."""
    directory = root / f"events-{events}"
    marker = directory / f".synthetic-{events}-{seed}"
    if marker.exists():
        return directory, None
    started = time.perf_counter()
    write_dataset(directory, events, seed)
    marker.touch()
    return directory, time.perf_counter() - started


def _print(message: str) -> None:
    print(message, flush=True)


def run(arguments: argparse.Namespace) -> Report:
    """Generate, measure and return the report for every size asked for."""
    sizes = arguments.sizes or (QUICK_SIZES if arguments.quick else DEFAULT_SIZES)
    memory_limit = arguments.memory_limit_gb * 1024
    root = arguments.output_dir or Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    report = Report(sizes=[], runs=arguments.runs, load_average=os.getloadavg())
    report.command = "python -m benchmarks" + (" --load-test" if arguments.load_test else "")
    report.command += " --bundled-only" if arguments.bundled_only else ""
    started = time.monotonic()
    if arguments.bundled_only:
        sizes = ()
    if not arguments.no_bundled:
        report.bundled = measure_bundled(arguments, memory_limit)
    try:
        for events in sizes:
            result = SizeResult(events)
            report.sizes.append(result)
            directory, result.generate_s = _dataset(root, events, arguments.seed)
            files = {name: directory / CONTRACT.table(name).path for name in TABLE_NAMES}
            result.megabytes = sum(path.stat().st_size for path in files.values()) / 1e6
            result.rows = {name: max(0, _lines(path) - 1) for name, path in files.items()}
            large = events >= 1_000_000
            runs = max(1, min(arguments.runs, 3) if large else arguments.runs)
            _print(f"{events:>9,} events: {result.megabytes:,.0f} MB of CSV; measuring loading and filtering")
            command = [sys.executable, "-m", "benchmarks", "--measure-load", str(directory), "--runs", str(runs)]
            result.load = run_worker(command, 1_800, memory_limit)
            _print(f"{'':>9}   {json.dumps(_rounded(result.load))}")
            # Both apps go through the same filter changes (every value once at least), so their medians compare.
            reruns = max(arguments.runs, len(RERUN_VALUES))
            result.app = probe_app(APP_SCRIPT, directory, reruns, 900, memory_limit)
            _print(f"{'':>9}   app   {json.dumps(_rounded(result.app))}")
            naive_reruns = 1 if large else reruns
            result.naive = probe_app(NAIVE_SCRIPT, directory, naive_reruns, 420 if large else 600, memory_limit)
            _print(f"{'':>9}   naive {json.dumps(_rounded(result.naive))}")
            if events in BROWSER_SIZES and not arguments.no_browser:
                try:
                    result.browser = first_event_times(directory, max(3, min(arguments.runs, 5)))
                except Exception as error:  # noqa: BLE001 - a browser problem is reported, the run goes on
                    result.browser = {"error": f"{type(error).__name__}: {error}"[:200]}
                _print(f"{'':>9}   browser {json.dumps(_rounded(result.browser))}")
        if arguments.load_test:
            directory, _ = _dataset(root, LOAD_TEST_SIZE, arguments.seed)
            _print(f"load test: {arguments.sessions} sessions for {arguments.seconds:.0f} s at {LOAD_TEST_SIZE:,}")
            try:
                report.load_test = load_test(directory, arguments.sessions, arguments.seconds)
            except Exception as error:  # noqa: BLE001
                report.load_test = {"error": f"{type(error).__name__}: {error}"[:200]}
            _print(f"           {json.dumps(_rounded(report.load_test))}")
    finally:
        if arguments.output_dir is None:
            shutil.rmtree(root, ignore_errors=True)
    report.seconds = time.monotonic() - started
    return report


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))


def _rounded(result: dict[str, Any]) -> dict[str, Any]:
    return {key: round(value, 3) if isinstance(value, float) else value for key, value in result.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, write the report and print the targets; exit 0 whatever they say."""
    arguments = _parse(argv)
    if arguments.measure_load:
        print(json.dumps(measure_load(arguments.measure_load, arguments.runs)))
        return 0
    report = run(arguments)
    if arguments.bundled_only and arguments.output.exists():
        # The synthetic sizes were not measured: their tables stay as the last full run wrote them.
        text = update_bundled(arguments.output.read_text(encoding="utf-8"), report)
    else:
        text = render(report)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(text, encoding="utf-8")
    _print("")
    for passed, line in targets(report):
        _print(f"{_verdict(passed)}: {line}")
    _print(f"report: {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
