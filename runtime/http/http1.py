"""HTTP/1.1 for Hypercorn with llhttp (httptools) in place of h11.

Hypercorn's HTTP/1.1 protocol parses requests and frames responses with h11,
in pure Python: about a sixth of a worker's time under load went into h11's
state machine, event objects and header validation.  :class:`HTTP1Protocol`
keeps Hypercorn's side of the contract (the same events to and from
Hypercorn's ``HTTPStream``, which speaks ASGI, and to the connection) and does
the HTTP/1.1 itself: llhttp, the parser Node.js uses, reads requests, and a
response's head and body are written here, together, in one write.

What it keeps of Hypercorn's h11 protocol, rule by rule:

- one request at a time; a pipelined request waits for the answer before it;
- a connection is kept alive only with HTTP/1.1, when neither side said
  ``Connection: close``, both sides finished their message, and fewer than
  ``keep_alive_max_requests`` were answered on it;
- a request without a length takes none; an answer without one is chunked
  (HTTP/1.1) or ends with the connection (HTTP/1.0); HEAD, 204 and 304
  answers carry no body;
- ``Expect: 100-continue`` gets its ``100 Continue`` as the request arrives;
- a malformed request gets 400 and a head larger than ``h11_max_incomplete_size``
  431, with ``Connection: close``, unless an answer is already under way;
- an ``Upgrade: h2c`` request without a body, and HTTP/2 with prior
  knowledge, are handed to Hypercorn's HTTP/2 protocol.

What it does not: WebSocket upgrades (fnbox serves none; such a request is
answered as plain HTTP and its connection closed), and methods llhttp does not
know (400, where h11 passed any token on).
"""

from __future__ import annotations

import collections
import re
from http import HTTPStatus
from types import SimpleNamespace

import httptools
from hypercorn.events import Closed, RawData, Updated
from hypercorn.protocol.events import Body, EndBody, Request, Response, StreamClosed
from hypercorn.protocol.h11 import H2CProtocolRequiredError, H2ProtocolAssumedError
from hypercorn.protocol.http_stream import HTTPStream

STREAM_ID = 1

_STATUS_LINES = {status.value: b"HTTP/1.1 %d %s\r\n" % (status.value, status.phrase.encode())
                 for status in HTTPStatus}
_TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+").fullmatch
_UNSENDABLE = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]").search
_DIGITS = re.compile(rb"[0-9]{1,18}").fullmatch
_BODILESS = frozenset((204, 304))

# What the parser hands over, in order: a request's head, a piece of its
# body, its end, or the reason the rest of the connection cannot be read.
_HEAD, _BODY, _END, _BROKEN = range(4)

# Framing of the answer under way.
_NONE, _LENGTH, _CHUNKED, _UNTIL_CLOSE = range(4)


class HeadTooLarge(Exception):
    """The request line and headers exceed ``h11_max_incomplete_size``."""


