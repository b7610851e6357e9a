"""Denials with the default policy, end to end through the guest.

Every Egress here connects through the loopback-only test connector, and every
test asserts that the policy refused before the connector was ever asked (or,
for redirects, that it was asked only for the allowed first hop)."""

from __future__ import annotations

import asyncio
import time

import pytest

from runtime.egress import DENIED, EgressDenied, StaticResolver, SystemResolver
from runtime.logs import render_console

from .conftest import NAMES, make_egress

DEFAULT = ()          # allow nothing: the default policy


def fetch_all(urls_expr: str) -> str:
    """Guest body: fetch every URL, collect [name, message, cause code] per URL."""
    return """
        const out = [];
        for (const url of %s) {
          try { await fetch(url); out.push('connected'); }
          catch (e) { out.push([e.name, e.message, e.cause && e.cause.code]); }
        }
        return out;
    """ % urls_expr


ISSUE_URLS = {
    "http://127.0.0.1/": ("loopback", "127.0.0.1 is a loopback address"),
    "http://localhost/": ("loopback", "localhost resolves to 127.0.0.1, which is a loopback address"),
    "http://10.0.0.1/": ("private", "10.0.0.1 is a private (RFC 1918) address"),
    "http://169.254.169.254/latest/meta-data": ("metadata", "169.254.169.254 is the cloud metadata address"),
    "http://[::1]/": ("loopback", "[::1] is a loopback address"),
    "file:///etc/passwd": ("scheme", "file: URLs are not allowed, only http and https"),
}


def test_issue_list_is_denied_before_any_connection(run_guest, upstream):
    urls = list(ISSUE_URLS) + [upstream.url("/echo")]       # a real server is listening there
    before = upstream.hits.get("echo", 0)
    r = run_guest(fetch_all("input.urls"), {"urls": urls}, allow=DEFAULT)
    out = r.output
    expected = list(ISSUE_URLS.values()) + [("loopback", "127.0.0.1 is a loopback address")]
    for (name, message, code), (rule, reason) in zip(out, expected):
        assert name == "TypeError" and code == DENIED
        assert message.startswith(f'fetch failed: egress denied by rule "{rule}": {reason}')
    assert r.connector.calls == []                   # the connector was never asked
    assert [e.kind for e in r.session.events] == ["denied"] * len(urls)
    assert [e.rule for e in r.session.events] == [rule for rule, _ in expected]
    assert upstream.hits.get("echo", 0) == before


def test_denials_are_logged_with_the_rule(run_guest):
    r = run_guest(fetch_all("['http://10.0.0.1/x?token=secret']"), allow=DEFAULT)
    lines = r.session.log_lines()
    assert [(l.level, l.text) for l in lines] == [
        ("WARN", 'egress: GET http://10.0.0.1/x denied by rule "private": 10.0.0.1 is a private (RFC 1918) '
                 "address; open it in the egress allowlist if this function should reach it")]
    assert "secret" not in lines[0].text           # no query strings in logs
    # how the invocation log shows them, merged by time with console lines
    text = render_console(sorted([*r.result.logs, *lines], key=lambda l: l.time_ms))
    assert 'WARN egress: GET http://10.0.0.1/x denied by rule "private"' in text


