"""The benchmark runs end to end on a small size and writes its report; timings are printed, never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from incidents.bench import Report, SizeResult, render, targets
from tests.conftest import REPOSITORY_ROOT


def test_a_small_run_writes_the_report(tmp_path: Path) -> None:
    report = tmp_path / "performance.md"
    command = [sys.executable, "-m", "incidents.bench", "--sizes", "1000", "--runs", "1", "--no-browser"]
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
    assert "python -m incidents.bench" in text
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
