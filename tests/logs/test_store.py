"""The log table: one record per invocation, paging, following, retention."""

from __future__ import annotations

import sqlite3

import pytest

from runtime.logs import LogError, LogStore
from runtime.logs.store import DAY_MS

from .records import make_record, make_recording

NOW = 1_700_000_000_000


@pytest.fixture
def store(tmp_path) -> LogStore:
    return LogStore.in_state_dir(tmp_path / "state")


def test_a_record_keeps_every_hubspot_and_fnbox_field(store):
    record = make_record("registration/new", log="x INFO hi\n", status="UNHANDLED_ERROR",
                         error=LogError("TypeError", "nope", ["at a (/app/a.js:1:1)"]), missingSecrets=["K"])
    store.insert([record])
    [back] = store.page(1, "registration/new").records
    assert back == record
    assert back.memory == "3/128 MB" and back.fuel == 1000 and back.billedMs == 12.0
    assert (back.requestId, back.method, back.httpStatus) == (record.requestId, "GET", 500)


def test_page_is_newest_first_and_pages_with_next(store):
    records = [make_record(log=f"n{i}") for i in range(5)]
    store.insert(records)
    first = store.page(1, "hello", limit=2)
    assert [r.log for r in first.records] == ["n4", "n3"] and first.next is not None
    second = store.page(1, "hello", limit=2, after=first.next)
    assert [r.log for r in second.records] == ["n2", "n1"]
    last = store.page(1, "hello", limit=2, after=second.next)
    assert [r.log for r in last.records] == ["n0"] and last.next is None


def test_endpoint_is_matched_like_a_route_and_accounts_are_apart(store):
    store.insert([make_record("Registration/New", log="a"), make_record("registration/new", account_id=2, log="b"),
                  make_record("other", log="c")])
    assert [r.log for r in store.page(1, "/registration/NEW/").records] == ["a"]
    assert [r.log for r in store.page(2, "registration/new").records] == ["b"]


def test_newer_returns_what_came_after_a_cursor_oldest_first(store):
    store.insert([make_record(log="old")])
    cursor = store.last_cursor()
    store.insert([make_record(log="x"), make_record("other", log="skip"), make_record(log="y")])
    found = store.newer(1, "hello", cursor)
    assert [r.log for _, r in found] == ["x", "y"]
    assert store.newer(1, "hello", found[-1][0]) == []


def test_reading_never_creates_the_state_directory(tmp_path):
    store = LogStore.in_state_dir(tmp_path / "nothing")
    assert store.page(1, "hello").records == [] and store.newer(1, "hello", 0) == [] and store.last_cursor() == 0
    assert not (tmp_path / "nothing").exists()


def test_database_is_in_wal_mode_with_an_endpoint_index(store):
    store.insert([make_record()])
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    plan = " ".join(str(row) for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT seq FROM invocation_logs WHERE account_id = 1 AND route = 'hello' "
        "ORDER BY seq DESC"))
    assert "invocation_logs_route" in plan and "TEMP B-TREE" not in plan


def test_prune_removes_records_past_retention_only(store):
    store.insert([make_record(log="ancient", created_at=NOW - 91 * DAY_MS),
                  make_record(log="edge", created_at=NOW - 89 * DAY_MS),
                  make_record(log="fresh", created_at=NOW)])
    assert store.prune(90, now_ms=NOW) == 1
    assert [r.log for r in store.page(1, "hello").records] == ["fresh", "edge"]
    assert store.prune(1, now_ms=NOW) == 1
    assert [r.log for r in store.page(1, "hello").records] == ["fresh"]


def test_prune_works_through_more_rows_than_one_chunk(store, monkeypatch):
    monkeypatch.setattr("runtime.logs.store.PRUNE_CHUNK", 3)
    store.insert([make_record(created_at=NOW - 100 * DAY_MS) for _ in range(7)] + [make_record(created_at=NOW)])
    assert store.prune(90, now_ms=NOW) == 7
    assert len(store.page(1, "hello").records) == 1


def test_a_recording_is_found_by_request_id_with_its_record(store, tmp_path):
    record = make_record(log="recorded", created_at=NOW)
    same_ms = make_record(log="not recorded", created_at=NOW)
    recording = make_recording(record)
    store.insert([same_ms, record], [recording])
    assert store.recorded(record.requestId) == (recording, record)
    assert store.recorded(same_ms.requestId) is None
    assert LogStore.in_state_dir(tmp_path / "nothing").recorded(record.requestId) is None
    assert not (tmp_path / "nothing").exists()


def test_recordings_are_pruned_with_their_records(store):
    old, fresh = make_record(created_at=NOW - 91 * DAY_MS), make_record(created_at=NOW)
    store.insert([old, fresh], [make_recording(old), make_recording(fresh)])
    assert store.prune(90, now_ms=NOW) == 1
    assert store.recorded(old.requestId) is None
    assert store.recorded(fresh.requestId) is not None
