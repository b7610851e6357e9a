"""HTTP benchmark: fnbox serving a hello function against bare
Starlette+Hypercorn answering the same JSON without any JS, and HubSpot's own
local server (``@hubspot/serverless-dev-runtime`` 7.0.7: Express, no
sandbox, no limits) serving the same folder.

Both Python servers run 2 worker processes on uvloop; ``wrk`` (Debian's
package) drives 1 and 16 connections.  fnbox also runs with budget
accounting off, which shows what accounting costs, and with a fresh
instance per invocation (``FNBOX_RECYCLE=0``), which shows what recycling
instances saves; the bare app runs a second time the way ``fnbox serve``
serves (HTTP/1.1 with llhttp, :mod:`runtime.http.http1`), which shows what
that alone gives and what the sandbox costs beside it.  All servers start
together and take turns, round after round, so that the machine's drift
hits them alike; the report gives medians and ratios per round.  HubSpot's
server is skipped with a note when node/npm are missing or it cannot be
installed or started.  Run: ``just bench-http`` (``python -m
tests.benchmarks.http [SECONDS_PER_RUN [ROUNDS]]``, default 5 s, 3 rounds).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this directory would come first on sys.path and this
# file would shadow the standard library's `http` for everything imported.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from starlette.applications import Starlette  # noqa: E402
from starlette.responses import Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
CONNECTIONS = (1, 16)
HUBSPOT_PACKAGE = "@hubspot/serverless-dev-runtime@7.0.7"
PATH = "/_hcms/api/hello"
BARE = "Starlette+Hypercorn (no JS)"
BARE_HTTP1 = "same, on fnbox's HTTP/1.1 (no JS)"
FNBOX = "fnbox"
UNBUDGETED = "fnbox, budget accounting off"
FRESH = "fnbox, fresh instances"
HUBSPOT = "HubSpot dev runtime 7.0.7"
#: req/s, p50 ms, p99 ms of one wrk run
Run = tuple[float, float, float]
BODY = b'{"message":"Hello, world"}'
HELLO_JS = ("exports.main = (context, sendResponse) => "
            "sendResponse({statusCode: 200, body: {message: 'Hello, world'}});\n")


async def _hello(request) -> Response:
    return Response(BODY, media_type="application/json")


#: The bare baseline: the same answer, no sandbox (served by Hypercorn from here).
bare_app = Starlette(routes=[Route(PATH, _hello)])

#: where the workers of the servers run as fnbox's own find the folder
FOLDER_ENV = "FNBOX_BENCH_FOLDER"


def _config(folder: str, port: int = 0):
    from runtime.http import ServerConfig
    from runtime.http.config import with_folders

    config = ServerConfig(port=port, workers=WORKERS, state_dir=str(Path(folder).parent / "state"))
    return with_folders(config, [folder], 1)


def unbudgeted_app():
    """fnbox as a ``fnbox serve`` worker builds it, with budget accounting
    off: what accounting costs is the difference (each worker calls this)."""
    from runtime.http import create_app
    from runtime.http.hooks import Unlimited
    from runtime.http.server import prepared

    return prepared(create_app(_config(os.environ[FOLDER_ENV]), budget=Unlimited()))


def bare_http1_app():
    """The bare app, served the way ``fnbox serve`` serves: HTTP/1.1 with
    llhttp (:mod:`runtime.http.http1`) and the idle timer."""
    from runtime.http.server import prepared

    return prepared(bare_app)


def serve_as_fnbox(port: int, application: str, folder: str) -> int:
    """Serve *application* (``unbudgeted_app`` or ``bare_http1_app``) in
    workers as ``fnbox serve`` runs its own."""
    from runtime.http.server import hypercorn_config, run_workers

    os.environ[FOLDER_ENV] = folder
    hc = hypercorn_config(_config(folder, port))
    hc.application_path = f"tests.benchmarks.http:{application}()"
    return run_workers(hc)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                body = answer.read()
            if json.loads(body) == json.loads(BODY):
                return
            raise RuntimeError(f"unexpected answer {body!r}")
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"not answering after {timeout} s")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, connections: int, seconds: int) -> tuple[float, float, float]:
    """req/s, p50 ms, p99 ms."""
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out)[1])
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out)[1])
    return rps, p50, p99


class Server:
    """One server under test, started in the background."""

    def __init__(self, name: str, command: list[str], port: int, cwd: Path, env: dict[str, str] | None = None):
        self.name = name
        self.url = f"http://127.0.0.1:{port}{PATH}"
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)

    def ready(self) -> None:
        try:
            wait_ready(self.url, self.process)
            wrk(self.url, 16, 2)  # warm up: every worker, caches, JITs
        except RuntimeError as exc:
            self.stop()
            raise RuntimeError(f"{self.name}: {exc}\n"
                               f"{self.process.stderr.read().decode(errors='replace')[-2000:]}") from None

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def measure(servers: list[Server], seconds: int, rounds: int) -> dict[str, dict[int, list[Run]]]:
    """Every server at every connection count, *rounds* times, the servers
    taking turns: drift in the machine's speed (other tenants, frequency)
    then hits all of them alike instead of whichever ran last.  Idle
    servers wait in the background and cost nothing measurable."""
    runs: dict[str, dict[int, list[Run]]] = {server.name: {c: [] for c in CONNECTIONS} for server in servers}
    for n in range(rounds):
        print(f"round {n + 1}/{rounds}", file=sys.stderr, flush=True)
        for c in CONNECTIONS:
            for server in servers:
                runs[server.name][c].append(wrk(server.url, c, seconds))
    return runs


def install_hubspot(into: Path) -> str | None:
    """The command that starts HubSpot's dev server, or None (with a note)."""
    if not (shutil.which("node") and shutil.which("npm")):
        print("note: node/npm not found; HubSpot's dev runtime skipped")
        return None
    done = subprocess.run(["npm", "install", "--prefix", str(into), "--no-audit", "--no-fund", "--silent",
                           HUBSPOT_PACKAGE], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"note: npm install {HUBSPOT_PACKAGE} failed; HubSpot's dev runtime skipped\n{done.stderr[-1000:]}")
        return None
    return "require('@hubspot/serverless-dev-runtime').start({path: %s, port: %d, accountId: 1});"


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "hello.functions"
        folder.mkdir()
        (folder / "hello.js").write_text(HELLO_JS)
        (folder / "serverless.json").write_text(json.dumps(
            {"runtime": "nodejs20.x", "version": "1.0", "endpoints": {"hello": {"method": "GET", "file": "hello.js"}}}))
        hypercorn = [python, "-m", "hypercorn", "-k", "uvloop", "-w", str(WORKERS), "-b"]
        ports = [free_port() for _ in range(6)]
        fnbox = [python, "-m", "runtime.cli", "serve", str(folder), "--workers", str(WORKERS), "--logs", "none",
                 "--port"]
        servers = [
            Server(BARE, [*hypercorn, f"127.0.0.1:{ports[0]}", "tests.benchmarks.http:bare_app"], ports[0], ROOT),
            # What fnbox's HTTP/1.1 alone gives, against the bare app's h11.
            Server(BARE_HTTP1, [python, "-m", "tests.benchmarks.http", "--as-fnbox", str(ports[5]), "bare_http1_app",
                                str(folder)], ports[5], ROOT),
            Server(FNBOX, [*fnbox, str(ports[1])], ports[1], ROOT),
            Server(UNBUDGETED, [python, "-m", "tests.benchmarks.http", "--as-fnbox", str(ports[2]), "unbudgeted_app",
                                str(folder)], ports[2], ROOT),
            # Every invocation in a fresh instance: what recycling saves.
            Server(FRESH, [*fnbox, str(ports[4])], ports[4], ROOT, env={**os.environ, "FNBOX_RECYCLE": "0"}),
        ]
        start = install_hubspot(work / "hubspot")
        if start:
            servers.append(Server(HUBSPOT, ["node", "-e", start % (json.dumps(str(folder)), ports[3])], ports[3],
                                  work / "hubspot"))
        try:
            for server in list(servers):
                try:
                    server.ready()
                except RuntimeError as exc:
                    if server.name != HUBSPOT:
                        raise
                    print(f"note: HubSpot's dev runtime could not be measured: {exc}")
                    servers.remove(server)
            runs = measure(servers, seconds, rounds)
        finally:
            for server in servers:
                server.stop()
    report(runs, seconds, rounds)


