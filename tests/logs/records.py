"""Log records and request recordings for tests, shaped like the ones
invocations produce."""

from __future__ import annotations

import itertools
import time

from runtime.engine import Limits
from runtime.logs import LogError, LogRecord, Recording

_ids = itertools.count(1)


def make_record(endpoint: str = "hello", *, account_id: int = 1, log: str = "", status: str = "SUCCESS",
                created_at: int | None = None, error: LogError | None = None, **fields) -> LogRecord:
    n = next(_ids)
    return LogRecord(
        id=f"rec{n}", requestId=f"req{n}", accountId=account_id, endpoint=endpoint, method="GET",
        status=status, httpStatus=200 if status == "SUCCESS" else 500, executionTime=12,
        createdAt=int(time.time() * 1000) if created_at is None else created_at, log=log, error=error,
        memory="3/128 MB", fuel=1000, billedMs=12.0, **fields)


def make_recording(record: LogRecord, **fields) -> Recording:
    """The recording of *record*'s request, as decoded from the database."""
    request = {"method": record.method, "endpoint": record.endpoint, "params": {"q": ["1"]},
               "headers": {"user-agent": "test"}, "body": {"a": 1}, "contact": None, "request_id": record.requestId}
    return Recording(requestId=record.requestId, accountId=record.accountId, createdAt=record.createdAt,
                     request=request, budget={"executionsRemaining": 10, "timeRemaining": 600_000},
                     limits=Limits(), deterministic=True, seed=7, bodySha256="0" * 64, **fields)
