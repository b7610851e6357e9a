"""Log records for tests, shaped like the ones invocations produce."""

from __future__ import annotations

import itertools
import time

from runtime.logs import LogError, LogRecord

_ids = itertools.count(1)


def make_record(endpoint: str = "hello", *, account_id: int = 1, log: str = "", status: str = "SUCCESS",
                created_at: int | None = None, error: LogError | None = None, **fields) -> LogRecord:
    n = next(_ids)
    return LogRecord(
        id=f"rec{n}", requestId=f"req{n}", accountId=account_id, endpoint=endpoint, method="GET",
        status=status, httpStatus=200 if status == "SUCCESS" else 500, executionTime=12,
        createdAt=int(time.time() * 1000) if created_at is None else created_at, log=log, error=error,
        memory="3/128 MB", fuel=1000, billedMs=12.0, **fields)