def _median(runs: list[Run], index: int) -> float:
    return statistics.median(run[index] for run in runs)


def report(runs: dict[str, dict[int, list[Run]]], seconds: int, rounds: int) -> None:
    print(f"\nHTTP benchmark: GET {PATH}, wrk -t1, {rounds} rounds of {seconds} s per server and connection "
          f"count, servers taking turns (medians); Python servers: {WORKERS} workers, uvloop\n")
    print(f"{'server':34} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, by_conns in runs.items():
        for c, samples in by_conns.items():
            print(f"{name:34} {c:>5} {_median(samples, 0):>9.0f} {_median(samples, 1):>8.2f} "
                  f"{_median(samples, 2):>8.2f}")

    def ratio(a: str, b: str, c: int) -> float:
        # Per round, then the median: a round's servers ran minutes apart at most.
        return statistics.median(x[0] / y[0] for x, y in zip(runs[a][c], runs[b][c]))

    print()
    for name in runs:
        if name in (FNBOX, UNBUDGETED, FRESH):
            continue
        for c in CONNECTIONS:
            print(f"fnbox / {name} at {c:>2} connection{'s' if c > 1 else ' '}: {ratio(FNBOX, name, c):.2f}x req/s")
    for c in CONNECTIONS:
        share = ratio(FNBOX, UNBUDGETED, c)
        print(f"budget accounting at {c:>2} connection{'s' if c > 1 else ' '}: {(1 - share) * 100:+.1f} % of "
              f"req/s (fnbox / fnbox without it: {share:.2f}x)")
    for c in CONNECTIONS:
        print(f"recycling instances at {c:>2} connection{'s' if c > 1 else ' '}: {ratio(FNBOX, FRESH, c):.2f}x req/s "
              "(fnbox / fnbox with a fresh instance per invocation)")
    print("\ntargets at 16 connections: fnbox >= 0.80x bare Starlette+Hypercorn, >= 1.00x HubSpot's dev runtime;"
          " budget accounting <= 5 % of req/s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--as-fnbox"]:      # one of the servers main() starts
        sys.exit(serve_as_fnbox(int(sys.argv[2]), sys.argv[3], sys.argv[4]))
    main()
