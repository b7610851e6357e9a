"""check and charge as the HTTP layer uses them, on a real SQLite file and a
real redis-server, with made-up fuel figures (the engine tests use real ones)."""

from __future__ import annotations

import asyncio
import sqlite3
from types import SimpleNamespace

import msgspec
import pytest

from runtime.budget import EXECUTIONS, TIME, Budget, BudgetError, Settings
from runtime.budget.memory import MemoryStore
from runtime.engine import Limits
from runtime.logs.state import database_path

from .conftest import FakeClock

RATE = Settings().fuel_per_ms


def spent(ms: float, host_ops: int = 0):
    """An engine Result's metering, for *ms* of billed fuel."""
    return SimpleNamespace(fuel=int(ms * RATE), host_ops=host_ops)


def run(coro):
    return asyncio.run(coro)


async def serve(budget: Budget, cost_ms: float, n: int, account_id: int = 1) -> list:
    """n requests in a row; the decisions, stopping at the first refusal."""
    decisions = []
    for _ in range(n):
        decision = await budget.check(account_id)
        decisions.append(decision)
        if not decision.allowed:
            break
        await budget.charge(account_id, spent(cost_ms))
    return decisions


class CountingStore(MemoryStore):
    def __init__(self):
        super().__init__()
        self.exchanges = 0

    def exchange(self, account_id, ask):
        self.exchanges += 1
        return super().exchange(account_id, ask)


def test_context_limits_decrease_as_the_account_spends(make_budget):
    budget = make_budget(execution_seconds_per_minute=1, executions_per_minute=50)
    views = [d.view for d in run(serve(budget, 30, 10))]
    assert views[0].timeRemaining == 1000 and views[0].executionsRemaining == 49
    times = [v.timeRemaining for v in views]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)
    assert [v.executionsRemaining for v in views] == list(range(49, 39, -1))


def test_past_the_time_limit_the_account_is_refused_until_the_window_slides(make_budget, clock: FakeClock):
    budget = make_budget(execution_seconds_per_minute=0.1)
    decisions = run(serve(budget, 30, 10))
    # 30 ms each against 100 ms: the 4th runs with what is left, the 5th is refused.
    assert [d.allowed for d in decisions] == [True] * 4 + [False]
    refused = decisions[-1]
    assert refused.limit == TIME
    # Everything was spent in the bucket of T0 (x.25 s): it leaves the window 59.75 s later.
    assert refused.retry_after == pytest.approx(59.75)
    assert refused.retry_after_header == "60"
    assert "0.1 execution-seconds per minute" in refused.message and "60 s" in refused.message
    assert refused.limits.fuel == 0 and refused.view.timeRemaining == 0

    clock.advance(59.5)
    again = run(budget.check(1))
    assert not again.allowed and again.retry_after == 0.25
    clock.advance(0.25)
    assert run(budget.check(1)).allowed


def test_executions_limit(make_budget, clock: FakeClock):
    budget = make_budget(executions_per_minute=5)
    decisions = run(serve(budget, 1, 10))
    assert [d.view.executionsRemaining for d in decisions[:5]] == [4, 3, 2, 1, 0]
    refused = decisions[5]
    assert (refused.allowed, refused.limit, refused.retry_after) == (False, EXECUTIONS, pytest.approx(59.75))
    assert "5 executions per minute" in refused.message
    clock.advance(60)
    assert run(budget.check(1)).allowed


def test_fuel_cap_is_the_10_s_cap_or_what_is_left_whichever_is_less(make_budget):
    roomy = make_budget()
    assert run(roomy.check(1)).limits == Limits()
    tight = make_budget(execution_seconds_per_minute=0.5)
    caps = []
    for _ in range(3):
        decision = run(tight.check(2, Limits(wall_ms=3000)))
        caps.append(decision.limits.fuel)
        assert decision.limits.wall_ms == 3000
        run(tight.charge(2, spent(100)))
    assert caps == [500 * RATE, 400 * RATE, 300 * RATE]


def test_the_cap_follows_per_call_limits(make_budget):
    budget = make_budget()
    small = Limits(fuel=1_000)
    assert run(budget.check(1, small)).limits.fuel == 1_000


def test_per_account_overrides(make_budget):
    budget = make_budget(execution_seconds_per_minute=10,
                         accounts={7: {"execution_seconds_per_minute": 1, "executions_per_minute": 3}})
    assert run(budget.check(1)).view.timeRemaining == 10_000
    seven = run(budget.check(7)).view
    assert (seven.timeRemaining, seven.executionsRemaining) == (1000, 2)


