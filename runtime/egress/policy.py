"""The egress policy: which addresses a function may connect to.

Denied by default: loopback, private (RFC 1918), link-local, carrier-grade
NAT, unique-local IPv6, multicast, unspecified and reserved ranges, the cloud
metadata address, and every scheme but ``http`` and ``https``.  IPv6 forms
that carry an IPv4 address (``::ffff:127.0.0.1``, 6to4, NAT64) are judged by
the IPv4 address inside.

An :class:`Allowlist` opens what a deployment needs.  Its entries are

* host names (``crm.internal.example``): requests to that name may connect
  to whatever it resolves to;
* wildcards (``*.internal.example``): any name below that domain (not the
  domain itself);
* addresses and CIDR ranges (``10.20.0.0/16``, ``127.0.0.1``, ``fd00::/8``):
  those addresses, whatever name led to them.

The metadata address (``169.254.169.254``; AWS's ``fd00:ec2::254``) is opened
only by an entry naming that exact address, never by a host name or a wider
range, so that ``10.0.0.0/8``-style openings or a rebinding allowlisted name
cannot hand out cloud credentials.

The policy is applied to the address actually connected to (see
:mod:`.transport`), so DNS rebinding cannot get around it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Iterable, Union

import httpx

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

#: Schemes a function may use.
SCHEMES = frozenset({"http", "https"})


class PolicyError(ValueError):
    """An allowlist entry that cannot be used; the message names it."""


@dataclass(frozen=True)
class Rule:
    """One default denial: a name for messages and logs, and its ranges."""

    name: str
    #: what an address in it is, for messages: "a loopback address"
    what: str
    networks: tuple[IPNetwork, ...]

    def matches(self, ip: IPAddress) -> bool:
        return any(ip in net for net in self.networks)


def _nets(*cidrs: str) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(c) for c in cidrs)


#: The cloud metadata service: opened only by an exact address entry.
METADATA = Rule("metadata", "the cloud metadata address",
                _nets("169.254.169.254/32", "fd00:ec2::254/128"))

#: Denied unless the allowlist opens them; the first match names the rule.
DEFAULT_RULES: tuple[Rule, ...] = (
    METADATA,
    Rule("unspecified", "an unspecified address", _nets("0.0.0.0/8", "::/128")),
    Rule("loopback", "a loopback address", _nets("127.0.0.0/8", "::1/128")),
    Rule("private", "a private (RFC 1918) address", _nets("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
    Rule("link-local", "a link-local address", _nets("169.254.0.0/16", "fe80::/10")),
    Rule("cgnat", "a carrier-grade NAT (RFC 6598) address", _nets("100.64.0.0/10")),
    Rule("unique-local", "a unique-local IPv6 address", _nets("fc00::/7", "fec0::/10")),
    Rule("multicast", "a multicast address", _nets("224.0.0.0/4", "ff00::/8")),
    Rule("reserved", "a reserved address", _nets(
        "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "240.0.0.0/4",             # includes 255.255.255.255
        "::/96",                   # IPv4-compatible (deprecated)
        "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16")),
)

#: Any address Python does not call global and no rule above names.
_NOT_GLOBAL = Rule("reserved", "a reserved address", ())

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64)."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def parse_ip(text: str) -> IPAddress | None:
    """An IP literal (``[::1]`` brackets allowed, zone ids refused), else None."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if "%" in text:
        return None
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def normalise_host(name: str) -> str:
    """A host name as requests carry it: lower case, IDNA (punycode), no
    trailing dot."""
    name = name.strip().rstrip(".").lower()
    if not name:
        raise PolicyError("an empty host name")
    if name.isascii():
        return name
    try:
        return httpx.URL(f"http://{name}/").raw_host.decode("ascii")
    except Exception:
        raise PolicyError(f"{name!r} is not a valid host name") from None


@dataclass(frozen=True)
class Allowlist:
    """What a deployment opens; see the module docstring for the entries."""

    hosts: frozenset[str] = frozenset()
    #: ".example.com" for "*.example.com"
    suffixes: frozenset[str] = frozenset()
    networks: frozenset[IPNetwork] = frozenset()
    #: the entries as written, for messages and ``repr``
    entries: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, entries: Iterable[str]) -> "Allowlist":
        """Raises :class:`PolicyError` naming the first entry it cannot use."""
        if isinstance(entries, str):
            entries = [entries]
        hosts: set[str] = set()
        suffixes: set[str] = set()
        networks: set[IPNetwork] = set()
        kept: list[str] = []
        for raw in entries:
            if not isinstance(raw, str):
                raise PolicyError(f"allowlist entries are strings, not {type(raw).__name__}: {raw!r}")
            entry = raw.strip()
            kept.append(entry)
            _parse_entry(entry, hosts, suffixes, networks)
        return cls(frozenset(hosts), frozenset(suffixes), frozenset(networks), tuple(kept))

    def __or__(self, other: "Allowlist") -> "Allowlist":
        entries = self.entries + tuple(e for e in other.entries if e not in self.entries)
        return Allowlist(self.hosts | other.hosts, self.suffixes | other.suffixes,
                         self.networks | other.networks, entries)

    def __bool__(self) -> bool:
        return bool(self.hosts or self.suffixes or self.networks)

    def host_allowed(self, host: str) -> bool:
        host = host.rstrip(".").lower()
        if host in self.hosts:
            return True
        return any(host.endswith(suffix) for suffix in self.suffixes)

    def address_allowed(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self.networks)

    def names_exactly(self, ip: IPAddress) -> bool:
        return any(net.num_addresses == 1 and ip in net for net in self.networks)


