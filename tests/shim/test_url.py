"""WHATWG URL / URLSearchParams and the legacy url API, against Node 20."""

import json

import pytest

PROPS = "['href','origin','protocol','username','password','host','hostname','port','pathname','search','hash']"

# Inputs chosen from the URL Standard's tricky areas (many from the WPT suite).
URL_INPUTS = [
    "http://example\t.\norg", "http://user:pass@foo:21/bar;par?b#c", "https://test:@test", "https://:@test",
    "non-special://test:@test/x", "http:foo.com", "\t   :foo.com   \n", " foo.com  ", "a:\t foo.com",
    "http://f:21/ b ? d # e ", "lolscheme:x x#x x", "http://f:/c", "http://f:0/c", "http://f:00000000000000/c",
    "http://f:00000000000000000000080/c", "http://f:b/c", "http://f: /c", "http://f:\n/c", "http://f:999999/c",
    "non-special://f:999999/c", "", "  \t", ":foo.com/", ":foo.com\\", ":", ":a", ":/", ":\\", "#", "#/", "#\\",
    "#;?", "?", "/", ":23", "/:23", "\\x", "\\\\x\\hello", "::", "::23", "foo://", "http://a:b@c:29/d",
    "http::@c:29", "http://&a:foo(b]c@d:2/", "http://::@c@d:2", "http://foo.com:b@d/", "http://foo.com/\\@",
    "http:\\\\foo.com\\", "http:\\\\a\\b:c\\d@foo.com\\", "foo:/", "foo:/bar.com/", "foo://///////",
    "foo://///////bar.com/", "foo:////://///", "c:/foo", "//foo/bar", "http://foo/path;a??e#f#g",
    "http://foo/abcd?efgh?ijkl", "http://foo/abcd#foo?bar", "[61:24:74]:98", "http:[61:27]/:foo",
    "http://[1::2]:3:4", "http://2001::1", "http://[2001::1]", "http://[::127.0.0.1]",
    "http://[0:0:0:0:0:0:13.1.68.3]", "http://[2001::1]:80", "http://[1:0::]", "http://[0:1:2:3:4:5:6:7:8]",
    "https://[0::0::0]", "https://[0:.0]", "http://[::1.2.3.]", "http://[1:2:0:0:5:0:0:0]/",
    "http:/example.com/", "ftp:/example.com/", "madeupscheme:/example.com/", "file:/example.com/",
    "data:/example.com/", "javascript:/example.com/", "mailto:/example.com/", "http:example.com/",
    "/a/b/c", "/a/ /c", "/a%2fc", "/a/%2f/c", "#β", "data:text/html,test#test", "tel:1234567890",
    "file:c:\\foo\\bar.html", "  File:c|////foo\\bar.html", "file:..", "file:a", "file:.//p",
    "http://www.google.com/foo?bar=baz# »", "http://192.0x00A80001", "http://www/foo%2Ehtml",
    "http://www/foo/%2E/html", "http://user:pass@/", "http://%25DOMAIN:foobar@foodomain.com/", "http://foo:80/",
    "http://foo:81/", "https://foo:443/", "https://foo:80/", "ftp://foo:21/", "ws://foo:80/", "wss://foo:443/",
    "http://@www.example.com", "http:a:b@www.example.com", "http://@pple.com", "http::b@www.example.com",
    "http://user@/www.example.com", "http://www.@pple.com", "http:@:www.example.com", "http://:@www.example.com",
    "test.txt", "./test.txt", "../test.txt", "../aaa/test.txt", "../../test.txt", "中/test.txt",
    "http://ExAmPlE.CoM", "http://example example.com", "http://Goo%20 goo%7C|.com", "http://[]", "http://[:]",
    "http://GOO\u00a0\u3000goo.com", "http://www.foo。bar.com", "http://％４１.com", "http://%zz%66%a.com", "http://%25",
    "http://hello%00", "http://192.168.0.257", "http://%3g%78%63%30%2e%30%32%35%30%2E.06", "http://192.168.0.1 hello",
    "http://０Ｘｃ０．０２５０．０１", "http://./", "http://../", "h://.", "http://[www.google.com]/", "http://host/?'",
    "notspecial://host/?'", "about:/../", "data:/../", "sc://ñ.test/", "sc://%/", "sc://@/", "sc://te@s:t@/",
    "sc://:/", "sc://:12/", "sc:\\../", "sc::a@example.net", "sc://\u0000/", "sc:// /", "sc://[/", "sc://\\/",
    "http://!\"$&'()*+,-.;=_`{}~/", "ftp://example.com%80/", "https://example.com%A0/", "https://%e2%98%83",
    "h\tt\nt\rp://h\to\ns\rt:9\t0\n0\r0/p\ta\nt\rh?q\tu\ne\rry#f\tr\na\rg", "??a=b&c=d", "http:", "sc:",
    "file:///C|/a", "file:///C:/../b", "file://localhost//a//../..//foo", "file://localhost////foo", "file:////foo",
    "file:/.//p", "http://f:4294967377/c", "sc://ñ?x", "////x/", "redis://foo:bar@somehost:6379/0?baz=bam&qux=baz",
    "git+https://github.com/foo/bar", "urn:ietf:rfc:2648", "non-spec:/.//", "non-spec:/a/..//path", "/..//path",
    "a/..//path", "non-special://%E2%80%A0/", "non-special://H%4fSt/path", "non-special://[1:2:0:0:0:0:0:3]/",
    "blob:https://example.com:443/", "blob:d3958f5c-0777-0845-9dcf-2cb28783acaf", "blob:ftp://host/path",
    "http://0x7f.0.0.0x7g", "http://0x7F.0.0.0x7F", "http://[::%31]", "http://foo.09", "http://foo.0x4",
    "http://0999999999999999999/", "http://foo.0XFfFfFfFfFfFfFfFfFfAcE123", "http://💩.123/", "https://\u0000y",
    "https://x/\u0000y", "non-special:x/\u0000y", "https://\ufffd", "https://x/\ufffd?\ufffd#\ufffd",
    "http://1.2.3.4.5", "http://0..0x300/", "http://256.256.256.256.256", "http://1.2.3.08", "http://09.2.3.4",
    "http://0x100.2.3.4", "http://foo.2.3.4", "http://0x.0x.0", "http://0xffffffff1", "http://4294967296",
    "http://4294967295", "file://example.net/C:/", "file://[1::8]/C:/", "C|/", "/C|\\foo\\bar", "file:?q=v",
    "file:#frag", "file:///Y:", "\\\\\\.\\Y:", "http://example.com/foo/%2e", "http://example.com/foo/%2e./%2e%2e/.%2e/%2e.bar",
    "http://example.com////../..", "http://example.com/foo/bar//..", "http://example.com/foo%2©zbar",
    "http://example.com/foo\t\u0091%91", "http://example.com/(%28:%3A%29)", "http://example.com/%7Ffp3>*<>",
    "http://example.com/你好你好", "http://example.com/\u202e/foo/\u202d/bar", "https://faß.ExAmPlE/",
    "sc://faß.ExAmPlE/", "http://a.b.c.xn--pokxncvks", "http://München.de", "http://xn--mnchen-3ya.de",
    "http://☃.net/", "http://xn--a.com", "http://a\ud800b/", "http://x/\ud800?\udc00#\ud83d",
]
BASES = [None, "http://example.org/foo/bar", "file:///C:/a/b", "sc://x/y/z", "about:blank", "http://a/b/c/d;p?q"]


