"""Several processes on one account: two workers of one host sharing the
SQLite file, two servers sharing one redis-server.  Together they never
spend more than the budget, give or take one lease each."""

from __future__ import annotations

import asyncio
import multiprocessing

from runtime.budget import TIME, Budget, Settings

from .conftest import T0
from .workers import spend_until_refused

BUDGET_S = 1.0
SETTINGS = {"execution_seconds_per_minute": BUDGET_S}


def test_processes_sharing_a_store_never_overspend(request, backend: str, tmp_path):
    url = None
    if backend == "redis":
        server = request.getfixturevalue("redis_server")
        server.flush()
        url = server.url
    state_dir = str(tmp_path / "state")
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=spend_until_refused, args=(url, state_dir, SETTINGS, T0, start, results))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0

    lease_us = Settings(**SETTINGS).quota(1).lease_us
    budget_us = int(BUDGET_S * 1_000_000)
    total = sum(sum(billed) for billed, _ in outcomes)
    assert all(limit == TIME for _, limit in outcomes)
    assert all(billed for billed, _ in outcomes), "both processes served requests"
    assert budget_us - 2 * lease_us <= total <= budget_us + 2 * lease_us

    # And the account is spent for every process that opens the store.
    third = Budget.from_url(url, state_dir, Settings(**SETTINGS), clock=lambda: T0)
    decision = asyncio.run(third.check(1))
    third.close()
    assert not decision.allowed and decision.limit == TIME
