"""The budget around real invocations: fuel from the real engine, a real
SQLite file or redis-server, and a fake clock for the window."""

from __future__ import annotations

import asyncio
import math

import msgspec
import pytest

from runtime.budget import TIME, Budget
from runtime.engine import CpuLimitError, Engine, Unit

from .conftest import FakeClock, MakeBudget

HEAVY = """exports.main = (context) => {
  let x = 0;
  for (let i = 0; i < 200000; i++) { x = (x + i * 7) % 1000003; }
  return { x, limits: context.limits };
};"""

HELLO = "exports.main = (context, send) => send({ statusCode: 200, body: 'hi' });"

BUDGET_S = 0.15


@pytest.fixture(scope="module")
def heavy(engine: Engine) -> Unit:
    return engine.compile({"/app/index.js": HEAVY}, entry="/app/index.js")


async def drive(budget: Budget, engine: Engine, unit: Unit, n: int, account_id: int = 1) -> list:
    """n requests in a row, as the HTTP layer makes them: (allowed, result or
    decision, µs billed) each."""
    out = []
    for _ in range(n):
        decision = await budget.check(account_id)
        if not decision.allowed:
            out.append((False, decision, 0))
            continue
        context = {"limits": msgspec.to_builtins(decision.view)}
        result = await engine.invoke(unit, context, limits=decision.limits, deterministic=True)
        out.append((True, result, await budget.charge(account_id, result, bytes_moved=300)))
    return out


def test_a_heavy_function_is_refused_at_the_same_request_every_time(make_budget: MakeBudget, engine: Engine,
                                                                    heavy: Unit, clock: FakeClock):
    budget = make_budget(execution_seconds_per_minute=BUDGET_S)
    one_call = budget.rate.cost_us(engine.invoke_sync(heavy, {"limits": {}}, deterministic=True).fuel,
                                   0, 300)
    # Nothing else spends: the account runs until the sum of its bills
    # reaches the budget; the last one runs with whatever was left.
    expected_served = math.ceil(BUDGET_S * 1_000_000 / one_call)
    assert 3 < expected_served < 20

    runs = [asyncio.run(drive(budget, engine, heavy, 25, account_id)) for account_id in (1, 2)]
    for run in runs:
        allowed = [ok for ok, _, _ in run]
        assert allowed == [True] * expected_served + [False] * (25 - expected_served)
        last = run[expected_served - 1][1]
        assert isinstance(last.error, CpuLimitError)      # ran out of the account's budget mid-way
        assert sum(billed for _, _, billed in run) == pytest.approx(BUDGET_S * 1_000_000, abs=400)
        assert run[expected_served][1].limit == TIME
    assert [r[2] for r in runs[0]] == [r[2] for r in runs[1]]     # to the microsecond

    clock.advance(60)
    again = asyncio.run(drive(budget, engine, heavy, 1))
    assert again[0][0] and again[0][1].error is None


def test_the_function_sees_its_limits_decrease(make_budget: MakeBudget, engine: Engine, heavy: Unit):
    budget = make_budget(execution_seconds_per_minute=BUDGET_S, executions_per_minute=100)
    run = asyncio.run(drive(budget, engine, heavy, 5))
    seen = [result.output["limits"] for _, result, _ in run]
    assert seen[0] == {"executionsRemaining": 99, "timeRemaining": 150}
    assert [s["executionsRemaining"] for s in seen] == [99, 98, 97, 96, 95]
    times = [s["timeRemaining"] for s in seen]
    assert all(a > b for a, b in zip(times, times[1:], strict=False))


def test_no_function_is_free(make_budget: MakeBudget, engine: Engine):
    budget = make_budget()
    hello = engine.compile({"/app/index.js": HELLO}, entry="/app/index.js")
    (ok, result, billed), = asyncio.run(drive(budget, engine, hello, 1))
    assert ok and result.error is None and billed >= 2     # some fuel, and the bytes moved
