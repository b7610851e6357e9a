"""The preinstalled request package (callback API) against a real upstream on
loopback; expected values were taken from request 2.88.2 under Node 20."""

from __future__ import annotations


def call(expr: str) -> str:
    """Body that runs one request(...) call and returns [err, statusCode, body, headers]."""
    return """
        const request = require('request');
        return await new Promise((resolve) => {
          (%s)((err, res, body) => resolve({
            err: err ? {message: err.message, code: err.code} : null,
            status: res ? res.statusCode : null,
            body: Buffer.isBuffer(body) ? {buffer: [...body]} : body,
            headers: res ? res.headers : null}));
        });
    """ % expr


def test_hubspot_example_json_true(run_guest, upstream):
    out = run_guest(call("(cb) => request({url: input.url, json: true}, cb)"), {"url": upstream.url("/echo")})
    o = out.output
    assert o["err"] is None and o["status"] == 200
    assert isinstance(o["body"], dict) and o["body"]["method"] == "GET"
    assert o["body"]["headers"]["accept"] == "application/json"
    assert "user-agent" not in o["body"]["headers"]
    assert o["headers"]["content-type"] == "application/json"


def test_qs_like_request_does(run_guest, upstream):
    o = run_guest(call("(cb) => request({url: input.url, json: true, qs: {a: [1, 2], b: {c: 'x y'}, d: null, n: \"it's\"}}, cb)"),
                  {"url": upstream.url("/echo")}).output
    assert o["body"]["query"] == "a%5B0%5D=1&a%5B1%5D=2&b%5Bc%5D=x%20y&d=&n=it%27s"


