"""Egress benchmark, loopback only: the upstream test server runs in its own
process on 127.0.0.1 and every connection goes through the loopback-only
test connector and a static resolver (no DNS, nothing beyond loopback).

Prints:
* host only: one request through the egress capability (keep-alive) against
  the same request with a plain httpx client, p50/p99;
* guest: one invocation doing one request with fetch, axios and request, p50/p99;
* concurrency: N invocations each waiting 500 ms on the upstream, wall time.

Run: ``python -m tests.egress.bench [N]`` (default 100).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

import httpx

from runtime.egress import EgressLimits
from runtime.engine import Engine

from .conftest import Upstream, _start_upstream, _stop, function_source, make_egress

SOURCES = {
    "fetch": "const r = await fetch(input.url); return (await r.json()).slept;",
    "axios": "return (await require('axios').get(input.url)).data.slept;",
    "request": ("return await new Promise((resolve) => require('request')({url: input.url, json: true}, "
                "(e, r, body) => resolve(body.slept)));"),
}


def summary(times: list[float]) -> str:
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return f"p50 {statistics.median(times) * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms"


async def main(n: int) -> None:
    process, port = _start_upstream()
    upstream = Upstream(port)
    try:
        for _ in range(100):
            try:
                upstream.stats()
                break
            except (OSError, ValueError, IndexError):
                await asyncio.sleep(0.1)
        url = upstream.url("/sleep?ms=0")
        egress, _ = make_egress()

        times = []
        session = egress.prepare(time.monotonic() + 3600, limits=EgressLimits(max_requests=10_000))
        for i in range(1200):
            t = time.perf_counter()
            await session["fetch"]({"url": url})
            if i >= 200:
                times.append(time.perf_counter() - t)
        print(f"host, egress capability   {summary(times)}")
        async with httpx.AsyncClient() as client:
            times = []
            for i in range(1200):
                t = time.perf_counter()
                (await client.get(url)).read()
                if i >= 200:
                    times.append(time.perf_counter() - t)
        print(f"host, plain httpx client  {summary(times)}")

        engine = Engine()
        engine.warm()
        for name, body in SOURCES.items():
            unit = engine.compile({"/app/index.js": function_source(body)}, entry="/app/index.js")
            times = []
            for i in range(300):
                t = time.perf_counter()
                result = await engine.invoke(unit, {"url": url}, capabilities=egress.prepare(time.monotonic() + 10))
                assert result.error is None, result.error
                if i >= 50:
                    times.append(time.perf_counter() - t)
            print(f"guest, one {name:8s} call  {summary(times)}   fuel {result.fuel / 1e6:.1f} M")

        unit = engine.compile({"/app/index.js": function_source(SOURCES["fetch"])}, entry="/app/index.js")
        slow = upstream.url("/sleep?ms=500")
        for _ in range(3):
            upstream.reset_peak()
            t = time.perf_counter()
            results = await asyncio.gather(*[
                engine.invoke(unit, {"url": slow}, capabilities=egress.prepare(time.monotonic() + 10))
                for _ in range(n)])
            elapsed = time.perf_counter() - t
            assert all(r.output == 500 for r in results), [r.error for r in results if r.error][:3]
            print(f"{n} invocations x 500 ms upstream wait: {elapsed * 1000:.0f} ms "
                  f"({upstream.peak} waiting at once)")
        await egress.aclose()
    finally:
        _stop(process)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
