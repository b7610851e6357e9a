"""Many invocations wait on upstreams at once: the host performs the requests
while the guests wait, so waiting costs no thread and no wasm time."""

from __future__ import annotations

import asyncio
import time

from runtime.engine import Engine, Limits

from .conftest import function_source, make_egress


def test_hundred_invocations_waiting_half_a_second_take_about_half_a_second(engine: Engine, upstream):
    unit = engine.compile({"/app/index.js": function_source("""
        const r = await fetch(input.url);
        return (await r.json()).slept;
    """)}, entry="/app/index.js", snapshot=False)
    url = upstream.url("/sleep?ms=500")

    async def go():
        egress, connector = make_egress()
        try:
            # one warm-up so that the engine image and the pool exist
            await engine.invoke(unit, {"url": upstream.url("/sleep?ms=1")},
                                capabilities=egress.prepare(time.monotonic() + 10))
            upstream.reset_peak()
            started = time.monotonic()
            results = await asyncio.gather(*[
                engine.invoke(unit, {"url": url}, capabilities=egress.prepare(time.monotonic() + 10),
                              limits=Limits(wall_ms=10_000))
                for _ in range(100)])
            return time.monotonic() - started, results
        finally:
            await egress.aclose()

    elapsed, results = asyncio.run(go())
    assert [r.error for r in results] == [None] * 100
    assert [r.output for r in results] == [500] * 100
    peak = upstream.peak
    assert peak >= 50                     # the upstream saw them waiting together
    print(f"100 invocations x 500 ms upstream wait: {elapsed * 1000:.0f} ms, {peak} waiting at once")
    assert 0.5 <= elapsed < 2.5, elapsed  # about 500 ms plus engine overhead, not 50 s


def test_parallel_requests_within_one_invocation(run_guest, upstream):
    r = run_guest("""
        const t0 = Date.now();
        const axios = require('axios');
        const results = await Promise.all([
          ...Array.from({length: 5}, () => fetch(input.base + '/sleep?ms=300').then((r) => r.json())),
          ...Array.from({length: 5}, () => axios.get(input.base + '/sleep?ms=300').then((r) => r.data)),
        ]);
        return {n: results.length, ms: Date.now() - t0};
    """, {"base": upstream.base})
    out = r.output
    assert out["n"] == 10
    assert 300 <= out["ms"] < 1200
    assert r.session.requests == 10
