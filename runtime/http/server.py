"""Running the app under Hypercorn with uvloop, in one process or several.

With one worker the app runs in this process.  With ``workers = N``
Hypercorn spawns N processes sharing the listening socket; each builds its
own app from the configuration passed in the environment (the parent
compiles first, so the workers find the snapshots cached on disk), and
with it its own budget leases, log writer, egress pools and secret
watchers.  On SIGINT/SIGTERM the listeners close, in-flight invocations get
up to their time limit (plus a second) to finish, then each worker stores
its queued log records and hands its unused budget back.  Workers accept
one connection at a time, keep their event loops on CPUs of their own
(``pin_workers``) and stop when this process dies.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from functools import partial
from multiprocessing.connection import wait

import msgspec
import uvloop
from hypercorn.asyncio import serve as hypercorn_serve
from hypercorn.asyncio.run import _run as run_loop
from hypercorn.asyncio.run import worker_serve
from hypercorn.utils import check_multiprocess_shutdown_event, load_application
from hypercorn.config import Config as HypercornConfig
from rich.console import Console
from rich.markup import escape

from runtime.budget import Budget, BudgetError
from runtime.engine import Engine
from runtime.secrets import SecretError

from . import wire
from .app import create_app
from .config import ServerConfig
from .console import compile_progress, console_sink, deployment_rows, make_console, print_problems, route_table
from .deployment import Deployment
from .services import StoredSecrets

#: carries the configuration to spawned workers
CONFIG_ENV = "FNBOX_SERVE_CONFIG"
#: linux/prctl.h: the signal a process gets when its parent dies
_PR_SET_PDEATHSIG = 1


def _address(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def base_url(config: ServerConfig) -> str:
    """Where the routes are, for the table; none when the port is picked at
    bind time (Hypercorn prints it then)."""
    if config.port == 0:
        return ""
    local = config.host in ("127.0.0.1", "::1", "0.0.0.0", "::")
    return f"http://{'localhost' if local else _address(config.host)}:{config.port}"


class _Config(HypercornConfig):
    """Hypercorn's settings, with the headers it adds to every response made
    cheaper: the Date is formatted once a second, not per response, and
    there is no Server header (it would only name the software)."""

    _date_second = -1
    _date = b""

    def response_headers(self, protocol: str) -> list[tuple[bytes, bytes]]:
        now = int(time.time())
        if now != self._date_second:
            self._date = formatdate(now, usegmt=True).encode("ascii")
            self._date_second = now
        return [(b"date", self._date)]


def hypercorn_config(config: ServerConfig) -> HypercornConfig:
    hc = _Config()
    hc.bind = [f"{_address(config.host)}:{config.port}"]
    hc.worker_class = "uvloop"
    hc.workers = config.workers
    hc.application_path = f"{__name__}:worker_app()"
    longest = max((config.account_limits(a).wall_ms for a in config.accounts.values()), default=10_000)
    hc.graceful_timeout = longest / 1000 + 1
    # Bursts of new connections (1,000 at once) overflow Hypercorn's default of 100.
    hc.backlog = 4096
    hc.accesslog = None
    return hc


def serve(config: ServerConfig, console: Console) -> int:
    """Compile, print the routes, serve until interrupted.  Returns the exit
    status: 1 when nothing could be served, or the secrets or the budget
    store cannot be used."""
    try:
        # The watchers of the one-worker app are made before compiling, so
        # that a secret changed meanwhile is still picked up.
        secrets = StoredSecrets.open(config)
        check_budget(config)
        engine = Engine(quiet=False)
        engine.warm()
        deployment, problems = Deployment.build(engine, config, secrets=secrets,
                                                progress=compile_progress(console))
    except (SecretError, BudgetError) as exc:
        console.print(f"[red]Cannot start:[/red] {escape(str(exc))}")
        return 1
    print_problems(console, problems)
    if not deployment.route_count and not config.watch:
        console.print("[red]No endpoints to serve.[/red] Fix the errors above and start again.")
        return 1
    hc = hypercorn_config(config)
    console.print(route_table(deployment_rows(deployment), base_url(config)))
    if config.workers == 1:
        app = create_app(config, engine=engine, deployment=deployment, secrets=secrets, console=console,
                         log_sink=console_sink(console, config.print_logs))
        uvloop.run(hypercorn_serve(prepared(app), hc))
        return 0
    # Each worker builds its own app: engine, budget, log writer, egress pools
    # and secret watchers belong to the process (and event loop) that uses them.
    os.environ[CONFIG_ENV] = msgspec.json.encode(config).decode()
    return run_workers(hc, pin=config.pin_workers)


def check_budget(config: ServerConfig) -> None:
    """Open and close the budget store once, so that a state directory that
    cannot hold it stops the server at start with a clear message (workers
    open their own).  A Redis server that does not answer is not an error:
    the budget serves from local allowances until it does."""
    Budget.from_url(config.budget_store, config.state_dir, config.budget).close()


def run_workers(hc: HypercornConfig, pin: bool = True) -> int:
    """Hypercorn's own multi-process runner terminates the other workers as
    soon as the first one exits, cutting their in-flight requests off; this
    one lets every worker finish its graceful shutdown.  A worker that dies
    on its own stops the server (exit status 1).  With *pin*, and a CPU for
    each worker, each worker's event loop keeps to a CPU of its own
    (:func:`_worker`)."""
    context = multiprocessing.get_context("spawn")
    # libuv lets the first worker to wake accept every connection waiting on
    # the shared socket: a burst of keep-alive connections could all land on
    # one worker while the others idle (wrk's 16 did, one start in six,
    # halving the server's throughput).  Accepting one at a time, each
    # worker gives the others a turn after each connection.
    os.environ.setdefault("UV_TCP_SINGLE_ACCEPT", "1")
    shutdown = context.Event()
    sockets = hc.create_sockets()
    # Workers inherit an ignored SIGINT: Ctrl+C reaches the whole process
    # group, and only this process decides when they stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cpus = _worker_cpus(hc.workers) if pin else [None] * hc.workers
    workers = [context.Process(target=_worker, daemon=True, args=(os.getpid(), cpu, hc, sockets, shutdown))
               for cpu in cpus]
    for worker in workers:
        worker.start()
    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), lambda *_: shutdown.set())
    wait([worker.sentinel for worker in workers])
    crashed = not shutdown.is_set()
    shutdown.set()
    for worker in workers:
        worker.join(hc.graceful_timeout + 5)
        if worker.is_alive():
            worker.terminate()
            worker.join()
    for sock in [*sockets.insecure_sockets, *sockets.secure_sockets]:
        sock.close()
    return 1 if crashed or any(worker.exitcode for worker in workers) else 0


def _worker_cpus(workers: int) -> list[int | None]:
    """A CPU for each worker, from those this process may use; none when
    there are fewer of them than workers (or the system cannot tell)."""
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    return allowed[:workers] if 1 < workers <= len(allowed) else [None] * workers


def _worker(parent: int, cpu: int | None, hc: HypercornConfig, sockets, shutdown) -> None:
    """A worker process: Hypercorn's ``uvloop_worker``, with two changes.

    It stops (gracefully, as by SIGTERM) when the parent dies, even by
    SIGKILL: left alone it would serve on, holding the port, with nothing
    left to stop it.

    Given a *cpu*, the worker's threads keep to it, except those of the
    loop's executor, where long invocations run: they may use every CPU the
    worker could.  Under load a worker the scheduler moves between CPUs
    finds the guest's pages and its own objects out of the CPU's caches;
    kept on one (with 2 workers on 2 CPUs, wrk beside them): ~5 % more
    requests per second, ~4 % less CPU per request."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:      # gone before the line above
        return
    loop_factory = uvloop.new_event_loop
    every = os.sched_getaffinity(0) if cpu is not None else None
    if every is not None and _keep_to({cpu}):

        def loop_factory() -> asyncio.AbstractEventLoop:
            loop = uvloop.new_event_loop()
            loop.set_default_executor(ThreadPoolExecutor(initializer=_keep_to, initargs=(every,)))
            return loop

    # hypercorn.asyncio.run.uvloop_worker, with the loop factory above
    app = load_application(hc.application_path, hc.wsgi_max_body_size)
    shutdown_trigger = partial(check_multiprocess_shutdown_event, shutdown, asyncio.sleep)
    run_loop(partial(worker_serve, app, hc, sockets=sockets), debug=hc.debug, shutdown_trigger=shutdown_trigger,
             loop_factory=loop_factory)


def _keep_to(cpus: set[int]) -> bool:
    """Keep the calling thread to *cpus*; False where the system refuses
    (a container may): the worker then runs unpinned."""
    try:
        os.sched_setaffinity(0, cpus)
    except OSError:
        return False
    return True


def worker_app():
    """The app of one spawned worker (Hypercorn evaluates this call)."""
    config = msgspec.json.decode(os.environ[CONFIG_ENV], type=ServerConfig)
    # The parent already printed the folders' problems.
    return prepared(create_app(config, console=make_console(stderr=True, quiet=True),
                               log_sink=console_sink(make_console(stderr=True), config.print_logs)))


def prepared(app):
    """*app*, with the process that is about to serve it made ready: start-up
    objects out of the collector's way, HTTP/1.1 with llhttp (:mod:`.wire`)."""
    settle_heap()
    wire.install()
    return app


def settle_heap() -> None:
    """Move what start-up made (compiled folders, modules, the engine) out of
    the garbage collector's sight: otherwise every full collection walks it
    again, and requests trigger one every few hundred (~4 % of a worker's
    time with a hello function)."""
    gc.collect()
    gc.freeze()
