"""The budget as the HTTP layer sees it: ``check`` before an invocation,
``charge`` after it.

Both are a few dictionary and integer operations while the worker's lease
lasts.  Settling a lease with the store (blocking SQLite or Redis calls) runs
on a thread of the budget's own, so the event loop never waits on a lock or
the network, and wasm invocations (on the loop's default executor) never
delay it.  One settlement per account is in flight at a time; requests that
need it meanwhile wait for it.
"""

from __future__ import annotations

import asyncio
import math
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Protocol

import msgspec

from runtime.engine import Limits
from runtime.invoke import BudgetView

from .config import Quota, Settings
from .failover import Failover
from .lease import Lease
from .rate import Rate
from .sqlite import SqliteStore
from .store import BudgetError, Store
from .window import TIME, bucket_of

Clock = Callable[[], float]


class Metered(Protocol):
    """What charging needs from an engine Result."""

    fuel: int
    host_ops: int


class Decision(msgspec.Struct, frozen=True):
    allowed: bool
    #: for ``context.limits``
    view: BudgetView
    #: the invocation's limits, fuel capped by what the account has left
    limits: Limits
    #: when refused: the spent limit (``execution_seconds_per_minute`` or
    #: ``executions_per_minute``), seconds until it frees up, and a sentence
    limit: str | None = None
    retry_after: float = 0.0
    message: str = ""

    @property
    def retry_after_header(self) -> str:
        """``Retry-After`` takes whole seconds; rounding up never invites an
        early retry."""
        return str(math.ceil(self.retry_after))


class Budget:
    """Account execution budgets, shared through *store* by every process
    that opens the same one.  Use :meth:`from_url`."""

    def __init__(self, store: Store, settings: Settings | None = None, *, clock: Clock = time.time,
                 limits: Limits | None = None):
        """*clock* gives seconds on a clock shared by every worker (the wall
        clock; tests pass a fake one).  *limits* are the per-invocation
        limits ``check`` caps when not given its own."""
        self.settings = settings or Settings()
        self.rate = Rate(self.settings)
        self.clock = clock
        self.limits = limits or Limits()
        self._failover = Failover(store, share=self.settings.fallback_share, retry_s=self.settings.retry_s)
        self._leases: dict[int, Lease] = {}
        self._quotas: dict[int, Quota] = {}
        self._settling: dict[int, asyncio.Future] = {}
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="fnbox-budget")

    @classmethod
    def from_url(cls, url: str | None, state_dir: str | Path, settings: Settings | None = None,
                 **kwargs) -> "Budget":
        """``None`` (or ``""``): the SQLite database in *state_dir*, shared by
        the workers of this host.  ``redis://``, ``rediss://`` or
        ``unix://``: a Redis server shared by several hosts."""
        settings = settings or Settings()
        if not url:
            return cls(SqliteStore.in_state_dir(state_dir), settings, **kwargs)
        if url.partition("://")[0] in ("redis", "rediss", "unix"):
            # The Redis client is loaded only by those who use it.
            from .redis import RedisStore
            return cls(RedisStore(url, timeout=settings.redis_timeout_s, prefix=settings.redis_prefix),
                       settings, **kwargs)
        raise BudgetError(f"unknown budget store {url!r}: give a redis:// URL, or none for the "
                          "state directory's database")

    @property
    def degraded(self) -> bool:
        """True while the shared store is unreachable (local allowances in use)."""
        return self._failover.down

    async def check(self, account_id: int, limits: Limits | None = None) -> Decision:
        """May *account_id* run an invocation now?  If so, the execution is
        counted and the decision carries the capped limits and the view for
        ``context.limits``; if not, nothing may run."""
        now = self.clock()
        lease = self._leases.get(account_id)
        while lease is None or not lease.admits(now):
            if lease is not None and lease.refuses(now):
                return self._refusal(account_id, lease, now, limits or self.limits)
            lease = await self._settle(account_id, now)
        lease.executions -= 1
        limits = limits or self.limits
        left_us = lease.time_left_us()
        fuel = self.rate.fuel_for(left_us)
        return Decision(True, BudgetView(lease.executions_left(), left_us // 1000),
                        limits if fuel >= limits.fuel else limits.with_fuel(fuel))

    async def charge(self, account_id: int, result: Metered, bytes_moved: int = 0) -> int:
        """Bill a finished invocation (failed ones too: their fuel was
        spent).  Returns the µs billed."""
        cost = self.rate.cost_us(result.fuel, result.host_ops, bytes_moved)
        lease = self._leases.get(account_id)
        if lease is None:
            lease = self._leases[account_id] = Lease()
        lease.us -= cost
        if lease.us < 0:
            # Debt goes to the store now, so that other workers see it before
            # they grant themselves more.
            await self._settle(account_id, self.clock())
        return cost

    def close(self) -> None:
        """Hand unused leases back (and bill debts), then close the store."""
        self._thread.shutdown()
        now = self.clock()
        for account_id, lease in self._leases.items():
            if lease.us or lease.executions:
                nothing_more = self._quota(account_id)._replace(lease_us=0, lease_executions=0)
                self._failover.exchange(account_id, nothing_more, bucket_of(now), now, lease.settlement(),
                                        lease.fallback)
        self._leases.clear()
        self._failover.close()

    # -- settling with the store -------------------------------------------------
    async def _settle(self, account_id: int, now: float) -> Lease:
        pending = self._settling.get(account_id)
        if pending is None:
            old = self._leases.get(account_id) or Lease()
            fresh = self._leases[account_id] = Lease()
            pending = self._settling[account_id] = asyncio.ensure_future(
                self._exchange(account_id, old, fresh, now))
        # Shielded: a request that goes away must not lose a grant that
        # others are waiting for (and that the store has already recorded).
        return await asyncio.shield(pending)

    async def _exchange(self, account_id: int, old: Lease, fresh: Lease, now: float) -> Lease:
        bucket = bucket_of(now)
        try:
            grant, fallback = await asyncio.get_running_loop().run_in_executor(
                self._thread, self._failover.exchange, account_id, self._quota(account_id), bucket, now,
                old.settlement(), old.fallback)
        finally:
            del self._settling[account_id]
        fresh.fill(grant, bucket, fallback)
        return fresh

    def _quota(self, account_id: int) -> Quota:
        quota = self._quotas.get(account_id)
        if quota is None:
            quota = self._quotas[account_id] = self.settings.quota(account_id)
        return quota

    def _refusal(self, account_id: int, lease: Lease, now: float, limits: Limits) -> Decision:
        retry_after = max(0.0, lease.retry_at - now)
        quota = self._quota(account_id)
        if lease.blocked == TIME:
            spent = f"its {quota.us / 1_000_000:g} execution-seconds per minute"
        else:
            spent = f"its {quota.executions:,} executions per minute"
        if lease.fallback:
            spent += " (as far as this server can tell: the shared budget store is unreachable)"
        message = f"Account {account_id} has used {spent}. Try again in {math.ceil(retry_after)} s."
        return Decision(False, BudgetView(lease.executions_left(), lease.time_left_us() // 1000),
                        limits.with_fuel(0), lease.blocked, retry_after, message)
