"""Turning a host name into the addresses the policy checks.

Resolution is done here, not by the socket layer, so that the address checked
is the address connected to.  A resolver is any object with
``async resolve(host, port) -> list[IPAddress]`` raising :class:`ResolveError`.
IP literals never reach a resolver.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Iterable, Mapping, Protocol

from .policy import IPAddress, parse_ip


class ResolveError(Exception):
    """A name that does not resolve (``getaddrinfo ENOTFOUND name``)."""

    def __init__(self, host: str, detail: str = ""):
        super().__init__(f"getaddrinfo ENOTFOUND {host}" + (f" ({detail})" if detail else ""))
        self.host = host
        self.code = "ENOTFOUND"


class Resolver(Protocol):
    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Every address of *host*, in the order to try them."""


def _unique(addresses: Iterable[IPAddress]) -> list[IPAddress]:
    seen: dict[IPAddress, None] = {}
    for ip in addresses:
        seen.setdefault(ip, None)
    return list(seen)


class SystemResolver:
    """The operating system's resolver (``getaddrinfo`` via the event loop).

    ``numeric_only=True`` resolves numeric forms only (``127.1``,
    ``2130706433``, ``0x7f.1``) and never asks DNS: tests use it to show that
    such spellings are judged by the address they stand for."""

    def __init__(self, *, numeric_only: bool = False):
        self.flags = socket.AI_NUMERICHOST if numeric_only else 0

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                           proto=socket.IPPROTO_TCP, flags=self.flags)
        except (socket.gaierror, UnicodeError) as exc:
            raise ResolveError(host, getattr(exc, "strerror", None) or str(exc)) from None
        found = []
        for family, _type, _proto, _canon, sockaddr in infos:
            if family not in (socket.AF_INET, socket.AF_INET6):
                continue
            ip = parse_ip(str(sockaddr[0]))
            if ip is not None:
                found.append(ip)
        if not found:
            raise ResolveError(host, "no IPv4 or IPv6 address")
        return _unique(found)


class StaticResolver:
    """Names from a table, nothing else: ``{"api.example.test": ["127.0.0.1"]}``.

    For tests (no DNS traffic at all) and for pinning names in a deployment.
    A name not in the table fails like an unknown name, or is passed to
    *fallback* when one is given."""

    def __init__(self, table: Mapping[str, str | Iterable[str]], fallback: Resolver | None = None):
        self.table: dict[str, list[IPAddress]] = {}
        for name, addresses in table.items():
            if isinstance(addresses, str):
                addresses = [addresses]
            self.table[name.rstrip(".").lower()] = [ipaddress.ip_address(a) for a in addresses]
        self.fallback = fallback
        #: every name asked for, in order (tests look at it)
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        key = host.rstrip(".").lower()
        self.asked.append(key)
        if key in self.table:
            return list(self.table[key])
        if self.fallback is not None:
            return await self.fallback.resolve(host, port)
        raise ResolveError(host)


async def addresses_of(resolver: Resolver, host: str, port: int) -> list[IPAddress]:
    """An IP literal as itself; a name through *resolver*."""
    ip = parse_ip(host)
    if ip is not None:
        return [ip]
    return await resolver.resolve(host, port)
