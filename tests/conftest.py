"""Fixtures shared by every test: one real engine per test session."""

from __future__ import annotations

import pytest

from runtime.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    e = Engine()
    e.warm()
    return e
