"""``fnbox logs ENDPOINT``: invocation logs, printed like ``hs cms function logs``.

It reads the state database directly, so it works whether or not a server
is running, and ``--follow`` sees records that a server in another process
writes (SQLite's WAL lets it read while the server writes).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Iterable

import click
import msgspec

from .record import LogRecord
from .render import NO_LOGS, render_record
from .state import state_options
from .store import MAX_PAGE, LogStore

#: seconds between two looks for new records with --follow
FOLLOW_INTERVAL = 0.5


class _Printer:
    """Prints records as they come: JSON lines, or text with a blank line
    between full records."""

    def __init__(self, as_json: bool, compact: bool):
        self.as_json = as_json
        self.compact = compact
        self.printed = 0

    def __call__(self, records: Iterable[LogRecord]) -> None:
        for record in records:
            if self.as_json:
                click.echo(msgspec.json.encode(record).decode())
            else:
                if self.printed and not self.compact:
                    click.echo()
                click.echo(render_record(record, compact=self.compact))
            self.printed += 1


@click.command("logs")
@click.argument("endpoint")
@click.option("--latest", is_flag=True, help="Only the most recent invocation. Example: --latest")
@click.option("--follow", "-f", is_flag=True,
              help="Print invocations as they happen (from now on) until Ctrl+C. Example: --follow")
@click.option("--compact", is_flag=True,
              help="Only the header line of each invocation. Example: --compact")
@click.option("--limit", type=click.IntRange(1, MAX_PAGE), default=10, show_default=True,
              help="How many of the most recent invocations to print. Example: --limit 50")
@click.option("--json", "as_json", is_flag=True, help="One JSON record per line. Example: --json")
@state_options
def logs(endpoint: str, latest: bool, follow: bool, compact: bool, limit: int, as_json: bool,
         state_dir: Path, account_id: int) -> None:
    """Show the logs of ENDPOINT (its path in serverless.json, e.g. registration/new),
    oldest first. The server writes them to its state directory; this reads
    them there, whether or not a server is running.

    \b
    Examples:
      fnbox logs registration/new --latest
      fnbox logs hello --follow --compact
      fnbox logs hello --json --limit 100 --state-dir /var/lib/fnbox
    """
    store = LogStore.in_state_dir(state_dir)
    show = _Printer(as_json, compact)
    try:
        if follow:
            _follow(store, account_id, endpoint, show)
            return
        page = store.page(account_id, endpoint, limit=1 if latest else limit)
        show(reversed(page.records))
    except (sqlite3.Error, OSError) as exc:
        raise click.ClickException(f"cannot read the logs in {store.path}: {exc}") from None
    if not show.printed:
        click.echo(NO_LOGS, err=as_json)


def _follow(store: LogStore, account_id: int, endpoint: str, show: _Printer) -> None:
    cursor = store.last_cursor()
    click.echo(f"Following logs for {endpoint}; press Ctrl+C to stop.", err=True)
    try:
        while True:
            found = store.newer(account_id, endpoint, cursor)
            if found:
                cursor = found[-1][0]
                show(record for _, record in found)
            else:
                time.sleep(FOLLOW_INTERVAL)
    except KeyboardInterrupt:
        pass
