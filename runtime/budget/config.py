"""Budget settings (decoded with msgspec, e.g. from a ``[budget]`` table) and
the per-account :class:`Quota` they resolve to.

```toml
[budget]
execution_seconds_per_minute = 600     # every account, unless overridden
executions_per_minute = 6000           # optional; left out = no count limit

[budget.accounts.42]
execution_seconds_per_minute = 60
```

Money-like amounts are integers of microseconds of billed execution time
("µs") everywhere below this module, so that sums are exact in SQLite, in
Redis's Lua and in Python alike.
"""

from __future__ import annotations

from typing import Annotated, NamedTuple

import msgspec

from runtime.engine.limits import FUEL_PER_MS

#: A worker never holds more than this share of an account's budget in one
#: lease: with a small budget, one idle worker cannot starve the others.
LEASE_SHARE = 0.1

#: The execution count used when an account has no executions limit.  The
#: store still counts executions (the same code path); it just never says no.
NO_COUNT_LIMIT = 2**53 - 1   # exact in Lua's doubles

_strict = dict(forbid_unknown_fields=True, kw_only=True, frozen=True)

Seconds = Annotated[float, msgspec.Meta(gt=0)]
Count = Annotated[int, msgspec.Meta(ge=1)]


class AccountBudget(msgspec.Struct, **_strict):
    """One account's overrides; a key left out keeps the default."""

    execution_seconds_per_minute: Seconds | None = None
    executions_per_minute: Count | None = None


class Settings(msgspec.Struct, **_strict):
    #: HubSpot's budget: 600 execution-seconds in any sliding minute
    execution_seconds_per_minute: Seconds = 600.0
    #: optional count limit; None = count executions but never refuse on them
    executions_per_minute: Count | None = None
    accounts: dict[int, AccountBudget] = {}

    # -- billing rate (see runtime.budget.rate for how these were calibrated)
    #: fuel that bills one millisecond
    fuel_per_ms: Annotated[int, msgspec.Meta(gt=0)] = FUEL_PER_MS
    #: µs billed per host operation the guest asked for (fetch, crypto, ...)
    host_op_us: Annotated[int, msgspec.Meta(ge=0)] = 70
    #: µs billed per KiB of request plus response body
    kb_us: Annotated[int, msgspec.Meta(ge=0)] = 1

    # -- leasing (the hot path's cost against the over-spend bound)
    #: budget a worker takes from the shared store at once
    lease_ms: Annotated[int, msgspec.Meta(ge=1)] = 1_000
    #: executions a worker takes from the shared store at once
    lease_executions: Count = 10_000

    # -- when the shared store is unreachable
    #: share of each account's budget a worker may spend on its own, per minute
    fallback_share: Annotated[float, msgspec.Meta(gt=0, le=1)] = 0.1
    #: seconds between attempts to reach the store again
    retry_s: Annotated[float, msgspec.Meta(gt=0)] = 1.0
    #: seconds to wait for Redis before counting it unreachable
    redis_timeout_s: Annotated[float, msgspec.Meta(gt=0)] = 0.5
    #: Redis key prefix, so that several deployments can share one server
    redis_prefix: str = "fnbox:budget:"

    def quota(self, account_id: int) -> "Quota":
        own = self.accounts.get(account_id) or AccountBudget()
        seconds = own.execution_seconds_per_minute or self.execution_seconds_per_minute
        count = own.executions_per_minute or self.executions_per_minute
        return Quota.of(round(seconds * 1_000_000), count or NO_COUNT_LIMIT,
                        self.lease_ms * 1000, self.lease_executions)


class Quota(NamedTuple):
    """What one account may spend per window, and how much of it a worker
    takes at once."""

    us: int
    executions: int
    lease_us: int
    lease_executions: int

    @classmethod
    def of(cls, us: int, executions: int, lease_us: int, lease_executions: int) -> "Quota":
        us, executions = max(1, us), max(1, executions)
        return cls(us, executions, max(1, min(lease_us, int(us * LEASE_SHARE))),
                   max(1, min(lease_executions, int(executions * LEASE_SHARE))))

    def scaled(self, share: float) -> "Quota":
        """The conservative allowance a worker grants itself alone."""
        executions = self.executions if self.executions == NO_COUNT_LIMIT else int(self.executions * share)
        return Quota.of(int(self.us * share), executions, self.lease_us, self.lease_executions)
