from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import msgspec
import pytest

from runtime.budget import Budget, Settings
from runtime.budget.memory import MemoryStore
from runtime.budget.redis import RedisStore
from runtime.budget.sqlite import SqliteStore
from runtime.budget.store import Store

from .servers import RedisServer

#: a moment in the middle of a bucket, far from the epoch
T0 = 1_700_000_000.25


class FakeClock:
    """Seconds that move only when a test says so: windows, leases and
    retries do not depend on how fast the machine runs the test."""

    def __init__(self, now: float = T0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["memory", "sqlite", "redis"])
def store(request, tmp_path: Path) -> Iterator[Store]:
    """Every store, for the tests of the exchange they all perform."""
    if request.param == "memory":
        made: Store = MemoryStore()
    elif request.param == "sqlite":
        made = SqliteStore.in_state_dir(tmp_path)
    else:
        server = request.getfixturevalue("redis_server")
        server.flush()
        made = RedisStore(server.url)
    yield made
    made.close()


MakeBudget = Callable[..., Budget]


@pytest.fixture(params=["sqlite", "redis"])
def backend(request) -> str:
    """The shared backends a budget can be opened on."""
    return request.param


@pytest.fixture
def make_budget(request, backend: str, tmp_path: Path, clock: FakeClock) -> Iterator[MakeBudget]:
    """make_budget(**settings) -> a Budget on *backend*, on the fake clock."""
    url = None
    if backend == "redis":
        server = request.getfixturevalue("redis_server")
        server.flush()
        url = server.url
    made: list[Budget] = []

    def make(**settings) -> Budget:
        budget = Budget.from_url(url, tmp_path / "state", msgspec.convert(settings, Settings), clock=clock)
        made.append(budget)
        return budget
    yield make
    for budget in made:
        budget.close()
