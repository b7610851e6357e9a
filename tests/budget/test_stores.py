"""The exchange every store performs, against the in-memory store, a real
SQLite file and a real redis-server: they must answer alike."""

from __future__ import annotations

from runtime.budget.config import NO_COUNT_LIMIT
from runtime.budget.window import BUCKETS, EXECUTIONS, TIME, Ask, Grant, freed_at

B = 1_000_000   # a bucket number


def ask(bucket=B, limit_us=1000, limit_executions=NO_COUNT_LIMIT, want_us=100, want_executions=0, **settle):
    return Ask(bucket, limit_us, limit_executions, want_us, want_executions, **settle)


def test_grants_a_lease_out_of_what_is_left(store):
    assert store.exchange(1, ask(want_executions=10)) == Grant(100, 10, 900, NO_COUNT_LIMIT - 10)
    assert store.exchange(1, ask(want_executions=10)) == Grant(100, 10, 800, NO_COUNT_LIMIT - 20)


def test_the_last_lease_is_what_is_left_and_then_it_says_no(store):
    for _ in range(9):
        store.exchange(1, ask())
    assert store.exchange(1, ask(want_us=300)).us == 100
    refused = store.exchange(1, ask())
    assert (refused.us, refused.executions, refused.left_us, refused.blocked, refused.free_bucket) == \
        (0, 0, 0, TIME, B)


def test_accounts_are_separate(store):
    store.exchange(1, ask(want_us=1000))
    assert store.exchange(1, ask()).blocked == TIME
    assert store.exchange(2, ask()).us == 100


def test_unused_lease_goes_back_to_its_bucket(store):
    store.exchange(1, ask(want_us=600, want_executions=10))
    grant = store.exchange(1, ask(bucket=B + 1, want_us=0, back_bucket=B, back_us=500, back_executions=10))
    assert grant.left_us == 900 and grant.left_executions == NO_COUNT_LIMIT
    # Nothing goes below zero, whatever a confused worker hands back.
    assert store.exchange(1, ask(bucket=B + 1, want_us=0, back_bucket=B, back_us=10_000)).left_us == 1000


def test_debt_is_billed_even_past_the_limit(store):
    store.exchange(1, ask(want_us=1000))
    refused = store.exchange(1, ask(debt_us=250))
    assert refused.blocked == TIME and refused.left_us == -250


def test_the_window_slides_bucket_by_bucket(store):
    store.exchange(1, ask(bucket=B, want_us=400))
    store.exchange(1, ask(bucket=B + 10, want_us=600))
    refused = store.exchange(1, ask(bucket=B + 20))
    # The first 400 µs leave the window with bucket B: enough to lease again.
    assert refused.blocked == TIME and refused.free_bucket == B
    last_in_window = B + BUCKETS - 1
    assert store.exchange(1, ask(bucket=last_in_window)).blocked == TIME
    assert store.exchange(1, ask(bucket=last_in_window + 1)) == Grant(100, 0, 300, NO_COUNT_LIMIT)
    assert freed_at(B) == (B + BUCKETS) * 1.0


def test_a_give_back_to_a_bucket_that_left_the_window_is_dropped(store):
    store.exchange(1, ask(bucket=B, want_us=500))
    store.exchange(1, ask(bucket=B + 30, want_us=500))
    grant = store.exchange(1, ask(bucket=B + BUCKETS, want_us=0, back_bucket=B, back_us=500))
    assert grant.left_us == 500   # B's 500 expired; the give-back must not free B + 30's


def test_executions_limit(store):
    limited = dict(limit_us=10**9, limit_executions=25, want_executions=10)
    assert [store.exchange(1, ask(**limited)).executions for _ in range(3)] == [10, 10, 5]
    refused = store.exchange(1, ask(**limited))
    assert refused.blocked == EXECUTIONS and refused.free_bucket == B and refused.left_executions == 0


def test_when_both_limits_are_spent_the_later_one_is_named(store):
    both = dict(limit_us=1000, limit_executions=20)
    store.exchange(1, ask(bucket=B, **both, want_us=0, want_executions=20))
    refused = store.exchange(1, ask(bucket=B + 5, **both, debt_us=1000))
    assert (refused.blocked, refused.free_bucket) == (TIME, B + 5)

    store.exchange(2, ask(bucket=B, **both, want_us=999))
    store.exchange(2, ask(bucket=B + 5, **both, want_us=1, want_executions=20))
    refused = store.exchange(2, ask(bucket=B + 6, **both))
    assert (refused.blocked, refused.free_bucket) == (EXECUTIONS, B + 5)


def test_large_amounts_stay_exact(store):
    hour_us = 3600 * 10**6
    grant = store.exchange(1, ask(limit_us=10 * hour_us, want_us=hour_us, want_executions=10))
    assert grant == Grant(hour_us, 10, 9 * hour_us, NO_COUNT_LIMIT - 10)
