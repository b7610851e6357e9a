"""The state directory: where it is, the command-line options naming it,
and what every user of its SQLite database needs.

One directory (``.fnbox`` by default) holds a single SQLite database shared
by the invocation logs, the secrets (encrypted) and the budget windows, plus
the secrets key file when no key is given in the environment.  Every user
opens it in WAL mode, so readers never wait for writers.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import click

DEFAULT_STATE_DIR = ".fnbox"
DATABASE_NAME = "fnbox.db"

F = TypeVar("F", bound=Callable)


def database_path(state_dir: str | Path) -> Path:
    return Path(state_dir) / DATABASE_NAME


def ensure_state_dir(state_dir: str | Path) -> Path:
    """Create the directory private to its owner: it holds logs that may carry
    personal data and, unless the key comes from the environment, the key
    that decrypts the secrets."""
    path = Path(state_dir)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def connect(path: Path, *, timeout: float, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection to the state database in autocommit mode (see
    :func:`transaction`), creating the directory and switching the file to
    WAL if it is new.  *timeout*: seconds to wait for another process's
    write lock; *check_same_thread* as :func:`sqlite3.connect` (false for a
    connection the caller hands between threads itself)."""
    ensure_state_dir(Path(path).parent)
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=check_same_thread)
    try:
        _use_wal(conn, time.monotonic() + timeout)
    except BaseException:
        conn.close()
        raise
    return conn


def _use_wal(conn: sqlite3.Connection, deadline: float) -> None:
    # WAL is kept in the file, so only its first user switches.  When several
    # connections open a new file at once, SQLite answers "locked" to the
    # switch without waiting for the busy timeout: wait here instead.
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


def state_options(command: F) -> F:
    """``--state-dir`` and ``--account-id``, as every state command takes them."""
    command = click.option("--account-id", type=click.IntRange(min=1), default=1, show_default=True,
                           envvar="FNBOX_ACCOUNT_ID",
                           help="The account (portal) whose state to use; as fnbox serve's --account-id "
                                "or [accounts.N]. Example: --account-id 12345")(command)
    return click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path),
                        default=DEFAULT_STATE_DIR, show_default=True, envvar="FNBOX_STATE_DIR",
                        help="Directory holding fnbox's database and secrets key; the server's state_dir. "
                             "Example: --state-dir /var/lib/fnbox")(command)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.  The
    write lock is taken at once, so checks made inside (such as a count
    against a limit) still hold at commit.  Connections are opened in
    autocommit mode so that plain reads never keep a transaction open."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
