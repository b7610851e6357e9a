"""Telling a running server which secrets changed, so it can recompile the
endpoints that read them.

The CLI writes secrets from another process; the server polls the
account's version number (one indexed row, no decryption) every
``interval`` seconds and, only when it moved, compares each secret's stamp
with what it saw before.  With the default 2 s interval a change is noticed
well within the 10 s the server promises.

Create the watcher *before* compiling with the store's values: it takes its
starting point at construction, so a change made during compilation is
still reported.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Awaitable, Callable

from .store import SecretStore

logger = logging.getLogger("fnbox.secrets")

#: called with the account id and the names added, updated or deleted
OnChange = Callable[[int, frozenset[str]], "Awaitable[None] | None"]


class SecretWatcher:
    def __init__(self, store: SecretStore, account_id: int, *, interval: float = 2.0):
        self.store = store
        self.account_id = account_id
        self.interval = interval
        self._version = store.version(account_id)
        self._stamps = store.stamps(account_id)

    def poll(self) -> frozenset[str]:
        """Names changed since the previous poll (blocking: a database read)."""
        version = self.store.version(self.account_id)
        if version == self._version:
            return frozenset()
        stamps = self.store.stamps(self.account_id)
        changed = frozenset(name for name in self._stamps.keys() | stamps.keys()
                            if self._stamps.get(name) != stamps.get(name))
        self._version, self._stamps = version, stamps
        return changed

    async def run(self, on_change: OnChange) -> None:
        """Poll until cancelled, calling *on_change* (plain or async) for each
        change.  A failed poll (database locked, say) or callback is logged,
        and watching goes on."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                changed = await asyncio.to_thread(self.poll)
            except Exception as exc:  # the watcher must outlive a bad moment of the database
                logger.warning("cannot check secrets of account %d for changes: %s", self.account_id, exc)
                continue
            if not changed:
                continue
            try:
                result = on_change(self.account_id, changed)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                logger.exception("reacting to changed secrets %s of account %d failed",
                                 sorted(changed), self.account_id)
