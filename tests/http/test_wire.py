"""What ``fnbox serve`` does per connection (:mod:`runtime.http.wire`): one
TCP segment per small answer, every kind of answer still complete and in
order on a kept-alive connection, and idle connections closed after the
keep-alive timeout or at once when the server shuts down."""

from __future__ import annotations

import signal
import socket
import struct
import time

import pytest

from .conftest import Server, connect, get, read_answer, write_folder

HELLO = "exports.main = () => ({ body: { message: 'Hello, world' } });"
EMPTY = "exports.main = () => ({ statusCode: 204 });"
ECHO = "exports.main = (context) => ({ body: context.body });"
#: offset of tcpi_segs_in in Linux's struct tcp_info
SEGS_IN = 140


@pytest.fixture(scope="module", params=[1, 2], ids=["1 worker", "2 workers"])
def server(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("wire")
    write_folder(root / "sites", "wire.functions", {
        "hello": ("GET", HELLO), "empty": ("GET", EMPTY), "echo": ("POST", ECHO)})
    srv = Server([str(root / "sites"), "--workers", str(request.param)], root / "serve.log")
    yield srv
    srv.stop()


def segments_in(sock: socket.socket) -> int:
    return struct.unpack_from("I", sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256), SEGS_IN)[0]


def test_a_small_answer_is_one_segment(server):
    with connect(server) as sock:
        for _ in range(3):      # past the connection's quick-ACK start
            sock.sendall(get("/_hcms/api/hello"))
            read_answer(sock)
        counts = []
        for _ in range(5):
            before = segments_in(sock)
            sock.sendall(get("/_hcms/api/hello"))
            head, body = read_answer(sock)
            assert head.startswith(b"HTTP/1.1 200") and body == b'{"message":"Hello, world"}'
            time.sleep(0.05)    # any second segment would have arrived
            counts.append(segments_in(sock) - before)
    assert counts == [1] * 5


def test_bodiless_and_head_answers_keep_the_connection_in_order(server):
    with connect(server) as sock:
        sock.sendall(get("/_hcms/api/empty"))
        head, body = read_answer(sock)
        assert head.startswith(b"HTTP/1.1 204") and body == b""
        # An answer to HEAD (here a 405) has a Content-Length but no body.
        sock.sendall(get("/_hcms/api/hello", "HEAD"))
        head, body = read_answer(sock, head_only=True)
        assert head.startswith(b"HTTP/1.1 405") and b"content-length: " in head
        sock.sendall(get("/_hcms/api/hello"))
        head, body = read_answer(sock)
        assert body == b'{"message":"Hello, world"}'


def test_100_continue_is_not_held_back(server):
    with connect(server) as sock:
        body = b'{"a":1}'
        sock.sendall(b"POST /_hcms/api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body))
        interim = sock.recv(65536)
        assert interim.startswith(b"HTTP/1.1 100 ")
        sock.sendall(body)
        head, answer = read_answer(sock)
        assert head.startswith(b"HTTP/1.1 200") and answer == body


def test_the_servers_own_error_answer_arrives(server):
    with connect(server) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 400")


#: Hypercorn's keep_alive_timeout, which fnbox serve leaves at its default
KEEP_ALIVE_S = 5


def test_an_idle_connection_closes_after_the_keep_alive_timeout(server):
    with connect(server) as sock:
        sock.sendall(get("/_hcms/api/hello"))
        read_answer(sock)
        time.sleep(1)           # idle, but not for long: still open, timer re-armed
        sock.sendall(get("/_hcms/api/hello"))
        read_answer(sock)
        answered = time.monotonic()
        sock.settimeout(KEEP_ALIVE_S * 3)
        assert sock.recv(65536) == b""
        assert time.monotonic() - answered > KEEP_ALIVE_S - 1


@pytest.mark.parametrize("workers", [1, 2])
def test_shutdown_closes_idle_connections_at_once(tmp_path, workers):
    write_folder(tmp_path / "sites", "wire.functions", {"hello": ("GET", HELLO)})
    srv = Server([str(tmp_path / "sites"), "--workers", str(workers)], tmp_path / "serve.log")
    try:
        socks = [connect(srv) for _ in range(4)]
        for sock in socks:
            sock.sendall(get("/_hcms/api/hello"))
            read_answer(sock)
        started = time.monotonic()
        srv.process.send_signal(signal.SIGTERM)
        assert srv.process.wait(30) == 0
        # Idle connections do not hold the shutdown up until their timeout.
        assert time.monotonic() - started < KEEP_ALIVE_S - 1
        for sock in socks:
            assert sock.recv(65536) == b""
            sock.close()
    finally:
        srv.stop(signal.SIGKILL)
