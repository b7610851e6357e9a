"""The shared store, and what a worker does while it cannot reach it.

When the store fails, the worker serves from a local allowance: a
:class:`MemoryStore` granting each account ``fallback_share`` of its budget
per minute (10 % by default).  That is conservative per worker, never
unlimited (N workers cut off together spend at most N times the share), and
no request fails because Redis is down.  The outage is logged once, the
store is tried again every ``retry_s`` seconds, and its return is logged.
Spend during the outage stays with the local allowance; it is not replayed
into the store.
"""

from __future__ import annotations

import logging

from .config import Quota
from .memory import MemoryStore
from .store import BackendUnavailable, Store
from .window import Ask, Grant

logger = logging.getLogger("fnbox.budget")


class Failover:
    def __init__(self, primary: Store, *, share: float, retry_s: float):
        self.primary = primary
        self.fallback = MemoryStore()
        self.share = share
        self.retry_s = retry_s
        self.down = False
        self._retry_at = 0.0

    def exchange(self, account_id: int, quota: Quota, bucket: int, now: float,
                 settlement: tuple[int, int, int, int], settled_by_fallback: bool) -> tuple[Grant, bool]:
        """Settle and lease from the shared store if it answers, else from
        the local allowance; the flag says which one granted."""
        if not self.down or now >= self._retry_at:
            try:
                grant = self.primary.exchange(account_id, _ask(quota, bucket, settlement, not settled_by_fallback))
            except BackendUnavailable as exc:
                if not self.down:
                    logger.warning("budget store unreachable, serving from a local allowance of %d %% of "
                                   "each account's budget per worker until it is back: %s",
                                   round(self.share * 100), exc)
                self.down = True
                self._retry_at = now + self.retry_s
            else:
                if self.down:
                    logger.warning("budget store reachable again; local allowances are no longer used")
                    self.down = False
                return grant, False
        grant = self.fallback.exchange(account_id, _ask(quota.scaled(self.share), bucket, settlement,
                                                        settled_by_fallback))
        return grant, True

    def close(self) -> None:
        self.primary.close()
        self.fallback.close()


def _ask(quota: Quota, bucket: int, settlement: tuple[int, int, int, int], give_back: bool) -> Ask:
    """Unused budget goes back only to the store that granted it; debt is
    billed to whichever store answers, so that it counts somewhere."""
    back_bucket, back_us, back_executions, debt_us = settlement
    if not give_back:
        back_us = back_executions = 0
    return Ask(bucket, quota.us, quota.executions, quota.lease_us, quota.lease_executions,
               back_bucket, back_us, back_executions, debt_us)
