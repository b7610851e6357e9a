"""The egress policy on its own: default rules, allowlists, configuration.
Pure checks; nothing here opens a socket."""

from __future__ import annotations

import asyncio
import ipaddress
from pathlib import Path

import msgspec
import pytest

from runtime.egress import (Allowlist, Egress, EgressConfig, Policy, PolicyError, StaticResolver, embedded_ipv4,
                            redact, resolve_folders)

ip = ipaddress.ip_address


@pytest.mark.parametrize("address,rule", [
    ("127.0.0.1", "loopback"), ("127.255.255.254", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"), ("192.168.0.1", "private"),
    ("169.254.0.1", "link-local"), ("fe80::1", "link-local"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("100.64.0.1", "cgnat"), ("100.127.255.254", "cgnat"),
    ("fc00::1", "unique-local"), ("fd12:3456::1", "unique-local"),
    ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("0.1.2.3", "unspecified"), ("::", "unspecified"),
    ("255.255.255.255", "reserved"), ("240.0.0.1", "reserved"), ("192.0.2.1", "reserved"),
    ("198.18.0.1", "reserved"), ("2001:db8::1", "reserved"), ("::127.0.0.1", "reserved"),
    # IPv6 spellings of IPv4 addresses are judged by the IPv4 address
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.1.2.3", "private"), ("::ffff:169.254.169.254", "metadata"),
    ("2002:7f00:1::", "loopback"), ("2002:a00:1::", "private"), ("64:ff9b::a9fe:a9fe", "metadata"),
])
def test_default_rules(address, rule):
    policy = Policy()
    denial = policy.check_address(address, ip(address))
    assert denial is not None and denial.rule == rule
    assert denial.message.startswith(f'egress denied by rule "{rule}": ')


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "104.16.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8",
                                     "172.32.0.1", "100.128.0.1", "11.0.0.1"])
def test_public_addresses_are_allowed(address):
    assert Policy().check_address("example.com", ip(address)) is None


def test_embedded_ipv4():
    assert embedded_ipv4(ip("::ffff:1.2.3.4")) == ip("1.2.3.4")
    assert embedded_ipv4(ip("2002:0102:0304::1")) == ip("1.2.3.4")
    assert embedded_ipv4(ip("64:ff9b::102:304")) == ip("1.2.3.4")
    assert embedded_ipv4(ip("2606:4700::1")) is None
    assert embedded_ipv4(ip("1.2.3.4")) is None


def test_schemes():
    policy = Policy()
    assert policy.check_scheme("http") is None and policy.check_scheme("HTTPS") is None
    for scheme in ("file", "ftp", "data", "gopher", "ws", "javascript", ""):
        denial = policy.check_scheme(scheme)
        assert denial is not None and denial.rule == "scheme"


def test_messages_say_what_and_how():
    policy = Policy()
    assert policy.check_address("localhost", ip("127.0.0.1")).reason == (
        "localhost resolves to 127.0.0.1, which is a loopback address; "
        "open it in the egress allowlist if this function should reach it")
    assert policy.check_address("::ffff:10.0.0.1", ip("::ffff:10.0.0.1")).reason.startswith(
        "[::ffff:10.0.0.1] is a private (RFC 1918) address")
    assert "add the exact address 169.254.169.254" in policy.check_address("169.254.169.254",
                                                                          ip("169.254.169.254")).reason


def test_allowlist_entries():
    allow = Allowlist.parse(["API.Example.com.", "*.internal.example", "10.20.0.0/16", "127.0.0.1", "[::1]",
                             "fd00::/8", "bücher.example"])
    assert allow.hosts == {"api.example.com", "xn--bcher-kva.example"}
    assert allow.suffixes == {".internal.example"}
    assert allow.host_allowed("api.example.com") and allow.host_allowed("API.EXAMPLE.COM.")
    assert allow.host_allowed("a.internal.example") and allow.host_allowed("a.b.internal.example")
    assert not allow.host_allowed("internal.example")           # a wildcard opens subdomains only
    assert not allow.host_allowed("evilinternal.example")
    assert allow.address_allowed(ip("10.20.3.4")) and not allow.address_allowed(ip("10.21.0.1"))
    assert allow.address_allowed(ip("127.0.0.1")) and not allow.address_allowed(ip("127.0.0.2"))
    assert allow.address_allowed(ip("::1")) and allow.address_allowed(ip("fd12::1"))


@pytest.mark.parametrize("entry,words", [
    ("*", "would open every host"),
    ("*.com", "top-level domain"),
    ("http://example.com", "not a URL"),
    ("example.com:443", "no port"),
    ("exa mple.com", "not a valid host name"),
    ("10.0.0.0/33", "not a CIDR range"),
    ("foo*.example.com", "may only stand first"),
    ("", "empty"),
])
def test_bad_allowlist_entries(entry, words):
    with pytest.raises(PolicyError) as info:
        Allowlist.parse([entry])
    assert words in str(info.value)


