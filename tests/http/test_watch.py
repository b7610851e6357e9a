"""``--watch``: a changed folder is reloaded; a broken change keeps the last
good version serving; other folders never stop answering."""

from __future__ import annotations

import json
import shutil
import threading
import time

import httpx
import pytest

from .conftest import Server, write_folder

GREET = """exports.main = async () => ({ body: "%s" });"""
RELOAD_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("watch")
    sites = root / "sites"
    write_folder(sites, "a.functions", {"greet": ("GET", GREET % "v1")})
    write_folder(sites, "b.functions", {"other": ("GET", GREET % "steady")})
    srv = Server([str(sites), "--watch", "--no-snapshot"], root / "serve.log")
    yield srv, sites
    srv.stop()


def wait_for_body(client: httpx.Client, url: str, expected: str) -> None:
    deadline = time.monotonic() + RELOAD_TIMEOUT_S
    while time.monotonic() < deadline:
        response = client.get(url)
        if response.status_code == 200 and response.text == expected:
            return
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer {expected!r} within {RELOAD_TIMEOUT_S} s "
                         f"(last: {response.status_code} {response.text!r})")


class Hammer:
    """Requests to a folder that is not changing, for as long as a test runs."""

    def __init__(self, url: str):
        self.url = url
        self.statuses: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=10) as client:
            while not self._stop.is_set():
                response = client.get(self.url)
                self.statuses.append(response.status_code)
                assert response.text == "steady"

    def __enter__(self) -> "Hammer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)


def test_change_reloads_and_breakage_keeps_last_good(site, client):
    server, sites = site
    greet = f"{server.url}/_hcms/api/greet"
    assert client.get(greet).text == "v1"
    with Hammer(f"{server.url}/_hcms/api/other") as hammer:
        (sites / "a.functions" / "greet.js").write_text(GREET % "v2")
        wait_for_body(client, greet, "v2")
        server.wait_output("Reloaded a.functions")

        (sites / "a.functions" / "greet.js").write_text("exports.main = async () => ({ body: ")
        server.wait_output("a.functions has errors; the last good version keeps serving")
        assert "SyntaxError" in server.output()
        assert client.get(greet).text == "v2"

        (sites / "a.functions" / "greet.js").write_text(GREET % "v3")
        wait_for_body(client, greet, "v3")
    assert len(hammer.statuses) > 10
    assert set(hammer.statuses) == {200}


def test_new_folder_is_served_and_a_clash_is_refused(site, client):
    server, sites = site
    write_folder(sites, "c.functions", {"fresh": ("GET", GREET % "new")})
    wait_for_body(client, f"{server.url}/_hcms/api/fresh", "new")
    server.wait_output("Added c.functions")

    # A folder claiming an endpoint another folder serves is refused whole.
    config = sites / "c.functions" / "serverless.json"
    data = json.loads(config.read_text())
    data["endpoints"]["other"] = {"method": "GET", "file": "fresh.js"}
    config.write_text(json.dumps(data))
    out = server.wait_output('Endpoint "other" is defined in both')
    assert "c.functions has errors; the last good version keeps serving" in out
    assert client.get(f"{server.url}/_hcms/api/other").text == "steady"
    assert client.get(f"{server.url}/_hcms/api/fresh").text == "new"


def test_removed_folder_stops_serving(site, client):
    server, sites = site
    shutil.rmtree(sites / "c.functions")
    deadline = time.monotonic() + RELOAD_TIMEOUT_S
    while client.get(f"{server.url}/_hcms/api/fresh").status_code != 404:
        assert time.monotonic() < deadline, "the removed folder is still served"
        time.sleep(0.1)
    server.wait_output("Removed c.functions")
    assert client.get(f"{server.url}/_hcms/api/other").text == "steady"
