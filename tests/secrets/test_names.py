"""Secret names and the per-account limit: breaking a rule is a clear error
and stores nothing."""

from __future__ import annotations

import pytest

from runtime.secrets import (MAX_SECRETS, InvalidSecretName, SecretExists, SecretLimitError, SecretNotFound,
                             check_name)


@pytest.mark.parametrize("name", ["API_KEY", "_private", "a", "Key2", "x" * 64, "HUBSPOT_PRIVATE_APP_TOKEN"])
def test_good_names(name):
    assert check_name(name) == name


@pytest.mark.parametrize("name, says", [
    ("", "needs a name"),
    ("2FA_SECRET", "starts with a digit"),
    ("API-KEY", "'-'"),
    ("API KEY", "' '"),
    ("CLÉ", "'É'"),
    ("KEY٣", "'٣'"),         # a non-ASCII digit is not a digit for process.env names
    ("x" * 65, "65 characters long; at most 64"),
])
def test_bad_names_say_what_is_wrong(name, says):
    with pytest.raises(InvalidSecretName, match=says):
        check_name(name)


def test_bad_name_stores_nothing(store):
    with pytest.raises(InvalidSecretName):
        store.add(1, "API-KEY", "value-1234")
    assert store.list(1) == [] and not store.path.exists()


def test_at_most_50_secrets_per_account(store):
    for i in range(MAX_SECRETS):
        store.add(1, f"S{i}", f"value-{i}")
    with pytest.raises(SecretLimitError, match="already has 50 secrets, the most allowed"):
        store.add(1, "ONE_TOO_MANY", "value-x")
    assert len(store.list(1)) == 50 and store.get(1, "ONE_TOO_MANY") is None
    store.add(2, "OTHER_ACCOUNT", "value-y")        # the limit is per account
    store.delete(1, "S0")
    store.add(1, "ONE_TOO_MANY", "value-x")         # room again after a delete


def test_add_of_an_existing_name_and_update_or_delete_of_a_missing_one(store):
    store.add(1, "API_KEY", "first-value")
    with pytest.raises(SecretExists, match="fnbox secrets update API_KEY"):
        store.add(1, "API_KEY", "second-value")
    assert store.get(1, "API_KEY") == "first-value"
    with pytest.raises(SecretNotFound, match="fnbox secrets add NOPE"):
        store.update(1, "NOPE", "value-1234")
    with pytest.raises(SecretNotFound):
        store.delete(1, "NOPE")
    assert [info.name for info in store.list(1)] == ["API_KEY"]