def test_allowlist_opens_names_and_ranges():
    policy = Policy.allowing("crm.internal.example", "10.20.0.0/16", "127.0.0.1")
    assert policy.check_address("crm.internal.example", ip("10.99.0.1")) is None      # by name
    assert policy.check_address("other.example", ip("10.20.1.1")) is None             # by range
    assert policy.check_address("other.example", ip("10.99.0.1")).rule == "private"
    assert policy.check_address("localhost", ip("127.0.0.1")) is None
    assert policy.check_address("localhost", ip("::1")).rule == "loopback"
    assert policy.check_address("x", ip("::ffff:127.0.0.1")) is None                  # mapped form of an opened address


def test_metadata_needs_its_exact_address():
    for entries in (["169.254.0.0/16"], ["0.0.0.0/0"], ["metadata.google.internal"], ["*.google.internal"]):
        policy = Policy.allowing(*entries)
        denial = policy.check_address("metadata.google.internal", ip("169.254.169.254"))
        assert denial is not None and denial.rule == "metadata", entries
    assert Policy.allowing("169.254.169.254").check_address("x", ip("169.254.169.254")) is None
    # the wider range still opens the rest of link-local
    assert Policy.allowing("169.254.0.0/16").check_address("x", ip("169.254.1.1")) is None


def test_policies_compose_and_compare():
    server = Policy.allowing("10.0.0.0/8")
    folder = server.with_allow(["api.internal"])
    assert folder.check_address("api.internal", ip("192.168.1.1")) is None
    assert folder.check_address("x", ip("10.1.1.1")) is None
    assert server.check_address("api.internal", ip("192.168.1.1")) is not None
    assert server.with_allow([]) is server
    assert folder == server.with_allow(["api.internal"]) and hash(folder) == hash(server.with_allow(["api.internal"]))


def test_egress_caches_policies_and_pools():
    egress = Egress(allow=["10.0.0.0/8"], resolver=StaticResolver({}))
    a = egress.policy_for(["x.example"])
    assert egress.policy_for(["x.example"]) is a
    assert egress.policy_for(None) is egress.policy and egress.policy_for([]) is egress.policy

    async def pools():
        assert egress.transport(a) is egress.transport(egress.policy_for(["x.example"]))
        assert egress.transport(a) is not egress.transport(egress.policy)
        return egress.transport(a)
    first = asyncio.run(pools())
    assert asyncio.run(pools()) is not first        # another event loop, other pools


def test_redact():
    assert redact("https://user:pw@api.example.com:8443/v1/x?hapikey=secret#frag") == "https://api.example.com:8443/v1/x"
    assert redact("http://[::1]/a?b") == "http://[::1]/a"
    assert redact("file:///etc/passwd") == "file:/etc/passwd"


def test_config_table(tmp_path: Path):
    text = b"""
allow = ["10.20.0.0/16", "crm.internal.example"]
max_requests = 20
[folders]
"sites/main/crm.functions" = ["*.crm.internal.example"]
"""
    config = msgspec.toml.decode(text, type=EgressConfig)
    config.check()
    config = resolve_folders(config, tmp_path)
    folder = tmp_path / "sites" / "main" / "crm.functions"
    assert config.allow_for(folder) == ["*.crm.internal.example"]
    assert config.allow_for(tmp_path / "other.functions") == []
    egress = Egress.from_config(config, resolver=StaticResolver({}))
    assert egress.limits.max_requests == 20 and egress.limits.max_response_bytes == 6 * 1024 * 1024
    policy = egress.policy_for(config.allow_for(folder))
    assert egress.policy_for_folder(folder) is policy
    assert egress.prepare(folder=folder).policy is policy
    assert egress.prepare(folder=tmp_path / "other.functions").policy is egress.policy
    assert policy.check_address("a.crm.internal.example", ip("10.99.0.1")) is None
    assert policy.check_address("x", ip("10.20.0.5")) is None
    assert egress.policy.check_address("a.crm.internal.example", ip("10.99.0.1")) is not None


def test_config_errors_name_the_key():
    with pytest.raises(PolicyError) as info:
        EgressConfig(allow=["*"]).check()
    assert str(info.value).startswith("egress.allow: ")
    with pytest.raises(PolicyError) as info:
        EgressConfig(folders={"a.functions": ["http://x"]}).check()
    assert str(info.value).startswith('egress.folders."a.functions": ')
    with pytest.raises(msgspec.ValidationError):
        msgspec.toml.decode(b"unknown = 1", type=EgressConfig)
