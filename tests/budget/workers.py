"""Worker processes for the multi-process budget tests (importable by name,
as the spawn start method needs)."""

from __future__ import annotations

import asyncio

import msgspec

from runtime.budget import Budget, Settings
from runtime.engine import Engine

#: ~14.6 ms of billed fuel a call: less than one lease of a 1 s budget
HEAVY = """exports.main = () => {
  let x = 0;
  for (let i = 0; i < 200000; i++) { x = (x + i * 7) % 1000003; }
  return x;
};"""


def spend_until_refused(url: str | None, state_dir: str, settings: dict, now: float, start, results) -> None:
    """Serve one account with a heavy function, one request after another,
    until the budget says no; put (billed µs per request, refused limit) on
    *results*."""
    engine = Engine()
    unit = engine.compile({"/app/index.js": HEAVY}, entry="/app/index.js")
    budget = Budget.from_url(url, state_dir, msgspec.convert(settings, Settings), clock=lambda: now)

    async def serve() -> tuple[list[int], str | None]:
        billed = []
        while True:
            decision = await budget.check(1)
            if not decision.allowed:
                return billed, decision.limit
            result = await engine.invoke(unit, limits=decision.limits)
            billed.append(await budget.charge(1, result))

    start.wait()
    outcome = asyncio.run(serve())
    budget.close()
    results.put(outcome)
