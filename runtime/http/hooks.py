"""Where the account budget and the invocation log plug into the server.

Both live in packages of their own (``runtime.budget``, ``runtime.logs``);
the server only calls these seams.  ``runtime.budget.Budget`` fits
:class:`Budget` as it is, and a log writer's ``write`` method fits
:data:`LogSink`.  :class:`Unlimited` is a budget that lets everything run
(pass ``budget=Unlimited()`` to ``create_app`` to serve without one).
"""

from __future__ import annotations

import math
from typing import Callable, Protocol

import msgspec

from runtime.engine import Limits, Result
from runtime.invoke import BudgetView
from runtime.logs import LogRecord

#: receives every invocation's log record (must not block: hand it off)
LogSink = Callable[[LogRecord], None]


class Admission(Protocol):
    """The budget's answer before an invocation."""

    allowed: bool
    #: for ``context.limits``
    view: BudgetView
    #: the limits to run under (the fuel may be capped by what is left)
    limits: Limits
    #: when refused: a sentence for the caller
    message: str
    #: when refused: the spent limit (``execution_seconds_per_minute``,
    #: ``executions_per_minute``)
    limit: str | None
    #: when refused: seconds until a retry may succeed
    retry_after: float

    @property
    def retry_after_header(self) -> str:
        """When refused: whole seconds until a retry may succeed."""


class Budget(Protocol):
    async def check(self, account_id: int, limits: Limits) -> Admission:
        """May the account run an invocation now, and under which limits?"""

    async def charge(self, account_id: int, result: Result, bytes_moved: int = 0) -> int:
        """Bill a finished invocation; returns the microseconds billed."""


class Admitted(msgspec.Struct, frozen=True):
    allowed: bool
    view: BudgetView
    limits: Limits
    message: str = ""
    limit: str | None = None
    retry_after: float = 0.0

    @property
    def retry_after_header(self) -> str:
        return str(math.ceil(self.retry_after))


class Unlimited:
    """No budget: a full window every time (HubSpot's 600 execution-seconds
    a minute, i.e. 6,000 runs of 100 ms), nothing billed."""

    VIEW = BudgetView(executionsRemaining=6_000, timeRemaining=600_000)

    async def check(self, account_id: int, limits: Limits) -> Admitted:
        return Admitted(True, self.VIEW, limits)

    async def charge(self, account_id: int, result: Result, bytes_moved: int = 0) -> int:
        return 0


def discard(record: LogRecord) -> None:
    return None
