"""The server's configuration: ``fnbox.toml`` decoded into structs, merged
with the command line.

```toml
port = 8080
workers = 2

[limits]                 # defaults for every account
timeout_ms = 10000

[accounts.1]
folders = ["sites/main"]           # relative to this file
hosts = ["www.example.com"]        # Host headers this account answers

[accounts.2]
folders = ["sites/blog.functions"]  # no hosts: answers any other Host
[accounts.2.limits]
memory_mb = 64

[budget]                 # runtime.budget.Settings
execution_seconds_per_minute = 600
[budget.accounts.2]
execution_seconds_per_minute = 60

[egress]                 # runtime.egress.EgressConfig
allow = ["crm.internal.example"]
[egress.folders]
"sites/blog.functions" = ["10.20.0.0/16"]
```

An unknown key or a wrong type is a :class:`ConfigError` naming the key
(``accounts.2.limits.memory_mb: Expected `int` <= 128, got 512``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from runtime.budget import Settings as BudgetSettings
from runtime.budget.config import AccountBudget
from runtime.egress import EgressConfig, PolicyError, resolve_folders
from runtime.engine import Limits
from runtime.engine.limits import FUEL_PER_MS, MIB
from runtime.logs.writer import DEFAULT_RETENTION_DAYS


class ConfigError(Exception):
    """The configuration cannot be used; the message names the key."""


_strict = dict(forbid_unknown_fields=True, kw_only=True, frozen=True)


class LimitsConfig(msgspec.Struct, **_strict):
    """Per-invocation limits; a key left out falls back to the server-wide
    ``[limits]``, then to the engine's default."""

    #: wall clock per invocation, waits on timers and I/O included
    timeout_ms: Annotated[int, msgspec.Meta(ge=1, le=900_000)] | UnsetType = UNSET
    #: CPU allowance (turned into fuel, a deterministic measure of work)
    cpu_ms: Annotated[int, msgspec.Meta(ge=1, le=900_000)] | UnsetType = UNSET
    #: linear memory; the sandbox's pool is sized for 128 MB at most
    memory_mb: Annotated[int, msgspec.Meta(ge=8, le=128)] | UnsetType = UNSET

    def over(self, base: "LimitsConfig") -> "LimitsConfig":
        """These limits, taking the keys left out from *base*."""
        return LimitsConfig(**{name: getattr(base if getattr(self, name) is UNSET else self, name)
                               for name in self.__struct_fields__})

    def engine_limits(self) -> Limits:
        base = Limits()
        return Limits(
            wall_ms=base.wall_ms if self.timeout_ms is UNSET else self.timeout_ms,
            fuel=base.fuel if self.cpu_ms is UNSET else self.cpu_ms * FUEL_PER_MS,
            memory_bytes=base.memory_bytes if self.memory_mb is UNSET else self.memory_mb * MIB,
            log_bytes=base.log_bytes,
        )


class AccountConfig(msgspec.Struct, **_strict):
    #: functions folders, or directories holding ``*.functions`` folders
    folders: list[str] = []
    #: Host header names (without port) this account answers; none = any
    #: host no other account claims
    hosts: list[str] = []
    limits: LimitsConfig = LimitsConfig()


class ServerConfig(msgspec.Struct, **_strict):
    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=0, le=65535)] = 8080
    workers: Annotated[int, msgspec.Meta(ge=1, le=256)] = 1
    #: where logs, secrets and budget windows are kept
    state_dir: str = ".fnbox"
    #: virtual clock and seeded randomness for every invocation
    deterministic: bool = False
    #: the seed of every invocation's randomness, with ``deterministic``
    seed: int = 0
    #: keep each request (as sent: it may hold personal data) with its log
    #: record, for ``fnbox replay``
    record_requests: bool = False
    #: pre-initialised snapshots per endpoint: slower to start, faster per request
    snapshot: bool = True
    #: reload a folder when its files change (one worker only)
    watch: bool = False
    #: with several workers and a CPU for each, keep each worker's event loop
    #: on a CPU of its own (its caches stay warm on a busy machine); threads
    #: running long invocations still use any CPU
    pin_workers: bool = True
    #: which invocations' log records the server prints
    print_logs: Literal["errors", "all", "none"] = "errors"
    #: invocations running at once per worker; the rest wait their turn.  The
    #: sandbox pool holds 1,100 instances per process, so stay below that.
    max_concurrency: Annotated[int, msgspec.Meta(ge=1, le=1050)] = 1000
    #: answer 500 instead of a response body that carries a secret's value
    #: (by default the body is sent and the log record flags it)
    refuse_secret_responses: bool = False
    #: invocation log records older than this are deleted
    log_retention_days: Annotated[float, msgspec.Meta(gt=0)] = DEFAULT_RETENTION_DAYS
    #: bearer token for ``GET /_fnbox/logs/<endpoint>``; none = loopback clients only
    logs_token: Annotated[str, msgspec.Meta(min_length=16)] | None = None
    #: where account budgets are shared: ``redis://host:6379/0`` (several
    #: hosts); none = the SQLite database in the state directory
    budget_store: str | None = None
    budget: BudgetSettings = BudgetSettings()
    #: outbound requests of functions (fetch, axios, request)
    egress: EgressConfig = EgressConfig()
    limits: LimitsConfig = LimitsConfig()
    accounts: dict[int, AccountConfig] = {}

    def account_limits(self, account: AccountConfig) -> Limits:
        return account.limits.over(self.limits).engine_limits()


