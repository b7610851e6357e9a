"""Egress test harness.

* ``upstream``: a real HTTP server (Starlette under Hypercorn) on 127.0.0.1,
  in a process of its own (``upstream.py``), for the whole test session.
* Every :class:`~runtime.egress.Egress` made here connects through a
  :class:`LoopbackOnlyConnector`, which refuses (and records) any target that
  is not a loopback address, and resolves names through a
  :class:`~runtime.egress.StaticResolver` (no DNS).  So no test can send a
  packet beyond loopback, even if the policy had a bug.
* ``run_guest(source, ...)`` runs a function in the real engine with an
  egress session and returns ``Outcome(result, session, connector)``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import httpcore
import pytest

from runtime.egress import Egress, EgressLimits, EgressSession, Policy, StaticResolver
from runtime.engine import Engine, Limits, Result

#: Names the test resolver knows.  All of them lead to loopback.
NAMES = {
    "localhost": ["127.0.0.1", "::1"],
    "upstream.test": ["127.0.0.1"],
    "api.example.test": ["127.0.0.1"],
    "other.example.test": ["127.0.0.1"],
    "rebind.example.test": ["127.0.0.1"],
}


# ---- the connector: loopback or nothing ----------------------------------------------
class RefusedByTestConnector(httpcore.ConnectError):
    pass


class LoopbackOnlyConnector(httpcore.AsyncNetworkBackend):
    """Opens sockets to loopback addresses only; records every request."""

    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()
        self.calls: list[tuple[str, int]] = []
        self.refused: list[tuple[str, int]] = []

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options=None) -> httpcore.AsyncNetworkStream:
        self.calls.append((host, port))
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False          # a name: the guard should have resolved it
        if not loopback:
            self.refused.append((host, port))
            raise RefusedByTestConnector(f"test connector refuses {host}:{port}")
        return await self.inner.connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                            socket_options=socket_options)

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        self.refused.append((path, 0))
        raise RefusedByTestConnector("test connector refuses unix sockets")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def make_egress(*, allow: Iterable[str] = ("127.0.0.0/8", "::1"), policy: Policy | None = None,
                resolver=None, limits: EgressLimits | None = None,
                connector: LoopbackOnlyConnector | None = None, **kwargs) -> tuple[Egress, LoopbackOnlyConnector]:
    connector = connector or LoopbackOnlyConnector()
    egress = Egress(policy, allow=allow, resolver=resolver or StaticResolver(NAMES), limits=limits,
                    connector=connector, **kwargs)
    return egress, connector


# ---- the upstream server ---------------------------------------------------------------
class Upstream:
    """The upstream process (``tests/egress/upstream.py``) on 127.0.0.1:port."""

    def __init__(self, port: int):
        self.port = port

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def stats(self, reset: bool = False) -> dict[str, Any]:
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(f"GET /_stats{'?reset=1' if reset else ''} HTTP/1.1\r\nHost: x\r\n"
                         "Connection: close\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        return json.loads(data.split(b"\r\n\r\n", 1)[1])

    @property
    def hits(self) -> dict[str, int]:
        return self.stats()["hits"]

    @property
    def peak(self) -> int:
        return self.stats()["peak"]

    def reset_peak(self) -> None:
        self.stats(reset=True)


def _start_upstream(*tls: str):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    port = sock.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen([sys.executable, "-m", "tests.egress.upstream", str(sock.fileno()), *tls],
                               pass_fds=[sock.fileno()], cwd=root)
    sock.close()                     # the child holds it now
    return process, port


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture(scope="session")
def upstream():
    process, port = _start_upstream()
    state = Upstream(port)
    deadline = time.monotonic() + 30
    while True:                      # connections queue in the backlog until it serves
        try:
            state.stats()
            break
        except (OSError, ValueError, IndexError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the upstream test server did not start")
            time.sleep(0.1)
    yield state
    _stop(process)


@dataclass
class TlsUpstream:
    port: int
    #: trusts the test CA only
    ssl_context: Any

    def url(self, path: str = "/", host: str = "api.example.test") -> str:
        return f"https://{host}:{self.port}{path}"


def _make_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A test CA and a certificate for api.example.test signed by it."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fnbox egress test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "api.example.test")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("api.example.test")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_path, cert_path, key_path = directory / "ca.pem", directory / "cert.pem", directory / "key.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca_path, cert_path, key_path


@pytest.fixture(scope="session")
def tls_upstream(tmp_path_factory):
    import ssl

    ca, cert, key = _make_certificates(tmp_path_factory.mktemp("tls"))
    process, port = _start_upstream(str(cert), str(key))
    context = ssl.create_default_context(cafile=str(ca))
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as raw:
                with context.wrap_socket(raw, server_hostname="api.example.test"):
                    break
        except (OSError, ssl.SSLError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the TLS upstream test server did not start")
            time.sleep(0.1)
    yield TlsUpstream(port, context)
    _stop(process)


# ---- running functions -----------------------------------------------------------------
@dataclass
class Outcome:
    result: Result
    session: EgressSession
    connector: LoopbackOnlyConnector

    @property
    def output(self) -> Any:
        if self.result.error is not None:
            raise AssertionError(f"guest failed: {self.result.error!r}\n"
                                 f"{getattr(self.result.error, 'stack', '')}\n{self.result.console_text()}")
        return self.result.output


def function_source(body: str) -> str:
    return "exports.main = async (input) => {\n" + body + "\n};\n"


@pytest.fixture
def run_guest(engine: Engine):
    """run_guest(body, input=None, *, allow=..., resolver=None, limits=None,
    wall_ms=10_000, files=None) -> Outcome.  *body* is the body of an async
    main(input); *files* adds more guest files."""
    def run(body: str, input: Any = None, *, allow: Iterable[str] = ("127.0.0.0/8", "::1"),
            policy: Policy | None = None, resolver=None, limits: EgressLimits | None = None,
            wall_ms: int = 10_000, files: dict[str, str] | None = None, raw: bool = False,
            **egress_options) -> Outcome:
        sources = {"/app/index.js": body if raw else function_source(body), **(files or {})}
        unit = engine.compile(sources, entry="/app/index.js", snapshot=False)

        async def go() -> Outcome:
            egress, connector = make_egress(allow=allow, policy=policy, resolver=resolver, limits=limits,
                                            **egress_options)
            try:
                session = egress.prepare(time.monotonic() + wall_ms / 1000)
                result = await engine.invoke(unit, input, capabilities=session,
                                             limits=Limits(wall_ms=wall_ms))
                return Outcome(result, session, connector)
            finally:
                await egress.aclose()
        return asyncio.run(go())
    return run
