"""Redis goes away and comes back: the budget keeps serving within a local
allowance, says so once, and returns to Redis."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from runtime.budget import TIME, Budget, Settings

from .conftest import FakeClock
from .servers import RedisServer

SETTINGS = Settings(execution_seconds_per_minute=10, fallback_share=0.1, retry_s=1.0, redis_timeout_s=0.2)
RATE = SETTINGS.fuel_per_ms


def spent(ms: float):
    return SimpleNamespace(fuel=int(ms * RATE), host_ops=0)


async def serve(budget: Budget, cost_ms: float, n: int) -> int:
    """Up to n requests in a row; how many ran."""
    for served in range(n):
        if not (await budget.check(1)).allowed:
            return served
        await budget.charge(1, spent(cost_ms))
    return n


@pytest.fixture
def server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


def outage_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "fnbox.budget" and r.levelno == logging.WARNING]


def test_an_outage_is_served_from_a_local_allowance(server: RedisServer, clock: FakeClock, caplog):
    caplog.set_level(logging.WARNING, logger="fnbox.budget")
    budget = Budget.from_url(server.url, "unused", SETTINGS, clock=clock)
    assert asyncio.run(serve(budget, 300, 3)) == 3 and not budget.degraded

    server.stop()
    # The allowance is 10 % of 10 s: about three more requests of 300 ms,
    # not an unlimited account and not a failed request.
    served = asyncio.run(serve(budget, 300, 100))
    assert 3 <= served <= 5 and budget.degraded
    refused = asyncio.run(budget.check(1))
    assert not refused.allowed and refused.limit == TIME and "unreachable" in refused.message
    clock.advance(1)                         # tried again, still down: no second warning
    assert not asyncio.run(budget.check(1)).allowed
    assert len(outage_warnings(caplog)) == 1
    assert "unreachable" in outage_warnings(caplog)[0] and "10 %" in outage_warnings(caplog)[0]

    server.start()                            # back, empty: the window starts afresh
    clock.advance(1)
    decision = asyncio.run(budget.check(1))
    assert decision.allowed and not budget.degraded
    assert decision.view.timeRemaining == 10_000
    assert "reachable again" in outage_warnings(caplog)[-1]
    budget.close()


def test_a_store_down_from_the_start_is_not_fatal(tmp_path, clock: FakeClock, caplog):
    caplog.set_level(logging.WARNING, logger="fnbox.budget")
    server = RedisServer(tmp_path)           # a free port, nothing listening
    budget = Budget.from_url(server.url, "unused", SETTINGS, clock=clock)
    decision = asyncio.run(budget.check(1))
    assert decision.allowed and budget.degraded
    assert decision.view.timeRemaining == 1000      # the local allowance
    assert len(outage_warnings(caplog)) == 1
    budget.close()
