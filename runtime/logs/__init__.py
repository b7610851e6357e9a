"""Invocation log records: what one invocation left behind, in HubSpot's
shape (``id``, ``executionTime``, ``log``, ``error``, ``status``,
``createdAt``, ``memory``) plus fnbox's own fields."""

from .record import LOG_LIMIT_BYTES, LogError, LogRecord, render_console

__all__ = ["LOG_LIMIT_BYTES", "LogError", "LogRecord", "render_console"]