@pytest.mark.parametrize("base", BASES)
def test_url_parsing(run_js, node_js, base):
    code = f"""
    const inputs = {json.dumps(URL_INPUTS)};
    const base = {json.dumps(base)};
    for (const s of inputs) {{
      try {{
        const u = base === null ? new URL(s) : new URL(s, base);
        console.log(JSON.stringify({PROPS}.map((p) => u[p]).concat([[...u.searchParams]])));
      }} catch (e) {{ console.log('fail', e.name, e.code, e.message); }}
    }}
    """
    assert run_js(code) == node_js(code)


def test_url_setters(run_js, node_js):
    code = r"""
    const cases = [['protocol', ['https', 'ftp:', 'file', 'foo', 'HTTP', 'a b', '', 'ws:x']],
      ['username', ['me', 'a@b:c', '', ' x', 'é']], ['password', ['pw', 'a@b:c', '']],
      ['host', ['example.com:8080', 'a b', '[::1]:1', 'x:', 'ok.com:65536', 'EX.com/path', 'h:21', '']],
      ['hostname', ['new.host', 'h:1', '', 'a/b', 'Ü.com']], ['port', ['8080', '80', '', 'abc', '12abc', '99999', '443', 21]],
      ['pathname', ['/a/b/../c', 'x y', '', '?#', '%2e%2E/q', '\\a\\b']], ['search', ['a=b', '?c=d', '', '#x', 'a b', '?']],
      ['hash', ['x', '#y', '', ' z', '#']], ['href', ['http://new/', 'bad']]];
    const bases = ['http://u:p@host.com:8080/path/x?q=1#h', 'file:///tmp/x', 'sc://h/p', 'mailto:x@y', 'https://h/', 'ftp://h:21/'];
    for (const b of bases) for (const [prop, vals] of cases) for (const v of vals) {
      const u = new URL(b);
      try { u[prop] = v; } catch (e) { console.log('throws', e.code); continue; }
      console.log(JSON.stringify(['href', 'host', 'port', 'pathname', 'search', 'hash', 'username', 'password'].map((p) => u[p])));
    }
    """
    assert run_js(code) == node_js(code)


