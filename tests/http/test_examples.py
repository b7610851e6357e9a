"""The folders in examples/ load cleanly and do what their comments say."""

from __future__ import annotations

import io
import shutil

import pytest
from rich.console import Console

from runtime.functions import load_many
from runtime.http import ServerConfig, create_app
from runtime.http.config import with_folders
from tests.egress.conftest import make_egress

from .conftest import ROOT, ThreadServer

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def server(engine, tmp_path_factory):
    config = with_folders(ServerConfig(snapshot=False, state_dir=str(tmp_path_factory.mktemp("state"))),
                          [str(EXAMPLES)], 1)
    # The default policy, but no DNS and no connection beyond loopback.
    egress, connector = make_egress(allow=())
    srv = ThreadServer(create_app(config, engine=engine, egress=egress, console=Console(file=io.StringIO())))
    srv.connector = connector
    yield srv
    srv.stop()


def test_examples_load_without_problems():
    loaded = load_many([EXAMPLES])
    assert not loaded.errors
    assert {f.name for f in loaded.folders} == {"echo.functions", "forms.functions", "hello.functions",
                                                "outbound.functions", "redirects.functions", "secrets.functions"}


def test_hello(server, client):
    response = client.get(server.url + "/_hcms/api/hello", params={"name": "<Ann>"})
    assert response.status_code == 200
    assert response.text == "<p>Hello, &#60;Ann&#62;!</p>"


def test_echo(server, client):
    data = client.post(server.url + "/_hcms/api/echo?x=1", json={"a": [1, 2]}).json()
    assert (data["method"], data["params"], data["body"]) == ("POST", {"x": ["1"]}, {"a": [1, 2]})


@pytest.mark.parametrize("send", ["form", "json"])
def test_contact_form(server, client, send):
    url = server.url + "/_hcms/api/contact"
    good, bad = {"email": "ann@example.com", "message": "Hello there"}, {"email": "nope", "message": ""}
    answer = client.post(url, **{"data" if send == "form" else "json": good})
    assert answer.status_code == 200 and answer.json()["ok"] is True
    answer = client.post(url, **{"data" if send == "form" else "json": bad})
    assert answer.status_code == 400 and set(answer.json()["errors"]) == {"email", "message"}


def test_redirect_and_cookies(server, client):
    moved = client.get(server.url + "/_hcms/api/old-page?ref=mail", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/new-page?ref=mail"
    login = client.post(server.url + "/_hcms/api/login", json={"user": "ann"}, follow_redirects=False)
    assert login.status_code == 302 and login.headers["location"] == "/account"
    cookies = login.headers.get_list("set-cookie")
    assert len(cookies) == 2 and cookies[0].startswith("session=ann-") and cookies[1].startswith("theme=light")


def test_secret_not_set_says_how(server, client):
    answer = client.get(server.url + "/_hcms/api/api-status")
    assert answer.status_code == 503 and ".env.example" in answer.json()["message"]


def test_secret_from_dotenv_is_never_echoed(tmp_path, engine, client):
    folder = shutil.copytree(EXAMPLES / "secrets.functions", tmp_path / "secrets.functions")
    (folder / ".env").write_text("API_KEY=s3cr3t-value\n")
    config = ServerConfig(snapshot=False, state_dir=str(tmp_path / "state"))
    srv = ThreadServer(create_app(with_folders(config, [str(folder)], 1), engine=engine,
                                  console=Console(file=io.StringIO())))
    try:
        answer = client.get(srv.url + "/_hcms/api/api-status")
    finally:
        srv.stop()
    assert answer.json() == {"configured": True, "length": len("s3cr3t-value")}
    assert "s3cr3t" not in answer.text


def test_outbound_call_fails_clearly_when_the_api_is_unreachable(server, client):
    answer = client.get(server.url + "/_hcms/api/quote")
    assert answer.status_code == 502
    assert answer.json()["message"].startswith("The outbound call failed: ")
    assert server.connector.calls == []        # api.github.com is unknown to the test resolver
