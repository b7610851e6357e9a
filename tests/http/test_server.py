"""Status and header rules of ``fnbox serve``, against a real server."""

from __future__ import annotations

import re
import socket
import time
from email.utils import parsedate_to_datetime

import httpx
import pytest

from runtime.engine import pages

from .conftest import Server, write_folder

HELLO = """exports.main = (context, sendResponse) => {
  sendResponse({ body: `Hello, ${(context.params.name || ["world"])[0]}` });
};"""
ECHO = """exports.main = async (context) => ({
  body: { method: context.method, endpoint: context.endpoint, accountId: context.accountId,
          params: context.params, body: context.body, headers: context.headers },
});"""
CREATE = """exports.main = (context, sendResponse) => {
  sendResponse({ statusCode: 201, body: { created: context.body } });
};"""
REDIRECT = """exports.main = (context, sendResponse) => {
  sendResponse({ statusCode: 301, headers: { Location: "/new-home" },
                 multiValueHeaders: { "Set-Cookie": ["a=1; Path=/", "b=2; Path=/; HttpOnly"] } });
};"""
THROWS = """exports.main = () => { throw new TypeError("boom at the function"); };"""
SLOW = """exports.main = async (context) => {
  const ms = Number((context.params.ms || ["1000"])[0]);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { body: { waited: ms } };
};"""
SIZE = """exports.main = async (context) => ({ body: { length: context.body.big.length } });"""
HEADER = """exports.main = async (context) => {
  const value = context.params.repeat ? "h".repeat(Number(context.params.repeat[0])) : context.params.value[0];
  return { headers: { "x-test": value }, body: "sent" };
};"""
OWN_ORIGIN = """exports.main = async () => ({
  headers: { "Access-Control-Allow-Origin": "https://shop.example.com" }, body: "mine" });"""
TIMEOUT_MS = 2000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    sites = root / "sites"
    write_folder(sites, "main.functions", {
        "hello": ("GET", HELLO),
        "echo": (["GET", "POST", "PUT", "PATCH", "DELETE"], ECHO),
        "registration/new": ("POST", CREATE),
        "redirect": ("GET", REDIRECT),
        "throws": ("GET", THROWS),
        "slow": ("GET", SLOW),
        "size": ("POST", SIZE),
        "header": ("GET", HEADER),
        "own-origin": ("GET", OWN_ORIGIN),
    })
    # A second folder with an error must not stop the first.
    broken = sites / "broken.functions"
    broken.mkdir()
    (broken / "serverless.json").write_text('{"endpoints": {"oops": {"file": "oops.js"}}}')
    (root / "fnbox.toml").write_text(f"[limits]\ntimeout_ms = {TIMEOUT_MS}\n")
    srv = Server([str(sites), "--config", str(root / "fnbox.toml"), "--no-snapshot"], root / "serve.log")
    yield srv
    srv.stop()


def api(server: Server, path: str) -> str:
    return f"{server.url}/_hcms/api/{path}"