def test_url_api(run_js, node_js):
    code = r"""
    const { URL: U2, URLSearchParams: S2 } = require('url');
    console.log(U2 === URL, S2 === URLSearchParams);
    const u = new URL('https://user:pa ss@EXAMPLE.com:443/a/./b/../c?x=1&y=2#frag');
    console.log(u.href, u.origin, String(u), JSON.stringify({ u }), u.toJSON());
    console.log(URL.canParse('http://x'), URL.canParse('nope'), URL.canParse('/x', 'http://h'), URL.canParse('/x', 'nope'));
    for (const args of [['nope'], ['/x', 'bad base'], []]) {
      try { new URL(...args); } catch (e) { console.log(e.name, e.code, e.message, e.input, e.base, e instanceof TypeError); }
    }
    console.log(new URL({ toString() { return 'http://obj/'; } }).href, new URL('/p', new URL('http://b/q')).href);
    console.log(JSON.stringify(Object.keys(URL.prototype)), Object.prototype.toString.call(u));
    const sp = u.searchParams;
    console.log(sp === u.searchParams, sp.get('x'));
    sp.append('z', 'a b&c');
    console.log(u.href);
    u.search = '?q=9';
    console.log(sp.get('q'), sp.has('x'), [...sp].length);
    sp.delete('q');
    console.log(u.href, JSON.stringify(u.search));
    u.hash = '';
    u.searchParams.set('é', '✓');
    console.log(u.href);
    const o = new URL('sc:opaque path?a=b');
    o.searchParams.sort();
    console.log(o.href, o.pathname);
    """
    assert run_js(code) == node_js(code)


def test_url_search_params(run_js, node_js):
    code = r"""
    const inits = ['a=1&b=2&a=3', '?x=y', '??x', 'a+b=c%20d&e=%zz&=f&g', '', 'é=€&%F0%9F%98%80=1', [['a', '1'], ['b', 2]],
      { a: 1, b: 'x y', c: null }, new Map([['m', 'n']]), 'a=1&&b', '=&=', '%', 'a=%E0%A4%A', new URLSearchParams('c=p'),
      "sp ace=+plus&star=*&tilde=~&q='", 'x=%00%ff'];
    for (const i of inits) {
      const s = new URLSearchParams(i);
      console.log(JSON.stringify([s.toString(), [...s], s.size, s.get('a'), s.getAll('a'), s.has('a'), s.get('zz'), [...s.keys()], [...s.values()], [...s.entries()]]));
    }
    const s = new URLSearchParams('b=1&a=2&b=3&c=4&a=0&B=5&ä=6&Z=7');
    s.sort(); console.log(s.toString());
    s.set('b', 'x'); s.append('z', 'é &='); s.delete('c'); s.delete('a', '2');
    console.log(s.toString(), s.has('a', '0'), s.has('a', '2'), s.size);
    const out = [];
    new URLSearchParams('a=1&b=2').forEach(function (v, k, p) { out.push([v, k, this.x, p.size]); }, { x: 9 });
    console.log(JSON.stringify(out));
    const live = new URLSearchParams('a=1&b=2&c=3'); const seen = [];
    for (const [k] of live) { seen.push(k); if (k === 'a') live.delete('a'); }
    console.log(seen.join(), Object.prototype.toString.call(live.entries()), Object.prototype.toString.call(live));
    for (const bad of [() => new URLSearchParams([['a']]), () => new URLSearchParams([1]), () => live.append('a'), () => live.get(), () => live.forEach(1)]) {
      try { bad(); console.log('no throw'); } catch (e) { console.log(e.name, e.code, e.message); }
    }
    """
    assert run_js(code) == node_js(code)


