"""HTTP/1.1 and ASGI for Hypercorn, with llhttp (httptools) in place of h11.

Hypercorn's HTTP/1.1 protocol parses requests and frames answers with h11,
in pure Python, and passes them through its ``HTTPStream``, which speaks
ASGI for HTTP/1.1, 2 and 3 alike, as event objects: about a sixth of a
worker's time under load went into h11's state machine, and more into the
events.  :class:`HTTP1Protocol` takes the place of both for HTTP/1.1: llhttp,
the parser Node.js uses, reads requests; an :class:`Exchange` turns each into
an ASGI scope for the app (in a task of Hypercorn's task group, as
Hypercorn runs it) and the app's messages into HTTP/1.1, an answer's head
and body in one write.  Hypercorn keeps the rest: sockets, workers, timeouts,
lifespan, HTTP/2.

What it keeps of Hypercorn's HTTP/1.1, rule by rule:

- one request at a time; a pipelined request waits for the answer before it;
- a connection is kept alive only with HTTP/1.1, when neither side said
  ``Connection: close``, both sides finished their message, and fewer than
  ``keep_alive_max_requests`` were answered on it;
- a request without a length has no body; an answer without one is chunked
  (HTTP/1.1) or ends with the connection (HTTP/1.0); HEAD, 204 and 304
  answers carry no body; an answer whose body does not match its
  Content-Length ends its connection;
- ``Expect: 100-continue`` gets its ``100 Continue`` as the request arrives;
- a malformed request gets 400 and a head larger than ``h11_max_incomplete_size``
  431, with ``Connection: close``, unless an answer is already under way;
  an app that fails before answering gives 500;
- the app gets ``http.disconnect`` when its exchange ends or the client goes;
- an ``Upgrade: h2c`` request without a body, and HTTP/2 with prior
  knowledge, are handed to Hypercorn's HTTP/2 protocol.

What it does not: WebSocket upgrades (fnbox serves none; such a request is
answered as plain HTTP and its connection closed), methods llhttp does not
know (400, where h11 passed any token on), and Hypercorn's ``server_names``
(fnbox routes by Host itself).
"""

from __future__ import annotations

import asyncio
import collections
import re
import time
from http import HTTPStatus
from types import SimpleNamespace
from urllib.parse import unquote

import httptools
from hypercorn.events import Closed, RawData, Updated
from hypercorn.protocol.h11 import H2CProtocolRequiredError, H2ProtocolAssumedError

from runtime.invoke import HEADER_CONTROL, HEADER_NAME

_STATUS_LINES = {status.value: b"HTTP/1.1 %d %s\r\n" % (status.value, status.phrase.encode())
                 for status in HTTPStatus}
_TOKEN = re.compile(HEADER_NAME.pattern.encode()).fullmatch
_UNSENDABLE = re.compile(HEADER_CONTROL.pattern.encode()).search
_DIGITS = re.compile(rb"[0-9]{1,18}").fullmatch
_BODILESS = frozenset((204, 304))
# Hypercorn's events are frozen: one of each, not two new ones per request.
_BUSY = Updated(idle=False)
_IDLE = Updated(idle=True)

# What the parser hands over, in order: a request's head, a piece of its
# body, its end, or the reason the rest of the connection cannot be read.
_HEAD, _BODY, _END, _BROKEN = range(4)

# How the answer's body is framed.
_NONE, _LENGTH, _CHUNKED, _UNTIL_CLOSE = range(4)


class HeadTooLarge(Exception):
    """The request line and headers exceed ``h11_max_incomplete_size``."""


class AnswerError(Exception):
    """The app's messages do not make an HTTP/1.1 answer: a message out of
    order, an unsendable header, a body longer or shorter than its
    Content-Length.  Raised to the app from its ``send``."""