def _parse_entry(entry: str, hosts: set[str], suffixes: set[str], networks: set[IPNetwork]) -> None:
    if not entry:
        raise PolicyError("an empty allowlist entry")
    if "://" in entry:
        raise PolicyError(f"{entry!r}: give a host name, a *.wildcard or an address range, not a URL")
    if "/" in entry:
        try:
            networks.add(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            raise PolicyError(f"{entry!r} is not a CIDR range like 10.0.0.0/8 or fd00::/8") from None
        return
    ip = parse_ip(entry)
    if ip is not None:
        networks.add(ipaddress.ip_network(ip))
        return
    if entry == "*":
        raise PolicyError("'*' would open every host; list the hosts, *.domains or CIDR ranges to open")
    if entry.startswith("*."):
        domain = normalise_host(entry[2:])
        _check_name(entry, domain)
        if "." not in domain:
            raise PolicyError(f"{entry!r} would open a whole top-level domain; name a domain below it")
        suffixes.add("." + domain)
        return
    if "*" in entry:
        raise PolicyError(f"{entry!r}: a wildcard may only stand first, as in *.example.com")
    if ":" in entry:
        raise PolicyError(f"{entry!r}: entries have no port; give the host name alone")
    name = normalise_host(entry)
    _check_name(entry, name)
    hosts.add(name)


def _check_name(entry: str, name: str) -> None:
    for label in name.split("."):
        if not label or len(label) > 63 or not all(c.isalnum() or c in "-_" for c in label):
            raise PolicyError(f"{entry!r} is not a valid host name")


@dataclass(frozen=True)
class Denial:
    """Why a connection was refused: the rule and a sentence that says so."""

    rule: str
    reason: str
    host: str = ""
    address: str = ""

    @property
    def message(self) -> str:
        return f'egress denied by rule "{self.rule}": {self.reason}'

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Policy:
    """Default denials plus what the allowlist opens."""

    allow: Allowlist = Allowlist()
    rules: tuple[Rule, ...] = DEFAULT_RULES
    schemes: frozenset[str] = SCHEMES

    @classmethod
    def default(cls) -> "Policy":
        return cls()

    @classmethod
    def allowing(cls, *entries: str) -> "Policy":
        return cls(Allowlist.parse(entries))

    def with_allow(self, entries: "Iterable[str] | Allowlist") -> "Policy":
        """This policy with more entries opened (a folder's over the server's)."""
        extra = entries if isinstance(entries, Allowlist) else Allowlist.parse(entries)
        if not extra:
            return self
        return Policy(self.allow | extra, self.rules, self.schemes)

    # -- checks ----------------------------------------------------------------------
    def check_scheme(self, scheme: str) -> Denial | None:
        scheme = scheme.lower().rstrip(":")
        if scheme in self.schemes:
            return None
        return Denial("scheme", f"{scheme}: URLs are not allowed, only http and https")

    def rule_for(self, ip: IPAddress) -> Rule | None:
        """The default rule that denies *ip*, or None for a public address."""
        inner = embedded_ipv4(ip)
        for candidate in (ip, inner) if inner is not None else (ip,):
            for rule in self.rules:
                if rule.matches(candidate):
                    return rule
        target = inner if inner is not None else ip
        if not target.is_global and not ip.is_global:
            return _NOT_GLOBAL
        return None

    def check_address(self, host: str, ip: IPAddress) -> Denial | None:
        """May a request for *host* connect to *ip*?  None means yes."""
        rule = self.rule_for(ip)
        if rule is None:
            return None
        inner = embedded_ipv4(ip)
        candidates = (ip, inner) if inner is not None else (ip,)
        if rule is METADATA or any(METADATA.matches(c) for c in candidates):
            if any(self.allow.names_exactly(c) for c in candidates):
                return None
            return Denial(METADATA.name, _reason(host, ip, METADATA.what, exact=True), host, str(ip))
        if self.allow.host_allowed(host) or any(self.allow.address_allowed(c) for c in candidates):
            return None
        return Denial(rule.name, _reason(host, ip, rule.what), host, str(ip))


def _reason(host: str, ip: IPAddress, what: str, exact: bool = False) -> str:
    if ip.version == 6:
        shown = f"[::ffff:{ip.ipv4_mapped}]" if ip.ipv4_mapped is not None else f"[{ip}]"
    else:
        shown = str(ip)
    subject = shown if parse_ip(host) == ip else f"{host} resolves to {shown}, which"
    how = (f"add the exact address {ip} to the egress allowlist to open it" if exact
           else "open it in the egress allowlist if this function should reach it")
    return f"{subject} is {what}; {how}"
