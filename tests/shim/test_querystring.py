"""node:querystring against Node 20."""


def test_parse(run_js, node_js):
    code = r"""
    const qs = require('querystring');
    const show = (o) => JSON.stringify(o) + '|' + Object.getPrototypeOf(o);
    const strs = ['', 'a', 'a=', '=a', '=', '&', '&&', 'a&&b', 'a=1&a=2&a=3', 'a=1=2', 'a+b=c+d', 'a%20b=%2B', '%',
      '%zz=%E0%A4%A', 'é=ü', '%C3%A9=%F0%9F%98%80', 'a[]=1&a[]=2', 'foo=bar&baz', 'a=%ff%fe', '__proto__=1&constructor=2',
      'toString=x&hasOwnProperty=y', 'a;b=c;d', 'a:b,c:d', 'x=€%', 'a=b&', '&a=b', 'a==b', 'k=v&k=&k', 'a=%41%2', 'a=1&b=2&c=3&d=4'];
    for (const s of strs) {
      console.log(show(qs.parse(s)), show(qs.parse(s, ';')), show(qs.parse(s, ',', ':')), show(qs.parse(s, '&&', '==')));
      console.log(show(qs.parse(s, null, null, { maxKeys: 2 })), show(qs.parse(s, null, null, { maxKeys: 0 })),
        show(qs.parse(s, null, null, { decodeURIComponent: (x) => x.toUpperCase() })), show(qs.decode(s)));
    }
    console.log(show(qs.parse(12)), show(qs.parse(null)));
    """
    assert run_js(code) == node_js(code)


def test_stringify(run_js, node_js):
    code = r"""
    const qs = require('querystring');
    const objs = [{}, { a: 1 }, { a: 'x y', b: ['1', '2'], c: [] }, { a: null, b: undefined, c: NaN, d: Infinity, e: true, f: 10n, g: {}, h: [null, 1, 'z', {}] },
      { 'é': 'ü€' }, { ' ': '+&=' }, { a: 1e21, b: -0, c: 1.5 }, { "!'()*~-._": "!'()*~-._" }, { a: [], b: 1 }, { a: [[1, 2]] }];
    for (const o of objs) {
      console.log(qs.stringify(o), '|', qs.stringify(o, ';', ':'), '|', qs.encode(o), '|',
        qs.stringify(o, null, null, { encodeURIComponent: (s) => '<' + s + '>' }));
    }
    console.log(JSON.stringify([qs.stringify('abc'), qs.stringify(null), qs.stringify(5)]));
    try { qs.stringify({ a: '\ud800' }); } catch (e) { console.log(e.name, e.code, e.message); }
    """
    assert run_js(code) == node_js(code)


def test_escape_unescape(run_js, node_js):
    code = r"""
    const qs = require('querystring');
    for (const s of ['a b', 'é€😀', "!'()*", '%', '%41%zz', '%E0%A4%A', 'a+b', '%C3%A9']) {
      console.log(JSON.stringify([qs.escape(s), qs.unescape(s), qs.unescape(s, true), qs.unescapeBuffer(s).toString('hex'), qs.unescapeBuffer(s, true).toString()]));
    }
    console.log(qs.escape(12), qs.escape({ toString() { return 'a b'; } }), qs.escape(true));
    const orig = qs.unescape;
    qs.unescape = (s) => 'U(' + s + ')';
    console.log(JSON.stringify(qs.parse('a=%41&b=c')));
    qs.unescape = orig;
    """
    assert run_js(code) == node_js(code)
