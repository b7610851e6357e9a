"""fetch, Headers, Request and Response in the guest against a real upstream
on loopback (opened explicitly by the test policy)."""

from __future__ import annotations

import base64

import pytest

from runtime.egress import EgressLimits
from runtime.engine import JavaScriptError


def test_get_json_status_headers(run_guest, upstream):
    out = run_guest("""
        const r = await fetch(input.url + '?a=1&a=2&b=x%20y', {headers: {'X-Token': 'abc'}});
        const data = await r.json();
        return {status: r.status, ok: r.ok, type: r.type, url: r.url, redirected: r.redirected,
                ct: r.headers.get('Content-Type'), echo: r.headers.get('x-echo'), data,
                used: r.bodyUsed, isResponse: r instanceof Response};
    """, {"url": upstream.url("/echo")}).output
    assert out["status"] == 200 and out["ok"] is True and out["used"] is True and out["isResponse"]
    assert out["type"] == "basic" and out["redirected"] is False
    assert out["url"] == upstream.url("/echo?a=1&a=2&b=x%20y")
    assert out["ct"] == "application/json" and out["echo"] == "yes"
    data = out["data"]
    assert data["method"] == "GET" and data["args"] == {"a": ["1", "2"], "b": ["x y"]}
    assert data["headers"]["x-token"] == "abc"
    # Node's (undici's) default request headers
    assert data["headers"]["user-agent"] == "node"
    assert data["headers"]["accept"] == "*/*"
    assert data["headers"]["accept-encoding"] == "gzip, deflate"
    assert data["headers"]["host"] == f"127.0.0.1:{upstream.port}"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_methods_with_json_body(run_guest, upstream, method):
    out = run_guest("""
        const r = await fetch(input.url, {method: input.method, body: JSON.stringify({n: 1, s: 'é'}),
                                          headers: {'content-type': 'application/json'}});
        return await r.json();
    """, {"url": upstream.url("/echo"), "method": method}).output
    assert out["method"] == method
    assert out["json"] == {"n": 1, "s": "é"}
    assert out["headers"]["content-type"] == "application/json"
    assert out["headers"]["content-length"] == str(len('{"n":1,"s":"é"}'.encode()))


def test_lowercase_patch_is_sent_as_written_like_node(run_guest, upstream):
    # fetch normalises only DELETE GET HEAD OPTIONS POST PUT (undici warns about 'patch')
    out = run_guest("""
        const r = await fetch(input.url, {method: 'post', body: 'x'});
        return (await r.json()).method;
    """, {"url": upstream.url("/echo")}).output
    assert out == "POST"


def test_text_body_default_content_type_and_head(run_guest, upstream):
    out = run_guest("""
        const r = await fetch(input.url, {method: 'POST', body: 'plain words'});
        const j = await r.json();
        const h = await fetch(input.url, {method: 'HEAD'});
        return {ct: j.headers['content-type'], body: j.body, headStatus: h.status, headBody: await h.text()};
    """, {"url": upstream.url("/echo")}).output
    assert out == {"ct": "text/plain;charset=UTF-8", "body": "plain words", "headStatus": 200, "headBody": ""}


def test_urlsearchparams_and_binary_bodies(run_guest, upstream):
    out = run_guest("""
        const a = await (await fetch(input.url, {method: 'POST', body: new URLSearchParams({q: 'a b', n: '1'})})).json();
        const bytes = new Uint8Array([0, 1, 2, 250, 255]);
        const b = await (await fetch(input.url, {method: 'POST', body: bytes})).json();
        const c = await (await fetch(input.url, {method: 'PUT', body: Buffer.from('héllo')})).json();
        return {a: [a.headers['content-type'], a.body], b: [b.headers['content-type'] || null, b.bodyBase64], c: c.body};
    """, {"url": upstream.url("/echo")}).output
    assert out["a"] == ["application/x-www-form-urlencoded;charset=UTF-8", "q=a+b&n=1"]
    assert out["b"] == [None, base64.b64encode(bytes([0, 1, 2, 250, 255])).decode()]
    assert out["c"] == "héllo"


