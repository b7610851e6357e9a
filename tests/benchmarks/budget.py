"""Budget benchmark: what accounting costs per request, and the billing rate.

Accounting: ``check`` + ``charge`` per request for each shared backend
(SQLite in a temporary state directory; Redis on a redis-server started on a
free loopback port), on the real clock so that leases end every second as
they do in production, printed next to one hello invocation in a fresh
sandbox measured in the same run with the same engine.  The budget's share
of a request is the first figure over the sum of both.

Calibration (``--calibrate``): CPU-bound JavaScript workloads in a fresh
sandbox each; fuel used divided by the thread's CPU time gives fuel per ms
(the median is the default ``fuel_per_ms``).  Then the host CPU that fuel
does not see: per host operation (a capability call and the resume that
answers it), after subtracting what its fuel bills; and per KiB of JSON
body, the host's own encoding and decoding of it.

Run: ``python -m tests.benchmarks.budget [--calibrate | --accounting] [N]``.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import msgspec

from runtime.budget import Budget, Settings
from runtime.budget.rate import Rate
from runtime.engine import Engine, Limits

HELLO = ("exports.main = (context, sendResponse) => "
         "sendResponse({statusCode: 200, body: {message: 'Hello, ' + context.params.name[0]}});")
CONTEXT = {"accountId": 1, "params": {"name": ["world"]}, "body": {}, "headers": {}, "method": "GET",
           "limits": {"executionsRemaining": 100, "timeRemaining": 600_000}}
#: a GET with a small JSON answer
HELLO_BYTES = 120

WORKLOADS = {
    "arithmetic loop": "let x = 0; for (let i = 0; i < N * 30; i++) { x = (x + i * 7) % 1000003; } return x;",
    "string building": "let s = ''; for (let i = 0; i < N; i++) { s += String(i); if (s.length > 10000) s = ''; } "
                       "return s.length;",
    "object allocation": "let a = []; for (let i = 0; i < N; i++) { a.push({i, s: 'x' + i}); "
                         "if (a.length > 1000) a = []; } return a.length;",
    "JSON round trips": "const o = {a: [1, 2, 3], b: {c: 'hello', d: [true, false, null]}, e: 1.5}; let n = 0; "
                        "for (let i = 0; i < N / 10; i++) { n += JSON.parse(JSON.stringify(o)).a.length; } "
                        "return n;",
    "regular expressions": "const r = /([a-z]+)@([a-z]+)\\.com/; let n = 0; for (let i = 0; i < N / 5; i++) "
                           "{ if (r.test('user' + i + 'name@example.com')) n++; } return n;",
    "sorting": "let n = 0; for (let k = 0; k < N / 2000; k++) { const a = []; "
               "for (let i = 0; i < 2000; i++) a.push((i * 7919) % 2003); a.sort((x, y) => x - y); n += a[0]; } "
               "return n;",
    "closures": "const f = (a) => (b) => a + b; let x = 0; for (let i = 0; i < N; i++) { x = f(i)(x) % 1000; } "
                "return x;",
}
UNLIMITED = Limits(fuel=10**13, wall_ms=60_000)


def compile_main(engine: Engine, body: str):
    return engine.compile({"/app/index.js": "exports.main = (input) => { const N = input.n; " + body + " };"},
                          entry="/app/index.js")


def cpu_us(run, repeat: int) -> tuple[float, object]:
    """Median thread CPU µs of run() (wasm runs in the calling thread with
    invoke_sync) and the last result."""
    samples = []
    for _ in range(repeat):
        start = time.thread_time_ns()
        result = run()
        samples.append((time.thread_time_ns() - start) / 1000)
    return statistics.median(samples), result


def calibrate(engine: Engine) -> None:
    print("Calibration: fuel per ms of thread CPU time, CPU-bound JavaScript in a fresh sandbox")
    rates = []
    for name, body in WORKLOADS.items():
        unit = compile_main(engine, body)
        engine.invoke_sync(unit, {"n": 1000})
        us, result = cpu_us(lambda unit=unit: engine.invoke_sync(unit, {"n": 200_000}, limits=UNLIMITED), 5)
        assert result.error is None, result.error
        rates.append(result.fuel / (us / 1000))
        print(f"  {name:22} {result.fuel:>15,} fuel {us / 1000:8.1f} ms CPU {rates[-1] / 1e6:7.2f} M fuel/ms")
    rate = statistics.median(rates)
    print(f"  median {rate / 1e6:.2f} M fuel/ms (range {min(rates) / 1e6:.1f}-{max(rates) / 1e6:.1f} M); "
          f"default fuel_per_ms = {Settings().fuel_per_ms / 1e6:g} M\n")

    async def echo(args):
        return args
    ops = engine.compile({"/app/index.js": "const f = require('fnbox'); exports.main = async (i) => "
                                           "{ for (let k = 0; k < i.n; k++) await f.call('echo', k); return i.n; };"},
                         entry="/app/index.js")

    def unbilled_us(unit, input, **kwargs) -> float:
        us, result = cpu_us(lambda: engine.invoke_sync(unit, input, **kwargs), 7)
        return us - result.fuel / rate * 1000
    per_op = (unbilled_us(ops, {"n": 2000}, capabilities={"echo": echo})
              - unbilled_us(ops, {"n": 0}, capabilities={"echo": echo})) / 2000
    print(f"Host CPU per host operation beyond its fuel: {per_op:.1f} µs "
          f"(default host_op_us = {Settings().host_op_us})")
    # Moving bytes costs the guest fuel (its JSON work, already billed) and
    # the host its own encoding and decoding of the body, measured directly.
    body = {"s": "x" * (1024 * 1024)}
    start = time.thread_time_ns()
    for _ in range(20):
        msgspec.json.decode(msgspec.json.encode(body))
    per_kib = (time.thread_time_ns() - start) / 1000 / 20 / 1024
    print(f"Host CPU per KiB moved (JSON encode + decode): {per_kib:.2f} µs (default kb_us = {Settings().kb_us})\n")


BATCH = 100


async def median_us(call, n: int) -> float:
    """µs per call: the median over batches of BATCH calls, so that other
    processes' bursts on a shared machine do not decide the figure."""
    batches = []
    for _ in range(max(1, n // BATCH)):
        start = time.perf_counter_ns()
        for _ in range(BATCH):
            await call()
        batches.append((time.perf_counter_ns() - start) / BATCH / 1000)
    return statistics.median(batches)


async def hello_async_us(engine: Engine, unit, n: int) -> float:
    async def call():
        await engine.invoke(unit, CONTEXT)
    await median_us(call, 200)
    return await median_us(call, n)


async def hello_sync_us(engine: Engine, unit, n: int) -> float:
    async def call():
        engine.invoke_sync(unit, CONTEXT)
    await median_us(call, 200)
    return await median_us(call, n)


async def accounting_us(budget: Budget, result, n: int, accounts: int) -> float:
    account = iter(range(n + 10 * BATCH))

    async def call():
        account_id = next(account) % accounts + 1
        decision = await budget.check(account_id)
        assert decision.allowed
        await budget.charge(account_id, result, HELLO_BYTES)
    await median_us(call, 10 * BATCH)
    return await median_us(call, n)


async def settlement_us(url: str | None, state_dir: Path, result, n: int) -> tuple[float, float]:
    """(wall µs, process CPU µs) for a request whose check settles the lease
    (its bucket ended): the round trip to the store on the budget's thread.
    The request waits the wall time; the server's throughput pays the CPU."""
    now = [time.time()]
    budget = Budget.from_url(url, state_dir, Settings(), clock=lambda: now[0])

    async def call():
        now[0] += 1.0
        await budget.check(1)
        await budget.charge(1, result, HELLO_BYTES)
    await median_us(call, BATCH)
    cpu = time.process_time_ns()
    wall = await median_us(call, n)
    cpu_us = (time.process_time_ns() - cpu) / 1000 / (n // BATCH * BATCH)
    budget.close()
    return wall, cpu_us


def accounting(engine: Engine, n: int) -> None:
    unit = engine.compile({"/app/index.js": HELLO}, entry="/app/index.js")
    result = engine.invoke_sync(unit, CONTEXT)
    billed = Rate(Settings()).cost_us(result.fuel, result.host_ops, HELLO_BYTES)
    print(f"Accounting: check + charge per request (a hello: {result.fuel:,} fuel, {HELLO_BYTES} bytes, "
          f"billed {billed} µs)")
    runs = max(2000, n // 20)
    sync_us = asyncio.run(hello_sync_us(engine, unit, runs))
    hello = asyncio.run(hello_async_us(engine, unit, runs))
    print(f"  fresh-sandbox hello, engine.invoke_sync:          {sync_us:8.1f} µs  {1e6 / sync_us:>10,.0f} /s")
    print(f"  fresh-sandbox hello, engine.invoke (as HTTP does): {hello:8.1f} µs  {1e6 / hello:>10,.0f} /s\n")
    print(f"  {'backend':34} {'accounts':>8} {'µs/request':>11} {'requests/s':>12} {'vs sync hello':>14} "
          f"{'vs async hello':>15}")
    settles = []
    with tempfile.TemporaryDirectory() as tmp:
        backends: list[tuple[str, str | None]] = [("sqlite (state dir, WAL)", None)]
        server = start_redis(Path(tmp))
        if server is not None:
            backends.append((f"redis ({server.url})", server.url))
        for name, url in backends:
            for accounts in (1, 100):
                budget = Budget.from_url(url, Path(tmp) / "state", Settings())
                us = asyncio.run(accounting_us(budget, result, n, accounts))
                budget.close()
                print(f"  {name:34} {accounts:>8} {us:11.2f} {1e6 / us:>12,.0f} {100 * us / sync_us:12.1f} % "
                      f"{100 * us / hello:13.1f} %")
            settles.append((name, us, asyncio.run(settlement_us(url, Path(tmp) / "state", result, 2000))))
        if server is not None:
            server.stop()
    # A lease settles when its bucket ends (once a second per active account
    # and worker) or when spent (every ~70,000 hellos): at the async hello
    # rate with 100 accounts active every second, 100 settlements a second
    # add their CPU to the per-request figure above.
    print("\n  settling a lease (a store round trip on the budget's thread), and the CPU per request with "
          "100 accounts active every second at the async hello rate:")
    for name, us, (wall, cpu) in settles:
        loaded = us + 100 * cpu / (1e6 / hello)
        print(f"  {name:34} {wall:7.1f} µs wait, {cpu:6.1f} µs CPU per settlement; {loaded:5.2f} µs per request "
              f"= {100 * loaded / hello:.1f} % of an async hello")


def start_redis(directory: Path):
    from tests.budget.servers import RedisServer
    try:
        return RedisServer(directory).start()
    except BaseException as exc:   # pytest.fail outside pytest
        print(f"  (no Redis row: {exc})")
        return None


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 200_000
    engine = Engine()
    engine.warm()
    if "--accounting" not in sys.argv:
        calibrate(engine)
    if "--calibrate" not in sys.argv:
        accounting(engine, n)


if __name__ == "__main__":
    main()
