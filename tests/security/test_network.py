"""Network: without the fetch capability nothing connects, whatever the
function tries.  (The egress policy itself is tested with runtime/egress.)"""

from __future__ import annotations

import socket

import pytest

from .conftest import main_body

ATTEMPTS = main_body(r"""
  const out = { globals: {}, modules: {}, calls: [] };
  const code = (e) => e.code || (e.cause && e.cause.code) || e.name;
  for (const url of ['http://127.0.0.1:1/', 'https://example.com/', 'file:///etc/passwd', 'data:,x', 'http://[::1]:22/', 'http://169.254.169.254/latest/meta-data/']) {
    if (typeof fetch !== 'function') break;
    try { await fetch(url); out.calls.push(['fetch', url, 'fetched']); } catch (e) { out.calls.push(['fetch', url, code(e)]); }
  }
  for (const g of ['XMLHttpRequest', 'WebSocket', 'EventSource', 'navigator', 'Deno', 'Bun'])
    out.globals[g] = typeof globalThis[g];
  const tries = {
    http: (m) => [() => m.request('http://example.com'), () => m.get('http://example.com'), () => m.createServer(),
                  () => new m.Agent(), () => m.request({ host: '127.0.0.1', port: 80 })],
    https: (m) => [() => m.request('https://example.com'), () => m.get('https://example.com'), () => new m.Agent()],
    net: (m) => [() => m.connect(80, '127.0.0.1'), () => m.createConnection({ port: 80 }), () => new m.Socket(),
                 () => m.createServer()],
    dns: (m) => [() => m.lookup('example.com', () => {}), () => m.resolve4('example.com', () => {}),
                 () => m.promises.lookup('example.com')],
    tls: (m) => [() => m.connect(443, 'example.com'), () => m.createSecureContext()],
    child_process: (m) => [() => m.exec('id'), () => m.execSync('id'), () => m.spawn('sh'), () => m.fork('x')],
    fs: (m) => [() => m.readFileSync('/etc/passwd'), () => m.readFile('/etc/hosts', () => {}),
                () => m.promises.readFile('/etc/passwd'), () => m.writeFileSync('/tmp/x', 'y'), () => m.readdirSync('/')],
    dgram: (m) => [() => m.createSocket('udp4')],
    http2: (m) => [() => m.connect('https://example.com')],
    worker_threads: (m) => [() => new m.Worker('x')],
  };
  for (const [name, calls] of Object.entries(tries)) {
    let m;
    try { m = require(name); out.modules[name] = 'loaded'; }
    catch (e) { out.modules[name] = e.code; continue; }
    for (const c of calls(m)) {
      try {
        const v = c();
        if (v && typeof v.then === 'function') { try { await v; out.calls.push([name, String(c), 'resolved']); } catch (e) { out.calls.push([name, String(c), e.code]); } }
        else out.calls.push([name, String(c), 'returned ' + typeof v]);
      } catch (e) { out.calls.push([name, String(c), e.code]); }
    }
  }
  try { await require('fnbox').call('fetch', { url: 'http://127.0.0.1:1/' }); out.raw = 'fetched'; }
  catch (e) { out.raw = e.code; }
  return out;
""")


@pytest.fixture
def no_sockets(monkeypatch):
    """Record every attempt the host process makes to open a network
    connection or resolve a name while the test runs."""
    attempts = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(("connect", address))
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(("connect_ex", address))
        return real_connect_ex(self, address)

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        attempts.append(("getaddrinfo", host))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


@pytest.mark.parametrize("capabilities", [None, {"echo": None}], ids=["no capabilities", "unrelated capability"])
def test_nothing_connects_without_the_fetch_capability(sandbox, no_sockets, capabilities):
    """Invariant: fetch (if defined) fails, no other global network API, every networking module refuses
    (ERR_FNBOX_UNAVAILABLE) or is missing (MODULE_NOT_FOUND), the raw host
    operation is refused, and the host opens no socket."""
    if capabilities:
        async def echo(args):
            return args
        capabilities = {"echo": echo}
    r = sandbox.hostile(ATTEMPTS, capabilities=capabilities)
    assert r.error is None, r.error
    out = r.output
    assert out["globals"] == {g: "undefined" for g in out["globals"]}, out["globals"]
    for name, state in out["modules"].items():
        assert state in ("loaded", "MODULE_NOT_FOUND"), (name, state)
    bad = [c for c in out["calls"] if c[2] != "ERR_FNBOX_UNAVAILABLE"]
    assert bad == [], bad
    assert out["raw"] == "ERR_FNBOX_UNAVAILABLE"
    assert no_sockets == [], no_sockets


def test_preinstalled_http_clients_do_not_connect_without_fetch(sandbox, no_sockets):
    """axios/request/node-fetch (preinstalled on HubSpot) either are not there
    or fail without the fetch capability; nothing connects."""
    r = sandbox.hostile(main_body(r"""
      const out = {};
      for (const name of ['axios', 'request', 'node-fetch', 'got', 'undici', '@hubspot/api-client']) {
        const code = (e) => e.code || (e.cause && e.cause.code) || e.name;
        try {
          const m = require(name);
          if (name === 'request') {
            out[name] = await new Promise((r) => m('http://127.0.0.1:1/', (err) => r(err ? code(err) : 'connected')));
            continue;
          }
          const f = typeof m === 'function' ? m : (m.default || m.get || m.request || m.fetch);
          try { await f('http://127.0.0.1:1/'); out[name] = 'connected'; } catch (e) { out[name] = code(e); }
        } catch (e) { out[name] = e.code; }
      }
      return out;
    """))
    assert r.error is None, r.error
    assert set(r.output.values()) <= {"ERR_FNBOX_UNAVAILABLE", "MODULE_NOT_FOUND"}, r.output
    assert no_sockets == [], no_sockets
