"""What the server and the CLI print: problems, the route table, compile
progress, reloads and invocation logs."""

from __future__ import annotations

import sys
from typing import Iterable, NamedTuple

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from runtime.functions import Endpoint, FunctionsFolder, Problem
from runtime.logs import LogRecord, render_record

from .deployment import CompileProgress, Deployment, Reload
from .hooks import LogSink
from .routing import PREFIXES


def make_console(*, stderr: bool = False, quiet: bool = False) -> Console:
    """A console that, written to a pipe or file, keeps table rows on one
    line instead of wrapping them at 80 columns."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200
    return Console(stderr=stderr, quiet=quiet, width=width, highlight=False, soft_wrap=True)


def problem_line(problem: Problem) -> str:
    style = "red" if problem.is_error else "yellow"
    return f"[{style}]{escape(str(problem))}[/{style}]"


def print_problems(console: Console, problems: Iterable[Problem]) -> None:
    for problem in problems:
        console.print(problem_line(problem), highlight=False, soft_wrap=True)


class RouteRow(NamedTuple):
    account_id: int
    folder: FunctionsFolder
    endpoint: Endpoint
    #: secrets listed for the endpoint that have no value
    missing: tuple[str, ...]


def deployment_rows(deployment: Deployment) -> list[RouteRow]:
    return [RouteRow(site.account_id, c.folder, c.endpoint, c.missing_secrets)
            for site in deployment.sites for c in site.routes.values()]


def route_table(rows: list[RouteRow], base_url: str = "") -> Table:
    """Method, URL, file and secrets of every route, like HubSpot's local
    server prints at start."""
    accounts = len({row.account_id for row in rows}) > 1
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    if accounts:
        table.add_column("Account", justify="right")
    for name in ("Method", "URL", "File", "Secrets"):
        table.add_column(name)
    for row in sorted(rows, key=lambda r: (r.account_id, r.endpoint.key)):
        secrets = ", ".join(f"[red]{s} (not set)[/red]" if s in row.missing else escape(s)
                            for s in row.endpoint.secrets)
        cells = [", ".join(row.endpoint.methods), escape(f"{base_url}{PREFIXES[0].rstrip('/')}/{row.endpoint.key}"),
                 escape(f"{row.folder.name}/{row.endpoint.file}"), secrets or "-"]
        table.add_row(*([str(row.account_id)] if accounts else []), *cells)
    return table


def compile_progress(console: Console) -> CompileProgress:
    def progress(folder: FunctionsFolder) -> None:
        count = len(folder.endpoints)
        console.print(f"Compiling [bold]{escape(folder.name)}[/bold] "
                      f"({count} endpoint{'s' if count != 1 else ''})…", highlight=False)
    return progress


def print_reload(console: Console, reload: Reload) -> None:
    """One print per reload, so that a reader of the log never sees the
    heading of a failed reload without its errors."""
    name = escape(reload.path.name)
    if reload.action in ("added", "reloaded"):
        lines = [f"[green]{reload.action.capitalize()} {name}[/green] (account {reload.account_id})"]
    elif reload.action == "removed":
        lines = [f"[yellow]Removed {name}[/yellow]: its endpoints are no longer served"]
    elif reload.action == "kept":
        lines = [f"[red]{name} has errors; the last good version keeps serving:[/red]"]
    elif reload.problems:
        lines = [f"[red]{name} has errors and is not served:[/red]"]
    else:
        lines = []
    lines += [problem_line(problem) for problem in reload.problems]
    if lines:
        console.print("\n".join(lines), highlight=False, soft_wrap=True)


def console_sink(console: Console, which: str) -> LogSink:
    """Print the records of failed invocations (``errors``), of ``all`` or ``none``."""
    def sink(record: LogRecord) -> None:
        if which == "all" or (which == "errors" and record.status != "SUCCESS"):
            console.print(escape(f"{record.method} {record.endpoint} -> {record.httpStatus} "
                                 f"(request {record.requestId})\n{render_record(record)}"),
                          highlight=False, soft_wrap=True)
    return sink
