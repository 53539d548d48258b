"""Open one link from many new sessions at the same moment and print each one's wait, as one JSON line.

Used by `python -m benchmarks` for the burst of readers; it lives with the benchmarks, outside incidents/
because it speaks Streamlit's websocket protocol, which the domain package never imports.

    python benchmarks/burst_probe.py http://127.0.0.1:8501 --query "type=riot" --readers 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


async def follow_link(url: str, query: str, start: asyncio.Event) -> float:
    """One reader: a new session's websocket, its first run requested, until the run has finished."""
    await start.wait()
    started = time.perf_counter()
    address = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    # No client pings: a server busy with the burst may answer late, and a real browser does not drop it for that.
    protocols = [websockets.Subprotocol("streamlit")]
    async with websockets.connect(address, subprotocols=protocols, max_size=None, ping_interval=None) as link:
        request = BackMsg()
        request.rerun_script.query_string = query
        request.rerun_script.page_script_hash = ""
        await link.send(request.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await link.recv())
            if message.WhichOneof("type") == "script_finished":
                return time.perf_counter() - started


async def burst(url: str, query: str, readers: int) -> list[float]:
    """Seconds each of `readers` sessions waited, all released at once."""
    start = asyncio.Event()
    tasks = [asyncio.create_task(follow_link(url, query, start)) for _ in range(readers)]
    # Every reader is scheduled and waiting before the clock starts for all of them at once.
    await asyncio.sleep(0.5)
    start.set()
    return list(await asyncio.gather(*tasks))


def main(argv: list[str] | None = None) -> int:
    """Print {"waits_s": [...]} or {"error": ...}, never a traceback."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("url")
    parser.add_argument("--query", default="", help="the link's query string, without '?'")
    parser.add_argument("--readers", type=int, default=30)
    arguments = parser.parse_args(argv)
    try:
        result: dict[str, object] = {"waits_s": asyncio.run(burst(arguments.url, arguments.query, arguments.readers))}
    except Exception as error:  # noqa: BLE001 - the benchmark reports any failure as data, never crashes
        result = {"error": f"{type(error).__name__}: {error}"[:300]}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
