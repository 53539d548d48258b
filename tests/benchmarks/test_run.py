"""The benchmark runs end to end on a small size and writes its report; timings are printed, never asserted."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import benchmarks.run as run_module
from benchmarks.run import BUNDLED_HEADING, Report, SizeResult, bundled_targets, render, targets
from tests.support import REPOSITORY_ROOT


def test_a_small_run_writes_the_report(tmp_path: Path) -> None:
    report = tmp_path / "performance.md"
    command = [
        sys.executable,
        "-m",
        "benchmarks",
        "--sizes",
        "1000",
        "--runs",
        "1",
        "--no-browser",
        "--no-bundled",
    ]
    command += ["--output", str(report), "--output-dir", str(tmp_path / "data")]
    finished = subprocess.run(command, cwd=REPOSITORY_ROOT, capture_output=True, text=True, timeout=240)
    assert finished.returncode == 0, finished.stderr[-2000:]
    text = report.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Loading and filtering", "## What a filter change costs", "## Targets"):
        assert heading in text
    rows = [line for line in text.splitlines() if line.startswith("| 1,000 |")]
    assert len(rows) == 2, rows
    assert "fails" not in rows[1]
    assert "- **PASS** Map and timeline payloads under 1 MB" in text
    assert "python -m benchmarks" in text
    assert str(tmp_path) not in text
    assert "PASS: Map and timeline payloads" in finished.stdout


def test_targets_judge_what_was_measured() -> None:
    small = SizeResult(1_000, app={"map_bytes": 500_000, "chart_bytes": 200_000, "rerun_s": 0.1})
    large = SizeResult(
        1_000_000,
        app={"map_bytes": 340_000, "chart_bytes": 40_000, "rerun_s": 0.8},
        naive={"error": "MessageSizeError: a 1,200 MB message exceeds 200 MB"},
        load={"floor_s": 2.0, "load_s": 8.0, "filter_s": 0.03, "mask_s": 0.02},
    )
    verdicts = {line.split(" (")[0]: passed for passed, line in targets(Report([small, large], runs=1))}
    assert verdicts["Map and timeline payloads under 1 MB each at every size"] is True
    assert verdicts["At 1,000,000 events the app works"] is True
    assert verdicts["Load + validate at most 5× the read_csv floor from 100,000 events"] is True
    assert verdicts["Filtering at most 3× the bare-mask floor from 100,000 events"] is True
    assert verdicts["Rerun at 100,000 events: not measured in this run"] is None
    text = render(Report([small, large], runs=1))
    assert "fails: MessageSizeError" in text


def test_the_bundled_rows_stand_beside_the_naive_app_and_are_judged_by_ratio() -> None:
    bundled = {
        "readers": 30,
        "rounds": 3,
        "server": {
            "app": {"rerun_s": 0.06, "reader_s": 0.1, "fresh_reader_s": 0.2},
            "naive": {"rerun_s": 0.05, "reader_s": 0.05, "fresh_reader_s": 0.05},
        },
        "browser": {"error": "chromium is not installed"},
        "burst": {"app": {"median_s": 4.0, "slowest_s": 5.0}, "naive": {"median_s": 5.0, "slowest_s": 6.0}},
    }
    verdicts = {line.split(":")[0]: passed for passed, line in bundled_targets(bundled)}
    assert verdicts["Filter-change rerun, server time (AppTest, a view not built before)"] is True
    assert verdicts["New reader's first view, server time (warm process, link opened before)"] is False
    assert verdicts["30 readers follow a new link at once, one process"] is True
    assert verdicts["Bundled data, browser"] is False
    assert not any("nobody opened yet" in line for _, line in bundled_targets(bundled))
    text = render(Report([], runs=1, bundled=bundled))
    assert "## The bundled data: a shared link, beside the naive app" in text
    assert "| Filter-change rerun, server time (AppTest, a view not built before) | 60 ms | 50 ms | 1.2× |" in text
    assert "fails: chromium is not installed" in text
    assert bundled_targets(None) == [(None, "Bundled data beside the naive app: not measured in this run")]


def _bundled(app_map_s: float) -> dict:
    return {
        "readers": 30,
        "rounds": 3,
        "measured": "03 December 2026",
        "load_average": (1.0, 2.0, 3.0),
        "server": {"app": {"rerun_s": 0.06, "reader_s": 0.1}, "naive": {"rerun_s": 0.1, "reader_s": 0.2}},
        "browser": {"app": {"map_s": app_map_s, "idle_s": 9.0}, "naive": {"map_s": 5.0, "idle_s": 6.0}},
    }


def test_a_bundled_only_run_replaces_its_own_section_and_target_lines_and_keeps_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = [SizeResult(100_000, app={"map_bytes": 400_000, "chart_bytes": 30_000, "rerun_s": 0.15})]
    report_path = tmp_path / "performance.md"
    report_path.write_text(render(Report(sizes, runs=1, bundled=_bundled(20.0))), encoding="utf-8")
    before = report_path.read_text(encoding="utf-8")
    assert "| Headless chromium: page opened to first map pixels | 20.0 s | 5.0 s | 4.0× |" in before
    monkeypatch.setattr(run_module, "run", lambda arguments: Report([], runs=1, bundled=_bundled(6.0)))
    run_module.main(["--bundled-only", "--output", str(report_path)])
    after = report_path.read_text(encoding="utf-8")
    assert "| Headless chromium: page opened to first map pixels | 6.0 s | 5.0 s | 1.2× |" in after
    assert "20.0 s" not in after
    assert after.count(BUNDLED_HEADING) == 1
    assert "- **PASS** Headless chromium: page opened to first map pixels: at most 1.5×" in after
    assert "- **FAIL** Headless chromium: page opened to first map pixels" not in after
    # The synthetic sizes' tables and targets are still those of the last full run.
    kept = [line for line in before.splitlines() if "100,000" in line]
    assert kept and all(line in after.splitlines() for line in kept)
    assert "Map and timeline payloads under 1 MB" in after
    assert after.splitlines()[:3] == before.splitlines()[:3]


def test_the_markers_only_bound_is_shown_beside_the_naive_app_but_not_judged() -> None:
    bundled = _bundled(6.0)
    bundled["browser"]["markers"] = {"map_s": 5.5, "idle_s": 5.6}
    text = render(Report([], runs=1, bundled=bundled))
    bound = "… the same page, its map with the event markers only (no borders, names or counts)"
    assert f"| {bound}: first map pixels | 5.5 s | 5.0 s | 1.1× |" in text
    assert f"| {bound}: idle | 5.6 s | 6.0 s | 0.9× |" in text
    judged = [line for _, line in bundled_targets(bundled)]
    assert len(judged) == 4, judged
    assert not any("markers only" in line for line in judged)


def test_the_markers_only_script_runs_the_explorer_next_to_its_pages() -> None:
    with run_module.markers_only_script() as script:
        folder = Path(script).parent
        # The sidebar links to app.py and to each page by its path beside the main script.
        assert Path(script).name == "app.py"
        assert sorted(path.name for path in (folder / "pages").glob("*.py")) == sorted(
            path.name for path in (REPOSITORY_ROOT / "pages").glob("*.py")
        )
        assert "benchmarks.markers_only_app" in Path(script).read_text(encoding="utf-8")
    assert not folder.exists()


_LAYER_IDS_BEFORE_AND_AFTER = """
import json
from incidents.contract.load import load_dataset
from incidents.views.map_spec import build_map
from incidents.words import FigureText
from tests.support import DATA_DIR

