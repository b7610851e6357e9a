"""What ``fnbox replay`` needs to run one invocation again.

A server started with ``--record-requests`` (``record_requests = true``)
stores a :class:`Recording` beside each invocation's log record: same
request id, same retention.  The log record already holds what the
invocation did (status, console text, fuel); the recording holds what it
was given.  Recordings keep request payloads as sent, unredacted, which is
why recording is off by default: they may hold personal data.
"""

from __future__ import annotations

from typing import Any

import msgspec

from runtime.engine import Limits


class Recording(msgspec.Struct, frozen=True, kw_only=True):
    requestId: str
    accountId: int
    #: the log record's ``createdAt``: it finds the record, and retention
    #: removes both at once
    createdAt: int
    #: the ``runtime.invoke.FunctionRequest`` the function got (method,
    #: endpoint, params, headers, body, contact).  Plain data here, so that
    #: the log package does not depend on the invocation code above it;
    #: ``msgspec.convert`` turns it back.
    request: Any
    #: ``context.limits`` (``runtime.invoke.BudgetView``): the account's
    #: budget left is an input like any other, and its digits cost fuel
    budget: Any
    #: the limits it ran under (the budget may have capped the fuel)
    limits: Limits
    #: without a virtual clock and a seed, a replay (seed 0) may differ
    deterministic: bool
    seed: int = 0
    #: a snapshot-started invocation spends less fuel than a cold one
    snapshot: bool = True
    #: sha256 (hex) of the response body sent; the body itself is not kept
    bodySha256: str