def test_form_data_multipart(run_guest, upstream):
    out = run_guest("""
        // a global once the bootstrap installs it; until then from the builtin
        const FD = typeof FormData === 'function' ? FormData : require('fetch').FormData;
        const fd = new FD();
        fd.append('name', 'fnbox');
        fd.append('file', Buffer.from('abc'), 'a.txt');
        const j = await (await fetch(input.url, {method: 'POST', body: fd})).json();
        return {ct: j.headers['content-type'], body: j.body};
    """, {"url": upstream.url("/echo")}).output
    assert out["ct"].startswith("multipart/form-data; boundary=----formdata-fnbox-")
    boundary = out["ct"].split("boundary=")[1]
    assert out["body"] == (f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nfnbox\r\n'
                           f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
                           f'Content-Type: application/octet-stream\r\n\r\nabc\r\n--{boundary}--\r\n')


def test_text_array_buffer_and_binary_responses(run_guest, upstream):
    out = run_guest("""
        const t = await (await fetch(input.base + '/text')).text();
        const ab = await (await fetch(input.base + '/bytes?n=300')).arrayBuffer();
        const u8 = new Uint8Array(ab);
        const latin = await fetch(input.base + '/latin');
        const latinBytes = Array.from(new Uint8Array(await latin.clone().arrayBuffer()));
        const latinText = await latin.text();
        const bom = await (await fetch(input.base + '/bom')).json();
        return {t, isAB: ab instanceof ArrayBuffer, len: ab.byteLength, first: u8[0], last: u8[299],
                latinBytes, latinText, bom};
    """, {"base": upstream.base}).output
    assert out["t"] == "hello, world"
    assert out["isAB"] and out["len"] == 300 and out["first"] == 0 and out["last"] == 299 % 251
    assert out["latinBytes"] == list(b"caf\xe9 \xff")
    assert out["latinText"] == "caf\ufffd \ufffd"
    assert out["bom"] == {"bom": True}


def test_gzip_is_decoded(run_guest, upstream):
    out = run_guest("""
        const r = await fetch(input.base + '/gzip?n=50000');
        const t = await r.text();
        return {len: t.length, ok: /^a+$/.test(t), enc: r.headers.get('content-encoding')};
    """, {"base": upstream.base}).output
    assert out == {"len": 50000, "ok": True, "enc": "gzip"}


def test_repeated_headers_and_set_cookie(run_guest, upstream):
    out = run_guest("""
        const r = await fetch(input.base + '/cookies');
        return {cookies: r.headers.getSetCookie(), joined: r.headers.get('set-cookie'), multi: r.headers.get('x-multi'),
                entries: [...r.headers].filter(([k]) => k === 'set-cookie' || k === 'x-multi')};
    """, {"base": upstream.base}).output
    assert out["cookies"] == ["a=1; Path=/", "b=2; Path=/"]
    assert out["joined"] == "a=1; Path=/, b=2; Path=/"
    assert out["multi"] == "one, two"
    assert out["entries"] == [["set-cookie", "a=1; Path=/"], ["set-cookie", "b=2; Path=/"], ["x-multi", "one, two"]]


def test_status_codes_are_responses_not_errors(run_guest, upstream):
    out = run_guest("""
        const out = {};
        for (const code of [400, 404, 500, 503]) {
          const r = await fetch(input.base + '/status/' + code);
          out[code] = [r.status, r.ok, (await r.json()).code];
        }
        const e = await fetch(input.base + '/empty?status=204');
        out.empty = [e.status, await e.text()];
        return out;
    """, {"base": upstream.base}).output
    assert out == {"400": [400, False, 400], "404": [404, False, 404], "500": [500, False, 500],
                   "503": [503, False, 503], "empty": [204, ""]}


def test_redirects_followed_manual_and_error(run_guest, upstream):
    out = run_guest("""
        const f = await fetch(input.base + '/redirect/3');
        const followed = {status: f.status, redirected: f.redirected, url: f.url, path: (await f.json()).path};
        const m = await fetch(input.base + '/redirect/1', {redirect: 'manual'});
        const manual = {status: m.status, location: m.headers.get('location'), redirected: m.redirected};
        let error;
        try { await fetch(input.base + '/redirect/1', {redirect: 'error'}); } catch (e) { error = [e.name, e.message, e.cause && e.cause.code]; }
        const p = await fetch(input.base + '/redirect/1?status=302', {method: 'POST', body: 'x'});
        const p307 = await fetch(input.base + '/redirect/1?status=307', {method: 'POST', body: 'keep'});
        const j307 = await p307.json();
        return {followed, manual, error, post302: (await p.json()).method, post307: [j307.method, j307.body]};
    """, {"base": upstream.base}).output
    assert out["followed"] == {"status": 200, "redirected": True, "url": upstream.url("/echo?redirected=1"),
                               "path": "/echo"}
    assert out["manual"] == {"status": 302, "location": "/echo?redirected=1", "redirected": False}
    assert out["error"][0] == "TypeError" and out["error"][1] == "fetch failed"
    assert out["error"][2] == "ERR_FNBOX_REDIRECT"
    assert out["post302"] == "GET"
    assert out["post307"] == ["POST", "keep"]


