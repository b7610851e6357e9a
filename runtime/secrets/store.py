"""Secrets per account in the state database, encrypted at rest.

Only ciphertext reaches the file (``secure_delete`` also overwrites what a
delete or update frees).  Each account has a ``version`` that every change
raises, and each secret remembers the version that last wrote it: a server
polls the one number cheaply and, when it moved, learns which names changed
(see :mod:`.watch`).

A key check (a known text sealed with the key) is stored with the first
secret, so a wrong key is reported as such before anything is read or
written, and a second key can never creep in beside the first.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

import msgspec

from runtime.logs.state import connect, database_path, transaction

from .crypto import KEY_ENV, Cipher, KeySource
from .errors import (InvalidSecretValue, SecretExists, SecretKeyError, SecretLimitError,
                     SecretNotFound)
from .names import MAX_SECRETS, check_name

SCHEMA = """
CREATE TABLE IF NOT EXISTS secrets (
    account_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (account_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS secret_versions (
    account_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS secret_key_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL
);
"""

_KEY_CHECK = b"fnbox secrets key check"
_KEY_CHECK_CONTEXT = b"key-check"


class SecretInfo(msgspec.Struct, frozen=True):
    """What ``list`` shows: never the value."""

    name: str
    createdAt: int      # epoch ms
    updatedAt: int


def _context(account_id: int, name: str) -> bytes:
    return f"{account_id}/{name}".encode()


def _now_ms() -> int:
    return int(time.time() * 1000)


def _checked_value(name: str, value: str) -> bytes:
    if not value:
        raise InvalidSecretValue(f"The value of secret {name} is empty; nothing was stored.")
    return value.encode()


class SecretStore:
    def __init__(self, path: Path, keys: KeySource, *, timeout: float = 5.0):
        self.path = Path(path)
        self.keys = keys
        self.timeout = timeout

    @classmethod
    def in_state_dir(cls, state_dir: str | Path, environ: Mapping[str, str] = os.environ) -> "SecretStore":
        return cls(database_path(state_dir), KeySource(state_dir, environ))

    @contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection | None]:
        """A connection, or None when there is no database and *create* is
        false (reading never creates the state directory)."""
        if not create and not self.path.exists():
            yield None
            return
        conn = connect(self.path, timeout=self.timeout)
        try:
            conn.execute("PRAGMA secure_delete=ON")
            conn.executescript(SCHEMA)
            yield conn
        finally:
            conn.close()

    def _cipher(self, conn: sqlite3.Connection, *, create: bool) -> Cipher:
        """The key, checked against the stored key check.  With *create*
        (inside a write transaction) a first key is made and its check stored."""
        check = conn.execute("SELECT nonce, ciphertext FROM secret_key_check").fetchone()
        cipher = self.keys.cipher(create=create and check is None)
        if cipher is None:
            raise SecretKeyError(f"The secrets in {self.path} are encrypted but no key was found: set "
                                 f"{KEY_ENV} or restore {self.keys.path}.")
        if check is None:
            if create:
                conn.execute("INSERT INTO secret_key_check (id, nonce, ciphertext) VALUES (1, ?, ?)",
                             cipher.seal(_KEY_CHECK, _KEY_CHECK_CONTEXT))
        else:
            cipher.open(*check, _KEY_CHECK_CONTEXT, "the stored secrets")
        return cipher

    def _bump(self, conn: sqlite3.Connection, account_id: int) -> int:
        conn.execute("INSERT INTO secret_versions (account_id, version) VALUES (?, 1) "
                     "ON CONFLICT (account_id) DO UPDATE SET version = version + 1", (account_id,))
        return conn.execute("SELECT version FROM secret_versions WHERE account_id = ?", (account_id,)).fetchone()[0]

    def add(self, account_id: int, name: str, value: str) -> None:
        """Store a new secret.  Breaking a rule raises and stores nothing."""
        name = check_name(name)
        data = _checked_value(name, value)
        with self._connect(create=True) as conn, transaction(conn):
            if self._exists(conn, account_id, name):
                raise SecretExists(f"Secret {name} already exists in account {account_id}; "
                                   f"change it with `fnbox secrets update {name}`.")
            cipher = self._cipher(conn, create=True)
            count = conn.execute("SELECT count(*) FROM secrets WHERE account_id = ?", (account_id,)).fetchone()[0]
            if count >= MAX_SECRETS:
                raise SecretLimitError(f"Account {account_id} already has {count} secrets, the most allowed "
                                       f"({MAX_SECRETS}); delete one before adding {name}.")
            now = _now_ms()
            conn.execute("INSERT INTO secrets (account_id, name, nonce, ciphertext, created_at, updated_at, "
                         "version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (account_id, name, *cipher.seal(data, _context(account_id, name)), now, now,
                          self._bump(conn, account_id)))

    def update(self, account_id: int, name: str, value: str) -> None:
        name = check_name(name)
        data = _checked_value(name, value)
        with self._connect(create=True) as conn, transaction(conn):
            if not self._exists(conn, account_id, name):
                raise SecretNotFound(f"Account {account_id} has no secret {name}; "
                                     f"create it with `fnbox secrets add {name}`.")
            cipher = self._cipher(conn, create=False)
            conn.execute("UPDATE secrets SET nonce = ?, ciphertext = ?, updated_at = ?, version = ? "
                         "WHERE account_id = ? AND name = ?",
                         (*cipher.seal(data, _context(account_id, name)), _now_ms(),
                          self._bump(conn, account_id), account_id, name))

    def delete(self, account_id: int, name: str) -> None:
        with self._connect(create=True) as conn, transaction(conn):
            if not self._exists(conn, account_id, name):
                raise SecretNotFound(f"Account {account_id} has no secret {name}.")
            conn.execute("DELETE FROM secrets WHERE account_id = ? AND name = ?", (account_id, name))
            self._bump(conn, account_id)

    @staticmethod
    def _exists(conn: sqlite3.Connection, account_id: int, name: str) -> bool:
        return conn.execute("SELECT 1 FROM secrets WHERE account_id = ? AND name = ?",
                            (account_id, name)).fetchone() is not None

    def list(self, account_id: int) -> list[SecretInfo]:
        """Names and dates, by name; values are not even decrypted."""
        with self._connect(create=False) as conn:
            if conn is None:
                return []
            rows = conn.execute("SELECT name, created_at, updated_at FROM secrets WHERE account_id = ? "
                                "ORDER BY name", (account_id,)).fetchall()
        return [SecretInfo(*row) for row in rows]

    def get(self, account_id: int, name: str) -> str | None:
        """The value, or None when it is not set (a
        :data:`runtime.http.deployment.AccountSecrets`)."""
        with self._connect(create=False) as conn:
            if conn is None:
                return None
            row = conn.execute("SELECT nonce, ciphertext FROM secrets WHERE account_id = ? AND name = ?",
                               (account_id, name)).fetchone()
            if row is None:
                return None
            cipher = self._cipher(conn, create=False)
        return cipher.open(*row, _context(account_id, name), f"secret {name}").decode()

    def check_key(self) -> None:
        """Raise :class:`~.errors.SecretKeyError` (or its
        :class:`~.errors.WrongKeyError`) when secrets are stored and the key
        at hand cannot decrypt them: a server checks this at start, before
        any function needs a value.  Nothing stored: nothing to check."""
        with self._connect(create=False) as conn:
            if conn is not None and conn.execute("SELECT 1 FROM secret_key_check").fetchone():
                self._cipher(conn, create=False)

    def version(self, account_id: int) -> int:
        """Raised by every add, update and delete in the account."""
        with self._connect(create=False) as conn:
            if conn is None:
                return 0
            row = conn.execute("SELECT version FROM secret_versions WHERE account_id = ?", (account_id,)).fetchone()
        return row[0] if row else 0

    def stamps(self, account_id: int) -> dict[str, int]:
        """Each secret's name and the account version that last wrote it."""
        with self._connect(create=False) as conn:
            if conn is None:
                return {}
            return dict(conn.execute("SELECT name, version FROM secrets WHERE account_id = ?", (account_id,)))
