"""The ``fnbox`` command: serve, invoke, list and create functions; replay
recorded requests; manage secrets (``runtime.secrets.cli``) and read logs
(``runtime.logs.cli``)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

import click
import msgspec
from rich.markup import escape

from runtime.egress import Egress, EgressConfig, PolicyError
from runtime.engine import Engine
from runtime.functions import load_many
from runtime.functions.bundle import compile_folder, endpoint_secrets
from runtime.invoke import FunctionRequest
from runtime.invoke import invoke as invoke_function
from runtime.logs import LogStore, render_record
from runtime.logs.cli import logs as logs_command
from runtime.secrets import SecretError, SecretStore
from runtime.secrets.cli import secrets as secrets_command

from .http import config as cfg
from .http.console import RouteRow, make_console, print_problems, route_table
from .http.replay import Comparison, ReplayError, compile_recorded, render, replay
from .http.requests import BODY_METHODS, RequestError, decode_json
from .http.responses import checked
from .http.routing import PREFIXES, endpoint_key
from .http.server import serve as serve_forever
from .scaffold import ScaffoldError, create_function

METHODS = click.Choice(["GET", "POST", "PUT", "PATCH", "DELETE"], case_sensitive=False)
FOLDERS = click.Path(exists=True, file_okay=False, path_type=Path)

out = make_console()
err = make_console(stderr=True)


class ConfigProblem(click.ClickException):
    exit_code = 2


class CannotReplay(click.ClickException):
    exit_code = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Run HubSpot-style serverless functions (*.functions folders) in a
    fresh WebAssembly sandbox per request.

    \b
    Examples:
      fnbox serve examples               serve every folder in examples/
      fnbox invoke examples/hello.functions hello --query name=Ann
      fnbox create function contact-form --endpoint-method POST
      fnbox list examples
      fnbox secrets add API_KEY          the value is read from a masked prompt
      fnbox logs hello --latest
      fnbox replay 5f0c0e9d2b7a4c1e8f3a6b5d4c3b2a19 examples
    """


@main.command()
@click.argument("paths", nargs=-1, type=FOLDERS)
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML file with server settings, accounts (folders, host names) and limits; the "
                   "options below override it. Example: --config fnbox.toml")
@click.option("--host", help="Address to listen on (default 127.0.0.1). Example: --host 0.0.0.0")
@click.option("--port", type=int, help="Port to listen on (default 8080; 0 picks a free one). "
                                       "Example: --port 3000")
@click.option("--workers", type=click.IntRange(1, 256),
              help="Worker processes sharing the port (default 1). Example: --workers 4")
@click.option("--pin-workers/--no-pin-workers", default=None,
              help="With several workers and a CPU for each, keep each worker's event loop on a CPU of "
                   "its own (default on): fewer cache misses when the machine is busy. Long invocations "
                   "still run on any CPU. Example: --no-pin-workers")
@click.option("--state-dir", help="Directory for logs, secrets and budget windows (default .fnbox). "
                                  "Example: --state-dir /var/lib/fnbox")
@click.option("--account-id", type=click.IntRange(1), default=1, show_default=True,
              help="Account that the PATHS belong to. Example: --account-id 12345")
@click.option("--watch", is_flag=True, default=None,
              help="Reload a folder when its files change; a broken change keeps the last good "
                   "version serving. One worker only. Example: --watch")
@click.option("--deterministic", is_flag=True, default=None,
              help="Virtual clock and seeded randomness in every invocation: the same request gives "
                   "the same output and fuel. Example: --deterministic --seed 7")
@click.option("--seed", type=int,
              help="Seed for Math.random and crypto with --deterministic (default 0). Example: --seed 7")
@click.option("--record-requests", "record_requests", is_flag=True, default=None,
              help="Keep each request (params, body, the headers a function sees) with its log record, "
                   "so that `fnbox replay REQUEST_ID` can run it again. Off by default: payloads may hold "
                   "personal data, and are stored as sent (not redacted) for log_retention_days. "
                   "Example: --record-requests")
@click.option("--snapshot/--no-snapshot", default=None,
              help="Pre-initialise each endpoint (about 0.5 s per endpoint at start, cached on disk; "
                   "faster requests). --no-snapshot starts at once. Example: --no-snapshot")
