"""Storing log records without slowing requests down.

The request path only appends the record to a list (well under a
microsecond, no I/O, no lock, never an exception).  A thread of its own
wakes every ``flush_interval`` (or as soon as ``batch_size`` records are
waiting, or someone flushes) and stores what is waiting in batches of up to
``batch_size``, each in one transaction; it also prunes records past the
retention period, at start and then every ``prune_every`` seconds.  Waking
on a timer rather than per record matters: a thread woken for every request
takes the GIL from the event loop once a request, which cost a worker more
than a third of its throughput.  A request recording travels with its
record, in the same slot and the same transaction.

When the database cannot take a batch (disk full, locked by another process
for longer than the store's timeout, unwritable) the batch is lost and
counted in :attr:`LogWriter.dropped`, as are records that arrive while
``max_pending`` are already waiting.  Requests are never affected.
"""

from __future__ import annotations

import collections
import logging
import sqlite3
import threading
import time

from .record import LogRecord
from .recording import Recording
from .store import LogStore

logger = logging.getLogger("fnbox.logs")

#: HubSpot keeps logs 90 days.
DEFAULT_RETENTION_DAYS = 90.0

_STOP = object()
#: a queued record, alone or with its request's recording
Item = LogRecord | tuple[LogRecord, Recording]


class LogWriter:
    def __init__(self, store: LogStore, *, retention_days: float = DEFAULT_RETENTION_DAYS,
                 batch_size: int = 256, flush_interval: float = 0.1, max_pending: int = 10_000,
                 prune_every: float = 3600.0):
        self.store = store
        self.retention_days = retention_days
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.max_pending = max_pending
        self.prune_every = prune_every
        # deque.append and popleft are atomic: the caller's thread appends,
        # the writer's thread takes, neither locks.
        self._pending: collections.deque = collections.deque()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fnbox-log-writer", daemon=True)
        self._closed = False
        # Each counter has a single writer (the caller's thread, or the
        # writer thread), so no lock is needed.
        self._overflowed = 0
        self._failed = 0
        self.written = 0
        self.pruned = 0
        self._failing = False

    @property
    def dropped(self) -> int:
        """Records lost: too many waiting, writer closed, or the database failed."""
        return self._overflowed + self._failed

    def start(self) -> "LogWriter":
        self._thread.start()
        return self

    def write(self, record: LogRecord, recording: Recording | None = None) -> None:
        """Hand a record over for storage (a :data:`runtime.http.hooks.LogSink`),
        with the request's recording when the server keeps them."""
        pending = self._pending
        if self._closed or len(pending) >= self.max_pending:
            self._overflowed += 1
            return
        pending.append(record if recording is None else (record, recording))
        if len(pending) == self.batch_size:
            self._wake.set()

    __call__ = write

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every record handed over so far is stored or dropped."""
        done = threading.Event()
        self._pending.append(done)
        self._wake.set()
        return done.wait(timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        """Store what is waiting, then stop the thread."""
        if self._closed:
            return
        self._closed = True
        if self._thread.is_alive():
            self._pending.append(_STOP)
            self._wake.set()
            self._thread.join(timeout)

    def __enter__(self) -> "LogWriter":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self) -> None:
        next_prune = 0.0
        try:
            while True:
                now = time.monotonic()
                if now >= next_prune:
                    self._prune()
                    next_prune = now + self.prune_every
                if self._drain():
                    return
                self._wake.wait(max(0.0, min(self.flush_interval, next_prune - time.monotonic())))
                self._wake.clear()
        finally:
            self.store.close()

    def _drain(self) -> bool:
        """Store everything waiting, in batches; wake those who flushed once
        what they handed over before is stored.  True at the stop mark."""
        pending = self._pending
        batch: list[Item] = []
        while pending:
            item = pending.popleft()
            if item is _STOP or isinstance(item, threading.Event):
                if batch:
                    self._store(batch)
                    batch = []
                if item is _STOP:
                    return True
                item.set()
                continue
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._store(batch)
                batch = []
        if batch:
            self._store(batch)
        return False

    def _store(self, batch: list[Item]) -> None:
        records = [item if isinstance(item, LogRecord) else item[0] for item in batch]
        recordings = [item[1] for item in batch if not isinstance(item, LogRecord)]
        try:
            self.store.insert(records, recordings)
        except Exception as exc:  # whatever it is, the thread must live on for the next batch
            self._failed += len(batch)
            if not self._failing:
                # Once per outage, not once per batch: a full disk would flood the server log.
                logger.warning("invocation logs are being dropped: cannot write %s: %s", self.store.path, exc)
            self._failing = True
            self._reset()
        else:
            self.written += len(batch)
            if self._failing:
                logger.warning("invocation logs are being stored again (%d dropped so far)", self.dropped)
            self._failing = False

    def _prune(self) -> None:
        try:
            self.pruned += self.store.prune(self.retention_days)
        except Exception as exc:
            logger.warning("could not prune old invocation logs in %s: %s", self.store.path, exc)
            self._reset()

    def _reset(self) -> None:
        # A new connection next time: the failure may have been in opening it
        # (state directory missing or unwritable), which a retry can outlive.
        try:
            self.store.close()
        except sqlite3.Error:
            pass