def test_legacy_parse_format(run_js, node_js):
    code = r"""
    const url = require('url');
    const inputs = ['http://user:pw@Host.com:8080/p/a/t/h?query=string#hash', 'http://Host.com/a b?x=1&x=2', '/a/b?c=d',
      '//host/path', 'host.com/path', 'mailto:me@x.com', 'javascript:alert(1)', 'file:///etc/passwd', 'http://[::1]:3000/x',
      'HTTP://EXAMPLE.COM', 'http://a.com?x', 'http://a.com#h', 'https://user@a.com', '  http://a.com/x  ',
      'http://a.com\\b\\c?d\\e', 'http://x.com/<>"`{}|^\'', 'http://ex ample.com/', 'http://a_b.com/', 'http://münchen.de/',
      'sc://h/p?q#f', '?q=1', '#frag', '', 'http://a@b@c/', 'http://user:p%40ss@h/', 'redis://:pass@localhost:6379/0',
      'postgres://u:p@db:5432/name?ssl=true', 'a/b/c', 'http://a.com/?q=a+b%20c', 'http://x.com:99999/'];
    for (const s of inputs) {
      const p = url.parse(s);
      console.log(JSON.stringify(p), p instanceof url.Url, url.format(s) === url.format(p));
      const q = url.parse(s, true);
      console.log(JSON.stringify(q.query), Object.getPrototypeOf(q.query), JSON.stringify(url.parse(s, false, true)));
    }
    const objs = [{ protocol: 'http', host: 'a.com', pathname: '/x', search: '?a=1' },
      { protocol: 'https:', hostname: 'b.com', port: 8080, pathname: 'x', query: { a: 1, b: [2, 3] } },
      { protocol: 'mailto', pathname: 'me@x' }, { host: 'x', hash: 'h' }, { protocol: 'file', pathname: '/etc' },
      { protocol: 'http', auth: 'u:p@x', hostname: 'h' }, { hostname: '::1', protocol: 'http' },
      { pathname: '/a?b#c', search: 'q#x' }, { slashes: true, host: 'h', pathname: 'p' }, {}];
    for (const o of objs) console.log(url.format(o));
    const w = new URL('http://u:p@münchen.de/a?b#c');
    console.log(url.format(w), url.format(w, { fragment: false, unicode: true, auth: false, search: false }));
    try { url.parse(5); } catch (e) { console.log(e.code, e.message); }
    try { url.format(5); } catch (e) { console.log(e.code, e.message); }
    """
    assert run_js(code) == node_js(code)


def test_legacy_resolve(run_js, node_js):
    code = r"""
    const url = require('url');
    const pairs = [['/one/two/three', 'four'], ['http://example.com/', '/one'], ['http://example.com/one', '/two'],
      ['http://example.com/a/b', '../c'], ['http://example.com/a/b/', './c'], ['http://a.com/b', '//other.com/x'],
      ['http://a.com/b', 'https://c.com/d'], ['http://a.com/b?q=1', '?z=2'], ['http://a.com/b?q=1', '#h'],
      ['http://a.com/b?q=1', ''], ['http://a.com', 'b'], ['a/b', '../c'], ['a/b', '../../c'], ['/a/b', '../../../c'],
      ['http://a.com/a/b', '../../../c'], ['mailto:a@b', 'c'], ['http://a.com/b/c', 'mailto:x@y'], ['http://a.com/b/', '.'],
      ['http://a.com/b/c', '..'], ['http://u:p@a.com:81/b', 'c'], ['http://a.com/b', 'http:c'], ['http://a.com/x/y', 'https:/z'],
      ['file:///a/b', 'c'], ['', 'a'], ['http://a.com/x', '/y/../z'], ['http://a.com/x', 'y/./z/'], ['http://a.com/b', 'c?d#e']];
    for (const [a, b] of pairs) console.log(JSON.stringify([a, b, url.resolve(a, b)]));
    """
    assert run_js(code) == node_js(code)


