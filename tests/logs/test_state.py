"""The shared state database: opening it, transactions, the CLI options."""

from __future__ import annotations

import sqlite3
import threading

import click
import pytest
from click.testing import CliRunner

from runtime.logs.state import DATABASE_NAME, connect, database_path, state_options, transaction


def test_many_first_users_of_a_new_database_at_once(tmp_path):
    """A server's log writer, its budget and `fnbox secrets add` may all open
    a new database together; none of them may fail for it."""
    errors: list[str] = []
    for attempt in range(100):    # the clash is a matter of timing: try it often
        path = tmp_path / f"db{attempt}" / DATABASE_NAME
        barrier = threading.Barrier(8)

        def open_and_write() -> None:
            barrier.wait()
            try:
                connect(path, timeout=5).close()
            except sqlite3.Error as exc:
                errors.append(str(exc))

        threads = [threading.Thread(target=open_and_write) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_transaction_commits_or_rolls_back(tmp_path):
    conn = connect(tmp_path / DATABASE_NAME, timeout=1)
    conn.execute("CREATE TABLE t (a)")
    with transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(RuntimeError):
        with transaction(conn):
            conn.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("changed my mind")
    assert conn.execute("SELECT a FROM t").fetchall() == [(1,)] and not conn.in_transaction


def test_state_options_default_to_dot_fnbox_and_account_1(tmp_path):
    @click.command()
    @state_options
    def show(state_dir, account_id):
        click.echo(f"{database_path(state_dir)} {account_id}")

    assert CliRunner().invoke(show, [], env={"FNBOX_STATE_DIR": None}).output == f".fnbox/{DATABASE_NAME} 1\n"
    assert CliRunner().invoke(show, ["--state-dir", "x", "--account-id", "7"]).output == f"x/{DATABASE_NAME} 7\n"
    assert CliRunner().invoke(show, ["--account-id", "0"]).exit_code == 2
