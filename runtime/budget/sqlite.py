"""The embedded store: the budget windows in the state directory's SQLite
database, shared by every worker process on the host.

Each exchange is one ``BEGIN IMMEDIATE`` transaction, so the write lock
serialises workers and the decision made inside it still holds at commit.
WAL mode lets the log readers and writers that share the file go on meanwhile.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from runtime.logs.state import connect, database_path, transaction

from .store import BackendUnavailable
from .window import Ask, Grant, decide, first_live

SCHEMA = """
CREATE TABLE IF NOT EXISTS budget_window (
    account_id INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    us INTEGER NOT NULL,
    executions INTEGER NOT NULL,
    PRIMARY KEY (account_id, bucket)
) WITHOUT ROWID;
"""

_ADD = """
INSERT INTO budget_window (account_id, bucket, us, executions) VALUES (?, ?, ?, ?)
ON CONFLICT (account_id, bucket) DO UPDATE SET us = us + excluded.us, executions = executions + excluded.executions
"""


class SqliteStore:
    def __init__(self, path: Path, *, timeout: float = 5.0):
        """*timeout*: seconds to wait for another process's write lock
        before counting the store unavailable."""
        self.path = Path(path)
        try:
            # One connection, used from the budget's own thread (and by
            # close() after that thread has stopped).  connect() switches a
            # new file to WAL, waiting out the other workers doing the same.
            self._db = connect(self.path, timeout=timeout, check_same_thread=False)
            # A budget window is worth less than an fsync per lease.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise BackendUnavailable(f"cannot open the budget database {self.path}: {exc}") from exc

    @classmethod
    def in_state_dir(cls, state_dir: str | Path) -> "SqliteStore":
        return cls(database_path(state_dir))

    def exchange(self, account_id: int, ask: Ask) -> Grant:
        db = self._db
        try:
            with transaction(db):
                db.execute("DELETE FROM budget_window WHERE account_id = ? AND bucket < ?",
                           (account_id, first_live(ask.bucket)))
                if ask.back_us or ask.back_executions:
                    db.execute("UPDATE budget_window SET us = max(0, us - ?), executions = max(0, executions - ?) "
                               "WHERE account_id = ? AND bucket = ?",
                               (ask.back_us, ask.back_executions, account_id, ask.back_bucket))
                if ask.debt_us:
                    db.execute(_ADD, (account_id, ask.bucket, ask.debt_us, 0))
                rows = db.execute("SELECT bucket, us, executions FROM budget_window WHERE account_id = ? "
                                  "ORDER BY bucket", (account_id,)).fetchall()
                grant = decide(rows, ask)
                if grant.us or grant.executions:
                    db.execute(_ADD, (account_id, ask.bucket, grant.us, grant.executions))
                return grant
        except sqlite3.Error as exc:
            raise BackendUnavailable(f"the budget database {self.path} failed: {exc}") from exc

    def close(self) -> None:
        self._db.close()
