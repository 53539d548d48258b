"""Run a Streamlit script under AppTest, change a filter a few times and print what it cost, as one JSON line.

Used by `python -m benchmarks` (one process per app and dataset size, so peak memory is per app);
it lives with the benchmarks, outside incidents/ because it drives Streamlit, which the domain package never imports.

    python benchmarks/app_probe.py app.py --data DIR --reruns 5 --values riot "riot escape" "" --readers 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]


def _nodes(node: Any) -> Iterator[Any]:
    """Every block and element under `node`, depth first."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def _sizes(app: Any) -> dict[str, int]:
    """Bytes of the map JSON, of the Vega-Lite charts (spec and Arrow data) and of the largest element."""
    map_bytes = sum(len(chart.proto.json.encode("utf-8")) for chart in app.get("deck_gl_json_chart"))
    chart_bytes = 0
    for chart in app.get("vega_lite_chart"):
        proto = chart.proto
        chart_bytes += len(proto.spec.encode("utf-8")) + sum(len(dataset.data.data) for dataset in proto.datasets)
        if proto.HasField("data"):
            chart_bytes += len(proto.data.data)
    protos = [getattr(node, "proto", None) for node in _nodes(app._tree)]
    element_bytes = [len(proto.SerializeToString()) for proto in protos if proto is not None]
    return {
        "map_bytes": map_bytes,
        "chart_bytes": chart_bytes,
        "page_bytes": sum(element_bytes),
        "largest_element_bytes": max(element_bytes, default=0),
    }


def probe(
    script: Path, data_dir: Path, values: list[list[str]], reruns: int, timeout: float, readers: int = 0
) -> dict[str, Any]:
    """First run, sizes, then `reruns` filter changes cycling through `values`, then `readers` new sessions."""
    os.environ["INCIDENTS_DATA_DIR"] = str(data_dir)
    import streamlit as st
    from streamlit.runtime.runtime_util import get_max_message_size_bytes
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(script), default_timeout=timeout)
    started = time.perf_counter()
    app.run()
    result: dict[str, Any] = {"first_run_s": time.perf_counter() - started}
    if app.exception:
        return {**result, "error": str(app.exception[0].message)[:300]}
    result.update(_sizes(app))
    limit = get_max_message_size_bytes()
    result["message_limit_bytes"] = limit
    if result["largest_element_bytes"] > limit:
        # What `streamlit run` does with such a message: it replaces it with a MessageSizeError.
        size = result["largest_element_bytes"] / 1e6
        return {**result, "error": f"MessageSizeError: a {size:,.0f} MB message exceeds {limit / 1e6:,.0f} MB"}
    times = []
    for number in range(reruns):
        # Views already built stay cached per process; a filter change is timed as a view nobody opened before.
        st.cache_data.clear()
        started = time.perf_counter()
        app.multiselect(key="filter_types").set_value(values[number % len(values)]).run()
        times.append(time.perf_counter() - started)
        if app.exception:
            return {**result, "reruns_s": times, "error": str(app.exception[0].message)[:300]}
    result["reruns_s"] = times
    result["rerun_s"] = statistics.median(times) if times else None
    if readers:
        result.update(_new_readers(script, readers, timeout))
    return result


def _new_readers(script: Path, readers: int, timeout: float) -> dict[str, Any]:
    """First runs of new sessions in this warm process: of a link opened before, and of one nobody opened yet."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    shared: list[float] = []
    fresh: list[float] = []
    for _ in range(readers):
        for times, clear in ((shared, False), (fresh, True)):
            if clear:
                st.cache_data.clear()
            app = AppTest.from_file(str(script), default_timeout=timeout)
            started = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - started)
    return {
        "reader_s": statistics.median(shared),
        "fresh_reader_s": statistics.median(fresh),
        "readers_s": shared,
        "fresh_readers_s": fresh,
    }


def main(argv: list[str] | None = None) -> int:
    """Print one JSON object; problems become its "error" field, never a traceback."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("script", type=Path, help="Streamlit script, relative to the repository")
    parser.add_argument("--data", type=Path, required=True, help="dataset directory (INCIDENTS_DATA_DIR)")
    parser.add_argument("--reruns", type=int, default=3)
    parser.add_argument("--values", nargs="+", default=["riot", "riot escape", ""], help="type filters to cycle")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per run")
    parser.add_argument("--readers", type=int, default=0, help="new sessions to time after the reruns")
    arguments = parser.parse_args(argv)
    values = [value.split() for value in arguments.values]
    script = arguments.script if arguments.script.is_absolute() else REPOSITORY_ROOT / arguments.script
    try:
        result = probe(script, arguments.data, values, arguments.reruns, arguments.timeout, arguments.readers)
    except Exception as error:  # noqa: BLE001 - the benchmark reports any failure as data, never crashes
        result = {"error": f"{type(error).__name__}: {error}"[:300]}
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