def assert_error(response: httpx.Response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert set(data) == {"message", "requestId"}
    assert data["requestId"] == response.headers["x-request-id"]
    for word in words:
        assert word in data["message"]
    return data


def test_string_body(server, client):
    response = client.get(api(server, "hello"), params={"name": "Ann"})
    assert response.status_code == 200
    assert response.text == "Hello, Ann"
    assert response.headers["content-type"].startswith("text/html")


def test_date_but_no_server_header(server, client):
    first = client.get(api(server, "hello"))
    time.sleep(1.1)
    second = client.get(api(server, "hello"))
    dates = [parsedate_to_datetime(r.headers["date"]).timestamp() for r in (first, second)]
    assert abs(dates[1] - time.time()) < 5
    assert dates[1] > dates[0]      # the once-a-second date moves on
    assert "server" not in first.headers


def test_cross_origin_calls_get_cors_headers(server, client):
    response = client.get(api(server, "hello"), headers={"origin": "https://www.example.com"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-expose-headers"] == "x-request-id"
    # Not a browser's cross-origin call: the headers would mean nothing.
    response = client.get(api(server, "hello"))
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-expose-headers" not in response.headers
    # A function's own choice of origin stands.
    response = client.get(api(server, "own-origin"), headers={"origin": "https://shop.example.com"})
    assert response.headers.get_list("access-control-allow-origin") == ["https://shop.example.com"]
    assert response.headers["access-control-expose-headers"] == "x-request-id"


def test_every_response_carries_a_request_id(server, client):
    urls = [api(server, "hello"), api(server, "nope"), server.url + "/elsewhere",
            server.url + "/_fnbox/health", server.url + "/_fnbox/metrics"]
    ids = [client.get(url).headers["x-request-id"] for url in urls]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_params_keep_repeated_values(server, client):
    response = client.get(api(server, "echo") + "?a=1&a=2&b=x&empty=&flag")
    assert response.status_code == 200
    assert response.json()["params"] == {"a": ["1", "2"], "b": ["x"], "empty": [""], "flag": [""]}
    assert response.json()["body"] == {}


def test_context_fields(server, client):
    response = client.get(api(server, "echo"), headers={"user-agent": "tester/1", "x-secret-header": "no",
                                                         "cookie": "a=1"})
    data = response.json()
    assert data["method"] == "GET" and data["endpoint"] == "echo" and data["accountId"] == 1
    assert data["headers"]["user-agent"] == "tester/1"
    assert data["headers"]["cookie"] == "a=1"
    assert "x-secret-header" not in data["headers"]


def test_post_json(server, client):
    response = client.post(api(server, "registration/new"), json={"email": "ann@example.com", "n": [1, 2]})
    assert response.status_code == 201
    assert response.json() == {"created": {"email": "ann@example.com", "n": [1, 2]}}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_json_body_for_other_methods(server, client, method):
    response = client.request(method, api(server, "echo"), json={"x": method})
    assert response.json()["body"] == {"x": method}


def test_form_post_fills_body_and_params(server, client):
    response = client.post(api(server, "echo") + "?tag=q", data={"email": "ann@example.com", "tag": ["a", "b"]})
    assert response.status_code == 200
    data = response.json()
    assert data["body"] == {"email": "ann@example.com", "tag": ["a", "b"]}
    assert data["params"] == {"tag": ["q", "a", "b"], "email": ["ann@example.com"]}


def test_empty_post_body_is_an_empty_object(server, client):
    response = client.post(api(server, "echo"))
    assert response.status_code == 200 and response.json()["body"] == {}


def test_invalid_json_says_where(server, client):
    response = client.post(api(server, "echo"), content=b'{"a": 1,\n  "b": }',
                           headers={"content-type": "application/json"})
    assert_error(response, 400, "not valid JSON", "line 2, column 8")


@pytest.mark.parametrize("opening, closing", [(b"[", b"]"), (b'{"a":', b"}")])
def test_deeply_nested_json_is_400(server, client, opening, closing):
    body = opening * 3000 + b"1" + closing * 3000
    response = client.post(api(server, "echo"), content=body, headers={"content-type": "application/json"})
    assert_error(response, 400, "nested too deeply")
    assert client.get(api(server, "hello")).status_code == 200       # the server is fine


@pytest.mark.parametrize("char", ["%00", "%01", "%0B", "%7F", "%0A", "%0D"])
def test_control_character_in_a_header_value_is_a_clear_500(server, client, char):
    response = client.get(api(server, "header") + f"?value=a{char}b")
    assert_error(response, 500, "not valid", "x-test")
    assert client.get(api(server, "header"), params={"value": " fine\tvalue "}).headers["x-test"] == "fine\tvalue"


def test_headers_count_against_the_response_limit(server, client):
    assert_error(client.get(api(server, "header"), params={"repeat": str(8 * 1024 * 1024)}), 500,
                 "larger than 6 MB")
    assert len(client.get(api(server, "header"), params={"repeat": "60000"}).headers["x-test"]) == 60000


def test_other_content_type_is_415(server, client):
    response = client.post(api(server, "echo"), content=b"hello", headers={"content-type": "text/plain"})
    assert_error(response, 415, "JSON", "text/plain")
    response = client.put(api(server, "echo"), content=b"\x00\x01",
                          headers={"content-type": "application/octet-stream"})
    assert_error(response, 415)


def _raw_request(server: Server, head: bytes, chunks: list[bytes]) -> bytes:
    """Send a request by hand (httpx cannot declare a length it does not send)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head)
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and stopped reading: expected
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            more = sock.recv(65536)
            if not more:
                break
            data += more
        return data


def test_declared_oversized_body_is_413_without_reading_it(server):
    head = (b"POST /_hcms/api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 7000000\r\n\r\n")
    answer = _raw_request(server, head, [])
    assert answer.startswith(b"HTTP/1.1 413")
    assert b'"requestId"' in answer and b"6 MB" in answer


def test_streamed_oversized_body_is_413(server):
    head = (b"POST /_hcms/api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * (1024 * 1024)
    chunks = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 7 + [b"0\r\n\r\n"]
    answer = _raw_request(server, head, chunks)
    assert answer.startswith(b"HTTP/1.1 413")


def test_body_just_under_the_limit_is_accepted(server, client):
    big = 6 * 1024 * 1024 - 20
    payload = b'{"big": "' + b"x" * big + b'"}'
    response = client.post(api(server, "size"), content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json() == {"length": big}
    # Echoed back with a wrapper, the same body makes a response over the limit.
    response = client.post(api(server, "registration/new"), content=payload,
                           headers={"content-type": "application/json"})
    assert_error(response, 500, "larger than 6 MB")


def test_unknown_endpoint_and_extra_segment_are_404(server, client):
    assert_error(client.get(api(server, "missing")), 404, "/_hcms/api/missing")
    assert_error(client.get(api(server, "hello/extra")), 404)
    assert_error(client.get(server.url + "/somewhere/else"), 404, "/_hcms/api/")


def test_wrong_method_is_405_with_allow(server, client):
    response = client.delete(api(server, "hello"))
    assert_error(response, 405, "GET", "DELETE")
    assert response.headers["allow"] == "GET, OPTIONS"


def test_options_answers_cors_preflight(server, client):
    response = client.options(api(server, "registration/new"), headers={
        "origin": "https://www.example.com", "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, x-custom"})
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "POST, OPTIONS"
    assert response.headers["access-control-allow-headers"] == "content-type, x-custom"
    assert "x-request-id" in response.headers


@pytest.mark.parametrize("path", ["/_hcms/api/hello/", "/_HCMS/API/HELLO", "/_hcms/api/Hello/",
                                  "/hs/serverless/hello", "/HS/Serverless/hello/"])
def test_case_and_trailing_slash_are_ignored(server, client, path):
    response = client.get(server.url + path)
    assert response.status_code == 200 and response.text == "Hello, world"


def test_redirect_with_several_cookies(server, client):
    response = client.get(api(server, "redirect"), follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "/new-home"
    assert response.headers.get_list("set-cookie") == ["a=1; Path=/", "b=2; Path=/; HttpOnly"]


def test_function_error_is_500_json(server, client):
    data = assert_error(client.get(api(server, "throws")), 500, "TypeError", "boom at the function")
    # The failure's log record is printed with the same request id.
    out = server.wait_output(data["requestId"])
    assert "UNHANDLED_ERROR" in out


def test_time_limit_is_504(server, client):
    started = time.monotonic()
    response = client.get(api(server, "slow"), params={"ms": str(TIMEOUT_MS * 3)})
    assert_error(response, 504, "did not finish in time")
    assert time.monotonic() - started < TIMEOUT_MS * 3 / 1000


def test_broken_folder_is_reported_and_others_served(server, client):
    out = server.output()
    assert re.search(r"broken\.functions/serverless\.json: error: .*\"oops\.js\" .* does not exist", out)
    assert client.get(api(server, "oops")).status_code == 404
    health = client.get(server.url + "/_fnbox/health").json()
    assert health == {"ok": True, "routes": 9, "accounts": 1, "inFlight": 0}


def test_route_table_is_printed(server):
    out = server.output()
    for line in ("POST", "/_hcms/api/registration/new", "main.functions/registration-new.js"):
        assert line in out


def test_metrics(server, client):
    client.get(api(server, "hello"))
    client.get(api(server, "hello"))
    client.get(api(server, "throws"))
    client.get(api(server, "missing"))
    text = client.get(server.url + "/_fnbox/metrics")
    assert text.headers["content-type"].startswith("text/plain; version=0.0.4")
    body = text.text
    hello = re.search(r'fnbox_invocations_total\{account="1",endpoint="hello",status="200"\} (\d+)', body)
    assert hello and int(hello[1]) >= 1
    assert re.search(r'fnbox_invocations_total\{account="1",endpoint="throws",status="500"\} \d+', body)
    assert re.search(r'fnbox_invocation_duration_seconds_bucket\{account="1",endpoint="hello",le="\+Inf"\} \d+', body)
    assert re.search(r'fnbox_fuel_total\{account="1"\} [1-9]\d*', body)
    assert re.search(r'fnbox_errors_total\{kind="JavaScriptError"\} [1-9]', body)
    assert re.search(r'fnbox_errors_total\{kind="not_found"\} [1-9]', body)
    assert "# TYPE fnbox_invocation_duration_seconds histogram" in body
    reused = re.search(r"fnbox_sandboxes_reused_total (\d+)", body)
    assert reused and (int(reused[1]) >= 1 or not pages.supported())   # a second hello reuses the first's