dataset = load_dataset(DATA_DIR)


def layers():
    deck = build_map(dataset.events, dataset.places, FigureText(dataset.figures)).deck
    return {layer["id"]: len(layer["data"]) for layer in json.loads(deck.to_json())["layers"]}


before = layers()
import benchmarks.markers_only_app  # noqa: E402
print(json.dumps([before, layers()]))
"""


def test_the_markers_only_map_leaves_out_borders_names_and_counts_and_keeps_every_marker() -> None:
    # In its own process: the bound's module changes how every map is written once it is imported.
    finished = subprocess.run(
        [sys.executable, "-c", _LAYER_IDS_BEFORE_AND_AFTER],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    before, after = json.loads(finished.stdout.splitlines()[-1])
    left_out = {"borders", "town-labels", "site-counts", "cluster-counts"}
    assert {"borders", "town-labels", "events"} <= set(before)
    assert after == {layer: size for layer, size in before.items() if layer not in left_out}
    assert after["events"] > 0


def test_the_report_names_commands_and_files_that_exist() -> None:
    text = (REPOSITORY_ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    modules = set(re.findall(r"python -m ([\w.]+)", text))
    assert modules, "the report names no command"
    for module in modules:
        assert importlib.util.find_spec(module) is not None, f"docs/performance.md runs `python -m {module}`"
    options = {option for line in re.findall(r"python -m benchmarks((?: --[\w-]+)+)", text) for option in line.split()}
    # argparse stops the process at an option it does not know: every one the report names parses.
    for option in options - {"--help"}:
        run_module._parse([option])
    paths = set(re.findall(r"`((?:[\w.-]+/)+[\w.-]+\.\w+)`", text))
    assert {"benchmarks/synthetic.py", "benchmarks/naive_app.py"} <= paths
    for path in paths:
        assert (REPOSITORY_ROOT / path).exists(), f"docs/performance.md names {path}"
    if "make bench" in text:
        assert re.search(r"^bench:", (REPOSITORY_ROOT / "Makefile").read_text(), re.MULTILINE)


def test_a_run_without_synthetic_sizes_does_not_judge_their_payloads() -> None:
    verdicts = {line: passed for passed, line in targets(Report([], runs=1, bundled=_bundled(6.0)))}
    assert verdicts["Map and timeline payloads: not measured in this run"] is None
    assert not any(line.startswith("Map and timeline payloads under 1 MB") for line in verdicts)
