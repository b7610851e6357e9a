"""HTTP benchmark: fnbox serving a hello function against bare
Starlette+Hypercorn answering the same JSON without any JS, and HubSpot's own
local server (``@hubspot/serverless-dev-runtime`` 7.0.7: Express, no
sandbox, no limits) serving the same folder.

Both Python servers run 2 worker processes on uvloop; ``wrk`` (Debian's
package) drives 1 and 16 connections.  Prints req/s and p50/p99 latency and
the ratios.  HubSpot's server is skipped with a note when node/npm are
missing or it cannot be installed or started.  Run: ``just bench-http``
(``python -m tests.benchmarks.http [SECONDS]``).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this directory would come first on sys.path and this
# file would shadow the standard library's `http` for everything imported.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
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
BODY = b'{"message":"Hello, world"}'
HELLO_JS = ("exports.main = (context, sendResponse) => "
            "sendResponse({statusCode: 200, body: {message: 'Hello, world'}});\n")


async def _hello(request) -> Response:
    return Response(BODY, media_type="application/json")


#: The bare baseline: the same answer, no sandbox (served by Hypercorn from here).
bare_app = Starlette(routes=[Route(PATH, _hello)])


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


def measure(name: str, command: list[str], port: int, cwd: Path,
            seconds: int) -> dict[int, tuple[float, float, float]]:
    url = f"http://127.0.0.1:{port}{PATH}"
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready(url, process)
        wrk(url, 16, 2)  # warm up: every worker, caches, JITs
        return {c: wrk(url, c, seconds) for c in CONNECTIONS}
    except RuntimeError as exc:
        process.kill()
        raise RuntimeError(f"{name}: {exc}\n{process.stderr.read().decode(errors='replace')[-2000:]}") from None
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


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
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    python = sys.executable
    results: dict[str, dict[int, tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "hello.functions"
        folder.mkdir()
        (folder / "hello.js").write_text(HELLO_JS)
        (folder / "serverless.json").write_text(json.dumps(
            {"runtime": "nodejs20.x", "version": "1.0", "endpoints": {"hello": {"method": "GET", "file": "hello.js"}}}))
        port = free_port()
        results["Starlette+Hypercorn (no JS)"] = measure(
            "bare", [python, "-m", "hypercorn", "-k", "uvloop", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
                     "tests.benchmarks.http:bare_app"], port, ROOT, seconds)
        port = free_port()
        results["fnbox"] = measure(
            "fnbox", [python, "-m", "runtime.cli", "serve", str(folder), "--workers", str(WORKERS),
                      "--port", str(port), "--logs", "none"], port, ROOT, seconds)
        start = install_hubspot(work / "hubspot")
        if start:
            port = free_port()
            try:
                results["HubSpot dev runtime 7.0.7"] = measure(
                    "hubspot", ["node", "-e", start % (json.dumps(str(folder)), port)], port, work / "hubspot",
                    seconds)
            except RuntimeError as exc:
                print(f"note: HubSpot's dev runtime could not be measured: {exc}")
    report(results, seconds)


def report(results: dict[str, dict[int, tuple[float, float, float]]], seconds: int) -> None:
    print(f"\nHTTP benchmark: GET {PATH}, {seconds} s per run, wrk -t1; Python servers: {WORKERS} workers, uvloop\n")
    print(f"{'server':30} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, runs in results.items():
        for c, (rps, p50, p99) in runs.items():
            print(f"{name:30} {c:>5} {rps:>9.0f} {p50:>8.2f} {p99:>8.2f}")
    fnbox = results["fnbox"]
    print()
    for name, runs in results.items():
        if name == "fnbox":
            continue
        for c in CONNECTIONS:
            print(f"fnbox / {name} at {c:>2} connection{'s' if c > 1 else ' '}: "
                  f"{fnbox[c][0] / runs[c][0]:.2f}x req/s")
    print("\ntargets at 16 connections: fnbox >= 0.80x bare Starlette+Hypercorn, >= 1.00x HubSpot's dev runtime")


if __name__ == "__main__":
    main()
