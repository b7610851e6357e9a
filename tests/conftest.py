"""Fixtures shared by every test: one real engine per test session."""

from __future__ import annotations

import pytest

from runtime.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    e = Engine()
    e.warm()
    return e


# Folder builders are shared by the functions, invocation and HTTP tests.
from tests.functions.conftest import make_folder  # noqa: E402,F401