@click.option("--logs", "print_logs", type=click.Choice(["errors", "all", "none"]),
              help="Which invocations' logs to print (default errors). Example: --logs all")
@click.option("--budget", "budget_store", metavar="URL",
              help="Redis server sharing the account budgets between hosts (default: the SQLite database "
                   "in the state directory, shared by this host's workers). "
                   "Example: --budget redis://10.0.0.5:6379/0")
def serve(paths: tuple[Path, ...], config_file: Path | None, account_id: int, **options) -> None:
    """Serve functions folders over HTTP at /_hcms/api/<endpoint>.

    PATHS are *.functions folders or directories holding them, served as
    one account (--account-id). Each request runs in a fresh sandbox; a
    folder with errors is reported and left out.

    \b
    Examples:
      fnbox serve examples
      fnbox serve site.functions --port 3000 --watch
      fnbox serve --config fnbox.toml --workers 4
      fnbox serve --config fnbox.toml --budget redis://localhost:6379/0
      fnbox serve site.functions --deterministic --record-requests
    """
    try:
        config = cfg.load_config(config_file) if config_file else cfg.ServerConfig()
        overrides = {name: value for name, value in options.items() if value is not None}
        if "state_dir" in overrides:
            overrides["state_dir"] = str(Path(overrides["state_dir"]).resolve())
        config = msgspec.structs.replace(config, **overrides)
        config = cfg.with_folders(config, [str(p) for p in paths], account_id)
        cfg.check_config(config)
    except cfg.ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    if not config.accounts:
        raise click.UsageError("nothing to serve: give functions folders, or --config with accounts")
    sys.exit(serve_forever(config, err))


def _pairs(values: tuple[str, ...], sep: str, option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, found, rest = value.partition(sep)
        if not found or not name.strip():
            raise click.BadParameter(f"expected NAME{sep}VALUE, got {value!r}", param_hint=option)
        pairs.append((name.strip(), rest.strip() if sep == ":" else rest))
    return pairs


@main.command("invoke")
@click.argument("path", type=FOLDERS)
@click.argument("endpoint")
@click.option("--method", "-X", type=METHODS,
              help="HTTP method (default: the endpoint's first). Example: --method POST")
@click.option("--data", "-d", help="JSON body, or @FILE to read it from a file. "
                                   "Example: --data '{\"email\": \"a@b.c\"}'")
@click.option("--query", "-q", multiple=True,
              help="Query parameter, repeatable (repeated names give several values). "
                   "Example: --query name=Ann --query tag=a --query tag=b")
@click.option("--header", "-H", multiple=True,
              help="Request header, repeatable. Example: --header 'user-agent: curl/8'")
@click.option("--account-id", type=click.IntRange(1), default=1, show_default=True,
              help="context.accountId. Example: --account-id 12345")
@click.option("--deterministic", is_flag=True,
              help="Virtual clock and seeded randomness: the same input gives the same output. "
                   "Example: --deterministic --seed 7")
@click.option("--seed", type=int,
              help="Seed for Math.random and crypto with --deterministic (default 0). Example: --seed 7")
@click.option("--allow", multiple=True, metavar="HOST",
              help="Open a host, *.domain, address or CIDR range that outbound requests may reach although "
                   "the default egress rules deny it (loopback, private networks), repeatable. "
                   "Example: --allow 127.0.0.1 --allow '*.internal.example'")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), envvar="FNBOX_STATE_DIR",
              default=".fnbox", show_default=True,
              help="Where `fnbox secrets` keeps the account's secrets (a secret not stored there is taken "
                   "from the folder's .env). Example: --state-dir /var/lib/fnbox")
