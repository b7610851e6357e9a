"""``GET /_fnbox/logs/<endpoint>?limit=&after=``: JSON pages for dashboards."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from runtime.logs import LogStore
from runtime.logs.http import logs_route

from .records import make_record

LOCAL = ("127.0.0.1", 40000)


@pytest.fixture
def store(tmp_path) -> LogStore:
    store = LogStore.in_state_dir(tmp_path)
    store.insert([make_record("registration/new", log=f"n{i}") for i in range(5)])
    store.insert([make_record("registration/new", account_id=2, log="other account")])
    return store


def client(store, token=None, account=1, peer=LOCAL) -> TestClient:
    app = Starlette(routes=[logs_route(store, lambda request: account, token=token)])
    return TestClient(app, client=peer)


def test_pages_newest_first_following_next(store):
    http = client(store)
    first = http.get("/_fnbox/logs/registration/new?limit=3").json()
    assert [r["log"] for r in first["records"]] == ["n4", "n3", "n2"]
    rest = http.get(f"/_fnbox/logs/registration/new?limit=3&after={first['next']}").json()
    assert [r["log"] for r in rest["records"]] == ["n1", "n0"] and rest["next"] is None
    record = first["records"][0]
    assert record["endpoint"] == "registration/new" and record["memory"] == "3/128 MB"


def test_unknown_endpoint_is_an_empty_page(store):
    assert client(store).get("/_fnbox/logs/nope").json() == {"records": [], "next": None}


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "limit=5000", "after=-1", "limit=%C2%B2"])
def test_bad_paging_is_400_with_a_message(store, query):
    response = client(store).get(f"/_fnbox/logs/registration/new?{query}")
    assert response.status_code == 400 and "must be a whole number" in response.json()["message"]


def test_without_a_token_only_this_machine_may_read(store):
    assert client(store, peer=("203.0.113.9", 1234)).get("/_fnbox/logs/registration/new").status_code == 403


def test_with_a_token_the_bearer_must_match(store):
    remote = client(store, token="s3cret-token", peer=("203.0.113.9", 1234))
    assert remote.get("/_fnbox/logs/registration/new").status_code == 403
    assert remote.get("/_fnbox/logs/registration/new", headers={"Authorization": "Bearer wrong"}).status_code == 403
    ok = remote.get("/_fnbox/logs/registration/new", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200 and len(ok.json()["records"]) == 5


def test_only_the_account_of_the_host_is_shown(store):
    assert [r["log"] for r in client(store, account=2).get("/_fnbox/logs/registration/new").json()["records"]] \
        == ["other account"]
    assert client(store, account=None).get("/_fnbox/logs/registration/new").status_code == 404
