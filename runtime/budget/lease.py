"""A worker's lease on one account's budget: spent locally, settled with the
store when it runs out or its bucket ends.

Admission is optimistic: a request runs when the lease has budget left, and
its fuel cap is what the account has left as far as the worker knows (this
lease plus what the store said was left at the last settlement), at most the
10 s cap.  Spend past the lease is debt, billed to the store at once (see
:meth:`runtime.budget.Budget.charge`).

The bound on overspend follows.  The store grants only while the account is
under budget, so spend past the budget comes only from invocations admitted
before it ran out, each by at most its own cost beyond its worker's lease,
and never more than what the store last said was left.  With workers
serving one request at a time that is less than one lease per worker when an
invocation costs less than a lease, and at most one invocation (10 s cap)
per worker otherwise; concurrent invocations in one worker count one each.
Reserving every invocation's full cap up front would make the bound zero,
but would refuse an account whose 60 concurrent requests wait on I/O while
spending a millisecond of CPU each.
"""

from __future__ import annotations

from . import window
from .window import Grant

#: ``executionsRemaining`` when the account has no executions limit
#: (the largest value a 32-bit counter in a function can hold)
UNLIMITED_VIEW = 2**31 - 1


class Lease:
    __slots__ = ("us", "executions", "bucket", "expires", "left_us", "left_executions",
                 "fallback", "blocked", "retry_at")

    def __init__(self) -> None:
        # A lease starts empty and unusable: in flight to the store, it still
        # takes the charges of invocations that finish meanwhile (as debt).
        self.us = 0
        self.executions = 0
        self.bucket = 0
        self.expires = 0.0
        self.left_us = 0
        self.left_executions = 0
        #: granted by the local allowance, not the shared store
        self.fallback = False
        #: the limit the store said is spent, and when it frees up
        self.blocked: str | None = None
        self.retry_at = 0.0

    def admits(self, now: float) -> bool:
        return self.us > 0 and self.executions > 0 and now < self.expires

    def refuses(self, now: float) -> bool:
        """Refused by the store within this bucket: asking again before the
        bucket ends cannot change the answer for long, and would cost a
        round trip per refused request."""
        return self.blocked is not None and now < self.expires

    def fill(self, grant: Grant, bucket: int, fallback: bool) -> None:
        self.us += grant.us
        self.executions += grant.executions
        self.left_us = max(0, grant.left_us)
        self.left_executions = max(0, grant.left_executions)
        self.bucket = bucket
        self.expires = window.bucket_end(bucket)
        self.fallback = fallback
        self.blocked = grant.blocked
        self.retry_at = window.freed_at(grant.free_bucket) if grant.blocked else 0.0

    def settlement(self) -> tuple[int, int, int, int]:
        """``(bucket, unused µs, unused executions, debt µs)`` to hand back."""
        return self.bucket, max(0, self.us), self.executions, max(0, -self.us)

    def time_left_us(self) -> int:
        return max(0, self.us) + self.left_us

    def executions_left(self) -> int:
        return min(UNLIMITED_VIEW, self.executions + self.left_executions)
