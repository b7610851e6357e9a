"""HTTP/1.1 as ``fnbox serve`` speaks it (:mod:`runtime.http.http1`): what
reaches the app, framing both ways, keep-alive and pipelining, and the
answers to requests that are not HTTP.  Run against a small ASGI app
(:mod:`tests.http.probe_app`) that answers in ways fnbox's own never does."""

from __future__ import annotations

import json
import re
import select
import socket
import subprocess
import sys
import time

import httpx
import pytest

from . import probe_app
from .conftest import ROOT, connect, free_port, get, read_answer


class Probe:
    """:mod:`tests.http.probe_app` in a subprocess; its output (Hypercorn's
    access log among it) goes to *log*."""

    def __init__(self, log):
        self.port = free_port()
        self.log = log
        with open(log, "wb") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "tests.http.probe_app", str(self.port)],
                                            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert time.monotonic() < deadline and self.process.poll() is None, "probe did not start"
                time.sleep(0.05)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    probe = Probe(tmp_path_factory.mktemp("probe") / "probe.log")
    yield probe
    probe.process.terminate()
    probe.process.wait(30)


def until_closed(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def info(sock: socket.socket, request: bytes) -> dict:
    sock.sendall(request)
    head, body = read_answer(sock)
    assert head.startswith(b"HTTP/1.1 200 OK\r\n"), head
    return json.loads(body)


def test_the_app_sees_the_request_as_sent(server):
    with connect(server) as sock:
        seen = info(sock, b"PUT /info?a=1&b=%20 HTTP/1.1\r\nHost: h\r\nX-Mixed-Case:  Value \r\n"
                          b"Content-Length: 5\r\n\r\nhello")
    assert seen["method"] == "PUT" and seen["http_version"] == "1.1"
    assert seen["path"] == "/info" and seen["raw_path"] == "/info" and seen["query_string"] == "a=1&b=%20"
    # Names lowercased as ASGI wants, values without their surrounding blanks, in order.
    assert seen["headers"] == [["host", "h"], ["x-mixed-case", "Value"], ["content-length", "5"]]
    assert seen["body"] == "hello"


def test_a_chunked_request_body_arrives_whole(server):
    with connect(server) as sock:
        seen = info(sock, b"POST /info HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        assert seen["body"] == "abcde"
        # The connection is still good for the next request.
        assert info(sock, get("/info"))["body"] == ""


def test_pipelined_requests_are_answered_in_order(server):
    with connect(server) as sock:
        sock.sendall(get("/info?1") + b"POST /info?2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz"
                     + get("/info?3"))
        answers, data = [], b""
        while len(answers) < 3:     # they may all come in one read
            chunk = sock.recv(65536)
            assert chunk, f"closed after {len(answers)} answers"
            data += chunk
            while b"\r\n\r\n" in data:
                head, _, rest = data.partition(b"\r\n\r\n")
                length = int(re.search(rb"content-length: (\d+)", head)[1])
                if len(rest) < length:
                    break
                answers.append(json.loads(rest[:length]))
                data = rest[length:]
    assert [(a["query_string"], a["body"]) for a in answers] == [("1", ""), ("2", "xyz"), ("3", "")]


def test_an_answer_without_length_is_chunked_for_http_1_1(server):
    with connect(server) as sock:
        sock.sendall(get("/stream"))
        data = b""
        while not data.endswith(b"0\r\n\r\n"):
            data += sock.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        assert b"transfer-encoding: chunked" in head.lower()
        assert body == b"2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n"
        assert info(sock, get("/info"))["method"] == "GET"    # still kept alive


def test_an_answer_without_length_ends_with_the_connection_for_http_1_0(server):
    with connect(server) as sock:
        sock.sendall(b"GET /stream HTTP/1.0\r\n\r\n")
        head, _, body = until_closed(sock).partition(b"\r\n\r\n")
    assert b"transfer-encoding" not in head.lower() and b"connection: close" in head.lower()
    assert body == b"abcd"


@pytest.mark.parametrize("request_head", [
    b"GET /info HTTP/1.0\r\n\r\n",
    b"GET /info HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
], ids=["HTTP/1.0", "Connection: close"])
def test_the_connection_closes_when_the_client_says_so(server, request_head):
    with connect(server) as sock:
        sock.sendall(request_head)
        head, _, body = until_closed(sock).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"connection: close" in head.lower()
    assert json.loads(body)["path"] == "/info"


def test_the_connection_closes_after_the_servers_request_limit(server):
    with connect(server) as sock:
        for _ in range(probe_app.MAX_REQUESTS - 1):
            sock.sendall(get("/info"))
            head, _ = read_answer(sock)
            assert b"connection: close" not in head
        sock.sendall(get("/info"))
        head, _ = read_answer(sock)
        assert b"connection: close" in head
        assert sock.recv(65536) == b""


def test_the_idle_timeout_spares_a_request_under_way_and_counts_from_its_answer(server):
    with connect(server) as sock:
        sock.settimeout(probe_app.SLOW_S + probe_app.KEEP_ALIVE_S * 3)
        sock.sendall(get("/info"))
        read_answer(sock)                   # idle from here: the timer is armed
        sock.sendall(get("/slow"))          # busy past the timeout
        head, body = read_answer(sock)
        assert head.startswith(b"HTTP/1.1 200") and body == b"slow"
        answered = time.monotonic()
        sock.sendall(get("/info"))          # still open
        assert read_answer(sock)[0].startswith(b"HTTP/1.1 200")
        assert sock.recv(65536) == b""      # then closed for idling
        assert time.monotonic() - answered > probe_app.KEEP_ALIVE_S - 0.5


def test_an_unread_request_body_closes_the_connection_after_the_answer(server):
    with connect(server) as sock:
        sock.sendall(b"POST /early HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\npartial")
        head, body = read_answer(sock)
        assert head.startswith(b"HTTP/1.1 200") and body == b"early"
        assert sock.recv(65536) == b""


def test_an_answer_short_of_its_length_closes_the_connection(server):
    with connect(server) as sock:
        sock.sendall(get("/short"))
        data = until_closed(sock)
    assert data.startswith(b"HTTP/1.1 200") and data.endswith(b"\r\n\r\n12345")


def test_an_app_that_fails_before_answering_gives_500_and_closes(server):
    with connect(server) as sock:
        sock.sendall(get("/fail"))
        head, _, body = until_closed(sock).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 500 ") and b"connection: close" in head and body == b""


def test_the_app_hears_of_a_client_gone_mid_body(server):
    with connect(server) as sock:
        sock.sendall(b"POST /info?gone HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\npart")
        time.sleep(0.2)
    deadline = time.monotonic() + 10
    while "/info?gone" not in httpx.get(f"http://127.0.0.1:{server.port}/disconnected").json():
        assert time.monotonic() < deadline, "the app never got http.disconnect"
        time.sleep(0.05)


def test_answers_reach_hypercorns_access_log(server):
    with connect(server) as sock:
        sock.sendall(get("/logged"))
        read_answer(sock)
        sock.sendall(get("/fail"))
        until_closed(sock)
    deadline = time.monotonic() + 10
    while not all(line in server.log.read_text() for line in ('"GET /logged 1.1" 404', '"GET /fail 1.1" 500')):
        assert time.monotonic() < deadline, f"not in the access log:\n{server.log.read_text()[-2000:]}"
        time.sleep(0.05)


def test_a_header_that_would_split_the_answer_is_never_sent(server):
    with connect(server) as sock:
        sock.sendall(get("/inject"))
        head, _ = read_answer(sock)
    assert head.startswith(b"HTTP/1.1 500") and b"injected" not in head


@pytest.mark.parametrize("request_bytes, status", [
    (b"NOT HTTP AT ALL\r\n\r\n", 400),
    (b"GET /info HTTP/1.1\r\n\r\n", 400),                                     # no Host
    (b"GET /info HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    (b"GET /info HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
    (b"POST /info HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    (b"GET /info HTTP/1.1\r\nHost: a\r\nX: a\nb\r\n\r\n", 400),
    (b"POST /info HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n", 400),
    (b"GET /info HTTP/1.1\r\nHost: a\r\nX: " + b"v" * 20_000 + b"\r\n\r\n", 431),
    (b"GET /info HTTP/1.1\r\nHost: a\r\n" + b"X: 1234567890\r\n" * 1500 + b"\r\n", 431),
], ids=["garbage", "no Host", "two Hosts", "two lengths", "length and chunked", "bare LF", "bad chunk",
        "one huge header", "many headers"])
def test_a_malformed_request_gets_an_error_and_the_connection_closes(server, request_bytes, status):
    with connect(server) as sock:
        sock.sendall(request_bytes)
        data = until_closed(sock)
    assert data.startswith(b"HTTP/1.1 %d " % status) and b"connection: close" in data.lower()


def test_a_head_that_never_ends_is_cut_off(server):
    with connect(server) as sock:
        sock.sendall(b"GET /info HTTP/1.1\r\nHost: a\r\nX: ")
        sent = 0
        # The answer comes while the header is still arriving (a few reads
        # past the 16 KB limit), not at the end of the head, which never comes.
        while not select.select([sock], [], [], 0.05)[0]:
            assert sent < 200_000, "no answer to a head of 200 KB"
            sock.sendall(b"v" * 4096)
            sent += 4096
        assert until_closed(sock).startswith(b"HTTP/1.1 431 ")


def test_a_bad_request_after_a_good_one_gets_both_answers_in_order(server):
    with connect(server) as sock:
        sock.sendall(get("/info?good") + b"BAD\r\n\r\n")
        first, _, rest = until_closed(sock).partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 200 ")
    body, _, second = rest.partition(b"HTTP/1.1 ")
    assert json.loads(body)["query_string"] == "good" and second.startswith(b"400 ")


def test_an_unsupported_upgrade_is_answered_as_plain_http_then_closed(server):
    with connect(server) as sock:
        sock.sendall(b"GET /info HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                     b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        head, _, body = until_closed(sock).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and json.loads(body)["path"] == "/info"


def test_http2_with_prior_knowledge_goes_to_hypercorns_http2(server):
    with httpx.Client(http1=False, http2=True) as client:
        answer = client.get(f"http://127.0.0.1:{server.port}/info")
    assert answer.http_version == "HTTP/2" and answer.json()["http_version"] == "2"


def test_an_h2c_upgrade_switches_to_http2(server):
    with connect(server) as sock:
        sock.sendall(b"GET /info HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                     b"Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        head, _, rest = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101 ") and b"upgrade: h2c" in head.lower()
        while len(rest) < 9:
            rest += sock.recv(65536)
    assert rest[3] == 0x4       # the server's HTTP/2 SETTINGS frame
