"""Worker processes and graceful shutdown: on SIGTERM the listeners close
and an invocation in flight still gets its answer."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import time
from pathlib import Path

import httpx
import pytest

from .conftest import Server, proc_status, write_folder

NAP = """exports.main = async (context) => {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { body: { pid: process.pid, rested: true } };
};"""
HELLO = """exports.main = (context, sendResponse) => sendResponse({ body: { hello: "world" } });"""


def wait_in_flight(server: Server) -> None:
    """Until a worker reports the invocation running (each connection may
    reach either worker, so ask again)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if httpx.get(server.url + "/_fnbox/health", timeout=5).json()["inFlight"]:
            return
        time.sleep(0.02)
    raise AssertionError("the invocation never started")


@pytest.mark.parametrize("workers", [1, 2])
def test_shutdown_lets_in_flight_invocations_finish(tmp_path, workers):
    folder = write_folder(tmp_path, "site.functions", {"nap": ("GET", NAP), "hello": ("GET", HELLO)})
    server = Server([str(folder), "--workers", str(workers)], tmp_path / "serve.log")
    try:
        with httpx.Client(timeout=30) as client:
            for _ in range(20):
                assert client.get(server.url + "/_hcms/api/hello").json() == {"hello": "world"}
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pending = pool.submit(httpx.get, server.url + "/_hcms/api/nap", timeout=30)
            wait_in_flight(server)
            server.process.send_signal(signal.SIGTERM)
            response = pending.result()
        assert response.status_code == 200
        assert response.json()["rested"] is True
        assert server.process.wait(30) == 0
        with pytest.raises(httpx.TransportError):
            httpx.get(server.url + "/_hcms/api/hello", timeout=2)
    finally:
        server.stop(signal.SIGKILL)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _workers(server: Server) -> list[int]:
    found = [pid for pid in _children(server.process.pid)
             if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert len(found) == 2
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_workers_stop_when_the_server_is_killed(tmp_path):
    """Even by SIGKILL: orphaned workers would serve on, holding the port."""
    folder = write_folder(tmp_path, "site.functions", {"hello": ("GET", HELLO)})
    server = Server([str(folder), "--workers", "2"], tmp_path / "serve.log")
    workers = _workers(server)
    server.stop(signal.SIGKILL)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    with pytest.raises(httpx.TransportError):
        httpx.get(server.url + "/_hcms/api/hello", timeout=2)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_workers_accept_one_connection_at_a_time(tmp_path):
    """Otherwise the first worker to wake takes every connection waiting."""
    folder = write_folder(tmp_path, "site.functions", {"hello": ("GET", HELLO)})
    server = Server([str(folder), "--workers", "2"], tmp_path / "serve.log")
    try:
        for pid in _workers(server):
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert b"UV_TCP_SINGLE_ACCEPT=1" in environ
    finally:
        server.stop(signal.SIGKILL)


def _cpus(path: Path) -> str:
    return proc_status(path, "Cpus_allowed_list")


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs Linux and 2 CPUs")
@pytest.mark.parametrize("pinned", [True, False], ids=["pinned", "--no-pin-workers"])
def test_each_worker_keeps_its_event_loop_on_a_cpu_of_its_own(tmp_path, pinned):
    """...while its executor's threads (long invocations, blocking I/O) may use every CPU."""
    every = _cpus(Path("/proc/self"))
    folder = write_folder(tmp_path, "site.functions", {"hello": ("GET", HELLO)})
    server = Server([str(folder), "--workers", "2", *([] if pinned else ["--no-pin-workers"])],
                    tmp_path / "serve.log")
    try:
        workers = _workers(server)
        for pid in workers:
            # Once its engine's ticker runs, a worker has settled where it runs;
            # the secrets watcher then polls from the executor within seconds.
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                threads = list(Path(f"/proc/{pid}/task").iterdir())
                if len(threads) > 1 and any(_cpus(t) == every for t in threads if t.name != str(pid)):
                    break
                time.sleep(0.2)
            else:
                raise AssertionError(f"no thread of worker {pid} beside its event loop may use every CPU")
        loops = {_cpus(Path(f"/proc/{pid}")) for pid in workers}
        if pinned:
            assert len(loops) == 2 and every not in loops and all("," not in c and "-" not in c for c in loops)
        else:
            assert loops == {every}
    finally:
        server.stop()


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="needs Linux")
def test_a_cpu_the_system_refuses_leaves_the_thread_where_it_was():
    from runtime.http.server import _keep_to

    before = os.sched_getaffinity(0)
    assert not _keep_to({max(before) + 4096})       # no such CPU: EINVAL, not a dead worker
    assert os.sched_getaffinity(0) == before
    assert _keep_to(before)
