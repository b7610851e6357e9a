"""Every limit ends the invocation with its own typed error, and the process
serves the next invocation normally."""

from __future__ import annotations

import pytest

from runtime.engine import (CpuLimitError, JavaScriptError, Limits, MemoryLimitError, StackOverflowError,
                            TimeLimitError)

from .conftest import SMALL, main_body

HOSTILE = {
    "infinite loop": ("for(;;){}", CpuLimitError),
    "loop in finally": ("try { for(;;){} } finally { for(;;){} }", CpuLimitError),
    "catastrophic regex": ("return /^(a+)+$/.test('a'.repeat(40) + 'b');", CpuLimitError),
    "deep recursion": ("function f(n) { return f(n + 1) + 1; } return f(0);", StackOverflowError),
    "huge array fill": ("return new Array(1e9).fill(0).length;", MemoryLimitError),
    "push loop": ("const a = []; for(;;) a.push({x: a.length});", MemoryLimitError),
    "huge ArrayBuffer": ("return new ArrayBuffer(2 ** 30).byteLength;", MemoryLimitError),
    # QuickJS caps string length (Node: RangeError "Invalid string length").
    "string doubling": ("let s = 'x'; for(;;) s += s;", JavaScriptError),
    "string materialising": ("let s = 'x'; for(;;) { s += s; s = s.split('').join(''); }", MemoryLimitError),
    "catch OOM and hold on": (
        "const keep = []; for(;;) { try { keep.push(new Array(1e5).fill(1)); } catch (e) { keep.push(e); } }",
        (MemoryLimitError, CpuLimitError)),
    "console flood": ("for(;;) console.log('x'.repeat(1000));", CpuLimitError),
    # Each turn leaves a settled promise behind: memory or fuel runs out first.
    "microtask loop": ("const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {});",
                       (CpuLimitError, MemoryLimitError)),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_code_gets_its_typed_error_then_next_request_works(run, name):
    body, expected = HOSTILE[name]
    r = run(main_body(body), limits=SMALL)
    assert isinstance(r.error, expected), f"{name}: {r.error!r}"
    assert r.fuel <= SMALL.fuel
    assert r.memory_bytes <= SMALL.memory_bytes
    ok = run("exports.main = (i) => i + 1", 41)
    assert ok.error is None and ok.output == 42


def test_console_flood_is_capped_not_lost(run):
    r = run(main_body("for (let i = 0; ; i++) console.log('line', i);"), limits=SMALL)
    assert isinstance(r.error, CpuLimitError)
    assert r.logs[0].text == "line 0"
    assert r.logs_dropped > 0
    assert sum(len(l.text) for l in r.logs) <= SMALL.log_bytes


def test_console_output_before_a_trap_is_kept(run):
    r = run(main_body("console.log('before'); for(;;){}"), limits=SMALL)
    assert isinstance(r.error, CpuLimitError)
    assert [l.text for l in r.logs] == ["before"]


def test_wall_clock_deadline_covers_waiting(run):
    limits = Limits(wall_ms=300)
    r = run(main_body("await new Promise(r => setTimeout(r, 5000)); return 1;"), limits=limits)
    assert isinstance(r.error, TimeLimitError)
    assert 250 <= r.wall_ms < 2000


def test_wall_clock_deadline_interrupts_cpu_work(run):
    limits = Limits(wall_ms=200)   # default fuel: ~10 s of CPU
    r = run(main_body("for(;;){}"), limits=limits)
    assert isinstance(r.error, TimeLimitError)
    assert r.wall_ms < 2000


def test_deadline_holds_after_the_epoch_ticker_went_idle(run, engine, monkeypatch):
    """The ticker sleeps once every armed deadline has passed; the next
    instance wakes it, and its deadline still interrupts CPU work."""
    import time

    from runtime.engine import wasm
    monkeypatch.setattr(wasm, "IDLE_AFTER_S", 0.05)
    assert run("exports.main = () => 1", limits=Limits(wall_ms=100)).output == 1
    host = engine.host
    give_up = time.monotonic() + 5
    while not host._idle and time.monotonic() < give_up:
        time.sleep(0.05)
    assert host._idle, "the ticker kept ticking with nothing to time"
    r = run(main_body("for(;;){}"), limits=Limits(wall_ms=200))
    assert isinstance(r.error, TimeLimitError)
    assert r.wall_ms < 2000
    assert not host._idle


def test_fuel_cap_is_exact(run):
    limits = Limits(fuel=50_000_000)
    r = run(main_body("for(;;){}"), limits=limits)
    assert isinstance(r.error, CpuLimitError)
    assert r.fuel == 50_000_000


def test_memory_limit_is_enforced_on_linear_memory(run):
    limits = Limits(memory_bytes=32 * 1024 * 1024)
    r = run(main_body("const keep = []; for(;;) keep.push(new Uint8Array(1 << 20));"), limits=limits)
    assert isinstance(r.error, MemoryLimitError)
    assert r.memory_bytes <= 32 * 1024 * 1024


def test_moderate_recursion_is_fine(run):
    r = run(main_body("function f(n) { return n === 0 ? 0 : 1 + f(n - 1); } return f(200);"))
    assert r.output == 200