def test_too_many_redirects(run_guest, upstream):
    r = run_guest("""
        try { await fetch(input.base + '/redirect/12'); return 'no error'; }
        catch (e) { return [e.name, e.message, e.cause.code, e.cause.message]; }
    """, {"base": upstream.base})
    assert r.output == ["TypeError", "fetch failed", "ERR_FR_TOO_MANY_REDIRECTS",
                        "Maximum number of redirects exceeded (10)"]
    assert r.session.requests == 11


def test_cross_origin_redirect_drops_credentials(run_guest, upstream):
    target = upstream.url("/echo", host="other.example.test")
    out = run_guest("""
        const r = await fetch(input.base + '/redirect-to?url=' + encodeURIComponent(input.target),
                              {headers: {authorization: 'Bearer secret', cookie: 'c=1', 'x-keep': 'k'}});
        const same = await fetch(input.base + '/redirect/1', {headers: {authorization: 'Bearer secret'}});
        return {cross: (await r.json()).headers, same: (await same.json()).headers};
    """, {"base": upstream.base, "target": target}).output
    assert "authorization" not in out["cross"] and "cookie" not in out["cross"]
    assert out["cross"]["x-keep"] == "k" and out["cross"]["host"] == f"other.example.test:{upstream.port}"
    assert out["same"]["authorization"] == "Bearer secret"


def test_body_used_twice_and_clone(run_guest, upstream):
    out = run_guest("""
        const r = await fetch(input.base + '/text');
        const c = r.clone();
        const a = await r.text();
        let err;
        try { await r.text(); } catch (e) { err = [e.name, e.message]; }
        return {a, b: await c.text(), err};
    """, {"base": upstream.base}).output
    assert out == {"a": "hello, world", "b": "hello, world",
                   "err": ["TypeError", "Body is unusable: Body has already been read"]}


def test_body_stream_reader_and_async_iteration(run_guest, upstream):
    out = run_guest("""
        const r = await fetch(input.base + '/bytes?n=1000');
        const reader = r.body.getReader();
        let n = 0;
        for (;;) { const {value, done} = await reader.read(); if (done) break; n += value.length; }
        const r2 = await fetch(input.base + '/text');
        let s = '';
        for await (const chunk of r2.body) s += Buffer.from(chunk).toString();
        return {n, s, used: r.bodyUsed};
    """, {"base": upstream.base}).output
    assert out == {"n": 1000, "s": "hello, world", "used": True}


def test_request_object_input(run_guest, upstream):
    out = run_guest("""
        const req = new Request(input.url, {method: 'PUT', body: 'from request', headers: {'x-r': '1'}});
        const j = await (await fetch(req)).json();
        return [req.method, req.url, j.method, j.body, j.headers['x-r']];
    """, {"url": upstream.url("/echo")}).output
    assert out == ["PUT", upstream.url("/echo"), "PUT", "from request", "1"]


def test_abort_signal_timeout_rejects_quickly(run_guest, upstream):
    r = run_guest("""
        const t0 = Date.now();
        try { await fetch(input.base + '/sleep?ms=3000', {signal: AbortSignal.timeout(200)}); return 'no error'; }
        catch (e) {
          await new Promise((resolve) => setTimeout(resolve, 50));   // let the host see the abort
          return {name: e.name, message: e.message, ms: Date.now() - t0};
        }
    """, {"base": upstream.base})
    out = r.output
    assert out["name"] == "TimeoutError"
    assert out["message"] == "The operation was aborted due to timeout"
    assert 150 <= out["ms"] < 1500
    assert r.result.wall_ms < 2000
    assert [e.kind for e in r.session.events] == ["aborted"]


