"""The guest's HTTP requests, performed by the host while the guest waits.

:class:`Egress` is configured once per server (policy, pools, resolver);
:meth:`Egress.prepare` gives each invocation an :class:`EgressSession`: the
capabilities the engine hands to the guest, the invocation's request count
and deadline, and the events the log record shows.

Guest operations (JSON in, JSON out):

``fetch``
    ``{url, method, headers: [[name, value], ...], body, bodyEncoding:
    "utf8"|"base64", redirect: "follow"|"manual"|"error", maxRedirects,
    redirectGet: "post"|"all"|"none", timeout (ms), token}`` ->
    ``{status, statusText, url, redirected, headers: [[name, value], ...],
    body, bodyEncoding}``.  The body comes back as text when it is valid
    UTF-8, as base64 otherwise; gzip and deflate are decoded.
``fetch_abort``
    ``{token}``: stop the request started with that token (it then fails
    with ``AbortError``).

Failures reject the guest's promise with an error ``code``:
``ERR_FNBOX_EGRESS_DENIED`` (the message names the rule),
``ERR_FNBOX_EGRESS_LIMIT`` (request count, body size), ``ETIMEDOUT``,
``ENOTFOUND``, ``ECONNREFUSED``, ``ECONNRESET``, ``ERR_FR_TOO_MANY_REDIRECTS``,
``ERR_INVALID_URL``, ``ERR_INVALID_HTTP_TOKEN``/``ERR_INVALID_CHAR``
(headers), ``ABORT_ERR``.
"""

from __future__ import annotations

import asyncio
import base64
import errno
import re
import ssl
import time
import urllib.parse
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

import httpcore
import httpx
import msgspec

from runtime.engine import Capability, LogLine, OperationError

from .policy import Allowlist, Policy
from .resolve import Resolver, ResolveError, SystemResolver
from .transport import EgressDenied, GuardedTransport, connected, default_connector

MIB = 1024 * 1024

DENIED = "ERR_FNBOX_EGRESS_DENIED"
LIMIT = "ERR_FNBOX_EGRESS_LIMIT"


class EgressLimits(msgspec.Struct, frozen=True, kw_only=True):
    """Per-invocation limits."""

    #: requests sent per invocation, each redirect hop counted
    max_requests: int = 50
    #: decoded response body size
    max_response_bytes: int = 6 * MIB
    #: redirects followed per request
    max_redirects: int = 10
    #: a request's ceiling when neither the function nor the invocation's
    #: deadline sets a shorter one
    request_timeout_s: float = 30.0
    #: a request bounded by the invocation's deadline gives up this much
    #: before it, so that the function can still handle the failure
    deadline_margin_s: float = 0.1


