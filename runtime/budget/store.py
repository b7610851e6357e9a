"""What a budget store is: one atomic exchange (see :mod:`.window`) per
account, shared by every process that opens the same store."""

from __future__ import annotations

from typing import Protocol

from .window import Ask, Grant


class BudgetError(Exception):
    """The budget cannot be set up as asked (a bad store URL, say)."""


class BackendUnavailable(BudgetError):
    """The shared store did not answer; the budget falls back to a local
    allowance until it does."""


class Store(Protocol):
    def exchange(self, account_id: int, ask: Ask) -> Grant:
        """Settle the previous lease and grant the next, atomically.
        Raises :class:`BackendUnavailable` when the store cannot be reached."""

    def close(self) -> None: ...