class HTTP1Protocol:
    """One HTTP/1.1 connection, for Hypercorn's ``ProtocolWrapper`` (the
    constructor and the ``initiate``/``handle`` it calls)."""

    def __init__(self, app, config, context, task_group, connection_state, ssl, client, server,
                 send) -> None:
        self.app = app
        self.config = config
        self.context = context
        self.task_group = task_group
        self.connection_state = connection_state
        self.scheme = "https" if ssl else "http"
        self.client = client
        self.server = server
        self.send = send
        self.waiting: asyncio.Future | None = None  # a pipelined request, for the answer before it
        self.parser: httptools.HttpRequestParser | None = httptools.HttpRequestParser(self)
        self.parsed: collections.deque = collections.deque()
        self.exchange: Exchange | None = None
        self.keep_alive_requests = 0
        self.closed = False
        self.fresh = True
        # The request being parsed.
        self.target = b""
        self.headers: list = []
        self.head_size = self.unfinished_size = 0
        self.in_head = False
        self.rest = b""

    async def initiate(self) -> None:
        pass

    async def handle(self, event) -> None:
        # type(), not isinstance(): Hypercorn's events are ABCs, whose
        # isinstance() costs several times more.
        if type(event) is RawData:
            self._feed(event.data)
            await self._process()
        elif type(event) is Closed:
            self.closed = True
            self._go_on()
            await self._end_exchange()

    # -- reading ---------------------------------------------------------------

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
            exchange = self.exchange
            if exchange is not None and (kind == _HEAD or (kind == _BROKEN and exchange.request_done)):
                # Pipelined, or garbage after a request: the answer under way
                # goes first.  Not reading meanwhile holds the client back.
                self.waiting = asyncio.get_running_loop().create_future()
                await self.waiting
                continue
            parsed.popleft()
            if kind == _HEAD:
                await self._start(*value)
            elif kind == _BODY:
                if exchange is not None:
                    await exchange.put({"type": "http.request", "body": value, "more_body": True})
            elif kind == _END:
                if exchange is not None:
                    exchange.request_done = True
                    await exchange.put({"type": "http.request", "body": b"", "more_body": False})
            else:
                await self._refuse(value)
        if self.closed:
            parsed.clear()

    async def _start(self, method, target, headers, version, keep_alive, upgrade) -> None:
        await self.send(_BUSY)
        hosts = sum(1 for name, _ in headers if name == b"host")
        path, _, query = target.partition(b"?")
        if hosts > 1 or (hosts == 0 and version == "1.1") or not path.isascii():
            # As h11: HTTP/1.1 needs exactly one Host.  (llhttp lets no
            # target outside ASCII through, but the scope's path needs it.)
            await self._refuse(400)
            return
        exchange = self.exchange = Exchange(self, method, version, keep_alive and version == "1.1")
        if upgrade:
            await self._upgrade(exchange, method, target, headers)
        if (version == "1.1" and not (self.parsed and self.parsed[0][0] == _END)
                and any(name == b"expect" and value.lower() == b"100-continue"
                        for name, value in headers)):
            await self.send(RawData(data=_STATUS_LINES[100] + self.common_headers() + b"\r\n"))
        scope = {
            "type": "http", "asgi": {"spec_version": "2.1", "version": "3.0"}, "http_version": version,
            "method": method, "scheme": self.scheme, "path": unquote(path.decode("ascii")), "raw_path": path,
            "query_string": query, "root_path": self.config.root_path, "headers": headers,
            "client": self.client, "server": self.server, "state": self.connection_state.copy(),
            "extensions": {},
        }
        exchange.scope = scope
        exchange.put = await self.task_group.spawn_app(self.app, self.config, scope, exchange.app_send)
        self.keep_alive_requests += 1
        await self.context.mark_request()

    async def _upgrade(self, exchange: Exchange, method, target, headers) -> None:
        # llhttp stopped reading at the end of this head: what follows is in
        # another protocol, so this connection takes no further HTTP/1.1.
        exchange.keep_alive = False
        values = dict(headers)
        if (values.get(b"upgrade", b"").strip().lower() == b"h2c"
                and b"content-length" not in values and b"transfer-encoding" not in values):
            await self.send(RawData(data=_STATUS_LINES[101] + self.common_headers()
                                    + b"connection: upgrade\r\nupgrade: h2c\r\n\r\n"))
            self.exchange = None
            request = SimpleNamespace(headers=headers, method=method.encode(), target=target)
            raise H2CProtocolRequiredError(self.rest, request)

    async def _refuse(self, status: int) -> None:
        if self.exchange is None or not self.exchange.responding:
            await self.write(_STATUS_LINES[status] + self.common_headers()
                             + b"content-length: 0\r\nconnection: close\r\n\r\n")
        await self._close()

    # -- writing ---------------------------------------------------------------

    async def write(self, data: bytes) -> None:
        if data and not self.closed:
            await self.send(RawData(data=data))

    def common_headers(self) -> bytes:
        return b"".join(b"%s: %s\r\n" % header for header in self.config.response_headers("h11"))

    # -- the end of an exchange ------------------------------------------------

    async def exchange_over(self, exchange: Exchange) -> None:
        """*exchange* answered: keep the connection for the next, or close it."""
        if exchange is not self.exchange:
            return
        await self._end_exchange()
        if (exchange.keep_alive and exchange.request_done and exchange.response_done
                and not self.context.terminated.is_set()):
            self._go_on()
            await self.send(_IDLE)
        else:
            await self._close()

    def _go_on(self) -> None:
        waiting, self.waiting = self.waiting, None
        if waiting is not None and not waiting.done():
            waiting.set_result(None)

    async def _close(self) -> None:
        self.closed = True
        self._go_on()
        await self.send(Closed())

    async def _end_exchange(self) -> None:
        exchange, self.exchange = self.exchange, None
        if exchange is not None:
            await exchange.end()