class FetchArgs(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    url: str
    method: str = "GET"
    headers: list[tuple[str, str]] = []
    body: str | None = None
    bodyEncoding: Literal["utf8", "base64"] = "utf8"
    redirect: Literal["follow", "manual", "error"] = "follow"
    maxRedirects: int | None = None
    #: which requests a redirect turns into GET: "post" (fetch, axios: POST on
    #: 301/302, anything on 303), "all" (request: every method but on 307/308)
    #: or "none" (request's followOriginalHttpMethod)
    redirectGet: Literal["post", "all", "none"] = "post"
    #: the function's own timeout in ms (0 or null: none)
    timeout: float | None = None
    token: int | str | None = None


class AbortArgs(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    token: int | str


class EgressEvent(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One thing that happened at the door: a request, a denial, a failure.
    URLs are shown without query string, fragment or credentials."""

    time_ms: float
    #: "request" (answered), "denied", "limit", "timeout", "error", "aborted"
    #: (by the function), "cancelled" (the invocation ended first)
    kind: str
    method: str
    url: str
    status: int | None = None
    rule: str | None = None
    message: str | None = None
    #: the address connected to, when the request opened a new connection
    address: str | None = None
    elapsed_ms: float | None = None
    redirects: int = 0

    def log_text(self) -> str:
        if self.kind == "denied":
            return f'egress: {self.method} {self.url} denied by rule "{self.rule}": {self.message}'
        if self.kind == "request":
            return f"egress: {self.method} {self.url} -> {self.status} ({self.elapsed_ms:.0f} ms)"
        return f"egress: {self.method} {self.url} failed: {self.message}"


#: Which events are worth a WARN line in the invocation's log.
LOGGED_KINDS = frozenset({"denied", "limit"})
#: Events kept per invocation (the rest are counted in ``events_dropped``).
MAX_EVENTS = 200

_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
#: Headers the host sets itself (framing, connection management).
_HOST_HEADERS = frozenset({"connection", "content-length", "transfer-encoding", "keep-alive",
                           "upgrade", "te", "trailer", "proxy-connection", "http2-settings"})
#: Dropped when a redirect leaves the origin (credentials for another host).
_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
#: Dropped when a redirect turns the request into a GET.
_BODY_HEADERS = frozenset({"content-type", "content-encoding", "content-language", "content-location"})
_DECODABLE = frozenset({"gzip", "x-gzip", "deflate", "identity"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_STANDARD_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})


def redact(url: httpx.URL | str) -> str:
    """``scheme://host[:port]/path``: no credentials, query or fragment."""
    try:
        u = url if isinstance(url, httpx.URL) else httpx.URL(url)
        host = u.raw_host.decode("ascii", "replace")
        if ":" in host:
            host = f"[{host}]"
        port = f":{u.port}" if u.port is not None else ""
        return f"{u.scheme}://{host}{port}{u.path}" if host else f"{u.scheme}:{u.path}"
    except Exception:
        return str(url).split("?", 1)[0].split("#", 1)[0]


def _where(url: httpx.URL) -> str:
    host = url.raw_host.decode("ascii", "replace")
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{url.port or (443 if url.scheme == 'https' else 80)}"


class Egress:
    """The door to the network: policy, connection pools and resolver,
    shared by every invocation of a server (one event loop)."""

    def __init__(self, policy: Policy | None = None, *, allow: Iterable[str] = (),
                 limits: EgressLimits | None = None, resolver: Resolver | None = None,
                 connector: httpcore.AsyncNetworkBackend | None = None,
                 verify: bool | str | ssl.SSLContext = True, max_connections: int | None = 1000,
                 max_keepalive_connections: int | None = 100, keepalive_expiry: float | None = 30.0):
        self.policy = (policy or Policy()).with_allow(allow)
        self.limits = limits or EgressLimits()
        self.resolver: Resolver = resolver or SystemResolver()
        self.connector = connector or default_connector()
        self.ssl_context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify)
        self._pool_options = dict(max_connections=max_connections,
                                  max_keepalive_connections=max_keepalive_connections,
                                  keepalive_expiry=keepalive_expiry)
        self._policies: dict[tuple[str, ...], Policy] = {}
        self._transports: dict[Policy, GuardedTransport] = {}
        #: the event loop the pools belong to (connections cannot change loops)
        self._loop: asyncio.AbstractEventLoop | None = None
        #: functions folder (absolute path) -> its policy; see :meth:`from_config`
        self.folders: dict[str, Policy] = {}

    @classmethod
    def from_config(cls, config: "EgressConfig", **kwargs: Any) -> "Egress":  # noqa: F821
        """From the ``[egress]`` table of the server configuration (folder
        keys already absolute: :func:`~.config.resolve_folders`).  Raises
        :class:`PolicyError` for an entry it cannot use."""
        config.check()
        limits = EgressLimits(max_requests=config.max_requests,
                              max_response_bytes=config.max_response_bytes,
                              max_redirects=config.max_redirects)
        egress = cls(Policy(Allowlist.parse(config.allow)), limits=limits, **kwargs)
        for folder, entries in config.folders.items():
            egress.folders[str(Path(folder).resolve())] = egress.policy_for(entries)
        return egress

    def policy_for_folder(self, folder: "str | Path | None") -> Policy:
        """The policy of a functions folder (absolute path): the server's,
        plus what ``[egress.folders]`` opens for it."""
        if folder is None:
            return self.policy
        return self.folders.get(str(folder), self.policy)

    # -- policies and pools -----------------------------------------------------------
    def policy_for(self, allow: "Iterable[str] | Allowlist | Policy | None" = None) -> Policy:
        """The server's policy with *allow* (a folder's entries) opened too;
        a :class:`Policy` is taken as it is.  Cached: parse once per folder."""
        if allow is None:
            return self.policy
        if isinstance(allow, Policy):
            return allow
        if isinstance(allow, Allowlist):
            return self.policy.with_allow(allow)
        key = tuple(allow)
        if not key:
            return self.policy
        policy = self._policies.get(key)
        if policy is None:
            policy = self._policies[key] = self.policy.with_allow(key)
        return policy

    def transport(self, policy: Policy) -> GuardedTransport:
        """The pool for *policy*: connections made under one policy are never
        reused under another.  Pools belong to the running event loop; used
        from another loop (``Engine.invoke_sync`` runs one per call), the
        old pools are dropped and new ones made."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._transports = loop, {}
        transport = self._transports.get(policy)
        if transport is None:
            transport = GuardedTransport(policy, self.resolver, self.connector,
                                         ssl_context=self.ssl_context, **self._pool_options)
            self._transports[policy] = transport
        return transport

    def prepare(self, deadline: float | None = None, *, folder: "str | Path | None" = None,
                allow: "Iterable[str] | Allowlist | Policy | None" = None,
                limits: EgressLimits | None = None) -> "EgressSession":
        """Capabilities for one invocation.  *deadline* is the invocation's
        end on ``time.monotonic()``'s clock (None: only the request ceiling
        bounds a request).  *folder* picks that folder's policy from the
        configuration; *allow* opens more entries (or is the whole Policy)."""
        base = self.policy_for_folder(folder)
        if allow is None:
            policy = base
        elif isinstance(allow, Policy):
            policy = allow
        elif base is self.policy:
            policy = self.policy_for(allow)
        else:
            policy = base.with_allow(allow if isinstance(allow, Allowlist) else Allowlist.parse(allow))
        return EgressSession(self, policy, deadline, limits or self.limits)

    def on_demand(self, deadline: float | None = None, *, folder: "str | Path | None" = None) -> "SessionOnDemand":
        """Like :meth:`prepare`, but the session is only made when the
        function first reaches for the network: most invocations never do."""
        return SessionOnDemand(self, deadline, folder)

    async def aclose(self) -> None:
        transports, self._transports = list(self._transports.values()), {}
        for transport in transports:
            await transport.aclose()

    async def __aenter__(self) -> "Egress":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class _TooLarge(Exception):
    pass


class _Inflate:
    """gzip/deflate decoding that never produces more than it is allowed to
    (a small compressed body can expand enormously)."""

    def __init__(self, coding: str):
        self.coding = coding
        self.raw_fallback = coding == "deflate"
        wbits = zlib.MAX_WBITS | 16 if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self.d = zlib.decompressobj(wbits)
        self.started = False

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out = self.d.decompress(data, room + 1)
        except zlib.error:
            if self.raw_fallback and not self.started:
                self.raw_fallback = False
                self.d = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, room)
            raise
        self.started = True
        if len(out) > room:
            raise _TooLarge
        return out

    def flush(self, room: int) -> bytes:
        out = self.d.flush()
        if len(out) > room:
            raise _TooLarge
        return out


#: what a session grants
CAPABILITIES = ("fetch", "fetch_abort")


class EgressSession(Mapping):
    """One invocation's door: a mapping of capability name -> capability
    (pass it as ``capabilities``), with the invocation's count, deadline and
    events."""

    def __init__(self, egress: Egress, policy: Policy, deadline: float | None, limits: EgressLimits):
        self.egress = egress
        self.policy = policy
        self.deadline = deadline
        self.limits = limits
        #: requests attempted so far: redirect hops and denied requests count
        self.requests = 0
        #: what happened, in order (at most MAX_EVENTS); see :meth:`log_lines`
        self.events: list[EgressEvent] = []
        self.events_dropped = 0
        self._limit_logged = False
        self._inflight: dict[int | str, asyncio.Future] = {}
        self._aborted: set[int | str] = set()
        self._capabilities: dict[str, Capability] = {"fetch": self.fetch, "fetch_abort": self.abort}

    # -- Mapping (the engine's capabilities argument) ----------------------------------
    def __getitem__(self, name: str) -> Capability:
        return self._capabilities[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._capabilities)

    def __len__(self) -> int:
        return len(self._capabilities)

    # -- the log's view -----------------------------------------------------------------
    def log_lines(self, kinds: Iterable[str] = LOGGED_KINDS) -> list[LogLine]:
        """WARN lines for denied and over-limit requests, to merge (by time)
        into the invocation's console lines."""
        if not self.events:
            return []
        kinds = frozenset(kinds)
        return [LogLine(e.time_ms, "WARN", e.log_text()) for e in self.events if e.kind in kinds]

    def _event(self, kind: str, method: str, url: httpx.URL | str, **fields: Any) -> None:
        if len(self.events) >= MAX_EVENTS:
            self.events_dropped += 1
            return
        self.events.append(EgressEvent(time_ms=time.time() * 1000, kind=kind, method=method, url=redact(url),
                                       **fields))

    # -- capabilities --------------------------------------------------------------------
    async def abort(self, args: Any) -> None:
        try:
            token = msgspec.convert(args, AbortArgs).token
        except msgspec.ValidationError as exc:
            raise OperationError(f"fetch_abort: {exc}", name="TypeError", code="ERR_INVALID_ARG_VALUE") from None
        work = self._inflight.get(token)
        if work is not None and not work.done():
            self._aborted.add(token)
            work.cancel()
        return None

    async def fetch(self, args: Any) -> dict:
        try:
            request = msgspec.convert(args, FetchArgs)
        except msgspec.ValidationError as exc:
            raise OperationError(f"fetch: {exc}", name="TypeError", code="ERR_INVALID_ARG_VALUE") from None
        token = request.token
        if token is None:
            try:
                return await self._fetch(request)
            except asyncio.CancelledError:
                self._event("cancelled", request.method.upper(), request.url,
                            message="the invocation ended before the response came")
                raise
        work = asyncio.ensure_future(self._fetch(request))
        self._inflight[token] = work
        try:
            return await work
        except asyncio.CancelledError:
            me = asyncio.current_task()
            if token in self._aborted and (me is None or not me.cancelling()):
                self._event("aborted", request.method.upper(), request.url, message="aborted by the function")
                raise OperationError("This operation was aborted", name="AbortError", code="ABORT_ERR") from None
            work.cancel()
            self._event("cancelled", request.method.upper(), request.url,
                        message="the invocation ended before the response came")
            raise
        finally:
            self._inflight.pop(token, None)
            self._aborted.discard(token)

    # -- one request, redirects included ---------------------------------------------------
    async def _fetch(self, a: FetchArgs) -> dict:
        # Standard methods go out upper-case, lower-case "patch" too (undici
        # would send "patch" and mostly earn a 405); others as written.
        method = a.method.upper() if a.method.upper() in _STANDARD_METHODS else a.method
        if not _TOKEN.match(method):
            raise OperationError(f"{a.method!r} is not a valid HTTP method", name="TypeError",
                                 code="ERR_INVALID_HTTP_TOKEN")
        try:
            url = httpx.URL(a.url)
        except Exception as exc:
            raise OperationError(f"Invalid URL: {exc}", name="TypeError", code="ERR_INVALID_URL") from None
        self._count(method, url)
        denial = self.policy.check_scheme(url.scheme or "")
        if denial is not None:
            self._event("denied", method, url, rule=denial.rule, message=denial.reason)
            raise OperationError(denial.message, code=DENIED)
        if not url.raw_host:
            raise OperationError(f"Invalid URL: {redact(url)} has no host", name="TypeError", code="ERR_INVALID_URL")
        headers = self._headers(a.headers)
        if url.userinfo:
            if not any(k.lower() == "authorization" for k, _ in headers):
                credentials = urllib.parse.unquote_to_bytes(url.userinfo)
                headers.append(("authorization", "Basic " + base64.b64encode(credentials).decode()))
            url = url.copy_with(username=None, password=None)
        body = b""
        if a.body is not None and a.bodyEncoding == "base64":
            try:
                body = base64.b64decode(a.body, validate=True)
            except ValueError:
                raise OperationError("fetch: the body is not valid base64", name="TypeError",
                                     code="ERR_INVALID_ARG_VALUE") from None
        elif a.body is not None:
            body = a.body.encode("utf-8", "replace")

        timeout, bounded_by = self._timeout(a)
        if timeout <= 0:
            self._event("timeout", method, url, message="no time left")
            raise OperationError(f"request to {_where(url)} not sent: the invocation has no time left",
                                 name="TimeoutError", code="ETIMEDOUT")
        max_redirects = self.limits.max_redirects if a.maxRedirects is None else \
            max(0, min(a.maxRedirects, self.limits.max_redirects))
        started = time.monotonic()
        record: list[tuple[str, str, int]] = []
        token = connected.set(record)
        try:
            async with asyncio.timeout(timeout):
                return await self._hops(a, method, url, headers, body, max_redirects, timeout, started, record)
        except TimeoutError:
            where = _where(url)
            if bounded_by == "invocation":
                message = (f"request to {where} timed out after {timeout * 1000:.0f} ms, "
                           "the time the invocation had left")
            else:
                message = f"request to {where} timed out after {timeout * 1000:.0f} ms"
            self._event("timeout", method, url, message=message,
                        elapsed_ms=(time.monotonic() - started) * 1000)
            raise OperationError(message, name="TimeoutError", code="ETIMEDOUT") from None
        finally:
            connected.reset(token)

    def _timeout(self, a: FetchArgs) -> tuple[float, str]:
        candidates = [(self.limits.request_timeout_s, "ceiling")]
        if a.timeout:
            candidates.append((a.timeout / 1000, "request"))
        if self.deadline is not None:
            candidates.append((self.deadline - self.limits.deadline_margin_s - time.monotonic(), "invocation"))
        value, source = min(candidates, key=lambda c: c[0])
        return value, source

    def _headers(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        out = []
        for name, value in pairs:
            name = str(name).strip()
            value = str(value).strip(" \t")
            if not _TOKEN.match(name):
                raise OperationError(f'Header name must be a valid HTTP token ["{name}"]', name="TypeError",
                                     code="ERR_INVALID_HTTP_TOKEN")
            if any(c in value for c in "\r\n\0"):
                raise OperationError(f'Invalid character in header content ["{name}"]', name="TypeError",
                                     code="ERR_INVALID_CHAR")
            lower = name.lower()
            if lower in _HOST_HEADERS:
                continue
            if lower == "accept-encoding":
                value = _decodable(value)
            out.append((name, value))        # as written: axios sends "Content-Type"
        return out

    def _count(self, method: str, url: httpx.URL) -> None:
        if self.requests >= self.limits.max_requests:
            message = (f"egress limit: at most {self.limits.max_requests} requests per invocation; "
                       f"{method} {_where(url) if url.raw_host else redact(url)} was not sent")
            if not self._limit_logged:          # once: a loop must not flood the log
                self._limit_logged = True
                self._event("limit", method, url, message=message)
            raise OperationError(message, code=LIMIT)
        self.requests += 1

    async def _hops(self, a: FetchArgs, method: str, url: httpx.URL, headers: list[tuple[str, str]],
                    body: bytes, max_redirects: int, timeout: float, started: float,
                    record: list[tuple[str, str, int]]) -> dict:
        transport = self.egress.transport(self.policy)
        extensions = {"timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}}
        hops = 0
        while True:
            if hops:
                self._count(method, url)      # the first hop was counted by _fetch
            content = body if body or method not in ("GET", "HEAD") else None   # no "content-length: 0" on GET
            request = httpx.Request(method, url, headers=headers, content=content, extensions=extensions)
            try:
                response = await transport.handle_async_request(request)
            except EgressDenied as exc:
                d = exc.denial
                self._event("denied", method, url, rule=d.rule, message=d.reason, redirects=hops)
                raise OperationError(d.message, code=DENIED) from None
            except ResolveError as exc:
                self._event("error", method, url, message=str(exc), redirects=hops)
                raise OperationError(str(exc), code="ENOTFOUND") from None
            except httpx.TimeoutException:
                raise TimeoutError from None
            except httpx.TransportError as exc:
                message, code = _transport_error(exc, url)
                self._event("error", method, url, message=message, redirects=hops)
                raise OperationError(message, code=code) from None
            try:
                status = response.status_code
                location = response.headers.get("location")
                if status in _REDIRECTS and location is not None and a.redirect != "manual":
                    if a.redirect == "error":
                        raise OperationError(f"redirect from {redact(url)} refused: the request's redirect "
                                             "mode is 'error'", name="TypeError", code="ERR_FNBOX_REDIRECT")
                    if hops >= max_redirects:
                        message = f"Maximum number of redirects exceeded ({max_redirects})"
                        self._event("error", method, url, message=message, redirects=hops)
                        raise OperationError(message, code="ERR_FR_TOO_MANY_REDIRECTS")
                    try:
                        target = url.join(location)
                    except Exception:
                        raise OperationError(f"the redirect location {location!r} is not a valid URL",
                                             name="TypeError", code="ERR_INVALID_URL") from None
                    denial = self.policy.check_scheme(target.scheme or "")
                    if denial is not None:
                        self._event("denied", method, target, rule=denial.rule, message=denial.reason,
                                    redirects=hops + 1)
                        raise OperationError(denial.message, code=DENIED)
                    if _becomes_get(a.redirectGet, status, method):
                        method, body = "GET", b""
                        headers = [(k, v) for k, v in headers if k.lower() not in _BODY_HEADERS]
                    if _origin(target) != _origin(url):
                        headers = [(k, v) for k, v in headers if k.lower() not in _CREDENTIAL_HEADERS]
                    if target.userinfo:
                        target = target.copy_with(username=None, password=None)
                    hops += 1
                    url = target
                    continue
                data = await self._read(response, method, url)
            finally:
                await response.aclose()
            elapsed = (time.monotonic() - started) * 1000
            address = record[-1][1] if record else None
            self._event("request", method, url, status=status, elapsed_ms=elapsed, redirects=hops, address=address)
            try:
                text: str | None = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            reason = response.extensions.get("reason_phrase", b"")
            return {
                "status": status,
                "statusText": reason.decode("latin-1") if isinstance(reason, bytes) else str(reason),
                "url": str(url),
                "redirected": hops > 0,
                "headers": [[k.decode("latin-1").lower(), v.decode("latin-1")] for k, v in response.headers.raw],
                "body": text if text is not None else base64.b64encode(data).decode("ascii"),
                "bodyEncoding": "utf8" if text is not None else "base64",
            }

    async def _read(self, response: httpx.Response, method: str, url: httpx.URL) -> bytes:
        limit = self.limits.max_response_bytes
        coding = response.headers.get("content-encoding", "").strip().lower()
        decoder = _Inflate(coding) if coding in ("gzip", "x-gzip", "deflate") else None
        length = response.headers.get("content-length", "")
        chunks: list[bytes] = []
        size = 0
        try:
            if decoder is None and length.isdigit() and int(length) > limit:
                raise _TooLarge
            async for chunk in response.aiter_raw():
                out = decoder.feed(chunk, limit - size) if decoder else chunk
                size += len(out)
                if size > limit:
                    raise _TooLarge
                chunks.append(out)
            if decoder is not None:
                out = decoder.flush(limit - size)
                size += len(out)
                chunks.append(out)
        except _TooLarge:
            shown = f"{limit // MIB} MB" if limit % MIB == 0 else f"{limit} bytes"
            message = (f"egress limit: the response from {_where(url)} is larger than "
                       f"{shown} (the limit per response body)")
            self._event("limit", method, url, status=response.status_code, message=message)
            raise OperationError(message, code=LIMIT) from None
        except zlib.error as exc:
            message = f"the response from {_where(url)} could not be decompressed ({coding}): {exc}"
            self._event("error", method, url, status=response.status_code, message=message)
            raise OperationError(message, code="Z_DATA_ERROR") from None
        except httpx.TimeoutException:
            raise TimeoutError from None
        except httpx.TransportError as exc:
            message, code = _transport_error(exc, url)
            self._event("error", method, url, status=response.status_code, message=message)
            raise OperationError(message, code=code) from None
        return b"".join(chunks)


def _becomes_get(mode: str, status: int, method: str) -> bool:
    if mode == "none" or method in ("GET", "HEAD") or status in (307, 308):
        return False
    return mode == "all" or status == 303 or method == "POST"


def _origin(url: httpx.URL) -> tuple[str, bytes, int | None]:
    return url.scheme, url.raw_host, url.port


def _decodable(value: str) -> str:
    """Accept-Encoding limited to what the host decodes (gzip, deflate)."""
    kept = []
    for part in value.split(","):
        coding = part.split(";", 1)[0].strip().lower()
        if coding in _DECODABLE and part.strip():
            kept.append(part.strip())
    return ", ".join(kept) if kept else "identity"


_ERRNO_CODES = {errno.ECONNREFUSED: "ECONNREFUSED", errno.ECONNRESET: "ECONNRESET",
                errno.EHOSTUNREACH: "EHOSTUNREACH", errno.ENETUNREACH: "ENETUNREACH",
                errno.ETIMEDOUT: "ETIMEDOUT", errno.EPIPE: "EPIPE"}


#: Node's codes for certificate failures, by words of OpenSSL's message.
_TLS_CODES = (
    ("hostname mismatch", "ERR_TLS_CERT_ALTNAME_INVALID"),
    ("ip address mismatch", "ERR_TLS_CERT_ALTNAME_INVALID"),
    ("unable to get local issuer", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
    ("self signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"),
    ("self signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"),
    ("certificate has expired", "CERT_HAS_EXPIRED"),
    ("certificate is not yet valid", "CERT_NOT_YET_VALID"),
)


def _transport_error(exc: httpx.TransportError, url: httpx.URL) -> tuple[str, str]:
    """Node-like message and code for a failed connection or exchange."""
    where = _where(url)
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        number = getattr(cause, "errno", None)
        if isinstance(number, int) and number in _ERRNO_CODES:
            code = _ERRNO_CODES[number]
            return (f"connect {code} {where}" if isinstance(exc, httpx.ConnectError) else f"{code} {where}"), code
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        text = str(exc) or "connection failed"
        if "refused" in text.lower() or "all connection attempts failed" in text.lower():
            return f"connect ECONNREFUSED {where}", "ECONNREFUSED"
        lowered = text.lower()
        if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
            code = next((c for words, c in _TLS_CODES if words in lowered.replace("self-signed", "self signed")),
                        "ERR_SSL_HANDSHAKE_FAILURE")
            return f"TLS connection to {where} failed: {text}", code
        return f"connect to {where} failed: {text}", "ECONNREFUSED"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
        return f"socket hang up ({where}: {exc or type(exc).__name__})", "ECONNRESET"
    return f"request to {where} failed: {exc or type(exc).__name__}", "ERR_FNBOX_EGRESS"


class SessionOnDemand(Mapping):
    """The capabilities of an :class:`EgressSession` made on first use (see
    :meth:`Egress.on_demand`); ``log_lines`` is empty until then."""

    def __init__(self, egress: Egress, deadline: float | None, folder: "str | Path | None"):
        self._prepare = (egress, deadline, folder)
        self.session: EgressSession | None = None

    def __getitem__(self, name: str) -> Capability:
        if name not in CAPABILITIES:
            raise KeyError(name)
        if self.session is None:
            egress, deadline, folder = self._prepare
            self.session = egress.prepare(deadline, folder=folder)
        return self.session[name]

    def __iter__(self) -> Iterator[str]:
        return iter(CAPABILITIES)

    def __len__(self) -> int:
        return len(CAPABILITIES)

    def log_lines(self, kinds: Iterable[str] = LOGGED_KINDS) -> list[LogLine]:
        return self.session.log_lines(kinds) if self.session is not None else []
