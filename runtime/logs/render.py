"""Log records as ``hs cms function logs`` prints them.

    2021-04-28T19:15:13.200Z - SUCCESS - Execution Time: 12ms
    2021-04-28T19:15:13.195Z INFO Log some debug info

A failed invocation shows its console text too (the dev runtime losing it
is one of the bugs fnbox does not copy), then ``<type>: <message>`` and the
stack.  fnbox's own notes about secrets come right after the header, so the
4 KB cap on console text can never hide them.
"""

from __future__ import annotations

from typing import Iterable

from .record import LogRecord, _iso

NO_LOGS = "No logs found."


def header(record: LogRecord) -> str:
    return f"{_iso(record.createdAt)} - {record.status} - Execution Time: {record.executionTime}ms"


def notes(record: LogRecord) -> list[str]:
    return [
        *(f"WARNING: secret {name} is listed in serverless.json but not set; the function ran without it."
          for name in record.missingSecrets),
        *(f"WARNING: the response body contained the value of secret {name}."
          for name in record.secretsInResponse),
    ]


def render_record(record: LogRecord, *, compact: bool = False) -> str:
    if compact:
        return header(record)
    lines = [header(record), *notes(record)]
    if record.log:
        lines.append(record.log.rstrip("\n"))
    if record.error is not None:
        lines.append(f"{record.error.type}: {record.error.message}")
        lines += [f"    {frame}" for frame in record.error.stackTrace]
    return "\n".join(lines)


def render_records(records: Iterable[LogRecord], *, compact: bool = False) -> str:
    """Records in the order given, a blank line between full ones; ``No logs
    found.`` when there are none."""
    rendered = [render_record(record, compact=compact) for record in records]
    if not rendered:
        return NO_LOGS
    return ("\n" if compact else "\n\n").join(rendered)
