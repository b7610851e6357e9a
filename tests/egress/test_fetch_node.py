"""fetch's classes without the network, printed by fnbox and by Node 20."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from runtime.engine import Engine, NoResponseError

NODE = shutil.which("node")


def fnbox(engine: Engine, code: str) -> str:
    unit = engine.compile({"/app/index.js": "exports.main = async () => {\n" + code + "\n};\n"},
                          entry="/app/index.js", snapshot=False)
    result = engine.invoke_sync(unit, None)
    if result.error is not None and not isinstance(result.error, NoResponseError):
        raise AssertionError(f"guest failed: {result.error!r}\n{result.console_text()}")
    return "".join(line.text + "\n" for line in result.logs if line.level == "INFO")


def node(code: str) -> str:
    if NODE is None:
        pytest.fail("node is required for the conformance tests (Debian package nodejs)")
    script = "(async () => {\n" + code + "\n})().catch((e) => { console.error(e); process.exit(1); });"
    done = subprocess.run([NODE, "--no-warnings", "-e", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


PRELUDE = r"""
const show = (v) => console.log(JSON.stringify(v));
const t = (f) => { try { const r = f(); show(['ok', r]); } catch (e) { show([e.name, e.message]); } };
const at = async (f) => { try { show(['ok', await f()]); } catch (e) { show([e.name, e.message]); } };
"""

CASES = {
    "headers": r"""
        t(() => new Headers({'a b': '1'}));
        t(() => new Headers([['a']]));
        t(() => new Headers({'a': 'x\ny'}));
        t(() => new Headers(5));
        const h = new Headers({'B': '2', 'a': ' 1 ', 'set-cookie': 'x=1'});
        h.append('set-cookie', 'y=2'); h.append('b', '3'); h.append('Content-Type', 'text/plain');
        show([...h]); show([...h.keys()]); show([...h.values()]);
        show([h.get('B'), h.get('missing'), h.getSetCookie(), h.get('set-cookie'), h.has('A'), h.has('c')]);
        h.delete('b'); h.set('a', 'z'); show([...h.entries()]);
        const seen = []; h.forEach((v, k, o) => seen.push([k, v, o === h])); show(seen);
        show([String(h), Object.prototype.toString.call(h)]);
        show([...new Headers(new Headers([['x', '1'], ['x', '2']]))]);
        show([...new Headers(new Map([['m', 'v']]))]);
    """,
    "request": r"""
        t(() => new Request('/relative'));
        t(() => new Request('http://a/', {method: 'GET', body: 'x'}));
        t(() => new Request('http://a/', {method: 'HEAD', body: 'x'}));
        t(() => new Request('http://a/', {method: 'CONNECT'}));
        t(() => new Request('http://a/', {method: 'b@d'}));
        t(() => new Request('http://u:p@a/'));
        t(() => new Request('http://a/', {redirect: 'nope'}));
        const r = new Request('HTTP://Example.COM:80/a/../b?x=1#f', {method: 'post', body: 'hi', headers: {'X-A': '1'}});
        show([r.method, r.url, r.headers.get('content-type'), r.headers.get('x-a'), r.redirect, r.bodyUsed,
              r.signal.aborted, r.cache, r.credentials, r.mode, r.keepalive, Object.prototype.toString.call(r)]);
        const p = new Request('http://a/', {method: 'patch'}); show(p.method);
        const d = new Request('http://a/', {method: 'delete'}); show(d.method);
        const u = new Request('http://a/', {method: 'POST', body: new URLSearchParams({a: '1 2'})});
        show([u.headers.get('content-type'), await u.text(), u.bodyUsed]);
        const c = new Request(r, {method: 'PUT'}); show([c.method, c.url, c.headers.get('x-a'), await c.text()]);
        const cl = new Request('http://a/', {method: 'POST', body: 'z'}).clone(); show(await cl.text());
        const j = new Request('http://a/', {method: 'POST', body: '{"k":[1]}'}); show(await j.json());
        const b = new Request('http://a/', {method: 'POST', body: new Uint8Array([104, 105])});
        show([b.headers.get('content-type'), await b.text()]);
    """,
    "response": r"""
        const res = new Response('{"a":1}', {status: 201, statusText: 'Made', headers: {'x': 'y'}});
        show([res.status, res.ok, res.statusText, res.type, res.url, res.redirected, res.headers.get('content-type'), res.bodyUsed]);
        await at(() => res.json()); show(res.bodyUsed);
        await at(() => res.text());
        t(() => new Response('x', {status: 100}));
        t(() => new Response('x', {status: 600}));
        t(() => new Response('x', {status: 204}));
        t(() => new Response(null, {status: 204}).status);
        const j = Response.json({a: 1}, {status: 202}); show([j.status, j.headers.get('content-type'), await j.text()]);
        const e = Response.error(); show([e.type, e.status, e.ok, e.statusText]);
        const rd = Response.redirect('http://x/y', 301); show([rd.status, rd.headers.get('location')]);
        t(() => Response.redirect('http://x/', 200));
        const ab = await new Response('héllo').arrayBuffer(); show([Object.prototype.toString.call(ab), ab.byteLength]);
        const c = new Response('abc'); const c2 = c.clone(); show([await c.text(), await c2.text()]);
        show(await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x68])).text());
        show(await new Response(null).text());
        show(await new Response(new Uint8Array([0xff, 0x61])).text());
        show(await new Response(new URLSearchParams('a=1&b=2')).text());
        show(new Response(new URLSearchParams('a=1')).headers.get('content-type'));
        show([new Response('x').headers.get('content-type'), new Response(new Uint8Array(1)).headers.get('content-type')]);
        const used = new Response('x'); await used.text(); t(() => used.clone());
        await at(async () => { const r = new Response('not json'); return await r.json(); }).catch(() => {});
        show(Object.prototype.toString.call(new Response()));
        const s = new Response('stream me'); const reader = s.body.getReader(); const first = await reader.read();
        show([first.done, Buffer.from(first.value).toString(), (await reader.read()).done, s.bodyUsed]);
    """,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_node(engine: Engine, name: str):
    code = PRELUDE + CASES[name]
    ours, theirs = fnbox(engine, code), node(code)
    # JSON.parse messages differ between engines; compare everything else
    ours_lines = [l for l in ours.splitlines() if "SyntaxError" not in l]
    theirs_lines = [l for l in theirs.splitlines() if "SyntaxError" not in l]
    assert ours_lines == theirs_lines
