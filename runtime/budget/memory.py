"""A store private to one process: the conservative allowance a worker
grants itself while the shared store is unreachable."""

from __future__ import annotations

from .window import Ask, Grant, decide, first_live


class MemoryStore:
    def __init__(self) -> None:
        #: account -> bucket -> [us, executions]
        self._accounts: dict[int, dict[int, list[int]]] = {}

    def exchange(self, account_id: int, ask: Ask) -> Grant:
        buckets = self._accounts.setdefault(account_id, {})
        oldest = first_live(ask.bucket)
        for bucket in [b for b in buckets if b < oldest]:
            del buckets[bucket]
        back = buckets.get(ask.back_bucket)
        if back is not None:
            back[0] = max(0, back[0] - ask.back_us)
            back[1] = max(0, back[1] - ask.back_executions)
        current = buckets.setdefault(ask.bucket, [0, 0])
        current[0] += ask.debt_us
        grant = decide(((b, v[0], v[1]) for b, v in sorted(buckets.items())), ask)
        current[0] += grant.us
        current[1] += grant.executions
        return grant

    def close(self) -> None:
        self._accounts.clear()