def invoke_command(path: Path, endpoint: str, method: str | None, data: str | None, query: tuple[str, ...],
                   header: tuple[str, ...], account_id: int, deterministic: bool, seed: int | None,
                   allow: tuple[str, ...], state_dir: Path) -> None:
    """Run one request against ENDPOINT of the folder(s) at PATH, without a
    server, and print the response and the function's log.

    The endpoint's secrets come from the state directory's store (set with
    `fnbox secrets`), as the server's would, else from the folder's .env.
    Exits 0 for a 2xx/3xx answer, 1 otherwise.

    \b
    Examples:
      fnbox invoke examples/hello.functions hello --query name=Ann
      fnbox invoke examples contact --data '{"email": "ann@example.com", "message": "Hi there"}'
      fnbox invoke site.functions /_hcms/api/echo -H 'cookie: a=1'
      fnbox invoke site.functions quote --allow 127.0.0.1   (a local test API)
    """
    if seed is not None and not deterministic:
        raise click.BadParameter("randomness is only seeded with --deterministic", param_hint="--seed")
    key = endpoint_key(endpoint) if endpoint.startswith("/") else endpoint.strip("/").lower()
    loaded = load_many([path])
    print_problems(err, loaded.problems)
    found = loaded.routes.get(key or "")
    if found is None:
        known = ", ".join(sorted(e.key for _, e in loaded.routes.values())) or "none"
        raise click.ClickException(f"no endpoint {endpoint!r} in {path} (endpoints: {known})")
    folder, chosen = found
    method = (method or chosen.methods[0]).upper()
    if method not in chosen.methods:
        raise click.ClickException(f"{chosen.key} answers {', '.join(chosen.methods)}, not {method}")
    body = None
    if data is not None:
        if method not in BODY_METHODS:
            raise click.BadParameter(f"a {method} request carries no body", param_hint="--data")
        try:
            body = decode_json(Path(data[1:]).read_bytes() if data.startswith("@") else data.encode())
        except OSError as exc:
            raise click.BadParameter(f"cannot read {data[1:]}: {exc.strerror}", param_hint="--data") from None
        except RequestError as exc:
            raise click.BadParameter(exc.message, param_hint="--data") from None
    try:
        egress_config = EgressConfig(allow=list(allow))
        egress_config.check()
    except PolicyError as exc:
        raise click.BadParameter(str(exc).removeprefix("egress.allow: "), param_hint="--allow") from None
    params: dict[str, list[str]] = {}
    for name, value in _pairs(query, "=", "--query"):
        params.setdefault(name, []).append(value)
    headers = {name.lower(): value for name, value in _pairs(header, ":", "--header")}
    secrets = SecretStore.in_state_dir(state_dir)
    try:
        secrets.check_key()
    except SecretError as exc:
        raise click.ClickException(str(exc)) from None
    engine = Engine()
    compiled, problems = compile_folder(engine, folder, lambda name: secrets.get(account_id, name),
                                        snapshot=False)
    print_problems(err, problems)
    if chosen.route_key not in compiled:
        raise click.ClickException(f"{folder.path} could not be compiled")
    request = FunctionRequest(method=method, endpoint=chosen.key, params=params, headers=headers,
                              body=body)

    async def run_once():
        # The egress pools belong to this event loop: made and closed in it.
        async with Egress.from_config(egress_config) as egress:
            return await invoke_function(engine, compiled[chosen.route_key], request, account_id=account_id,
                                         deterministic=deterministic, seed=seed or 0, egress=egress)

    outcome = asyncio.run(run_once())
    response = checked(outcome.response, outcome.record.requestId)
    out.print(f"HTTP {response.status}", style="bold")
    for name, value in response.headers:
        out.print(escape(f"{name}: {value}"))
    out.print()
    out.print(escape(response.body.decode("utf-8", "replace")))
    err.print(escape(render_record(outcome.record)))
    sys.exit(0 if response.status < 400 else 1)


@main.command("replay")
@click.argument("request_id")
@click.argument("paths", nargs=-1, type=FOLDERS)
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The server's TOML file: the recorded account's folders (when no PATHS are given), "
                   "state_dir, egress and refuse_secret_responses. Example: --config fnbox.toml")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), envvar="FNBOX_STATE_DIR",
              help="The server's state directory, which holds the recording and the secrets (default: the "
                   "config's state_dir, else .fnbox). Example: --state-dir /var/lib/fnbox")
@click.option("--account-id", type=click.IntRange(1),
              help="Only replay a recording of this account (default: whichever account it belongs to). "
                   "Example: --account-id 12345")
