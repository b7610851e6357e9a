"""Secrets at rest: only ciphertext on disk, the key and what a wrong one does."""

from __future__ import annotations

import base64
import os
import sqlite3
import stat

import pytest

from runtime.secrets import InvalidSecretValue, SecretKeyError, SecretStore, WrongKeyError
from runtime.secrets.crypto import KEY_ENV

VALUE = "sk_live_51H8vXyZ0123456789abcdef"


def raw_state(store: SecretStore) -> bytes:
    """Every byte SQLite keeps for the database: main file, WAL and shared memory."""
    return b"".join(path.read_bytes() for path in store.path.parent.glob(store.path.name + "*"))


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_value_round_trips_and_never_reaches_the_file(store):
    store.add(1, "STRIPE_KEY", VALUE)
    assert store.get(1, "STRIPE_KEY") == VALUE
    data = raw_state(store)
    assert b"STRIPE_KEY" in data                        # the name is stored in the clear, as intended
    assert VALUE.encode() not in data and VALUE[:12].encode() not in data


def test_replaced_and_deleted_ciphertexts_are_overwritten(store):
    """Should the key leak one day, old values must not be recoverable from
    free space in the file."""
    store.add(1, "A", VALUE)
    store.add(1, "B", "another-value-43")
    conn = sqlite3.connect(store.path)
    old = [row[0] for row in conn.execute("SELECT ciphertext FROM secrets ORDER BY name")]
    store.update(1, "A", "the-new-value-42")
    store.delete(1, "B")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")     # everything into the main file, the WAL emptied
    conn.close()
    data = raw_state(store)
    assert all(ciphertext not in data for ciphertext in old)
    assert store.get(1, "A") == "the-new-value-42" and store.get(1, "B") is None


def test_names_and_dates_only_in_list(store):
    store.add(1, "B_KEY", VALUE)
    store.add(1, "A_KEY", "value-two-2")
    store.update(1, "B_KEY", "value-three-3")
    listed = store.list(1)
    assert [info.name for info in listed] == ["A_KEY", "B_KEY"]
    assert listed[1].updatedAt >= listed[1].createdAt > 0
    assert set(listed[0].__struct_fields__) == {"name", "createdAt", "updatedAt"}


def test_accounts_do_not_see_each_others_secrets(store):
    store.add(1, "K", "account-one")
    store.add(2, "K", "account-two")
    assert (store.get(1, "K"), store.get(2, "K"), store.get(3, "K")) == ("account-one", "account-two", None)


def test_empty_value_is_refused(store):
    with pytest.raises(InvalidSecretValue, match="empty"):
        store.add(1, "K", "")
    assert store.list(1) == []


def test_key_file_is_made_0600_on_first_write_only(store, state):
    assert store.list(1) == [] and store.get(1, "K") is None
    assert not state.exists()
    store.add(1, "K", VALUE)
    key_file = state / "secrets.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(base64.b64decode(key_file.read_text())) == 32
    assert stat.S_IMODE(state.stat().st_mode) == 0o700


def test_key_from_the_environment_leaves_no_key_file(state):
    key = new_key()
    store = SecretStore.in_state_dir(state, environ={KEY_ENV: key})
    store.add(1, "K", VALUE)
    assert not (state / "secrets.key").exists()
    assert SecretStore.in_state_dir(state, environ={KEY_ENV: key}).get(1, "K") == VALUE


def test_wrong_key_is_a_clear_error_not_garbage(state):
    SecretStore.in_state_dir(state, environ={KEY_ENV: new_key()}).add(1, "K", VALUE)
    other = SecretStore.in_state_dir(state, environ={KEY_ENV: new_key()})
    with pytest.raises(WrongKeyError, match=f"not the key the secrets were stored with.*{KEY_ENV}"):
        other.get(1, "K")
    with pytest.raises(WrongKeyError):
        other.add(1, "SECOND", "value-2222")        # a second key never creeps in
    assert [info.name for info in other.list(1)] == ["K"]     # names stay readable without the key


def test_lost_key_file_is_reported_and_not_replaced(store, state):
    store.add(1, "K", VALUE)
    (state / "secrets.key").unlink()
    with pytest.raises(SecretKeyError, match="no key was found"):
        store.get(1, "K")
    with pytest.raises(SecretKeyError, match="no key was found"):
        store.update(1, "K", "other-value")
    assert not (state / "secrets.key").exists()
    store.delete(1, "K")                            # deleting needs no key


@pytest.mark.parametrize("text", ["not base64!", base64.b64encode(b"short").decode()])
def test_malformed_key_says_what_a_key_is_without_echoing_it(state, text):
    store = SecretStore.in_state_dir(state, environ={KEY_ENV: text})
    with pytest.raises(SecretKeyError, match="32 random bytes in base64") as caught:
        store.add(1, "K", VALUE)
    assert text not in str(caught.value)


def test_a_ciphertext_moved_to_another_name_does_not_decrypt(store):
    store.add(1, "A", "value-of-a")
    store.add(1, "B", "value-of-b")
    conn = sqlite3.connect(store.path)
    conn.execute("UPDATE secrets SET (nonce, ciphertext) = (SELECT nonce, ciphertext FROM secrets WHERE name = 'A') "
                 "WHERE name = 'B'")
    conn.commit()
    conn.close()
    with pytest.raises(WrongKeyError):
        store.get(1, "B")


def test_version_rises_with_every_change_and_stamps_say_which(store):
    assert store.version(1) == 0 and store.stamps(1) == {}
    store.add(1, "A", "value-a")
    store.add(1, "B", "value-b")
    store.update(1, "A", "value-a2")
    assert store.version(1) == 3 and store.stamps(1) == {"A": 3, "B": 2}
    store.delete(1, "A")
    assert store.version(1) == 4 and store.stamps(1) == {"B": 2}
    assert store.version(2) == 0
