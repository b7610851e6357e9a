"""One server, several accounts: routing by Host header, per-account limits."""

from __future__ import annotations

import pytest

from .conftest import Server, write_folder

WHO = """exports.main = async (context) => ({ body: { account: context.accountId, folder: "%s" } });"""
NAP = """exports.main = async () => { await new Promise((r) => setTimeout(r, 1000)); return { body: "rested" }; };"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("accounts")
    write_folder(root / "a", "site.functions", {"who": ("GET", WHO % "a"), "nap": ("GET", NAP)})
    write_folder(root / "b", "site.functions", {"who": ("GET", WHO % "b"), "nap": ("GET", NAP)})
    (root / "fnbox.toml").write_text("""
[accounts.101]
folders = ["a"]
hosts = ["a.test"]

[accounts.202]
folders = ["b"]
hosts = ["b.test", "www.b.test"]
[accounts.202.limits]
timeout_ms = 400
""")
    srv = Server(["--config", str(root / "fnbox.toml"), "--no-snapshot"], root / "serve.log")
    yield srv
    srv.stop()


@pytest.mark.parametrize("host, expected", [
    ("a.test", {"account": 101, "folder": "a"}),
    ("A.TEST:8080", {"account": 101, "folder": "a"}),
    ("b.test", {"account": 202, "folder": "b"}),
    ("www.b.test:443", {"account": 202, "folder": "b"}),
])
def test_host_header_picks_the_account(server, client, host, expected):
    response = client.get(server.url + "/_hcms/api/who", headers={"host": host})
    assert response.status_code == 200
    assert response.json() == expected


def test_unknown_host_is_404(server, client):
    response = client.get(server.url + "/_hcms/api/who", headers={"host": "c.test"})
    assert response.status_code == 404
    assert response.json() == {"message": "No account is served at host 'c.test'.",
                               "requestId": response.headers["x-request-id"]}


def test_limits_are_per_account(server, client):
    assert client.get(server.url + "/_hcms/api/nap", headers={"host": "a.test"}).text == "rested"
    response = client.get(server.url + "/_hcms/api/nap", headers={"host": "b.test"})
    assert response.status_code == 504
    assert "400 ms" in response.json()["message"]


def test_route_table_shows_both_accounts(server):
    out = server.output()
    assert "Account" in out
    assert out.count("/_hcms/api/who") == 2
