"""Shared machinery of the security suite: run a hostile function in a fresh
sandbox and check the invariants every hostile invocation must keep.

Invariants (issue 9):
- the host answers: ``invoke`` returns a :class:`Result` whose error, if
  any, is one of the engine's typed errors (never a Python exception);
- every limit holds: fuel <= its cap (exactly the cap on CpuLimitError),
  wall time within 10 % of its figure plus one epoch tick, linear memory
  <= its cap;
- the next ordinary invocation answers normally (host alive, nothing left
  behind);
- the result says what happened (typed error, logs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from runtime.engine import Engine, Limits, Result, SandboxError
from runtime.engine.wasm import EPOCH_TICK_S

MIB = 1024 * 1024
REPO = Path(__file__).resolve().parents[2]

#: Small limits: most invariants hold whatever the figures, and CI time matters.
SMALL = Limits(wall_ms=2000, fuel=2_000_000_000, memory_bytes=32 * MIB)
#: For tests about waiting (timers, host operations): a short wall clock.
SHORT = Limits(wall_ms=400, fuel=2_000_000_000, memory_bytes=32 * MIB)

#: Host-side slack on top of "10 % + one tick": Python scheduling between the
#: guest's answer and the Result being made.
WALL_SLACK_MS = 25

HELLO = "exports.main = (input) => ({ hello: input && input.name })"


class HostRaised(AssertionError):
    """The host let an untyped exception out of an invocation."""


def wall_bound(limits: Limits) -> float:
    return limits.wall_ms * 1.10 + EPOCH_TICK_S * 1000 + WALL_SLACK_MS


def check_limits(result: Result, limits: Limits) -> None:
    """Every limit held, within the tolerances of issue 9."""
    from runtime.engine import CpuLimitError
    assert result.fuel <= limits.fuel, f"fuel {result.fuel} over the cap {limits.fuel}"
    if isinstance(result.error, CpuLimitError):
        assert result.fuel == limits.fuel, f"CpuLimitError with fuel {result.fuel} != cap {limits.fuel}"
    assert result.memory_bytes <= limits.memory_bytes, \
        f"linear memory {result.memory_bytes} over the cap {limits.memory_bytes}"
    assert result.wall_ms <= wall_bound(limits), \
        f"wall {result.wall_ms:.0f} ms over {limits.wall_ms} ms + 10 % + tick"
    assert result.logs_dropped >= 0
    assert sum(len(l.text.encode()) for l in result.logs) <= limits.log_bytes


class Sandbox:
    """Runs functions the way the suite needs; one per test."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._hello = None

    def compile(self, source: str | dict[str, str], *, entry: str = "/app/index.js",
                snapshot: bool = False, env: dict[str, str] | None = None):
        files = source if isinstance(source, dict) else {entry: source}
        return self.engine.compile(files, entry=entry, snapshot=snapshot, env=env)

    def invoke(self, unit, input: Any = None, *, limits: Limits = SMALL, **kwargs) -> Result:
        """Invoke; an exception other than a typed SandboxError fails the test."""
        try:
            result = self.engine.invoke_sync(unit, input, limits=limits, **kwargs)
        except SandboxError as exc:   # typed, but invoke should return it in the Result
            raise HostRaised(f"invoke raised {exc!r} instead of returning it in Result.error") from exc
        except Exception as exc:
            raise HostRaised(f"the host let an untyped exception out of invoke: "
                             f"{type(exc).__name__}: {exc}") from exc
        assert result.error is None or isinstance(result.error, SandboxError), result.error
        return result

    def run(self, source: str | dict[str, str], input: Any = None, *, limits: Limits = SMALL,
            snapshot: bool = False, entry: str = "/app/index.js", env: dict[str, str] | None = None,
            **kwargs) -> Result:
        unit = self.compile(source, entry=entry, snapshot=snapshot, env=env)
        return self.invoke(unit, input, limits=limits, **kwargs)

    def hostile(self, source: str | dict[str, str], input: Any = None, *, limits: Limits = SMALL,
                **kwargs) -> Result:
        """Run a hostile function and check every invariant after it."""
        result = self.run(source, input, limits=limits, **kwargs)
        check_limits(result, limits)
        self.alive()
        return result

    def alive(self) -> None:
        """A normal invocation right after answers the right thing."""
        if self._hello is None:
            self._hello = self.compile(HELLO, snapshot=True)
        r = self.invoke(self._hello, {"name": "next"}, limits=SMALL)
        assert r.error is None and r.output == {"hello": "next"}, (r.error, r.output)


@pytest.fixture
def sandbox(engine: Engine) -> Sandbox:
    return Sandbox(engine)


def main_body(body: str) -> str:
    return "exports.main = async (input, send) => {\n" + body + "\n};"


def run_isolated(code: str, timeout: float, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run *code* in a fresh Python process (for checks that may crash or hang
    the process they run in); never raises on timeout: returncode is None."""
    script = "import sys; sys.path.insert(0, %r)\n" % str(REPO) + textwrap.dedent(code)
    try:
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=timeout, cwd=REPO, env={**os.environ, **(env or {})})
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        return subprocess.CompletedProcess(exc.cmd, None, out, err)


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz_crash: a fuzz corpus crash input replayed as a regression test")
