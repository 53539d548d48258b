"""The benchmark runs end to end on a small size and writes its report; timings are printed, never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.run import Report, SizeResult, bundled_targets, render, targets
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