def test_abort_controller(run_guest, upstream):
    out = run_guest("""
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 50);
        try { await fetch(input.base + '/sleep?ms=3000', {signal: ac.signal}); return 'no error'; }
        catch (e) {
          let pre;
          try { await fetch(input.base + '/text', {signal: AbortSignal.abort()}); } catch (e2) { pre = e2.name; }
          return [e.name, e.message, e instanceof DOMException, pre];
        }
    """, {"base": upstream.base}).output
    assert out == ["AbortError", "This operation was aborted", True, "AbortError"]


def test_invocation_time_left_bounds_each_request(run_guest, upstream):
    r = run_guest("""
        const t0 = Date.now();
        try { await fetch(input.base + '/sleep?ms=5000'); return 'no error'; }
        catch (e) { return {name: e.name, message: e.message, code: e.cause.code, cause: e.cause.message, ms: Date.now() - t0}; }
    """, {"base": upstream.base}, wall_ms=1500)
    out = r.output
    assert out["name"] == "TypeError" and out["message"] == "fetch failed" and out["code"] == "ETIMEDOUT"
    assert "the time the invocation had left" in out["cause"]
    assert 1000 <= out["ms"] < 1600


def test_connection_refused_and_unknown_host(run_guest):
    out = run_guest("""
        const out = [];
        for (const url of ['http://127.0.0.1:1/', 'http://no-such-host.test/']) {
          try { await fetch(url); } catch (e) { out.push([e.name, e.message, e.cause.code, e.cause.message]); }
        }
        return out;
    """).output
    assert out == [["TypeError", "fetch failed", "ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"],
                   ["TypeError", "fetch failed", "ENOTFOUND", "getaddrinfo ENOTFOUND no-such-host.test"]]


def test_invalid_input_rejects_like_node(run_guest):
    out = run_guest("""
        const out = [];
        const tries = [() => fetch('/relative'), () => fetch('http://u:p@example.test/'),
                       () => fetch('http://example.test/', {method: 'GET', body: 'x'}),
                       () => fetch('http://example.test/', {headers: {'bad name': 'x'}}),
                       () => fetch('http://example.test/', {method: 'CONNECT'})];
        for (const t of tries) { try { await t(); out.push('no error'); } catch (e) { out.push([e.name, e.message]); } }
        return out;
    """).output
    assert out == [
        ["TypeError", "Failed to parse URL from /relative"],
        ["TypeError", "Request cannot be constructed from a URL that includes credentials: http://u:p@example.test/"],
        ["TypeError", "Request with GET/HEAD method cannot have body."],
        ["TypeError", 'Headers.append: "bad name" is an invalid header name.'],
        ["TypeError", "'CONNECT' HTTP method is unsupported."],
    ]


def test_response_body_limit(run_guest, upstream):
    limits = EgressLimits(max_response_bytes=100_000)
    r = run_guest("""
        const out = [];
        for (const q of ['n=100000', 'n=100001', 'n=300000&chunked=1']) {
          try { const b = await (await fetch(input.base + '/bytes?' + q)).arrayBuffer(); out.push(b.byteLength); }
          catch (e) { out.push([e.message, e.cause.code]); }
        }
        try { await (await fetch(input.base + '/gzip?n=5000000')).text(); } catch (e) { out.push(e.cause.code); }
        return out;
    """, {"base": upstream.base}, limits=limits)
    out = r.output
    assert out[0] == 100_000
    assert out[1][1] == out[2][1] == "ERR_FNBOX_EGRESS_LIMIT"
    assert out[1][0].startswith("fetch failed: egress limit: the response from 127.0.0.1:")
    assert "is larger than 100000 bytes (the limit per response body)" in out[1][0]
    assert out[3] == "ERR_FNBOX_EGRESS_LIMIT"
    assert [e.kind for e in r.session.events].count("limit") == 3


def test_default_six_megabyte_limit(run_guest, upstream):
    six = 6 * 1024 * 1024
    out = run_guest("""
        const ok = await (await fetch(input.base + '/bytes?n=' + input.six)).arrayBuffer();
        try { await fetch(input.base + '/bytes?chunked=1&n=' + (input.six + 1)); return 'no error'; }
        catch (e) { return [ok.byteLength, e.cause.code, e.message]; }
    """, {"base": upstream.base, "six": six}).output
    assert out[0] == six and out[1] == "ERR_FNBOX_EGRESS_LIMIT"
    assert "larger than 6 MB" in out[2]


