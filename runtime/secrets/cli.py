"""``fnbox secrets add|update|delete|list``, like ``hs secrets``.

A value is typed at a masked prompt, or piped in on stdin when stdin is not
a terminal (``vault read -field=v x | fnbox secrets add X``); never an
argument, where it would land in shell history and in every process
listing.  One trailing line break of piped input is dropped, as ``echo``
adds it.
"""

from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from runtime.logs.record import _iso
from runtime.logs.state import state_options

from .errors import InvalidSecretValue, SecretError
from .names import check_name
from .store import SecretStore


@contextmanager
def _reported() -> Iterator[None]:
    try:
        yield
    except SecretError as exc:
        raise click.ClickException(str(exc)) from None
    except (sqlite3.Error, OSError) as exc:
        raise click.ClickException(f"cannot use the secrets database: {exc}") from None


#: extra arguments reach the command instead of click's usage error, which
#: would print them back: one of them is likely a value typed by mistake
TAKES_ONLY_A_NAME = {"allow_extra_args": True, "ignore_unknown_options": True}


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def read_value(ctx: click.Context, name: str) -> str:
    if ctx.args:
        raise click.UsageError("Give only the secret's name. The value is read from a masked prompt, or from "
                               "stdin when it is piped, never from the command line (shell history and process "
                               "listings would keep it).", ctx)
    if stdin_is_terminal():
        return click.prompt(f"Enter a value for secret {name}", hide_input=True)
    try:
        value = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidSecretValue(f"The value piped in for secret {name} is not UTF-8 text; nothing was stored.")
    return value[:-2] if value.endswith("\r\n") else value.removesuffix("\n")


@click.group("secrets")
def secrets() -> None:
    """Secrets that functions read as process.env.NAME when their
    serverless.json lists them.  Values are encrypted at rest and never
    shown; a running server picks up a change within a few seconds.

    \b
    Examples:
      fnbox secrets add API_KEY                    (masked prompt)
      vault read -field=key x | fnbox secrets update API_KEY
      fnbox secrets list --account-id 12345
    """


@secrets.command("add", context_settings=TAKES_ONLY_A_NAME)
@click.argument("name")
@state_options
@click.pass_context
def add(ctx: click.Context, name: str, state_dir: Path, account_id: int) -> None:
    """Add secret NAME; the value is read from a masked prompt or stdin.

    \b
    Examples:
      fnbox secrets add API_KEY
      printf %s "$KEY" | fnbox secrets add API_KEY --account-id 12345
    """
    with _reported():
        check_name(name)    # before asking for a value that could not be stored
        SecretStore.in_state_dir(state_dir).add(account_id, name, read_value(ctx, name))
    click.echo(f"Secret {name} was added to account {account_id}.")


@secrets.command("update", context_settings=TAKES_ONLY_A_NAME)
@click.argument("name")
@state_options
@click.pass_context
def update(ctx: click.Context, name: str, state_dir: Path, account_id: int) -> None:
    """Give secret NAME a new value, read from a masked prompt or stdin.

    \b
    Example:
      fnbox secrets update API_KEY
    """
    with _reported():
        check_name(name)
        SecretStore.in_state_dir(state_dir).update(account_id, name, read_value(ctx, name))
    click.echo(f"Secret {name} was updated in account {account_id}.")


@secrets.command("delete")
@click.argument("name")
@click.option("--force", is_flag=True, help="Do not ask for confirmation. Example: --force")
@state_options
def delete(name: str, force: bool, state_dir: Path, account_id: int) -> None:
    """Delete secret NAME.

    \b
    Example:
      fnbox secrets delete API_KEY --force
    """
    if not force:
        click.confirm(f"Delete secret {name} from account {account_id}?", abort=True)
    with _reported():
        SecretStore.in_state_dir(state_dir).delete(account_id, name)
    click.echo(f"Secret {name} was deleted from account {account_id}.")


@secrets.command("list")
@state_options
def list_(state_dir: Path, account_id: int) -> None:
    """List the account's secrets: names and dates, never values.

    \b
    Example:
      fnbox secrets list --account-id 12345
    """
    with _reported():
        found = SecretStore.in_state_dir(state_dir).list(account_id)
    if not found:
        click.echo(f"Account {account_id} has no secrets.")
        return
    width = max(len("NAME"), *(len(info.name) for info in found))
    click.echo(f"{'NAME':<{width}}  {'CREATED':<24}  UPDATED")
    for info in found:
        click.echo(f"{info.name:<{width}}  {_iso(info.createdAt):<24}  {_iso(info.updatedAt)}")
