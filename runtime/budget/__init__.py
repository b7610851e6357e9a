"""Account execution budgets: HubSpot's 600 execution-seconds per sliding
minute (and optionally a number of executions), counted deterministically
from wasm fuel and shared by every process serving an account.

    budget = Budget.from_url(None, state_dir)            # or "redis://host:6379/0"
    decision = await budget.check(account_id, limits)    # before: may it run?
    if not decision.allowed:
        # 429, Retry-After: decision.retry_after_header,
        # body {"message": decision.message, "limit": decision.limit}
        ...
    result = await engine.invoke(unit, context_with(decision.view), limits=decision.limits)
    billed_us = await budget.charge(account_id, result, bytes_moved=request_bytes + response_bytes)
    budget.close()

- billing (:mod:`.rate`): fuel at a calibrated rate (11 M fuel = 1 ms), plus
  fixed charges per host operation and per KiB moved;
- the window (:mod:`.window`): 60 one-second buckets, exact to one second;
  ``retry_after`` is the time until the bucket whose expiry frees enough;
- leases (:mod:`.lease`): workers take budget in chunks (1 s, at most a tenth
  of the account's budget), so the hot path makes no round trip; overspend
  is bounded by one invocation per worker running when the budget ran out;
- stores (:mod:`.sqlite`, :mod:`.redis`): one atomic exchange each; the
  failover (:mod:`.failover`) serves from a local allowance (10 % per worker)
  while the shared store is unreachable.

Create one ``Budget`` per worker process, after the process starts: leases
are per process, and so are the store's connections.
"""

from .budget import Budget, Decision
from .config import AccountBudget, Settings
from .store import BackendUnavailable, BudgetError
from .window import EXECUTIONS, TIME

__all__ = ["Budget", "Decision", "Settings", "AccountBudget", "BudgetError", "BackendUnavailable",
           "TIME", "EXECUTIONS"]
