"""Real servers for the HTTP tests: ``fnbox serve`` in a subprocess (or the
app under Hypercorn in a thread, where a test needs to hand it Python
objects), on a free loopback port, talked to with httpx."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from hypercorn.asyncio import serve as hypercorn_serve
from hypercorn.config import Config as HypercornConfig

# The loopback upstream of the egress tests, for functions that call out.
from tests.egress.conftest import upstream  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_folder(parent: Path, name: str, endpoints: dict[str, tuple[str | list[str], str]],
                 config: dict | None = None) -> Path:
    """``endpoints``: key -> (method(s), JavaScript source); files are named after the key."""
    folder = parent / name
    folder.mkdir(parents=True, exist_ok=True)
    entries = {}
    for key, (method, source) in endpoints.items():
        file = key.replace("/", "-") + ".js"
        (folder / file).write_text(source)
        entries[key] = {"method": method, "file": file}
    (folder / "serverless.json").write_text(json.dumps(
        {"runtime": "nodejs20.x", "version": "1.0", **(config or {}), "endpoints": entries}, indent=2))
    return folder


def proc_status(path: Path, field: str) -> str:
    """A field of the ``status`` file of a process or thread (``/proc/PID``,
    ``/proc/PID/task/TID``)."""
    status = (path / "status").read_text()
    return next(line.split(":", 1)[1].strip() for line in status.splitlines() if line.startswith(f"{field}:"))


class Server:
    """``fnbox serve`` in a subprocess; output goes to a file the test can read.
    Without ``--config`` or ``--state-dir`` the state (logs, budgets,
    secrets) goes to ``state/`` beside the log file, never to the checkout."""

    def __init__(self, args: list[str], log: Path, port: int | None = None, env: dict | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.state_dir = log.parent / "state"
        if "--config" not in args and "--state-dir" not in args:
            args = [*args, "--state-dir", str(self.state_dir)]
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "runtime.cli", "serve", *args, "--port", str(self.port)],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "200", **(env or {})})
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"fnbox serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                httpx.get(self.url + "/_fnbox/health", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"fnbox serve did not start in {START_TIMEOUT_S} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_output(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.output()
            if text in out:
                return out
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not printed within {timeout} s; output:\n{self.output()}")

    def peak_rss_mb(self) -> float:
        return int(proc_status(Path(f"/proc/{self.process.pid}"), "VmHWM").split()[0]) / 1024

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class ThreadServer:
    """An app object under Hypercorn in a background thread (its own loop)."""

    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = HypercornConfig()
        config.bind = [f"127.0.0.1:{self.port}"]
        config.accesslog = None
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        ready = threading.Event()

        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            ready.set()
            await hypercorn_serve(app, config, shutdown_trigger=self._stop.wait)

        self.thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
        self.thread.start()
        ready.wait(10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/_fnbox/health", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("the in-thread server did not start")

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(30)


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=30) as c:
        yield c


async def raw_get(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    """One GET on its own connection, with no client library in the way (a
    thousand of these cost the test process far less CPU than httpx)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = await reader.read()
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return int(lines[0].split(" ")[1]), headers, body


def connect(server) -> socket.socket:
    """A plain TCP connection to *server* (anything with a ``port``)."""
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def read_answer(sock: socket.socket, head_only: bool = False) -> tuple[bytes, bytes]:
    """One answer from a kept-alive connection: head and body (by Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed mid-answer: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if head_only:
        length = 0
    while len(body) < length:
        body += sock.recv(65536)
    assert len(body) == length, f"more than the answer arrived: {body!r}"
    return head, body


def get(path: str, method: str = "GET") -> bytes:
    """A bodiless HTTP/1.1 request, leaving the connection open."""
    return f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
