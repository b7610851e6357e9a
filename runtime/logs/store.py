"""Invocation log records in the state directory's SQLite database, and the
request recordings that ``fnbox replay`` re-runs.

Records are kept whole (msgspec JSON) beside the few columns that queries
select on.  ``seq`` is the cursor for paging and following: it grows with
every insert, whichever process made it, so a reader that remembers the
last ``seq`` it saw misses nothing, even when clocks or ``createdAt`` values
of concurrent writers interleave.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Sequence

import msgspec

from .record import LogRecord
from .recording import Recording
from .state import connect, database_path, transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS invocation_logs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    route TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    record BLOB NOT NULL
);
-- seq (the rowid) is implied at the end of every index, so this one also
-- serves "newest first for an endpoint" and "after this cursor".
CREATE INDEX IF NOT EXISTS invocation_logs_route ON invocation_logs (account_id, route);
CREATE INDEX IF NOT EXISTS invocation_logs_created ON invocation_logs (created_at);
-- Only written when the server records requests.  created_at is the log
-- record's: it finds the record (through the index above) and prunes both.
CREATE TABLE IF NOT EXISTS request_recordings (
    request_id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    recording BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS request_recordings_created ON request_recordings (created_at);
"""

DAY_MS = 86_400_000
#: rows deleted per transaction when pruning, so writers never wait long
PRUNE_CHUNK = 5_000
MAX_PAGE = 1_000

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(LogRecord).decode
_decode_recording = msgspec.json.Decoder(Recording).decode


def route_of(endpoint: str) -> str:
    """Endpoint keys are matched like routes: case-insensitive, without the
    slashes a user may type around them."""
    return endpoint.strip().strip("/").lower()


class Page(msgspec.Struct, frozen=True):
    """Records newest first; ``next`` is the ``after`` for the following
    (older) page, or None at the end."""

    records: list[LogRecord]
    next: int | None = None


class LogStore:
    """The log table of one state database.  Each thread gets a connection
    of its own.  Readers never create the database: before any record is
    written there is simply nothing to find."""

    def __init__(self, path: Path, *, timeout: float = 5.0):
        self.path = Path(path)
        #: seconds to wait for another process's write lock before failing
        self.timeout = timeout
        self._local = threading.local()

    @classmethod
    def in_state_dir(cls, state_dir: str | Path, **kwargs) -> "LogStore":
        return cls(database_path(state_dir), **kwargs)

    def _open(self) -> sqlite3.Connection:
        conn = connect(self.path, timeout=self.timeout)
        try:
            conn.execute("PRAGMA synchronous=NORMAL")   # a power cut may lose the last records, never corrupt
            conn.executescript(SCHEMA)
        except BaseException:
            conn.close()
            raise
        return conn

    def connection(self, *, create: bool = True) -> sqlite3.Connection | None:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if not create and not self.path.exists():
                return None
            conn = self._local.conn = self._open()
        return conn

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            self._local.conn = None
            conn.close()

    def insert(self, records: Sequence[LogRecord], recordings: Sequence[Recording] = ()) -> None:
        """Store *records* and *recordings* in one transaction: all of them or none."""
        conn = self.connection()
        rows = [(r.id, r.accountId, route_of(r.endpoint), r.createdAt, _encode(r)) for r in records]
        with transaction(conn):
            conn.executemany("INSERT INTO invocation_logs (id, account_id, route, created_at, record) "
                             "VALUES (?, ?, ?, ?, ?)", rows)
            if recordings:
                conn.executemany("INSERT OR REPLACE INTO request_recordings (request_id, created_at, recording) "
                                 "VALUES (?, ?, ?)", [(r.requestId, r.createdAt, _encode(r)) for r in recordings])

    def recorded(self, request_id: str) -> tuple[Recording, LogRecord] | None:
        """The recording of *request_id* and its log record, or None when
        there is no recording (recording was off, or retention removed it)."""
        conn = self.connection(create=False)
        if conn is None:
            return None
        row = conn.execute("SELECT recording FROM request_recordings WHERE request_id = ?",
                           (request_id,)).fetchone()
        if row is None:
            return None
        recording = _decode_recording(row[0])
        for (blob,) in conn.execute("SELECT record FROM invocation_logs WHERE created_at = ? AND account_id = ?",
                                    (recording.createdAt, recording.accountId)):
            record = _decode(blob)
            if record.requestId == request_id:
                return recording, record
        return None

    def page(self, account_id: int, endpoint: str, *, limit: int = 20, after: int | None = None) -> Page:
        """Up to *limit* records of an endpoint, newest first, older than the
        cursor *after* (from a previous page's ``next``)."""
        conn = self.connection(create=False)
        if conn is None:
            return Page([])
        limit = max(1, min(limit, MAX_PAGE))
        rows = conn.execute(
            "SELECT seq, record FROM invocation_logs WHERE account_id = ? AND route = ? AND seq < ? "
            "ORDER BY seq DESC LIMIT ?",
            (account_id, route_of(endpoint), after if after is not None else 2 ** 63 - 1, limit + 1)).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        return Page([_decode(blob) for _, blob in rows], rows[-1][0] if more else None)

    def newer(self, account_id: int, endpoint: str, cursor: int, *,
              limit: int = MAX_PAGE) -> list[tuple[int, LogRecord]]:
        """Records stored after *cursor*, oldest first, with their cursors."""
        conn = self.connection(create=False)
        if conn is None:
            return []
        rows = conn.execute(
            "SELECT seq, record FROM invocation_logs WHERE account_id = ? AND route = ? AND seq > ? "
            "ORDER BY seq LIMIT ?", (account_id, route_of(endpoint), cursor, limit)).fetchall()
        return [(seq, _decode(blob)) for seq, blob in rows]

    def last_cursor(self) -> int:
        """The cursor of the newest record of any endpoint (0 when empty)."""
        conn = self.connection(create=False)
        if conn is None:
            return 0
        return conn.execute("SELECT coalesce(max(seq), 0) FROM invocation_logs").fetchone()[0]

    def prune(self, retention_days: float, *, now_ms: int | None = None) -> int:
        """Delete records, and their recordings, older than *retention_days*;
        returns how many records."""
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        cutoff = now_ms - int(retention_days * DAY_MS)
        self._prune("request_recordings", "request_id", cutoff)
        return self._prune("invocation_logs", "seq", cutoff)

    def _prune(self, table: str, key: str, cutoff: int) -> int:
        conn = self.connection()
        deleted = 0
        while True:
            count = conn.execute(
                f"DELETE FROM {table} WHERE {key} IN "
                f"(SELECT {key} FROM {table} WHERE created_at < ? LIMIT ?)", (cutoff, PRUNE_CHUNK)).rowcount
            deleted += count
            if count < PRUNE_CHUNK:
                return deleted

