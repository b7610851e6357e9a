"""The log record of one invocation and how console output becomes its text."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable

import msgspec

from runtime.engine import LogLine

#: HubSpot keeps 4 KB of console text per invocation.
LOG_LIMIT_BYTES = 4096
TRUNCATED_WARNING = "WARNING: The logs for this function have exceeded the 4KB limit."


class LogError(msgspec.Struct, frozen=True):
    type: str
    message: str
    stackTrace: list[str] = []


class LogRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    requestId: str
    accountId: int
    endpoint: str
    method: str
    #: SUCCESS, HANDLED_ERROR (the function answered 5xx itself),
    #: UNHANDLED_ERROR (it threw or rejected) or ERROR (a limit, no response)
    status: str
    httpStatus: int
    executionTime: int              # ms, wall clock
    createdAt: int                  # epoch ms
    log: str
    error: LogError | None = None
    memory: str = ""
    fuel: int = 0
    billedMs: float = 0.0
    #: secrets the endpoint lists in serverless.json that have no value
    missingSecrets: list[str] = []
    #: secrets whose value was in the response body (see runtime.secrets.exposure)
    secretsInResponse: list[str] = []


#: 0001-01-01 .. 9999-12-31: a guest that tampered with Date.now cannot
#: push a time outside what the log can print.
_MIN_MS, _MAX_MS = -62_135_596_800_000, 253_402_300_799_999


def _iso(ms: float) -> str:
    ms = min(max(ms, _MIN_MS), _MAX_MS) if ms == ms else 0
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{int(ms % 1000):03d}Z"


def render_console(lines: Iterable[LogLine], dropped: int = 0, limit: int = LOG_LIMIT_BYTES) -> str:
    """``2021-04-28T19:15:13.200Z INFO text`` per line, cut at *limit* bytes
    with HubSpot's warning when the function printed more."""
    out: list[str] = []
    size = 0
    truncated = dropped > 0
    for line in lines:
        text = f"{_iso(line.time_ms)} {line.level} {line.text}\n"
        n = len(text.encode())
        if size + n > limit:
            room = limit - size
            if room > 0:
                out.append(text.encode()[:room].decode(errors="ignore"))
            truncated = True
            break
        out.append(text)
        size += n
    if truncated:
        out.append(("" if not out or out[-1].endswith("\n") else "\n") + TRUNCATED_WARNING + "\n")
    return "".join(out)
