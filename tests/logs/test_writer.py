"""The writer: batches off the caller's thread; a failing database costs log
records (counted), never an exception in the caller."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from runtime.logs import LogStore, LogWriter
from runtime.logs.store import DAY_MS

from .records import make_record, make_recording


class CountingStore(LogStore):
    """Remembers the size of every batch it stored, and the thread it ran on."""

    def __init__(self, path, **kwargs):
        super().__init__(path, **kwargs)
        self.batches: list[int] = []
        self.threads: set[str] = set()

    def insert(self, records, recordings=()):
        super().insert(records, recordings)
        self.batches.append(len(records))
        self.threads.add(threading.current_thread().name)


@pytest.fixture
def store(tmp_path) -> CountingStore:
    return CountingStore(tmp_path / "state" / "fnbox.db")


def logs_of(store: LogStore) -> list[str]:
    return [r.log for r in reversed(store.page(1, "hello", limit=1000).records)]


def test_records_are_stored_in_batches_on_the_writer_thread(store):
    writer = LogWriter(store, batch_size=20)
    for i in range(50):             # queued before the thread starts: the batches are known
        writer.write(make_record(log=str(i)))
    with writer:
        assert writer.flush(10)
    assert store.batches == [20, 20, 10]
    assert store.threads == {"fnbox-log-writer"}
    assert logs_of(store) == [str(i) for i in range(50)]
    assert (writer.written, writer.dropped) == (50, 0)


def test_a_recording_is_stored_with_its_record(store):
    record = make_record(log="recorded")
    writer = LogWriter(store)
    writer.write(record, make_recording(record))
    writer.write(make_record(log="plain"))
    with writer:
        assert writer.flush(10)
    assert store.batches == [2]             # one transaction for both
    assert store.recorded(record.requestId) == (make_recording(record), record)
    assert (writer.written, writer.dropped) == (2, 0)


def test_close_stores_what_is_still_queued(store):
    writer = LogWriter(store, flush_interval=60).start()
    writer.write(make_record(log="last words"))
    writer.close()
    assert logs_of(store) == ["last words"]


def test_locked_database_drops_records_with_a_count_and_recovers(store):
    store.insert([make_record(log="before")])
    locker = sqlite3.connect(store.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")           # another process holding the write lock
    writer = LogWriter(LogStore(store.path, timeout=0.05)).start()
    try:
        for i in range(3):
            writer.write(make_record(log=f"lost {i}"))      # never raises
        assert writer.flush(10)
        assert writer.dropped == 3 and writer.written == 0
        locker.execute("ROLLBACK")
        writer.write(make_record(log="after"))
        assert writer.flush(10)
    finally:
        locker.close()
        writer.close()
    assert writer.dropped == 3 and writer.written == 1
    assert logs_of(store) == ["before", "after"]


class FullDisk(LogStore):
    """A database that cannot grow any more: SQLite reports SQLITE_FULL,
    exactly as it does when the disk is full."""

    def _open(self):
        conn = super()._open()
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn


def test_full_disk_drops_records_with_a_count(tmp_path, caplog):
    store = FullDisk(tmp_path / "fnbox.db")
    with LogWriter(store) as writer:
        for _ in range(4):
            writer.write(make_record(log="x" * 20_000))
        assert writer.flush(10)
        assert writer.dropped == 4
    assert "database or disk is full" in caplog.text
    assert caplog.text.count("invocation logs are being dropped") == 1     # once per outage


def test_unusable_state_directory_drops_records(tmp_path):
    (tmp_path / "state").write_text("a file where the state directory should be")
    with LogWriter(LogStore(tmp_path / "state" / "fnbox.db")) as writer:
        writer.write(make_record())
        assert writer.flush(10)
        assert writer.dropped == 1


def test_a_full_queue_drops_instead_of_blocking(store):
    writer = LogWriter(store, max_pending=2)
    for _ in range(5):
        writer.write(make_record())
    assert writer.dropped == 3


def test_records_after_close_are_dropped(store):
    writer = LogWriter(store).start()
    writer.close()
    writer.write(make_record())
    assert writer.dropped == 1


def test_old_records_are_pruned_when_the_writer_starts(store):
    store.insert([make_record(log="ancient", created_at=make_record().createdAt - 91 * DAY_MS),
                  make_record(log="recent")])
    with LogWriter(store) as writer:
        assert writer.flush(10)
    assert writer.pruned == 1 and logs_of(store) == ["recent"]


def test_retention_is_a_setting(store):
    store.insert([make_record(log="week old", created_at=make_record().createdAt - 7 * DAY_MS)])
    with LogWriter(store, retention_days=3) as writer:
        assert writer.flush(10)
    assert logs_of(store) == []


def test_pruning_repeats_while_running(store):
    """With ``prune_every`` elapsed, records that aged past retention meanwhile go too."""
    with LogWriter(store, retention_days=90, prune_every=0.05) as writer:
        store.insert([make_record(created_at=make_record().createdAt - 100 * DAY_MS)])
        deadline = threading.Event()
        for _ in range(200):
            if writer.pruned:
                break
            deadline.wait(0.05)
    assert writer.pruned == 1
