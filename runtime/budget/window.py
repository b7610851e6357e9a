"""The sliding one-minute window, and the one exchange every store performs.

Spend is kept in 60 buckets of one second per account.  The window at time
``t`` is the 60 buckets ending with ``t``'s own, so an amount recorded in a
bucket counts for between 59 and 60 seconds: the window is exact to one
second.  A worker records its spend when it takes a lease (see
:mod:`.lease`), and a lease ends with its bucket, so spend is counted at
most one second before it happens.

A store answers one message, :class:`Ask`, atomically: give back the unused
part of the worker's previous lease (to the bucket it was taken from, if
that is still in the window), record the spend that went past it (debt, in
the current bucket: the work was done, it is always billed), then grant a
new lease out of what is left.  When nothing is left it says which limit is
spent and the bucket whose expiry frees enough to grant again.
:func:`decide` is that decision for the SQLite and in-memory stores; the
Redis store runs the same steps in Lua.
"""

from __future__ import annotations

from typing import Iterable

import msgspec

BUCKETS = 60
BUCKET_S = 1.0

#: names of the limits, as a refused request reports them
TIME = "execution_seconds_per_minute"
EXECUTIONS = "executions_per_minute"


def bucket_of(now: float) -> int:
    return int(now // BUCKET_S)


def first_live(bucket: int) -> int:
    """The oldest bucket still in the window that ends with *bucket*."""
    return bucket - BUCKETS + 1


def bucket_end(bucket: int) -> float:
    return (bucket + 1) * BUCKET_S


def freed_at(bucket: int) -> float:
    """When *bucket* leaves the window."""
    return (bucket + BUCKETS) * BUCKET_S


class Ask(msgspec.Struct, frozen=True):
    bucket: int
    limit_us: int
    limit_executions: int
    want_us: int
    want_executions: int
    #: the previous lease's bucket and its unused part
    back_bucket: int = 0
    back_us: int = 0
    back_executions: int = 0
    #: spend past the previous lease
    debt_us: int = 0


class Grant(msgspec.Struct, frozen=True):
    us: int
    executions: int
    #: what is left in the store after this grant (negative after debts)
    left_us: int
    left_executions: int
    #: the spent limit (TIME or EXECUTIONS) when nothing was granted
    blocked: str | None = None
    #: the bucket whose expiry makes room again, when blocked
    free_bucket: int = 0


def decide(rows: Iterable[tuple[int, int, int]], ask: Ask) -> Grant:
    """The grant for *ask*, given the live buckets ``(bucket, us,
    executions)`` in ascending order, after the give-back and the debt were
    applied.  The caller records ``grant.us``/``grant.executions`` in
    ``ask.bucket``."""
    rows = list(rows)
    spent_us = sum(row[1] for row in rows)
    spent_executions = sum(row[2] for row in rows)
    left_us = ask.limit_us - spent_us
    left_executions = ask.limit_executions - spent_executions
    if left_us > 0 and left_executions > 0:
        us = min(ask.want_us, left_us)
        executions = min(ask.want_executions, left_executions)
        return Grant(us, executions, left_us - us, left_executions - executions)
    # Blocked: the bucket after which the window is back under the limit.
    # When both limits are spent, the later of the two is the one to wait for.
    free_us = _free_bucket(rows, 1, spent_us, ask.limit_us) if left_us <= 0 else None
    free_executions = (_free_bucket(rows, 2, spent_executions, ask.limit_executions)
                       if left_executions <= 0 else None)
    if free_executions is None or (free_us is not None and free_us >= free_executions):
        return Grant(0, 0, left_us, left_executions, TIME, free_us)
    return Grant(0, 0, left_us, left_executions, EXECUTIONS, free_executions)


def _free_bucket(rows: list[tuple[int, int, int]], column: int, spent: int, limit: int) -> int:
    freed = 0
    for row in rows:
        freed += row[column]
        if spent - freed < limit:
            return row[0]
    raise AssertionError("a spent limit implies live buckets that hold the spend")
