"""Storing log records without slowing requests down.

The request path only puts the record on a queue (a few microseconds, no
I/O, never an exception).  A thread of its own takes records off in batches
(up to ``batch_size``, or whatever arrived within ``flush_interval``) and
stores each batch in one transaction; it also prunes records past the
retention period, at start and then every ``prune_every`` seconds.  A
request recording travels with its record, in the same queue slot and the
same transaction.

When the database cannot take a batch (disk full, locked by another process
for longer than the store's timeout, unwritable) the batch is lost and
counted in :attr:`LogWriter.dropped`, as are records that arrive while the
queue is full.  Requests are never affected.
"""

from __future__ import annotations

import logging
import queue
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
        self.prune_every = prune_every
        self._queue: queue.Queue = queue.Queue(max_pending)
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
        """Records lost: queue full, writer closed, or the database failed."""
        return self._overflowed + self._failed

    def start(self) -> "LogWriter":
        self._thread.start()
        return self

    def write(self, record: LogRecord, recording: Recording | None = None) -> None:
        """Hand a record over for storage (a :data:`runtime.http.hooks.LogSink`),
        with the request's recording when the server keeps them."""
        if self._closed:
            self._overflowed += 1
            return
        try:
            self._queue.put_nowait(record if recording is None else (record, recording))
        except queue.Full:
            self._overflowed += 1

    __call__ = write

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every record handed over so far is stored or dropped."""
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        """Store what is queued, then stop the thread."""
        if self._closed:
            return
        self._closed = True
        if self._thread.is_alive():
            self._queue.put(_STOP)
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
                try:
                    first = self._queue.get(timeout=max(0.0, next_prune - time.monotonic()))
                except queue.Empty:
                    continue
                batch, waiting, stop = self._collect(first)
                if batch:
                    self._store(batch)
                for done in waiting:
                    done.set()
                if stop:
                    return
        finally:
            self.store.close()

    def _collect(self, first) -> tuple[list[Item], list[threading.Event], bool]:
        """A batch, starting with *first*: until it is full, ``flush_interval``
        has passed, or someone waits for it (flush, close)."""
        batch: list[Item] = []
        waiting: list[threading.Event] = []
        deadline = time.monotonic() + self.flush_interval
        item = first
        while True:
            if item is _STOP:
                return batch, waiting, True
            if isinstance(item, threading.Event):
                waiting.append(item)
                return batch, waiting, False
            batch.append(item)
            if len(batch) >= self.batch_size:
                return batch, waiting, False
            try:
                item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return batch, waiting, False

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