class Exchange:
    """One request and its answer on an :class:`HTTP1Protocol`: the app's
    ASGI messages (:meth:`app_send`) become the answer."""

    __slots__ = ("protocol", "method", "version", "keep_alive", "scope", "put", "request_done",
                 "responding", "response_done", "over", "held", "framing", "remaining", "status",
                 "started")

    def __init__(self, protocol: HTTP1Protocol, method: str, version: str, keep_alive: bool):
        self.protocol = protocol
        self.method = method
        self.version = version
        self.keep_alive = keep_alive
        self.scope: dict = {}
        self.put = None             # the app's receive queue
        self.request_done = False
        self.responding = False     # the answer's head is made
        self.response_done = False
        self.over = False
        self.held = b""             # the head, until the body goes with it
        self.framing = _NONE
        self.remaining = 0
        self.status = 0
        self.started = time.time()

    async def app_send(self, message: dict | None) -> None:
        if message is None:         # the app returned (or failed)
            if not self.over:
                if not self.responding:
                    self.keep_alive = False
                    self.held = self._head(500, [(b"content-length", b"0")])
                    self.response_done = True
                    await self._flush(b"")
                    await self._log()
                await self.protocol.exchange_over(self)
            return
        kind = message["type"]
        if kind == "http.response.body" and self.responding and not self.response_done:
            data = self._frame(message.get("body", b""))
            if not message.get("more_body", False):
                if self.framing == _CHUNKED:
                    data += b"0\r\n\r\n"
                elif self.framing == _LENGTH and self.remaining:
                    self.keep_alive = False
                    await self._flush(data)
                    raise AnswerError(f"the answer ended {self.remaining} bytes short of its Content-Length")
                self.response_done = True
                await self._flush(data)
                await self._log()
                await self.protocol.exchange_over(self)
            else:
                await self._flush(data)
        elif kind == "http.response.start" and not self.responding:
            self.held = self._head(int(message["status"]), message.get("headers", ()))
            self.responding = True
        else:
            raise AnswerError(f"unexpected ASGI message {kind!r} "
                              f"({'after the answer' if self.response_done else 'in the answer'})")

    async def end(self) -> None:
        """The exchange is over for the app: answered, or the client is gone."""
        if self.over:
            return
        self.over = True
        if not self.response_done:
            await self._log()
        if self.put is not None:
            await self.put({"type": "http.disconnect"})

    async def _flush(self, data: bytes) -> None:
        # A final answer's head waits for what follows it, so that a small
        # answer is a single write and a single TCP segment.
        if self.held:
            data = self.held + data
            self.held = b""
        if not self.over:
            await self.protocol.write(data)

    async def _log(self) -> None:
        log = self.protocol.config.log
        if log.access_logger is not None:
            response = {"status": self.status, "headers": []} if self.response_done else None
            await log.access(self.scope, response, time.time() - self.started)

    def _frame(self, data: bytes) -> bytes:
        if not data:
            return b""
        framing = self.framing
        if framing == _LENGTH:
            self.remaining -= len(data)
            if self.remaining < 0:
                self.keep_alive = False
                raise AnswerError("the answer's body is longer than its Content-Length")
            return data
        if framing == _CHUNKED:
            return b"%x\r\n%s\r\n" % (len(data), data)
        return data if framing == _UNTIL_CLOSE else b""

    def _head(self, status: int, headers) -> bytes:
        """The status line and headers of an answer, with the framing and
        connection headers HTTP/1.1 needs; sets how its body is framed."""
        if status < 200:
            raise AnswerError(f"status {status} is informational, not an answer")
        self.status = status
        lines = [_STATUS_LINES.get(status) or b"HTTP/1.1 %d \r\n" % status]
        length = None
        for name, value in headers:
            value = bytes(value).strip(b" \t")
            if not _TOKEN(name) or _UNSENDABLE(value):
                raise AnswerError(f"header {name!r}: {value!r} cannot be sent in HTTP/1.1")
            lower = name.lower()
            if lower == b"content-length":
                if not _DIGITS(value) or (length is not None and int(value) != length):
                    raise AnswerError(f"invalid Content-Length {value!r}")
                length = int(value)
            elif lower == b"transfer-encoding":
                continue  # the framing below is this protocol's to choose
            elif lower == b"connection" and b"close" in value.lower():
                self.keep_alive = False
            lines.append(b"%s: %s\r\n" % (name, value))
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
        protocol = self.protocol
        if protocol.keep_alive_requests >= protocol.config.keep_alive_max_requests:
            self.keep_alive = False
        if not self.keep_alive:
            lines.append(b"connection: close\r\n")
        lines.append(protocol.common_headers())
        lines.append(b"\r\n")
        return b"".join(lines)
