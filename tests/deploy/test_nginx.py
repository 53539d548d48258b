"""deploy/nginx.conf in front of two real replicas: a reader's rerun, reconnect and download stay on one replica.

Needs Debian's nginx (`make test` installs it when it may); skipped without it, except in CI where it must run.
Everything listens on loopback only, on free ports, and is stopped at the end.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from benchmarks.local_app import free_port, start_streamlit, stop, wait_until_healthy
from tests.support import EXPLORER_DIR, REPOSITORY_ROOT

NGINX_CONF = REPOSITORY_ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
COOKIE = "atlas_replica"
T = TypeVar("T")
# Every replica must sign cookies alike; a fixed value is fine for a test that never leaves loopback.
COOKIE_SECRET = "test-only-shared-secret"

pytestmark = pytest.mark.skipif(
    NGINX is None and not os.environ.get("CI"), reason="Debian's nginx is not installed (make test installs it)"
)


def site_config(replica_ports: list[int], listen_port: int) -> str:
    """The shipped site configuration with its replicas and listening address moved to the test's free ports."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+.*$", text, flags=re.MULTILINE)
    assert len(servers) >= 2, "deploy/nginx.conf must list two or more replicas"
    replicas = "\n".join(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in replica_ports)
    text = text.replace("\n".join(servers), replicas)
    text = re.sub(r"^\s*listen \[::\]:80;\n", "", text, flags=re.MULTILINE)
    return re.sub(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{listen_port};", text, flags=re.MULTILINE)


@dataclass
class Cluster:
    """Two replicas and nginx: the proxy's URL and each replica's own URL."""

    proxy: str
    replicas: list[str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if NGINX is None:
        pytest.fail("nginx is required in CI: install Debian's nginx (make test does when it may)")
    root = tmp_path_factory.mktemp("nginx")
    ports = [free_port(), free_port()]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for port in ports:
            processes.append(
                start_streamlit(
                    "app.py",
                    port,
                    EXPLORER_DIR,
                    ["--browser.gatherUsageStats", "false"],
                    {"STREAMLIT_SERVER_COOKIE_SECRET": COOKIE_SECRET},
                )
            )
        replicas = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process in zip(replicas, processes, strict=True):
            wait_until_healthy(url, process, f"the replica at {url}")
        listen = free_port()
        (root / "site.conf").write_text(site_config(ports, listen), encoding="utf-8")
        temporary = "\n".join(
            f"    {name}_temp_path {root / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (root / "nginx.conf").write_text(
            f"pid {root / 'nginx.pid'};\nerror_log {root / 'error.log'} info;\nevents {{}}\n"
            f"http {{\n    access_log {root / 'access.log'};\n{temporary}\n    include {root / 'site.conf'};\n}}\n",
            encoding="utf-8",
        )
        checked = subprocess.run([NGINX, "-t", "-p", str(root), "-c", str(root / "nginx.conf")], capture_output=True)
        assert checked.returncode == 0, checked.stderr.decode()
        proxy = subprocess.Popen(
            [NGINX, "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(proxy)
        wait_until_healthy(f"http://127.0.0.1:{listen}", proxy, "nginx")
        yield Cluster(f"http://127.0.0.1:{listen}", replicas, processes)
    finally:
        for process in reversed(processes):
            stop(process)


def _first_cookie(proxy: str) -> str:
    """The affinity cookie nginx gives a reader on the first page load."""
    with urllib.request.urlopen(f"{proxy}/") as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    value = next(cookie.split(";", 1)[0] for cookie in cookies if cookie.startswith(f"{COOKIE}="))
    return value


def _active_sessions(replica: str) -> int:
    with urllib.request.urlopen(f"{replica}/_stcore/metrics") as response:
        text = response.read().decode()
    return int(sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith("active_sessions")))


@dataclass
class Run:
    """What one script run sent: the session id, page hashes by name, markdown text and download URLs."""

    session_id: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    markdown: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)


async def _until_finished(connection, run: Run) -> Run:  # noqa: ANN001 - a websockets client connection
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(connection.recv(), timeout=60))
        kind = message.WhichOneof("type")
        if kind == "new_session":
            run.session_id = message.new_session.initialize.session_id
            run.pages.update({page.url_pathname: page.page_script_hash for page in message.new_session.app_pages})
        elif kind == "navigation":
            run.pages.update({page.url_pathname: page.page_script_hash for page in message.navigation.app_pages})
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "markdown":
                run.markdown.append(element.markdown.body)
            elif element.WhichOneof("type") == "download_button" and element.download_button.url:
                run.downloads.append(element.download_button.url)
        elif kind == "script_finished":
            return run


async def _rerun(connection, query: str = "", page_hash: str = "") -> Run:  # noqa: ANN001
    from streamlit.proto.BackMsg_pb2 import BackMsg

    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_script_hash = page_hash
    await connection.send(request.SerializeToString())
    return await _until_finished(connection, Run())


def _connect(proxy: str, cookie: str, session_id: str | None = None):  # noqa: ANN202 - a websockets connection
    import websockets

    # Streamlit's browser client names the session it had in the third subprotocol entry to resume it.
    protocols = ["streamlit", "placeholder", session_id] if session_id else ["streamlit"]
    return websockets.connect(
        proxy.replace("http://", "ws://", 1) + "/_stcore/stream",
        subprotocols=[websockets.Subprotocol(protocol) for protocol in protocols],
        additional_headers={"Cookie": cookie},
        max_size=None,
    )


def _get(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a thread of its own: another test's browser may own this thread's event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_the_shipped_configuration_lists_replicas_with_affinity_and_websockets() -> None:
    text = NGINX_CONF.read_text(encoding="utf-8")
    assert re.search(r"hash \$\w+ consistent;", text)
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert (
        re.search(r"proxy_read_timeout (\d+)s;", text)
        and int(re.findall(r"proxy_read_timeout (\d+)s;", text)[0]) >= 3600
    )


def test_a_readers_rerun_reconnect_and_download_reach_one_replica(cluster: Cluster) -> None:
    async def scenario() -> None:
        cookie = _first_cookie(cluster.proxy)
        before = [_active_sessions(replica) for replica in cluster.replicas]
        async with _connect(cluster.proxy, cookie) as connection:
            first = await _rerun(connection, "type=riot")
            during = [_active_sessions(replica) for replica in cluster.replicas]
            opened = [now - then for now, then in zip(during, before, strict=True)]
            assert sorted(opened) == [0, 1], f"one replica holds the new session: {opened}"
            home = opened.index(1)
            # A link through nginx opens its view: two riots of the eight events.
            assert any("**2 of 8 events**" in text for text in first.markdown), first.markdown
            # A rerun finds the session's own state (its filters), so it ran where the session lives.
            rerun = await _rerun(connection)
            assert any("**2 of 8 events**" in text for text in rerun.markdown), rerun.markdown
            assert [_active_sessions(replica) for replica in cluster.replicas] == during
            events_page = next((hash_ for path, hash_ in first.pages.items() if "events" in path.lower()), None)
            assert events_page, first.pages
            downloads = await _rerun(connection, "type=riot", events_page)
            assert downloads.downloads, "the Events page offers its files"
        # Dropped and reconnected: the same session comes back, so the same replica was reached.
        async with _connect(cluster.proxy, cookie, first.session_id) as connection:
            resumed = await _rerun(connection, "type=riot")
            assert resumed.session_id == first.session_id
        # The download is served from the memory of the session's replica, through nginx with the cookie.
        status, body = _get(cluster.proxy + downloads.downloads[0], cookie)
        assert status == 200 and body
        # Without affinity it fails: the other replica has no such file.
        other = cluster.replicas[1 - home]
        assert _get(other + downloads.downloads[0])[0] == 404

    _run_async(scenario())


def test_readers_are_spread_over_the_replicas(cluster: Cluster) -> None:
    cookies = {_first_cookie(cluster.proxy) for _ in range(40)}
    assert len(cookies) == 40

    async def open_sessions() -> list[int]:
        before = [_active_sessions(replica) for replica in cluster.replicas]
        connections = [await _connect(cluster.proxy, cookie).__aenter__() for cookie in sorted(cookies)[:12]]
        try:
            for connection in connections:
                await _rerun(connection)
            return [_active_sessions(replica) - then for replica, then in zip(cluster.replicas, before, strict=True)]
        finally:
            for connection in connections:
                await connection.close()

    opened = _run_async(open_sessions())
    assert sum(opened) == 12 and min(opened) >= 1, opened
