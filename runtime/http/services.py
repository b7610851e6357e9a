"""What a worker process runs beside its requests: the account budget, the
log writer, the egress pools, and the watchers for changed secrets and
changed files.

These hold threads, database connections and connection pools, so they are
made in the worker's own event loop: at the app's lifespan start, or at the
first request when the app runs without a lifespan (mounted inside another
app).  They are closed at lifespan shutdown, after the last request.  What
the embedder passed in (a budget, an egress) is used as it is and left for
the embedder to close.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Iterable

from rich.console import Console
from rich.markup import escape

from runtime.budget import Budget
from runtime.egress import Egress
from runtime.logs import LogRecord, LogStore, LogWriter, Recording
from runtime.secrets import SecretError, SecretStore, SecretWatcher

from .config import ServerConfig
from .console import print_reload
from .deployment import AccountSecrets, Deployment
from .hooks import Budget as BudgetSeam
from .hooks import LogSink
from .watch import watch

logger = logging.getLogger("fnbox.http")

#: seconds between two looks at the secrets' version: a change made with
#: ``fnbox secrets`` reaches the functions that list it within ~2 s plus
#: the time to recompile their folder
SECRETS_POLL_S = 2.0


class StoredSecrets:
    """The secret values of the state directory's :class:`SecretStore`, as a
    :data:`~runtime.http.deployment.AccountSecrets` lookup, with one
    :class:`SecretWatcher` per account.  The watchers take their starting
    point when this is made, so make it *before* compiling: a secret changed
    during compilation is then still picked up."""

    def __init__(self, store: SecretStore, account_ids: Iterable[int], *, interval: float = SECRETS_POLL_S):
        self.store = store
        self.watchers = [SecretWatcher(store, account_id, interval=interval) for account_id in account_ids]

    @classmethod
    def open(cls, config: ServerConfig, *, interval: float = SECRETS_POLL_S) -> "StoredSecrets":
        """The store in ``config.state_dir``, its key checked: raises
        :class:`~runtime.secrets.SecretError` when secrets are stored and the
        key at hand (``FNBOX_SECRETS_KEY`` or ``secrets.key``) is missing or
        wrong."""
        store = SecretStore.in_state_dir(config.state_dir)
        store.check_key()
        return cls(store, config.accounts, interval=interval)

    def __call__(self, account_id: int, name: str) -> str | None:
        return self.store.get(account_id, name)


class Services:
    def __init__(self, config: ServerConfig, deployment: Deployment, console: Console, *,
                 budget: BudgetSeam | None, egress: Egress | None, secrets: AccountSecrets,
                 log_sink: LogSink | None):
        self.config = config
        self.deployment = deployment
        self.console = console
        self.secrets = secrets
        self.extra_sink = log_sink
        #: None until started, when none was passed in
        self.budget: BudgetSeam | None = budget
        self.egress: Egress | None = egress
        self.writer: LogWriter | None = None
        self._own_budget = budget is None
        self._own_egress = egress is None
        self._tasks: list[asyncio.Task] = []
        self._starting: asyncio.Future | None = None
        self._started = False
        #: one reload at a time, whether a file or a secret changed
        self._reloading: asyncio.Lock | None = None

    # -- the request path ---------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._started

    async def ready(self) -> None:
        """Start, once, if the lifespan did not (a mounted app)."""
        if not self._started:
            if self._starting is None:
                self._starting = asyncio.ensure_future(self.start())
            await asyncio.shield(self._starting)

    def log(self, record: LogRecord, recording: Recording | None = None) -> None:
        """The log sink: the state directory's store (with the request's
        recording, if any), then the embedder's (the console printer of
        ``fnbox serve``)."""
        if self.writer is not None:
            self.writer.write(record, recording)
        if self.extra_sink is not None:
            self.extra_sink(record)

    @property
    def log_records_dropped(self) -> int:
        return self.writer.dropped if self.writer is not None else 0

    # -- start and stop -----------------------------------------------------------------
    async def start(self) -> None:
        if self._started:
            return
        config = self.config
        self._reloading = asyncio.Lock()
        # What can fail first, so that a failure leaves no thread behind.
        if self._own_budget:
            self.budget = Budget.from_url(config.budget_store, config.state_dir, config.budget)
        if self._own_egress:
            self.egress = Egress.from_config(config.egress)
        self.writer = LogWriter(LogStore.in_state_dir(config.state_dir),
                                retention_days=config.log_retention_days).start()
        if isinstance(self.secrets, StoredSecrets):
            self._tasks += [asyncio.create_task(watcher.run(self.secrets_changed))
                            for watcher in self.secrets.watchers]
        if config.watch:
            self._tasks.append(asyncio.create_task(watch(self.deployment, self.console, self._reloading)))
        self._started = True

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if not self._started:
            return
        self._started = False
        self._starting = None
        if self._own_egress and self.egress is not None:
            await self.egress.aclose()
            self.egress = None
        if self._own_budget and isinstance(self.budget, Budget):
            # Hands unused leases back to the store: blocking calls.
            await asyncio.to_thread(self.budget.close)
            self.budget = None
        if self.writer is not None:
            # Stores what is queued, then stops the writer's thread.
            await asyncio.to_thread(self.writer.close)

    # -- reacting to changed secrets ----------------------------------------------------
    async def secrets_changed(self, account_id: int, names: frozenset[str]) -> None:
        """Recompile the folders of *account_id* whose endpoints list one of
        *names*; the others keep serving untouched."""
        shown = ", ".join(sorted(names))
        for site in self.deployment.sites:
            if site.account_id != account_id:
                continue
            for path, build in list(site.builds.items()):
                if not names & build.folder.all_secrets:
                    continue
                self.console.print(f"Secrets changed in account {account_id} ({escape(shown)}): "
                                   f"recompiling [bold]{escape(path.name)}[/bold]")
                try:
                    async with self._reloading:
                        reload = await asyncio.to_thread(self.deployment.reload, site, path)
                except SecretError as exc:
                    self.console.print(f"[red]Cannot read the secrets of account {account_id}:[/red] "
                                       f"{escape(str(exc))} {escape(path.name)} keeps serving as it was.")
                    continue
                print_reload(self.console, reload)
