"""Invocation log records: what one invocation left behind, in HubSpot's
shape (``id``, ``executionTime``, ``log``, ``error``, ``status``,
``createdAt``, ``memory``) plus fnbox's own fields; the request
:class:`Recording` kept beside a record when the server records requests;
where they are stored (:class:`LogStore`, written through a
:class:`LogWriter`) and how they are printed.  ``runtime.logs.cli`` and ``runtime.logs.http`` hold the ``fnbox
logs`` command and the ``/_fnbox/logs/`` route."""

from .record import LOG_LIMIT_BYTES, LogError, LogRecord, render_console
from .recording import Recording
from .render import render_record, render_records
from .store import LogStore, Page
from .writer import LogWriter

__all__ = ["LOG_LIMIT_BYTES", "LogError", "LogRecord", "render_console", "render_record", "render_records",
           "LogStore", "Page", "LogWriter", "Recording"]
