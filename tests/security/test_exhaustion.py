"""Exhaustion: CPU, memory, stack, regex, console, timers, promises, host
operations, response size and shape.  Every one ends in its own typed error
(or a normal answer), within its limit, and the next invocation answers."""

from __future__ import annotations

import threading

import h11
import pytest

from runtime.engine import (CpuLimitError, EngineError, JavaScriptError, Limits, MemoryLimitError,
                            NoResponseError, StackOverflowError, TimeLimitError)
from runtime.http.responses import checked
from runtime.invoke import InvalidResponse, normalise

from .conftest import MIB, SHORT, SMALL, check_limits, main_body, run_isolated, wall_bound

LIMIT = (CpuLimitError, MemoryLimitError, StackOverflowError, TimeLimitError)

#: name -> (body of an async main, accepted outcomes).  An outcome is an error
#: type, or "ok" for a normal answer.  These double as the fuzz seed corpus.
HOSTILE: dict[str, tuple[str, tuple]] = {
    # CPU
    "infinite loop": ("for (;;) {}", (CpuLimitError,)),
    "loop in finally": ("try { for (;;) {} } finally { for (;;) {} }", (CpuLimitError,)),
    "loop in catch of a loop": ("for (;;) { try { throw 1; } catch (e) { continue; } }", (CpuLimitError,)),
    "generator that never ends": ("function* g() { for (;;) yield 1; } for (const x of g()) {}", (CpuLimitError,)),
    "async loop on resolved promises": ("for (;;) await null;", (CpuLimitError, MemoryLimitError)),
    # memory, many shapes
    "array push": ("const a = []; for (;;) a.push({ x: a.length });", (MemoryLimitError,)),
    "Array(1e9).fill": ("return new Array(1e9).fill(0).length;", (MemoryLimitError,)),
    "ArrayBuffer 1 GiB": ("return new ArrayBuffer(2 ** 30).byteLength;", (MemoryLimitError,)),
    "ArrayBuffer 4 GiB - 1": ("return new ArrayBuffer(2 ** 32 - 1).byteLength;", (MemoryLimitError, JavaScriptError)),
    "resizable ArrayBuffer grown": ("const b = new ArrayBuffer(8, { maxByteLength: 2 ** 31 }); for (let n = 16; ; n *= 2) b.resize(n);",
                                    (MemoryLimitError, JavaScriptError)),
    "typed arrays": ("const keep = []; for (;;) keep.push(new Float64Array(1e6));", (MemoryLimitError,)),
    "Map growth": ("const m = new Map(); for (let i = 0; ; i++) m.set(i, 'v' + i);", (MemoryLimitError, CpuLimitError)),
    "object with many keys": ("const o = {}; for (let i = 0; ; i++) o['k' + i] = i;", (MemoryLimitError, CpuLimitError)),
    "closures": ("let f = () => 0; for (;;) { const g = f; f = () => g() + 1; }", (MemoryLimitError, CpuLimitError)),
    "string materialising": ("let s = 'x'; for (;;) { s += s; s = s.split('').join(''); }", (MemoryLimitError, JavaScriptError)),
    "rope string doubling": ("let s = 'x'; for (;;) s += s;", (JavaScriptError, MemoryLimitError)),
    "catch OOM and hold on": ("const keep = []; for (;;) { try { keep.push(new Array(1e5).fill(1)); } catch (e) { keep.push(e); } }",
                              (MemoryLimitError, CpuLimitError)),
    "Buffer.alloc 1 GB": ("return Buffer.alloc(1e9).length;", (MemoryLimitError, JavaScriptError)),
    "structuredClone bomb": ("let o = [1]; for (let i = 0; i < 40; i++) o = [o, o]; return structuredClone(o).length;",
                             ("ok", MemoryLimitError, CpuLimitError, StackOverflowError, JavaScriptError)),
    "JSON.stringify of a shared-node bomb": ("let o = [1]; for (let i = 0; i < 40; i++) o = [o, o]; return JSON.stringify(o).length;",
                                             (MemoryLimitError, CpuLimitError, JavaScriptError)),
    "JSON.parse of a huge document": ("const s = '[' + '1,'.repeat(2e7) + '1]'; return JSON.parse(s).length;",
                                      (MemoryLimitError, JavaScriptError)),
    "spread a huge array into a call": ("return Math.max(...new Array(1e7).fill(1));", (MemoryLimitError, JavaScriptError, StackOverflowError)),
    "apply with a huge array": ("return String.fromCharCode.apply(null, new Array(1e7).fill(65)).length;",
                                (MemoryLimitError, JavaScriptError, StackOverflowError, "ok")),
    # stack
    "deep recursion": ("function f(n) { return f(n + 1) + 1; } return f(0);", (StackOverflowError,)),
    "deep recursion caught and retried": ("function f() { try { return f(); } catch (e) { return f(); } } return f();",
                                          (StackOverflowError, CpuLimitError)),
    "deep JSON.parse nesting": ("return JSON.parse('['.repeat(1e5) + ']'.repeat(1e5)).length;", (StackOverflowError, JavaScriptError)),
    "deep JSON.stringify nesting": ("let o = []; for (let i = 0; i < 1e5; i++) o = [o]; return JSON.stringify(o).length;",
                                    (StackOverflowError, JavaScriptError, CpuLimitError)),
    "deep regex nesting": ("return new RegExp('('.repeat(1e5) + 'a' + ')'.repeat(1e5)).test('a');", (StackOverflowError, JavaScriptError)),
    "deep regex backtracking stack": ("return /(?:a|b)*c/.test('ab'.repeat(5e5));", (JavaScriptError, CpuLimitError, MemoryLimitError, "ok")),
    "recursive toString": ("const o = { toString() { return String(o); } }; return String(o);", (StackOverflowError,)),
    "recursive proxy": ("const p = new Proxy({}, { get: (t, k) => p[k] }); return p.x;", (StackOverflowError,)),
    "async recursion": ("const f = async (n) => f(n + 1); return await f(0);", (StackOverflowError, MemoryLimitError, CpuLimitError)),
    "deep getter chain": ("let o = { v: 1 }; for (let i = 0; i < 1e5; i++) { const p = o; o = { get v() { return p.v; } }; } return o.v;",
                          (StackOverflowError, MemoryLimitError)),
    # regex
    "catastrophic regex": ("return /^(a+)+$/.test('a'.repeat(40) + 'b');", (CpuLimitError,)),
    "catastrophic regex, lookahead": ("return /^(?=(a+))*\\1b$/.test('a'.repeat(5000));", (CpuLimitError, JavaScriptError, "ok")),
    "nested quantifiers": ("return /(x+x+)+y/.test('x'.repeat(50));", (CpuLimitError,)),
    "replace on a huge string": ("return 'a'.repeat(1e7).replace(/a/g, () => 'bb').length;", (MemoryLimitError, CpuLimitError, JavaScriptError)),
    # BigInt, String.prototype.repeat, sort
    "BigInt power bomb": ("return String(2n ** 10000000n).length;", (CpuLimitError, MemoryLimitError, JavaScriptError)),
    "BigInt multiplication loop": ("let x = 3n; for (;;) x *= x;", (CpuLimitError, MemoryLimitError, JavaScriptError)),
    "repeat bomb": ("return 'ab'.repeat(2 ** 29).length;", (JavaScriptError, MemoryLimitError)),
    "repeat then concat": ("const s = 'x'.repeat(2 ** 24); const a = []; for (;;) a.push(s + a.length);", (MemoryLimitError,)),
    "padStart bomb": ("return ''.padStart(2 ** 30, 'ab').length;", (JavaScriptError, MemoryLimitError)),
    "sort with a lying comparator": ("const a = Array.from({ length: 2e5 }, (_, i) => i); a.sort(() => Math.random() - 0.5); return a.length;",
                                     ("ok", CpuLimitError)),
    "sort comparator that mutates": ("const a = Array.from({ length: 1e4 }, (_, i) => i); a.sort((x, y) => { a.length = 0; a.push(...Array(100).fill(x)); return y - x; }); return a.length;",
                                     ("ok", CpuLimitError, JavaScriptError)),
    "sort comparator that loops": ("[3, 2, 1].sort(() => { for (;;) {} });", (CpuLimitError,)),
    # Atomics, WeakRef, FinalizationRegistry
    "Atomics.wait forever": ("if (typeof Atomics === 'undefined') return 'no Atomics'; "
                             "return Atomics.wait(new Int32Array(new SharedArrayBuffer(16)), 0, 0);", ("ok", JavaScriptError, TimeLimitError)),
    "FinalizationRegistry callback loops": ("const fr = new FinalizationRegistry(() => { for (;;) {} }); "
                                            "for (let i = 0; i < 1e5; i++) fr.register({}, i); await new Promise(r => setTimeout(r, 5)); return 1;",
                                            ("ok", CpuLimitError)),
    "WeakRef churn": ("const refs = []; for (;;) refs.push(new WeakRef({ a: new Array(100) }));", (MemoryLimitError, CpuLimitError)),
    # console
    "console flood": ("for (;;) console.log('x'.repeat(1000));", (CpuLimitError,)),
    "console one huge line": ("console.log('y'.repeat(2e7)); return 'ok';", ("ok", MemoryLimitError, CpuLimitError)),
    "console.table bomb": ("console.table(Array.from({ length: 1e5 }, (_, i) => ({ i, s: 'x'.repeat(50) }))); return 'ok';",
                           ("ok", CpuLimitError, MemoryLimitError)),
    # timers, promises, microtasks
    "unbounded microtask loop": ("const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {});",
                                 (CpuLimitError, MemoryLimitError)),
    "queueMicrotask loop": ("const spin = () => queueMicrotask(spin); spin(); await new Promise(() => {});", (CpuLimitError, MemoryLimitError)),
    "nextTick loop": ("const spin = () => process.nextTick(spin); spin(); await new Promise(() => {});", (CpuLimitError, MemoryLimitError)),
    "setImmediate loop, never responds": ("const spin = () => setImmediate(spin); spin();", (CpuLimitError, TimeLimitError, MemoryLimitError)),
    "setInterval 0, never responds": ("setInterval(() => {}, 0);", (TimeLimitError, CpuLimitError)),
    "100k promises": ("let n = 0; await Promise.all(Array.from({ length: 1e5 }, () => new Promise((r) => r(++n)))); return n;",
                      ("ok", CpuLimitError, MemoryLimitError)),
    "100k pending timers, answer at once": ("for (let i = 0; i < 1e5; i++) setTimeout(() => {}, 1e6); return 'ok';",
                                            ("ok", CpuLimitError, MemoryLimitError)),
    "timer storm, never responds": ("for (let i = 0; i < 1e4; i++) setInterval(() => {}, 1);", (TimeLimitError, CpuLimitError, MemoryLimitError)),
    "never-settling promise": ("await new Promise(() => {});", (NoResponseError,)),
    "100k host operations": ("const f = require('fnbox'); const ps = []; for (let i = 0; i < 1e5; i++) ps.push(f.call('x').catch(() => 0)); "
                             "await Promise.all(ps); return 'ok';", ("ok", CpuLimitError, MemoryLimitError, TimeLimitError)),
    # response size and shape
    "100 MB response string": ("return { body: 'x'.repeat(100 * 1024 * 1024) };", (MemoryLimitError, JavaScriptError)),
    "response with cycles": ("const o = { body: {} }; o.body.o = o; return o;", (JavaScriptError,)),
    "response with 100k headers": ("const h = {}; for (let i = 0; i < 1e5; i++) h['x-h' + i] = 'v'; return { headers: h, body: 'ok' };", ("ok",)),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_function_gets_a_typed_outcome_within_limits(sandbox, name):
    body, accepted = HOSTILE[name]
    limits = SHORT if any(t in accepted for t in (TimeLimitError, NoResponseError)) else SMALL
    r = sandbox.hostile(main_body(body), limits=limits)
    outcome = "ok" if r.error is None else type(r.error)
    assert outcome in accepted, f"{name}: got {r.error!r} (output {str(r.output)[:100]})"
    if isinstance(r.error, (CpuLimitError, MemoryLimitError, TimeLimitError, StackOverflowError)):
        assert r.error.message, "a limit error says which limit"


def test_console_flood_is_capped_and_recorded(sandbox):
    """Invariant: console output is capped per invocation, the drop is
    counted, and the log record carries HubSpot's truncation warning."""
    from runtime.logs import render_console
    from runtime.logs.record import LOG_LIMIT_BYTES, TRUNCATED_WARNING
    limits = Limits(wall_ms=2000, fuel=2_000_000_000, memory_bytes=32 * MIB, log_bytes=256 * 1024)
    r = sandbox.hostile(main_body("for (let i = 0; i < 2e4; i++) console.log('line ' + i + ' ' + 'x'.repeat(100)); return 'done';"),
                        limits=limits)
    assert r.error is None and r.output == "done"
    assert r.logs[0].text.startswith("line 0 ")
    assert r.logs_dropped > 0
    assert sum(len(l.text) for l in r.logs) <= limits.log_bytes
    text = render_console(r.logs, r.logs_dropped)
    assert len(text.encode()) <= LOG_LIMIT_BYTES + len(TRUNCATED_WARNING) + 2
    assert TRUNCATED_WARNING in text


def test_fuel_limit_is_exact(sandbox):
    for fuel in (10_000_000, 123_456_789):
        limits = Limits(wall_ms=5000, fuel=fuel, memory_bytes=32 * MIB)
        r = sandbox.hostile(main_body("for (;;) {}"), limits=limits)
        assert isinstance(r.error, CpuLimitError) and r.fuel == fuel


@pytest.mark.parametrize("memory_mib", [16, 48])
def test_memory_limit_is_never_exceeded(sandbox, memory_mib):
    limits = Limits(wall_ms=5000, fuel=5_000_000_000, memory_bytes=memory_mib * MIB)
    for body in ("const a = []; for (;;) a.push('x'.repeat(1000) + a.length);",
                 "const a = []; for (;;) a.push(new Uint8Array(65536 * 3 + 1));"):
        r = sandbox.hostile(main_body(body), limits=limits)
        assert isinstance(r.error, MemoryLimitError), r.error
        assert r.memory_bytes <= limits.memory_bytes


@pytest.mark.parametrize("wall_ms", [300, 1000])
def test_wall_limit_within_ten_percent(sandbox, wall_ms):
    limits = Limits(wall_ms=wall_ms, fuel=10 ** 13, memory_bytes=32 * MIB)
    for body in ("for (;;) {}", "await new Promise(r => setTimeout(r, 1e6));",
                 "setInterval(() => { for (let i = 0; i < 1e5; i++); }, 0);"):
        r = sandbox.run(main_body(body), limits=limits)
        assert isinstance(r.error, TimeLimitError), (body, r.error)
        assert wall_ms * 0.95 <= r.wall_ms <= wall_bound(limits), (body, r.wall_ms)


def test_wall_limit_holds_while_the_host_is_busy(sandbox):
    """Invariant: the wall-clock limit is a wall-clock limit even when the
    host's Python threads are busy (an HTTP server serving other requests).

    The epoch ticker is a Python thread that calls increment_epoch() once per
    5 ms sleep: when other threads hold the GIL it ticks late, and the
    deadline, counted in ticks, stretches with it (3 s became ~9.5 s on the
    2-core dev machine)."""
    stop = threading.Event()

    def busy():
        while not stop.is_set():
            sum(range(2000))

    threads = [threading.Thread(target=busy, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        limits = Limits(wall_ms=1000, fuel=10 ** 13, memory_bytes=32 * MIB)
        r = sandbox.run(main_body("for (;;) {}"), limits=limits)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert isinstance(r.error, TimeLimitError), r.error
    check_limits(r, limits)


def test_clock_reads_cannot_outrun_the_wall_limit(sandbox):
    """Invariant: a function that only reads the clock is stopped at its wall
    limit like any other.  Each Date.now()/performance.now() is a host call
    (WASI clock_time_get served by Python, ~30 us on the dev machine); while
    the guest makes them back to back the epoch ticker thread rarely gets the
    GIL, so the deadline fires late (1e5 reads: 2.3 s against a 1 s limit)."""
    limits = Limits(wall_ms=1000, fuel=10 ** 13, memory_bytes=32 * MIB)
    for body in ("for (;;) Date.now();", "for (;;) performance.now();",
                 "for (let i = 0; i < 1e5; i++) setTimeout(() => {}, 1e6); return 'ok';"):
        r = sandbox.run(main_body(body), limits=limits)
        assert r.error is None or isinstance(r.error, TimeLimitError), (body, r.error)
        assert r.wall_ms <= wall_bound(limits), (body, r.wall_ms)


def test_clock_reads_are_paid_for_in_fuel(sandbox):
    """Invariant (budget): fuel is what the account budget charges, so work a
    function makes the host do must cost fuel in proportion.  A loop of
    Date.now() spends ~30 us of host time per call and pays ~1,500 fuel
    (~0.1 us at FUEL_PER_MS): a function can run for its whole wall limit
    while being charged a few ms."""
    from runtime.engine.limits import FUEL_PER_MS
    limits = Limits(wall_ms=5000, fuel=10 ** 12, memory_bytes=32 * MIB)
    r = sandbox.hostile(main_body("let x = 0; for (let i = 0; i < 2e4; i++) x += Date.now() & 1; return x;"), limits=limits)
    assert r.error is None
    charged_ms = r.fuel / FUEL_PER_MS
    assert r.wall_ms <= 4 * charged_ms + 20, \
        f"{r.wall_ms:.0f} ms of wall time for {charged_ms:.1f} ms of fuel"


def test_host_operation_flood_stays_within_the_wall_limit(sandbox):
    """Invariant: host work caused by the guest (one asyncio task per
    requested operation) counts against the invocation's wall clock too."""
    r = sandbox.hostile(main_body("const f = require('fnbox'); const ps = [];"
                                  "for (let i = 0; i < 1e4; i++) ps.push(f.call('x').catch(() => 0));"
                                  "await Promise.all(ps); return 'ok';"),
                        limits=Limits(wall_ms=300, fuel=20_000_000_000, memory_bytes=64 * MIB))
    assert r.error is None or isinstance(r.error, LIMIT), r.error


def test_many_zero_delay_timers_cost_linear_fuel(sandbox):
    """Invariant (fairness): 10k timers cost about 10x what 1k cost.

    The bootstrap scans every timer to find the earliest (earliestTimer is
    O(n), called two or three times per timer fired), so n timers cost O(n^2)
    fuel: 1k zero-delay timers burned ~6.8e9 fuel (~0.4 s of the 10 s CPU
    budget) and 4k ran past 10 s, where Node takes milliseconds."""
    limits = Limits(wall_ms=10_000, fuel=10 ** 12, memory_bytes=64 * MIB)
    body = ("let n = 0; await new Promise((res) => { for (let i = 0; i < N; i++) "
            "setTimeout(() => { if (++n === N) res(); }, 0); }); return n;")
    small = sandbox.run(main_body("const N = 200;" + body), limits=limits)
    big = sandbox.run(main_body("const N = 2000;" + body), limits=limits)
    assert small.output == 200 and big.error is None and big.output == 2000, big.error
    assert big.fuel <= 20 * small.fuel, f"10x the timers cost {big.fuel / small.fuel:.0f}x the fuel"


# -- the response as HTTP ----------------------------------------------------------------

def _http_valid(response) -> None:
    """h11, a strict HTTP/1.1 implementation, must accept the answer."""
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    conn.next_event()
    headers = [(n.lower().encode("latin-1"), v.encode("utf-8")) for n, v in response.headers]
    conn.send(h11.Response(status_code=response.status, headers=headers))


@pytest.mark.parametrize("output", [
    {"statusCode": "²"},
    {"statusCode": "9" * 5000},
    {"statusCode": "٢٠٠"},
    {"statusCode": 200, "headers": {"x-a": "a\u0000b"}},
    {"statusCode": 200, "headers": {"x-a": "\u007f"}},
    {"statusCode": 200, "headers": {"x-a": "a\u000bb"}},
    {"statusCode": 200, "multiValueHeaders": {"set-cookie": ["a=1", "b\u0000=2"]}},
    {"statusCode": 200, "headers": {"x-a": " padded "}},
    {"statusCode": 200, "headers": {"x-a": {"nested": "a\u0001"}}},
], ids=lambda o: repr(o)[:40])
def test_normalise_gives_valid_http_or_a_clear_error(output):
    """Invariant: whatever the function answers, the caller gets valid HTTP:
    normalise() either returns a response that h11 accepts or raises
    InvalidResponse (turned into a 500 with a message)."""
    try:
        response = normalise(output)
    except InvalidResponse:
        return
    response = checked(response, "req")
    _http_valid(response)


def test_huge_response_body_gets_a_clear_error(sandbox):
    """Invariant: a body over the 6 MB payload limit is a clear 500, not a crash."""
    r = sandbox.hostile(main_body("return { body: 'x'.repeat(8 * 1024 * 1024) };"),
                        limits=Limits(wall_ms=5000, fuel=5_000_000_000, memory_bytes=128 * MIB))
    assert r.error is None
    response = checked(normalise(r.output), "req")
    assert response.status == 500 and b"larger than" in response.body


def test_huge_response_headers_get_a_clear_error(sandbox):
    """Invariant: response headers beyond the payload limit are refused with a
    clear 500, like a body over it (clients and proxies drop such answers)."""
    r = sandbox.hostile(main_body("return { headers: { 'x-big': 'h'.repeat(8 * 1024 * 1024) }, body: 'ok' };"),
                        limits=Limits(wall_ms=5000, fuel=5_000_000_000, memory_bytes=128 * MIB))
    assert r.error is None
    response = checked(normalise(r.output), "req")
    assert response.status == 500, "an 8 MB header went out as is"


@pytest.mark.parametrize("body", [
    "return { body: 'text \\ud800 cut' };",
    "return { body: 'emoji cut in half: ' + '😀'.slice(0, 1) };",
    "return { headers: { 'x-a': '\\udc00' }, body: 'ok' };",
])
def test_lone_surrogates_in_the_response_are_not_a_host_crash(sandbox, body):
    """Invariant: a string the function cut in the middle of a surrogate pair
    (``s.slice(0, n)`` on emoji text is enough) gives a response or a typed
    error.  JSON.stringify writes it as a lone "\\ud800" escape, which
    msgspec refuses to decode: the host raised DecodeError."""
    r = sandbox.hostile(main_body(body))
    assert r.error is None or isinstance(r.error, (JavaScriptError, EngineError))


def test_deeply_nested_response_is_not_a_host_crash(sandbox):
    """Invariant: a nested response the guest can serialise (2000 levels) is
    a response or a typed error; msgspec's decoder hit Python's recursion
    limit and raised RecursionError out of invoke."""
    r = sandbox.hostile(main_body("let o = []; for (let i = 0; i < 2000; i++) o = [o]; return { body: o };"))
    assert r.error is None or isinstance(r.error, (JavaScriptError, EngineError))


def test_module_top_level_code_is_bounded_at_load(tmp_path):
    """Invariant: a module whose top-level code never ends cannot hold the
    loader longer than an invocation may run (10 s + 10 %): snapshots run the
    entry's top level under BUILD_LIMITS (120 s, 2e12 fuel), and
    compile_folder then raises TimeLimitError instead of reporting the
    endpoint's load error.  Run in a child process, killed after 15 s."""
    proc = run_isolated(f"""
        import json, time
        from pathlib import Path
        from runtime.engine import Engine
        from runtime.functions import load_folder
        from runtime.functions.bundle import compile_folder
        root = Path({str(tmp_path)!r}) / "spin.functions"
        root.mkdir()
        (root / "serverless.json").write_text(json.dumps({{"runtime": "nodejs20.x", "version": "1.0",
            "endpoints": {{"spin": {{"method": "GET", "file": "spin.js"}}}}}}))
        (root / "spin.js").write_text("for (;;) {{}}\\nexports.main = () => 1;")
        engine = Engine(); engine.warm()
        started = time.monotonic()
        compiled, problems = compile_folder(engine, load_folder(root))
        print("ELAPSED", time.monotonic() - started, [p.message for p in problems])
    """, timeout=15)
    assert proc.returncode is not None, "compile_folder still running after 15 s (top-level loop)"
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "ELAPSED" in proc.stdout