_AT = re.compile(r"^(?P<reason>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)


def _named(error: msgspec.ValidationError, prefix: str) -> str:
    """msgspec's ``Expected int - at `$.limits.cpu_ms``` as ``limits.cpu_ms: Expected int``."""
    found = _AT.match(str(error))
    path = prefix + (found["path"] or "")
    key = path.lstrip(".")
    return f"{key}: {found['reason']}" if key else found["reason"]


def decode_config(data: bytes, base_dir: Path) -> ServerConfig:
    """Decode TOML text; folder paths are taken relative to *base_dir*."""
    try:
        raw = msgspec.toml.decode(data)
    except msgspec.DecodeError as exc:
        raise ConfigError(str(exc)) from None
    accounts = raw.pop("accounts", {})
    if not isinstance(accounts, dict):
        raise ConfigError("accounts: expected a table of account ids, like [accounts.1]")
    budget = raw.get("budget")
    if isinstance(budget, dict) and "accounts" in budget:
        raw["budget"] = {**budget, "accounts": _budget_accounts(budget["accounts"])}
    try:
        config = msgspec.convert(raw, ServerConfig)
    except msgspec.ValidationError as exc:
        raise ConfigError(_named(exc, "")) from None
    # Each account is converted on its own so that errors name its id, which
    # msgspec would print as `[...]`.
    decoded: dict[int, AccountConfig] = {}
    for key, value in accounts.items():
        account_id = _account_id(key, "accounts")
        try:
            account = msgspec.convert(value, AccountConfig)
        except msgspec.ValidationError as exc:
            raise ConfigError(_named(exc, f".accounts.{key}")) from None
        folders = [str((base_dir / folder).resolve()) for folder in account.folders]
        decoded[account_id] = msgspec.structs.replace(account, folders=folders)
    config = msgspec.structs.replace(config, accounts=decoded,
                                     state_dir=str((base_dir / config.state_dir).resolve()),
                                     egress=resolve_folders(config.egress, base_dir))
    check_config(config)
    return config


def _account_id(key: str, table: str) -> int:
    if not key.isdigit() or int(key) < 1:
        raise ConfigError(f"{table}.{key}: account ids are positive whole numbers, like [{table}.1]")
    return int(key)


def _budget_accounts(accounts: object) -> dict[int, AccountBudget]:
    """``[budget.accounts.N]`` tables, converted one by one so that errors
    name the account id (TOML keys are strings, the ids are numbers)."""
    if not isinstance(accounts, dict):
        raise ConfigError("budget.accounts: expected a table of account ids, like [budget.accounts.1]")
    decoded = {}
    for key, value in accounts.items():
        try:
            decoded[_account_id(key, "budget.accounts")] = msgspec.convert(value, AccountBudget)
        except msgspec.ValidationError as exc:
            raise ConfigError(_named(exc, f".budget.accounts.{key}")) from None
    return decoded


def load_config(path: str | Path) -> ServerConfig:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return decode_config(data, path.parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def host_name(host: str) -> str:
    """``Example.com:8080`` -> ``example.com``; ``[::1]:80`` -> ``[::1]``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.partition(":")[0]


#: URL schemes of the budget stores other than the state directory's database
BUDGET_SCHEMES = ("redis", "rediss", "unix")


def check_config(config: ServerConfig) -> None:
    """What the types cannot say: every account has folders, a host name
    belongs to one account, at most one account answers unknown hosts, a
    seed comes with deterministic mode, reloading runs in a single worker,
    the budget store is one fnbox can use and every egress allowlist entry
    is valid."""
    if config.seed and not config.deterministic:
        raise ConfigError("seed: randomness is only seeded in deterministic mode; "
                          "add deterministic = true (--deterministic)")
    if config.watch and config.workers > 1:
        raise ConfigError("watch: reloading changes the one worker's routes in place; "
                          "use workers = 1 with it")
    if config.budget_store and config.budget_store.partition("://")[0] not in BUDGET_SCHEMES:
        raise ConfigError(f"budget_store: {config.budget_store!r} is not a Redis URL (redis://host:6379/0, "
                          "rediss://, unix://); leave it out to keep budgets in the state directory")
    try:
        config.egress.check()
    except PolicyError as exc:
        raise ConfigError(str(exc)) from None
    claimed: dict[str, int] = {}
    defaults = []
    for account_id, account in config.accounts.items():
        if not account.folders:
            raise ConfigError(f"accounts.{account_id}.folders: give at least one functions folder")
        if not account.hosts:
            defaults.append(account_id)
        for host in account.hosts:
            name = host_name(host)
            if name in claimed:
                raise ConfigError(f"accounts.{account_id}.hosts: {host!r} is already served by "
                                  f"account {claimed[name]}")
            claimed[name] = account_id
    if len(defaults) > 1:
        raise ConfigError(f"accounts: accounts {', '.join(map(str, defaults))} have no hosts; only one "
                          "account may answer every host, give the others `hosts = [...]`")


def with_folders(config: ServerConfig, folders: list[str], account_id: int) -> ServerConfig:
    """Add folders named on the command line to *account_id* (created when
    the file does not define it)."""
    if not folders:
        return config
    resolved = [str(Path(folder).resolve()) for folder in folders]
    accounts = dict(config.accounts)
    current = accounts.get(account_id, AccountConfig())
    accounts[account_id] = msgspec.structs.replace(current, folders=[*current.folders, *resolved])
    config = msgspec.structs.replace(config, accounts=accounts)
    check_config(config)
    return config