class HTTP1Protocol:
    """One HTTP/1.1 connection, for Hypercorn's ``ProtocolWrapper`` (the
    constructor and ``initiate``/``handle`` it calls) and ``HTTPStream`` (the
    ``stream_send`` it calls)."""

    def __init__(self, app, config, context, task_group, connection_state, ssl, client, server,
                 send) -> None:
        self.app = app
        self.config = config
        self.context = context
        self.task_group = task_group
        self.connection_state = connection_state
        self.ssl = ssl
        self.client = client
        self.server = server
        self.send = send
        self.can_read = context.event_class()
        self.parser: httptools.HttpRequestParser | None = httptools.HttpRequestParser(self)
        self.parsed: collections.deque = collections.deque()
        self.stream: HTTPStream | None = None
        self.keep_alive_requests = 0
        self.closed = False
        self.fresh = True
        # The request being parsed.
        self.target = b""
        self.headers: list = []
        self.head_size = self.unfinished_size = 0
        self.in_head = False
        self.rest = b""
        # The exchange under way.
        self.method = "GET"
        self.version = "1.1"
        self.keep_alive = True
        self.request_done = False
        self.responding = False
        self.response_done = False
        self.held = b""
        self.framing = _NONE
        self.remaining = 0

    async def initiate(self) -> None:
        pass

    async def handle(self, event) -> None:
        # type(), not isinstance(): Hypercorn's events are ABCs, whose
        # isinstance() costs several times more.
        if type(event) is RawData:
            self._feed(event.data)
            await self._process()
        elif type(event) is Closed:
            await self._close_stream()

    # -- reading -------------------------------------------------------------

    def _feed(self, data: bytes) -> None:
        if self.fresh:
            self.fresh = False
            if data.startswith(b"PRI * HTTP/2.0\r\n"):
                raise H2ProtocolAssumedError(data)
        if self.parser is None:
            return  # unreadable, or upgraded: the connection closes after this answer
        unfinished = self.in_head
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade as upgrade:
            self.parser = None
            self.rest = data[upgrade.args[0]:]
        except httptools.HttpParserCallbackError as error:
            self._broken(431 if isinstance(error.__context__, HeadTooLarge) else 400)
        except httptools.HttpParserError:
            self._broken(400)
        else:
            # llhttp keeps a header line to itself until it ends: a head still
            # unfinished after reads of more than the limit is too large too.
            if unfinished and self.in_head:
                self.unfinished_size += len(data)
                if self.unfinished_size > self.config.h11_max_incomplete_size:
                    self._broken(431)

    def _broken(self, status: int) -> None:
        self.parser = None
        self.parsed.append((_BROKEN, status))

    def _grow(self, size: int) -> None:
        self.head_size += size
        if self.head_size > self.config.h11_max_incomplete_size:
            raise HeadTooLarge

    # llhttp's callbacks, during feed_data.

    def on_message_begin(self) -> None:
        self.target = b""
        self.headers = []
        self.head_size = self.unfinished_size = 0
        self.in_head = True

    def on_url(self, url: bytes) -> None:
        self.target += url
        self._grow(len(url))

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value.rstrip(b" \t")))
        self._grow(len(name) + len(value) + 4)

    def on_headers_complete(self) -> None:
        self.in_head = False
        parser = self.parser
        self.parsed.append((_HEAD, (parser.get_method().decode("ascii"), self.target, self.headers,
                                    parser.get_http_version(), parser.should_keep_alive(),
                                    parser.should_upgrade())))

    def on_body(self, body: bytes) -> None:
        self.parsed.append((_BODY, body))

    def on_message_complete(self) -> None:
        self.parsed.append((_END, None))

    async def _process(self) -> None:
        parsed = self.parsed
        while parsed and not self.closed:
            kind, value = parsed[0]
            if (kind == _HEAD or kind == _BROKEN) and self.stream is not None:
                # Pipelined, or garbage after a request: the answer under way
                # goes first.  Not reading meanwhile holds the client back.
                await self.can_read.clear()
                await self.can_read.wait()
                continue
            parsed.popleft()
            if kind == _HEAD:
                await self._start(*value)
            elif kind == _BODY:
                if self.stream is not None:
                    await self.stream.handle(Body(stream_id=STREAM_ID, data=value))
            elif kind == _END:
                self.request_done = True
                if self.stream is not None:
                    await self.stream.handle(EndBody(stream_id=STREAM_ID))
            else:
                await self._refuse(value)
        if self.closed:
            parsed.clear()

    async def _start(self, method, target, headers, version, keep_alive, upgrade) -> None:
        await self.send(Updated(idle=False))
        hosts = sum(1 for name, _ in headers if name == b"host")
        if hosts > 1 or (hosts == 0 and version == "1.1"):
            await self._refuse(400)  # as h11: HTTP/1.1 needs exactly one Host
            return
        self.method = method
        self.version = version
        self.keep_alive = keep_alive and version == "1.1"
        self.request_done = self.responding = self.response_done = False
        if upgrade:
            await self._upgrade(method, target, headers)
        if (version == "1.1" and not (self.parsed and self.parsed[0][0] == _END)
                and any(name == b"expect" and value.lower() == b"100-continue"
                        for name, value in headers)):
            await self.send(RawData(data=_STATUS_LINES[100] + self._common_headers() + b"\r\n"))
        self.stream = HTTPStream(self.app, self.config, self.context, self.task_group, self.ssl,
                                 self.client, self.server, self.stream_send, STREAM_ID)
        await self.stream.handle(Request(stream_id=STREAM_ID, headers=headers, http_version=version,
                                         method=method, raw_path=target,
                                         state=self.connection_state))
        self.keep_alive_requests += 1
        await self.context.mark_request()

    async def _upgrade(self, method, target, headers) -> None:
        # llhttp stopped reading at the end of this head: what follows is in
        # another protocol, so this connection takes no further HTTP/1.1.
        self.keep_alive = False
        values = dict(headers)
        if (values.get(b"upgrade", b"").strip().lower() == b"h2c"
                and b"content-length" not in values and b"transfer-encoding" not in values):
            await self.send(RawData(data=_STATUS_LINES[101] + self._common_headers()
                                    + b"connection: upgrade\r\nupgrade: h2c\r\n\r\n"))
            request = SimpleNamespace(headers=headers, method=method.encode(), target=target)
            raise H2CProtocolRequiredError(self.rest, request)

    async def _refuse(self, status: int) -> None:
        if not self.responding:
            self.responding = True
            await self.send(RawData(data=_STATUS_LINES[status] + self._common_headers()
                                    + b"content-length: 0\r\nconnection: close\r\n\r\n"))
        await self._close()

    # -- writing -------------------------------------------------------------

    async def stream_send(self, event) -> None:
        kind = type(event)
        if kind is Body:
            await self._write(self._frame(event.data))
        elif kind is EndBody:
            tail = b"0\r\n\r\n" if self.framing == _CHUNKED else b""
            if self.framing == _LENGTH and self.remaining:
                self.keep_alive = False
                raise ValueError(f"the answer ended {self.remaining} bytes short of its Content-Length")
            self.response_done = True
            await self._write(tail)
        elif kind is Response:
            if event.status_code < 200:
                await self.send(RawData(data=self._head(event.status_code, event.headers)))
            else:
                self.responding = True
                self.held = self._head(event.status_code, event.headers)
        elif kind is StreamClosed:
            await self._maybe_recycle()
        # InformationalResponse (103), Data and EndData are HTTP/2 and
        # WebSocket events: nothing to send on HTTP/1.1.

    def _frame(self, data: bytes) -> bytes:
        if self.framing == _CHUNKED:
            return b"%x\r\n%s\r\n" % (len(data), data) if data else b""
        if self.framing == _LENGTH:
            self.remaining -= len(data)
            if self.remaining < 0:
                self.keep_alive = False
                raise ValueError("the answer's body is longer than its Content-Length")
        elif self.framing == _NONE:
            return b""
        return data

    async def _write(self, data: bytes) -> None:
        # A final answer's head waits for what follows it, so that a small
        # answer is a single write and a single TCP segment.
        if self.held:
            data = self.held + data
            self.held = b""
        if data and not self.closed:
            await self.send(RawData(data=data))

    def _head(self, status: int, headers) -> bytes:
        """The status line and headers of an answer, with the framing and
        connection headers HTTP/1.1 needs; sets how its body is framed."""
        lines = [_STATUS_LINES.get(status) or b"HTTP/1.1 %d \r\n" % status]
        length = None
        for name, value in headers:
            if not _TOKEN(name) or _UNSENDABLE(value):
                raise ValueError(f"header {name!r}: {value!r} cannot be sent in HTTP/1.1")
            lower = name.lower()
            if lower == b"content-length":
                if not _DIGITS(value) or (length is not None and int(value) != length):
                    raise ValueError(f"invalid Content-Length {value!r}")
                length = int(value)
            elif lower == b"transfer-encoding":
                continue  # the framing below is this protocol's to choose
            elif lower == b"connection" and b"close" in value.lower():
                self.keep_alive = False
            lines.append(b"%s: %s\r\n" % (name, value))
        if status < 200:
            return b"".join(lines) + self._common_headers() + b"\r\n"
        if length is not None:
            self.framing, self.remaining = _LENGTH, length
        elif status in _BODILESS:
            self.framing = _NONE
        elif self.version == "1.1":
            self.framing = _CHUNKED
            lines.append(b"transfer-encoding: chunked\r\n")
        else:
            self.framing = _UNTIL_CLOSE
            self.keep_alive = False
        if self.method == "HEAD" or status in _BODILESS:
            self.framing = _NONE
        if self.keep_alive_requests >= self.config.keep_alive_max_requests:
            self.keep_alive = False
        if not self.keep_alive:
            lines.append(b"connection: close\r\n")
        lines.append(self._common_headers())
        lines.append(b"\r\n")
        return b"".join(lines)

    def _common_headers(self) -> bytes:
        return b"".join(b"%s: %s\r\n" % header for header in self.config.response_headers("h11"))

    # -- the end of an exchange ------------------------------------------------

    async def _maybe_recycle(self) -> None:
        await self._close_stream()
        if (self.keep_alive and self.request_done and self.response_done
                and not self.context.terminated.is_set()):
            self.responding = self.response_done = self.request_done = False
            await self.can_read.set()
            await self.send(Updated(idle=True))
        else:
            await self._close()

    async def _close(self) -> None:
        self.closed = True
        await self.can_read.set()
        await self.send(Closed())

    async def _close_stream(self) -> None:
        if self.stream is not None:
            stream, self.stream = self.stream, None
            await stream.handle(StreamClosed(stream_id=STREAM_ID))