def replay_command(request_id: str, paths: tuple[Path, ...], config_file: Path | None, state_dir: Path | None,
                   account_id: int | None) -> None:
    """Run a recorded invocation again and show whether its output and
    fuel match.

    REQUEST_ID is the X-Request-Id of a response from a server started with
    --record-requests. PATHS are the functions folder(s) to run it against
    (default: the recorded account's folders in --config). It runs
    deterministic with the recorded seed, request, limits and
    context.limits; secrets come from the state directory as they are now.

    Prints the recorded and replayed status, body hash, console output (a
    diff when it differs) and fuel, then MATCH or DIFFERENT (output, fuel).
    Exits 0 on MATCH, 1 when different, 2 when it cannot replay (no
    recording of that id, no such endpoint).

    \b
    Examples:
      fnbox replay 5f0c0e9d2b7a4c1e8f3a6b5d4c3b2a19 site.functions
      fnbox replay 5f0c0e9d2b7a4c1e8f3a6b5d4c3b2a19 --config fnbox.toml
    """
    try:
        config = cfg.load_config(config_file) if config_file else cfg.ServerConfig()
    except cfg.ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    state = state_dir or Path(config.state_dir)
    try:
        found = LogStore.in_state_dir(state).recorded(request_id)
    except (sqlite3.Error, OSError) as exc:
        raise CannotReplay(f"cannot read the recordings in {state}: {exc}") from None
    if found is None or (account_id is not None and found[0].accountId != account_id):
        where = f" in account {account_id}" if found is not None else ""
        raise CannotReplay(f"No recording for request id {request_id}{where}: recording is off unless serve runs "
                           f"with --record-requests (recordings in {state} are kept as long as the logs)")
    recording, recorded = found
    account = config.accounts.get(recording.accountId)
    folders = list(paths) or (account.folders if account else [])
    if not folders:
        raise click.UsageError(f"give the functions folder(s) to replay against, or --config with "
                               f"[accounts.{recording.accountId}]")
    secrets = SecretStore.in_state_dir(state)
    engine = Engine()
    try:
        secrets.check_key()
        compiled, problems = compile_recorded(engine, recording, folders,
                                              lambda name: secrets.get(recording.accountId, name))
    except (ReplayError, SecretError) as exc:
        raise CannotReplay(str(exc)) from None
    print_problems(err, problems)

    async def run_once():
        async with Egress.from_config(config.egress) as egress:
            return await replay(engine, compiled, recording, egress=egress,
                                refuse_secret_responses=config.refuse_secret_responses)

    response, replayed = asyncio.run(run_once())
    comparison = Comparison(recording, recorded, response, replayed)
    out.print(escape(render(comparison)))
    sys.exit(0 if comparison.verdict == "MATCH" else 1)


@main.command("list")
@click.argument("paths", nargs=-1, required=True, type=FOLDERS)
def list_command(paths: tuple[Path, ...]) -> None:
    """Print the routes the folders at PATHS serve, and any problems found.

    Exits 1 when a folder has errors (it would not be served).

    \b
    Example:
      fnbox list examples
    """
    loaded = load_many(paths)
    print_problems(err, loaded.problems)
    rows = [RouteRow(1, folder, endpoint, endpoint_secrets(folder, endpoint, lambda name: None)[1])
            for folder, endpoint in loaded.routes.values()]
    out.print(route_table(rows))
    sys.exit(1 if loaded.rejected else 0)


@main.group()
def create() -> None:
    """Scaffold new functions."""


@create.command("function")
@click.argument("name")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--endpoint-path", help="URL path after /_hcms/api/ (default: NAME). "
                                      "Example: --endpoint-path registration/new")
@click.option("--endpoint-method", type=METHODS, multiple=True,
              help="HTTP method, repeatable (default GET). Example: --endpoint-method POST")
def create_function_command(name: str, dest: Path, endpoint_path: str | None,
                            endpoint_method: tuple[str, ...]) -> None:
    """Create NAME.functions in DEST (default: here) with one endpoint, or
    add an endpoint to an existing NAME.functions. Never overwrites a file
    or an endpoint.

    \b
    Examples:
      fnbox create function hello
      fnbox create function forms sites --endpoint-path contact --endpoint-method POST
    """
    try:
        created = create_function(name, dest, endpoint_path, endpoint_method or ("GET",))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    verb = "Created" if created.new_folder else "Added an endpoint to"
    out.print(f"{verb} {escape(str(created.folder))}:")
    for file in created.files:
        out.print(f"  {escape(str(file))}")
    out.print(f"{'/'.join(created.methods)} {PREFIXES[0]}{escape(created.endpoint)}  "
              f"try: fnbox invoke {escape(str(created.folder))} {escape(created.endpoint)}")


main.add_command(secrets_command)
main.add_command(logs_command)


if __name__ == "__main__":
    main()