def test_file_urls_and_domains(run_js, node_js):
    code = r"""
    const url = require('url');
    for (const p of ['file:///a/b%20c', 'file:///a%2fb', 'file://host/a', 'http://x/a', 'file:///%E2%82%AC', 'file:///a/b/', 5]) {
      try { console.log(url.fileURLToPath(p)); } catch (e) { console.log(e.name, e.code, e.message); }
    }
    console.log(url.fileURLToPath(new URL('file:///x/y%23z')));
    for (const p of ['/a b#?%\\\n', '/', '/é/€', '/a/./b/../c', '/x?y#z', '/tab\tcr\r', '/dir/']) console.log(url.pathToFileURL(p).href);
    for (const d of ['EXAMPLE.com', 'münchen.de', 'xn--iñvalid.com', 'a b', '', 'ＥＸＡＭＰＬＥ.com', '1.2.3', '[::1]', '%41.com', '☃.net']) {
      console.log(JSON.stringify([url.domainToASCII(d), url.domainToUnicode(d)]));
    }
    console.log(JSON.stringify(url.urlToHttpOptions(new URL('https://u:p%20x@[::1]:99/a?b#c'))));
    """
    assert run_js(code) == node_js(code)


def test_path_to_file_url_relative(run_js):
    # cwd is /app in fnbox
    code = "const url = require('url'); console.log(url.pathToFileURL('rel/x/').href, url.pathToFileURL('.').href);"
    assert run_js(code) == "file:///app/rel/x/ file:///app\n"


def test_url_fuzz_against_node(run_js, node_js):
    # Deterministic pseudo-random inputs built from tricky pieces.
    code = r"""
    const pieces = ['http:', 'https:', 'file:', 'sc:', 'ws:', '//', '/', '\\', '@', ':', '?', '#', '.', '..', '%2e', '%', '%41',
      '[', ']', '::1', '1.2.3.4', '0x10', 'a', 'B', 'é', '😀', ' ', '\t', '=', '&', '+', 'C:', 'c|', 'localhost', '80',
      '443', "'", '"', '<', '`', '{', '^', '|', 'xn--', 'ß', 'Ａ', '\u00a0', '~', ';', '$'];
    let seed = 4242;
    const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const bases = [undefined, 'http://h/a/b?c#d', 'file:///x/y', 'sc://u@h:1/p'];
    const lines = [];
    for (let i = 0; i < 3000; i++) {
      let s = ''; const k = 1 + rnd(10);
      for (let j = 0; j < k; j++) s += pieces[rnd(pieces.length)];
      const b = bases[rnd(bases.length)];
      try { lines.push(new URL(s, b).href); } catch (e) { lines.push('fail'); }
    }
    console.log(lines.join('\n'));
    """
    assert run_js(code) == node_js(code)


def test_inspect_output(run_js, node_js):
    # console.log of URL objects (uses util.inspect's custom-inspect hook).
    code = r"""
    console.log(new URL('https://user:pw@example.com:8080/a?b=1&c=2#h'));
    console.log(new URLSearchParams('a=1&b=2'), new URLSearchParams());
    console.log(new URLSearchParams('a=1&bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=2222222222222222222222222222222&cccccccccccccccccccccccc=3'));
    console.log(new URLSearchParams('a=1&b=2').keys(), new URLSearchParams('a=1&b=2').entries());
    console.log({ nested: { deeper: { u: new URL('http://x') } } });
    """
    assert run_js(code) == node_js(code)
