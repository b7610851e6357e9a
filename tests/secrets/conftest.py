from __future__ import annotations

from pathlib import Path

import pytest

from runtime.secrets import SecretStore
from runtime.secrets.crypto import KEY_ENV


@pytest.fixture(autouse=True)
def no_key_in_environment(monkeypatch):
    """Tests choose their key source; a key in the developer's shell must not leak in."""
    monkeypatch.delenv(KEY_ENV, raising=False)


@pytest.fixture
def state(tmp_path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def store(state) -> SecretStore:
    return SecretStore.in_state_dir(state, environ={})