def test_post_form_and_string_body(run_guest, upstream):
    o = run_guest(call("(cb) => request.post({url: input.url, form: {a: 'x y', b: ['1', '2'], c: \"it's\"}}, cb)"),
                  {"url": upstream.url("/echo")}).output
    import json
    body = json.loads(o["body"])          # no json option: the body stays a string
    assert body["body"] == "a=x%20y&b%5B0%5D=1&b%5B1%5D=2&c=it%27s"
    assert body["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert body["method"] == "POST"


def test_post_json_body_and_put_patch_delete(run_guest, upstream):
    out = run_guest("""
        const request = require('request');
        const go = (fn, opts) => new Promise((resolve) => fn(opts, (err, res, body) => resolve([err && err.message, res.statusCode, body])));
        return {
          post: await go(request.post, {url: input.url, json: {a: 1}}),
          put: await go(request.put, {url: input.url, body: 'text body'}),
          patch: await go(request.patch, {uri: input.url, json: true, body: {p: true}}),
          del: await go(request.del, {url: input.url, json: true}),
          viaMethod: await go(request, {url: input.url, method: 'DELETE', json: true}),
        };
    """, {"url": upstream.url("/echo")}).output
    assert out["post"][2]["json"] == {"a": 1} and out["post"][2]["headers"]["content-type"] == "application/json"
    import json
    assert json.loads(out["put"][2])["body"] == "text body" and json.loads(out["put"][2])["method"] == "PUT"
    assert out["patch"][2]["method"] == "PATCH" and out["patch"][2]["json"] == {"p": True}
    assert out["del"][2]["method"] == "DELETE" and out["viaMethod"][2]["method"] == "DELETE"


def test_uri_string_forms_and_get(run_guest, upstream):
    out = run_guest("""
        const request = require('request');
        const a = await new Promise((r) => request(input.url, (e, res, body) => r([res.statusCode, body])));
        const b = await new Promise((r) => request.get(input.base + '/echo', {json: true}, (e, res, body) => r(body.method)));
        const c = await new Promise((r) => request({uri: '/echo', baseUrl: input.base, json: true}, (e, res, body) => r(body.path)));
        return [a, b, c];
    """, {"url": upstream.url("/text"), "base": upstream.base}).output
    assert out == [[200, "hello, world"], "GET", "/echo"]


def test_status_codes_are_not_errors(run_guest, upstream):
    o = run_guest(call("(cb) => request({url: input.url, json: true}, cb)"), {"url": upstream.url("/status/404")}).output
    assert o["err"] is None and o["status"] == 404 and o["body"] == {"error": "status 404", "code": 404}


def test_redirects_get_followed_post_not(run_guest, upstream):
    out = run_guest("""
        const request = require('request');
        const get = await new Promise((r) => request({url: input.base + '/redirect/2', json: true},
                                                     (e, res, body) => r([res.statusCode, body.path, res.request.uri.href])));
        const post = await new Promise((r) => request.post(input.base + '/redirect/1', (e, res, body) => r([res.statusCode, body])));
        const all = await new Promise((r) => request.post({url: input.base + '/redirect/1', followAllRedirects: true, json: true},
                                                          (e, res, body) => r([res.statusCode, body.method])));
        const none = await new Promise((r) => request({url: input.base + '/redirect/1', followRedirect: false},
                                                      (e, res, body) => r([res.statusCode, res.headers.location])));
        return {get, post, all, none};
    """, {"base": upstream.base}).output
    assert out["get"] == [200, "/echo", upstream.url("/echo?redirected=1")]
    assert out["post"] == [302, ""]
    assert out["all"] == [200, "GET"]
    assert out["none"] == [302, "/echo?redirected=1"]


def test_encoding_null_gives_buffer_and_headers(run_guest, upstream):
    o = run_guest(call("(cb) => request({url: input.base + '/bytes?n=5', encoding: null}, cb)"),
                  {"base": upstream.base}).output
    assert o["body"] == {"buffer": [0, 1, 2, 3, 4]}
    c = run_guest(call("(cb) => request(input.base + '/cookies', cb)"), {"base": upstream.base}).output
    assert c["headers"]["set-cookie"] == ["a=1; Path=/", "b=2; Path=/"] and c["headers"]["x-multi"] == "one, two"


def test_auth_and_defaults(run_guest, upstream):
    out = run_guest("""
        const request = require('request');
        const api = request.defaults({headers: {'x-default': 'd'}, json: true});
        const a = await new Promise((r) => api.get({url: input.url, auth: {user: 'u', pass: 'p'}}, (e, res, body) => r(body.headers)));
        const b = await new Promise((r) => request({url: input.url, json: true, auth: {bearer: 'tok'}}, (e, res, body) => r(body.headers)));
        return [a['x-default'], a.authorization, b.authorization];
    """, {"url": upstream.url("/echo")}).output
    assert out == ["d", "Basic dTpw", "Bearer tok"]


def test_errors_reach_the_callback(run_guest, upstream):
    out = run_guest("""
        const request = require('request');
        const go = (opts) => new Promise((r) => request(opts, (err, res, body) => r([err && err.message, err && err.code, res, body])));
        return {
          refused: await go('http://127.0.0.1:1/'),
          timeout: await go({url: input.base + '/sleep?ms=3000', timeout: 200}),
          invalid: await go('not a url'),
        };
    """, {"base": upstream.base}).output
    assert out["refused"][:2] == ["connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"]
    assert out["refused"][2:] == [None, None]
    assert out["timeout"][:2] == ["ETIMEDOUT", "ETIMEDOUT"]
    assert out["invalid"][0] == 'Invalid URI "not a url"'


def test_events_and_abort(run_guest, upstream):
    out = run_guest("""
        const request = require('request');
        const events = [];
        await new Promise((resolve) => {
          request(input.base + '/text')
            .on('response', (res) => events.push(['response', res.statusCode]))
            .on('data', (chunk) => events.push(['data', chunk.toString()]))
            .on('end', () => events.push(['end']))
            .on('complete', (res, body) => { events.push(['complete', body]); resolve(); });
        });
        let called = false;
        const r = request(input.base + '/sleep?ms=3000', () => { called = true; });
        setTimeout(() => r.abort(), 30);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return {events, called};
    """, {"base": upstream.base}).output
    assert out["events"] == [["response", 200], ["data", "hello, world"], ["end"], ["complete", "hello, world"]]
    assert out["called"] is False


def test_form_data_multipart(run_guest, upstream):
    o = run_guest(call("(cb) => request.post({url: input.url, json: true, formData: {a: 'b', file: {value: Buffer.from('xyz'), options: {filename: 'f.txt'}}}}, cb)"),
                  {"url": upstream.url("/echo")}).output
    body = o["body"]
    assert body["headers"]["content-type"].startswith("multipart/form-data; boundary=")
    assert 'name="a"\r\n\r\nb\r\n' in body["body"] and 'filename="f.txt"' in body["body"] and "xyz" in body["body"]