@pytest.mark.parametrize("url,rule", [
    ("http://100.64.0.1/", "cgnat"),
    ("http://172.16.5.4/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://169.254.1.1/", "link-local"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://255.255.255.255/", "reserved"),
    ("http://[fd00::1]/", "unique-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[ff02::1]/", "multicast"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:169.254.169.254]/", "metadata"),
    ("http://[fd00:ec2::254]/", "metadata"),
    ("http://127.1/", "loopback"),                  # WHATWG URL parsing makes these 127.0.0.1
    ("http://2130706433/", "loopback"),
    ("http://0x7f.0.0.1/", "loopback"),
    ("ftp://example.test/", "scheme"),
    ("data:text/plain,hello", "scheme"),
])
def test_more_ranges_and_schemes(run_guest, url, rule):
    r = run_guest(fetch_all("[input.url]"), {"url": url}, allow=DEFAULT)
    [(name, message, code)] = r.output
    assert code == DENIED and f'egress denied by rule "{rule}"' in message
    assert r.connector.calls == []


def test_redirect_from_allowed_host_to_loopback(run_guest, upstream):
    # api.example.test is opened by name; loopback addresses themselves are not.
    base = upstream.url("", host="api.example.test")
    targets = [upstream.url("/echo"), upstream.url("/echo", host="localhost"), "http://10.0.0.1/", "http://[::1]/",
               "file:///etc/passwd"]
    before = upstream.hits.get("echo", 0)
    r = run_guest("""
        const out = [];
        for (const t of input.targets) {
          try { await fetch(input.base + '/redirect-to?url=' + encodeURIComponent(t)); out.push('connected'); }
          catch (e) { out.push([e.cause.code, e.message]); }
        }
        return out;
    """, {"base": base, "targets": targets}, allow=["api.example.test"])
    out = r.output
    assert [code for code, _ in out] == [DENIED] * len(targets)
    assert [m.split('"')[1] for _, m in out] == ["loopback", "loopback", "private", "loopback", "scheme"]
    # only the allowed first hops connected (pooled, maybe reused), to the checked address
    assert set(r.connector.calls) == {("127.0.0.1", upstream.port)}
    assert r.connector.refused == []
    assert upstream.hits.get("echo", 0) == before
    kinds = [(e.kind, e.redirects) for e in r.session.events]
    assert kinds == [("denied", 1)] * len(targets)


def test_redirect_denied_for_axios_and_request(run_guest, upstream):
    base = upstream.url("", host="api.example.test")
    before = upstream.hits.get("echo", 0)
    r = run_guest("""
        const axios = require('axios'), request = require('request');
        const target = input.base + '/redirect-to?url=' + encodeURIComponent(input.loop);
        let a, b;
        try { await axios.get(target); } catch (e) { a = [e.code, e.message, e.isAxiosError]; }
        b = await new Promise((resolve) => request(target, (err) => resolve([err.code, err.message])));
        return {a, b};
    """, {"base": base, "loop": upstream.url("/echo")}, allow=["api.example.test"])
    out = r.output
    assert out["a"][0] == DENIED and out["a"][1].startswith('egress denied by rule "loopback"') and out["a"][2]
    assert out["b"][0] == DENIED and out["b"][1].startswith('egress denied by rule "loopback"')
    assert upstream.hits.get("echo", 0) == before


def test_name_resolving_to_loopback_is_denied(run_guest, upstream):
    r = run_guest(fetch_all("[input.url]"), {"url": upstream.url("/echo", host="rebind.example.test")}, allow=DEFAULT)
    [(name, message, code)] = r.output
    assert code == DENIED
    assert 'rebind.example.test resolves to 127.0.0.1, which is a loopback address' in message
    assert r.connector.calls == []


def test_axios_and_request_denials_name_the_rule(run_guest):
    r = run_guest("""
        const axios = require('axios'), request = require('request');
        const out = {};
        try { await axios.get('http://169.254.169.254/latest/meta-data/iam/'); } catch (e) { out.axios = [e.name, e.code, e.message]; }
        try { await axios.get('file:///etc/passwd'); } catch (e) { out.axiosFile = [e.code, e.message]; }
        out.request = await new Promise((resolve) => request('http://localhost/', (err, res) => resolve([err.code, err.message, res])));
        return out;
    """, allow=DEFAULT)
    out = r.output
    assert out["axios"][1] == DENIED and 'egress denied by rule "metadata"' in out["axios"][2]
    assert out["axiosFile"][0] == DENIED and 'rule "scheme"' in out["axiosFile"][1]
    assert out["request"][0] == DENIED and 'rule "loopback"' in out["request"][1] and out["request"][2] is None
    assert r.connector.calls == []
    assert len(r.session.log_lines()) == 3


def test_rebinding_is_checked_on_every_connection(run_guest, upstream):
    """A name whose answer changes between lookups: the first answer is
    allowed (127.0.0.2 is opened), the second is not; each connection is
    checked on the address it actually uses, and only that address."""
    class Rebinding:
        def __init__(self):
            self.answers = ["127.0.0.2", "127.0.0.1"]

        async def resolve(self, host, port):
            import ipaddress
            return [ipaddress.ip_address(self.answers.pop(0) if len(self.answers) > 1 else self.answers[0])]

    before = upstream.hits.get("echo", 0)
    r = run_guest("""
        const out = [];
        for (let i = 0; i < 2; i++) {
          try { await fetch(input.url); out.push('connected'); } catch (e) { out.push(e.cause.code); }
        }
        return out;
    """, {"url": upstream.url("/echo", host="rebind.example.test")}, allow=["127.0.0.2/32"], resolver=Rebinding())
    # first: allowed, connects to 127.0.0.2 where nothing listens; second: denied
    assert r.output == ["ECONNREFUSED", DENIED]
    assert r.connector.calls == [("127.0.0.2", upstream.port)]
    assert upstream.hits.get("echo", 0) == before


def test_numeric_host_spellings_reach_the_host_as_addresses():
    """The host resolves odd numeric spellings (as libc does) and judges the
    address: ``AI_NUMERICHOST`` never asks DNS."""
    async def go():
        egress, connector = make_egress(allow=(), resolver=SystemResolver(numeric_only=True))
        session = egress.prepare(time.monotonic() + 5)
        codes = []
        for url in ["http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://017700000001/"]:
            try:
                await session["fetch"]({"url": url})
                codes.append("connected")
            except Exception as exc:
                codes.append((getattr(exc, "code", None), str(exc)))
        await egress.aclose()
        return codes, connector.calls
    codes, calls = asyncio.run(go())
    assert calls == []
    for code, message in codes:
        assert code == DENIED and "resolves to 127.0.0.1, which is a loopback address" in message


def test_wildcard_opens_subdomains_only(run_guest, upstream):
    urls = [upstream.url("/echo", host="api.example.test"), upstream.url("/echo", host="localhost")]
    r = run_guest(fetch_all("input.urls"), {"urls": urls}, allow=["*.example.test"])
    out = r.output
    assert out[0] == "connected"
    assert out[1][2] == DENIED
    assert r.connector.calls == [("127.0.0.1", upstream.port)]


def test_folder_allowlist_adds_to_the_server_policy(upstream):
    async def go():
        egress, connector = make_egress(allow=["10.9.0.0/16"])
        outcomes = []
        for allow in (None, ["api.example.test"]):
            session = egress.prepare(time.monotonic() + 5, allow=allow)
            try:
                r = await session["fetch"]({"url": upstream.url("/text", host="api.example.test")})
                outcomes.append(r["status"])
            except Exception as exc:
                outcomes.append(getattr(exc, "code", None))
        same = egress.prepare(allow=["api.example.test"]).policy is egress.prepare(allow=["api.example.test"]).policy
        pools = len(egress._transports)
        await egress.aclose()
        return outcomes, same, pools
    outcomes, same, pools = asyncio.run(go())
    assert outcomes == [DENIED, 200]
    assert same and pools == 2       # one pool per policy: connections never cross policies


def test_pooled_connection_is_not_reused_under_a_stricter_policy(upstream):
    """A folder that may reach a host opens a connection; another folder,
    whose policy denies that host, must not ride on the pooled connection."""
    async def go():
        egress, connector = make_egress(allow=())
        url = upstream.url("/text", host="api.example.test")
        opened = egress.prepare(time.monotonic() + 5, allow=["api.example.test"])
        first = (await opened["fetch"]({"url": url}))["status"]
        strict = egress.prepare(time.monotonic() + 5)
        try:
            await strict["fetch"]({"url": url})
            second = "connected"
        except Exception as exc:
            second = getattr(exc, "code", None)
        await egress.aclose()
        return first, second, connector.calls
    first, second, calls = asyncio.run(go())
    assert (first, second) == (200, DENIED)
    assert calls == [("127.0.0.1", upstream.port)]


def test_unresolvable_names_and_unix_sockets_never_connect():
    async def go():
        egress, connector = make_egress(allow=("127.0.0.0/8",), resolver=StaticResolver(NAMES))
        session = egress.prepare(time.monotonic() + 5)
        try:
            await session["fetch"]({"url": "http://unknown.example.test/"})
            code = "connected"
        except Exception as exc:
            code = getattr(exc, "code", None)
        with pytest.raises(EgressDenied):
            await egress.transport(egress.policy).backend.connect_unix_socket("/var/run/docker.sock")
        await egress.aclose()
        return code, connector.calls
    code, calls = asyncio.run(go())
    assert code == "ENOTFOUND"
    assert calls == []