def test_at_most_fifty_requests(run_guest, upstream):
    r = run_guest("""
        let n = 0, error;
        for (let i = 0; i < 60; i++) {
          try { await (await fetch(input.base + '/text')).text(); n++; }
          catch (e) { error = [e.message, e.cause.code]; break; }
        }
        return {n, error};
    """, {"base": upstream.base})
    out = r.output
    assert out["n"] == 50
    assert out["error"][1] == "ERR_FNBOX_EGRESS_LIMIT"
    assert "at most 50 requests per invocation" in out["error"][0]
    assert any(line.level == "WARN" and "at most 50 requests" in line.text for line in r.session.log_lines())


def test_unhandled_denial_is_a_function_error_naming_the_rule(run_guest):
    r = run_guest("""
        await fetch('http://127.0.0.1/');
    """, allow=())
    assert isinstance(r.result.error, JavaScriptError)
    assert r.result.error.name == "TypeError"
    assert 'egress denied by rule "loopback"' in r.result.error.js_message


def test_denied_attempts_count_and_the_limit_is_logged_once(run_guest):
    r = run_guest("""
        const codes = new Set();
        for (let i = 0; i < 200; i++) {
          try { await fetch('file:///etc/passwd'); } catch (e) { codes.add(e.cause.code); }
        }
        return [...codes];
    """, allow=())
    assert r.output == ["ERR_FNBOX_EGRESS_DENIED", "ERR_FNBOX_EGRESS_LIMIT"]
    assert r.session.requests == 50
    assert [e.kind for e in r.session.events] == ["denied"] * 50 + ["limit"]
    assert len(r.session.log_lines()) == 51


def test_url_credentials_become_basic_auth_for_axios_and_request(run_guest, upstream):
    url = upstream.url("/echo").replace("http://", "http://us%40er:p%3Aw@")
    out = run_guest("""
        const axios = require('axios'), request = require('request');
        const a = (await axios.get(input.url)).data.headers.authorization;
        const b = await new Promise((r) => request({url: input.url, json: true}, (e, res, body) => r(body.headers.authorization)));
        const raw = await require('fnbox').call('fetch', {url: input.url});
        return [a, b, JSON.parse(raw.body).headers.authorization];
    """, {"url": url}).output
    expected = "Basic " + base64.b64encode(b"us@er:p:w").decode()
    assert out == [expected, expected, expected]


def test_invoke_sync_with_one_egress_across_event_loops(engine, upstream):
    """invoke_sync runs each invocation's waits in a fresh event loop; the
    pools follow the loop instead of reusing another loop's connections."""
    import time as _time

    from .conftest import function_source, make_egress

    unit = engine.compile({"/app/index.js": function_source("return (await fetch(input.url)).status;")},
                          entry="/app/index.js", snapshot=False)
    egress, connector = make_egress()
    statuses = [engine.invoke_sync(unit, {"url": upstream.url("/text")},
                                   capabilities=egress.prepare(_time.monotonic() + 10)).output for _ in range(3)]
    assert statuses == [200, 200, 200]
    assert len(connector.calls) == 3          # a new connection per loop


def test_a_session_on_demand_is_made_only_when_the_function_fetches(engine, upstream):
    import time as _time

    from runtime.egress.client import CAPABILITIES

    from .conftest import function_source, make_egress

    egress, connector = make_egress(allow=[])      # loopback upstream: denied, and logged
    fetching = engine.compile({"/app/index.js": function_source(
        "try { await fetch(input.url); } catch (e) { return e.name; }")}, entry="/app/index.js", snapshot=False)
    idle = engine.compile({"/app/index.js": function_source("return 1;")}, entry="/app/index.js", snapshot=False)
    lazy = egress.on_demand(_time.monotonic() + 10)
    assert engine.invoke_sync(idle, {}, capabilities=lazy).output == 1
    assert lazy.session is None and lazy.log_lines() == []
    assert tuple(lazy) == CAPABILITIES == tuple(egress.prepare(None))
    out = engine.invoke_sync(fetching, {"url": upstream.url("/text")}, capabilities=lazy).output
    assert out == "TypeError" and lazy.session is not None
    assert [line.level for line in lazy.log_lines()] == ["WARN"]
    assert connector.calls == []