def test_workers_share_the_account_budget(make_budget):
    one, two = make_budget(execution_seconds_per_minute=1), make_budget(execution_seconds_per_minute=1)
    first = run(serve(one, 50, 100))
    second = run(serve(two, 50, 100))
    # One spends the whole budget; two, on the same store, finds nothing left.
    assert sum(d.allowed for d in first) + sum(d.allowed for d in second) == 20


def test_spend_past_a_lease_is_seen_by_other_workers_at_once(make_budget):
    one, two = make_budget(execution_seconds_per_minute=10), make_budget(execution_seconds_per_minute=10)
    run(one.check(1))
    run(one.charge(1, spent(4000)))    # a lease is 1 s: 3 s of debt
    assert run(two.check(1)).view.timeRemaining == 10_000 - 4000 - 1000   # minus one's new lease


def test_unused_budget_goes_back_when_the_lease_ends(make_budget, clock: FakeClock):
    one, two = make_budget(execution_seconds_per_minute=10), make_budget(execution_seconds_per_minute=10)
    run(one.check(1))
    run(one.charge(1, spent(10)))
    assert run(two.check(1)).view.timeRemaining == 10_000 - 1000     # one holds a 1 s lease
    clock.advance(1)
    run(one.check(1))              # one's lease ended with its bucket: the unused 990 ms go back
    clock.advance(1)
    assert run(two.check(1)).view.timeRemaining == 10_000 - 10 - 1000     # one's spend and new lease


def test_close_hands_unused_budget_back(make_budget):
    one, two = make_budget(execution_seconds_per_minute=10), make_budget(execution_seconds_per_minute=10)
    run(one.check(1))
    run(one.charge(1, spent(10)))
    one.close()
    assert run(two.check(1)).view.timeRemaining == 10_000 - 10


def test_the_hot_path_asks_the_store_once_per_lease(clock: FakeClock):
    store = CountingStore()
    budget = Budget(store, Settings(), clock=clock)

    async def go(n):
        for _ in range(n):
            await budget.check(1)
            await budget.charge(1, SimpleNamespace(fuel=150_000, host_ops=0), bytes_moved=200)
    run(go(10_000))
    assert store.exchanges == 1       # 10,000 requests of ~15 µs fit in one 1 s lease
    clock.advance(1)
    run(go(10))
    assert store.exchanges == 2       # a lease ends with its one-second bucket
    budget.close()


def test_concurrent_requests_wait_for_one_settlement(clock: FakeClock):
    store = CountingStore()
    budget = Budget(store, Settings(), clock=clock)

    async def go():
        return await asyncio.gather(*(budget.check(1) for _ in range(50)))
    decisions = run(go())
    assert all(d.allowed for d in decisions) and store.exchanges == 1
    assert sorted(d.view.executionsRemaining for d in decisions) == [2**31 - 1] * 50
    budget.close()


def test_refusals_are_answered_locally_until_the_bucket_ends(clock: FakeClock):
    store = CountingStore()
    budget = Budget(store, Settings(execution_seconds_per_minute=0.01), clock=clock)
    run(serve(budget, 20, 3))
    asked = store.exchanges
    assert not any(run(budget.check(1)).allowed for _ in range(100))
    assert store.exchanges == asked
    clock.advance(1)
    assert not run(budget.check(1)).allowed and store.exchanges == asked + 1
    budget.close()


def test_settings_decode_strictly():
    settings = msgspec.convert({"execution_seconds_per_minute": 60, "accounts": {"3": {"executions_per_minute": 10}}},
                               Settings, strict=False)
    assert settings.quota(3).executions == 10 and settings.quota(3).us == 60_000_000
    with pytest.raises(msgspec.ValidationError, match="execution_seconds"):
        msgspec.convert({"execution_seconds": 60}, Settings)
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"execution_seconds_per_minute": 0}, Settings)


def test_unknown_store_urls_are_refused(tmp_path):
    with pytest.raises(BudgetError, match="unknown budget store"):
        Budget.from_url("memcached://localhost", tmp_path)
    with pytest.raises(BudgetError, match="bad Redis URL"):
        Budget.from_url("redis://localhost:notaport", tmp_path)


def test_the_embedded_store_is_the_state_databases_wal_file(tmp_path, clock: FakeClock):
    budget = Budget.from_url(None, tmp_path, clock=clock)
    run(budget.check(1))
    budget.close()
    with sqlite3.connect(database_path(tmp_path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT account_id, us FROM budget_window").fetchall() == [(1, 0)]
