"""A running server learns which secrets changed, also when another process
changed them."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from runtime.secrets import SecretStore, SecretWatcher

ROOT = Path(__file__).resolve().parents[2]


def test_poll_names_added_updated_and_deleted_secrets(store):
    store.add(1, "KEEP", "value-keep")
    store.add(1, "CHANGE", "value-one")
    store.add(1, "DROP", "value-drop")
    watcher = SecretWatcher(store, 1)
    assert watcher.poll() == frozenset()
    store.update(1, "CHANGE", "value-two")
    store.delete(1, "DROP")
    store.add(1, "NEW", "value-new")
    store.add(2, "OTHER_ACCOUNT", "value-x")
    assert watcher.poll() == {"CHANGE", "DROP", "NEW"}
    assert watcher.poll() == frozenset()


def test_a_change_before_the_first_poll_is_not_missed(store):
    """The starting point is taken when the watcher is made (before the
    server compiles), not at the first poll."""
    watcher = SecretWatcher(store, 1)
    store.add(1, "K", "value-k")
    assert watcher.poll() == {"K"}


def test_run_calls_back_for_a_change_made_by_another_process(store, state):
    async def scenario() -> tuple[int, frozenset[str]]:
        seen: asyncio.Queue = asyncio.Queue()

        async def on_change(account_id, names):
            await seen.put((account_id, names))

        watcher = SecretWatcher(store, 1, interval=0.05)
        task = asyncio.create_task(watcher.run(on_change))
        try:
            cli = await asyncio.create_subprocess_exec(
                sys.executable, "-c", "from runtime.secrets.cli import secrets; secrets()",
                "add", "API_KEY", "--state-dir", str(state), stdin=subprocess.PIPE, cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)})
            await cli.communicate(b"value-from-another-process")
            assert cli.returncode == 0
            return await asyncio.wait_for(seen.get(), timeout=10)      # the promise to users: 10 s
        finally:
            task.cancel()

    assert asyncio.run(scenario()) == (1, frozenset({"API_KEY"}))
    assert store.get(1, "API_KEY") == "value-from-another-process"


def test_run_survives_a_failing_poll_and_a_failing_callback(store, caplog):
    class Flaky(SecretStore):
        failures = 2

        def version(self, account_id):
            if self.failures:
                self.failures -= 1
                raise OSError("database briefly unreadable")
            return super().version(account_id)

    flaky = Flaky(store.path, store.keys)

    async def scenario() -> frozenset[str]:
        seen: asyncio.Queue = asyncio.Queue()
        flaky.failures = 0
        watcher = SecretWatcher(flaky, 1, interval=0.01)
        flaky.failures = 2
        calls = 0

        def on_change(account_id, names):
            nonlocal calls
            calls += 1
            if calls == 1:
                raise RuntimeError("recompiling failed")
            seen.put_nowait(names)

        task = asyncio.create_task(watcher.run(on_change))
        try:
            store.add(1, "FIRST", "value-1")
            while calls == 0:
                await asyncio.sleep(0.01)
            store.add(1, "SECOND", "value-2")
            return await asyncio.wait_for(seen.get(), timeout=10)
        finally:
            task.cancel()

    assert asyncio.run(scenario()) == {"SECOND"}
    assert "database briefly unreadable" in caplog.text and "recompiling failed" in caplog.text
