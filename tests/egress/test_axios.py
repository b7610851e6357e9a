"""The preinstalled axios against a real upstream on loopback: the code of
HubSpot's examples unchanged, errors, interceptors, instances."""

from __future__ import annotations


def test_hubspot_example_get_with_params(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const response = await axios.get(input.url, {params: {q: 'a b', limit: 10, ids: [1, 2], nested: {k: 'v'},
                                                             skip: null, gone: undefined, when: new Date(0),
                                                             odd: 'a:b$c,d[e]!'}});
        return {status: response.status, statusText: response.statusText, data: response.data,
                ct: response.headers['content-type'], getter: response.headers.get('Content-Type'),
                isAxiosHeaders: response.headers instanceof axios.AxiosHeaders,
                method: response.config.method, url: response.config.url};
    """, {"url": upstream.url("/echo")}).output
    data = out["data"]
    assert out["status"] == 200 and out["method"] == "get" and out["url"] == upstream.url("/echo")
    assert out["ct"] == "application/json" and out["getter"] == "application/json" and out["isAxiosHeaders"]
    # the query string exactly as axios 1.x builds it
    assert data["query"] == ("q=a+b&limit=10&ids%5B%5D=1&ids%5B%5D=2&nested%5Bk%5D=v&when=1970-01-01T00:00:00.000Z"
                             "&odd=a:b$c,d%5Be%5D!")
    assert data["args"]["ids[]"] == ["1", "2"]
    h = data["headers"]
    assert h["accept"] == "application/json, text/plain, */*"
    assert h["user-agent"].startswith("axios/")
    assert h["accept-encoding"] == "gzip, deflate"       # what the host can decode
    assert "content-type" not in h


def test_hubspot_example_post_with_headers(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const body = {properties: {email: 'a@example.com', firstname: 'Ann'}};
        const r = await axios.post(input.url, body, {headers: {Authorization: 'Bearer ' + input.token,
                                                               'Content-Type': 'application/json'}});
        return r.data;
    """, {"url": upstream.url("/echo"), "token": "pat-123"}).output
    assert out["method"] == "POST"
    assert out["json"] == {"properties": {"email": "a@example.com", "firstname": "Ann"}}
    assert out["headers"]["authorization"] == "Bearer pat-123"
    assert out["headers"]["content-type"] == "application/json"


def test_methods_and_data_forms(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const u = input.url;
        const out = {};
        out.put = (await axios.put(u, {a: 1})).data;
        out.patch = (await axios.patch(u, 'raw=1')).data;
        out.del = (await axios.delete(u, {data: {why: 'x'}})).data;
        out.req = (await axios.request({url: u, method: 'POST', data: new URLSearchParams({x: 'y z'})})).data;
        out.call = (await axios({url: u, method: 'post', data: Buffer.from([1, 2, 3])})).data;
        out.urlenc = (await axios.post(u, {a: 1, b: [1, 2]}, {headers: {'content-type': 'application/x-www-form-urlencoded'}})).data;
        out.none = (await axios.post(u)).data;
        out.head = (await axios.head(u)).status;
        return out;
    """, {"url": upstream.url("/echo")}).output
    assert (out["put"]["method"], out["put"]["json"], out["put"]["headers"]["content-type"]) == \
        ("PUT", {"a": 1}, "application/json")
    assert (out["patch"]["method"], out["patch"]["body"], out["patch"]["headers"]["content-type"]) == \
        ("PATCH", "raw=1", "application/x-www-form-urlencoded")
    assert (out["del"]["method"], out["del"]["json"]) == ("DELETE", {"why": "x"})
    assert (out["req"]["body"], out["req"]["headers"]["content-type"]) == \
        ("x=y+z", "application/x-www-form-urlencoded;charset=utf-8")
    assert out["call"]["bodyBase64"] == "AQID"
    assert out["urlenc"]["body"] == "a=1&b%5B%5D=1&b%5B%5D=2"
    assert (out["none"]["headers"]["content-type"], out["none"]["headers"]["content-length"]) == \
        ("application/x-www-form-urlencoded", "0")
    assert out["head"] == 200


def test_4xx_and_5xx_are_axios_errors_with_response(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const out = [];
        for (const code of [400, 404, 500, 503]) {
          try { await axios.get(input.base + '/status/' + code); out.push('no error'); }
          catch (e) {
            out.push({name: e.name, message: e.message, code: e.code, status: e.status, isAxios: axios.isAxiosError(e),
                      isErr: e instanceof Error, resStatus: e.response.status, data: e.response.data,
                      hasConfig: typeof e.config === 'object', json: e.toJSON().message});
          }
        }
        return out;
    """, {"base": upstream.base}).output
    for code, err in zip([400, 404, 500, 503], out):
        assert err == {"name": "AxiosError", "message": f"Request failed with status code {code}",
                       "code": "ERR_BAD_REQUEST" if code < 500 else "ERR_BAD_RESPONSE", "status": code,
                       "isAxios": True, "isErr": True, "resStatus": code,
                       "data": {"error": f"status {code}", "code": code}, "hasConfig": True,
                       "json": f"Request failed with status code {code}"}


def test_validate_status(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const a = await axios.get(input.base + '/status/404', {validateStatus: (s) => s < 500});
        const b = await axios.get(input.base + '/status/500', {validateStatus: null});
        let c;
        try { await axios.get(input.base + '/text', {validateStatus: (s) => s === 201}); } catch (e) { c = e.message; }
        return [a.status, a.data.code, b.status, c];
    """, {"base": upstream.base}).output
    assert out == [404, 404, 500, "Request failed with status code 200"]


def test_create_with_base_url_headers_and_interceptors(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const api = axios.create({baseURL: input.base + '/echo/', headers: {'X-Api-Key': 'k1'}, params: {v: 2}});
        api.defaults.headers.common['X-Common'] = 'c';
        const order = [];
        api.interceptors.request.use((config) => { order.push('first'); config.headers['X-First'] = '1'; return config; });
        const id = api.interceptors.request.use((config) => { order.push('second'); config.headers.Authorization = 'Bearer t'; return config; });
        const gone = api.interceptors.request.use((config) => { config.headers['X-Gone'] = 'no'; return config; });
        api.interceptors.request.eject(gone);
        api.interceptors.response.use((response) => { response.data.seen = true; return response; });
        const r = await api.get('/items', {params: {page: 3}});
        const plain = await axios.get(input.base + '/echo');
        return {path: r.data.path, query: r.data.query, h: r.data.headers, seen: r.data.seen, order,
                plainHasKey: 'x-api-key' in plain.data.headers, uri: api.getUri({url: 'x', params: {a: 1}})};
    """, {"base": upstream.base}).output
    assert out["path"] == "/echo/items" and out["query"] == "v=2&page=3"
    assert out["h"]["x-api-key"] == "k1" and out["h"]["x-common"] == "c"
    assert out["h"]["x-first"] == "1" and out["h"]["authorization"] == "Bearer t" and "x-gone" not in out["h"]
    assert out["seen"] is True
    assert out["order"] == ["second", "first"]          # axios runs request interceptors last-in first
    assert out["plainHasKey"] is False
    assert out["uri"] == upstream.base + "/echo/x?v=2&a=1"


def test_response_interceptor_error_path_and_retry(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const api = axios.create();
        let tries = 0;
        api.interceptors.response.use(undefined, async (error) => {
          if (error.response && error.response.status === 503 && tries++ < 1) {
            return api.get(input.base + '/text');
          }
          throw error;
        });
        const r = await api.get(input.base + '/status/503');
        return [r.status, r.data, tries];
    """, {"base": upstream.base}).output
    assert out == [200, "hello, world", 1]


def test_response_types_and_headers(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const text = await axios.get(input.base + '/text');
        const buf = await axios.get(input.base + '/bytes?n=10', {responseType: 'arraybuffer'});
        const str = await axios.get(input.base + '/echo', {responseType: 'text'});
        const notJson = await axios.get(input.base + '/not-json');
        const cookies = await axios.get(input.base + '/cookies');
        const gz = await axios.get(input.base + '/gzip?n=10');
        const bom = await axios.get(input.base + '/bom');
        return {text: text.data, custom: text.headers['x-custom'], isBuf: Buffer.isBuffer(buf.data), bytes: [...buf.data],
                strType: typeof str.data, notJson: notJson.data, setCookie: cookies.headers['set-cookie'],
                multi: cookies.headers['x-multi'], gz: [gz.data, gz.headers['content-encoding'] || null], bom: bom.data};
    """, {"base": upstream.base}).output
    assert out["text"] == "hello, world" and out["custom"] == "1"
    assert out["isBuf"] and out["bytes"] == list(range(10))
    assert out["strType"] == "string"
    assert out["notJson"] == "<html>nope</html>"
    assert out["setCookie"] == ["a=1; Path=/", "b=2; Path=/"]
    assert out["multi"] == "one, two"
    assert out["gz"] == ["aaaaaaaaaa", None]
    assert out["bom"] == {"bom": True}


def test_redirects_and_max_redirects(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const a = await axios.get(input.base + '/redirect/2');
        const b = await axios.get(input.base + '/redirect/1', {maxRedirects: 0, validateStatus: () => true});
        let c;
        try { await axios.get(input.base + '/redirect/3', {maxRedirects: 2}); } catch (e) { c = [e.code, e.message]; }
        return {a: [a.status, a.data.path, a.request.res.responseUrl], b: [b.status, b.headers.location], c};
    """, {"base": upstream.base}).output
    assert out["a"] == [200, "/echo", upstream.url("/echo?redirected=1")]
    assert out["b"] == [302, "/echo?redirected=1"]
    assert out["c"] == ["ERR_FR_TOO_MANY_REDIRECTS", "Maximum number of redirects exceeded (2)"]


def test_timeout_is_econnaborted(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const t0 = Date.now();
        try { await axios.get(input.base + '/sleep?ms=3000', {timeout: 200}); return 'no error'; }
        catch (e) { return {name: e.name, code: e.code, message: e.message, ms: Date.now() - t0, response: e.response}; }
    """, {"base": upstream.base}).output
    assert out["name"] == "AxiosError" and out["code"] == "ECONNABORTED"
    assert out["message"] == "timeout of 200ms exceeded"
    assert 150 <= out["ms"] < 1500 and "response" not in out


def test_network_error_and_cancel(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios');
        const out = {};
        try { await axios.get('http://127.0.0.1:1/'); } catch (e) { out.refused = [e.name, e.message, e.code, e.isAxiosError, e.response]; }
        const ac = new AbortController();
        const p = axios.get(input.base + '/sleep?ms=3000', {signal: ac.signal});
        setTimeout(() => ac.abort(), 50);
        try { await p; } catch (e) { out.aborted = [e.name, e.message, e.code, axios.isCancel(e)]; }
        const source = axios.CancelToken.source();
        const q = axios.get(input.base + '/sleep?ms=3000', {cancelToken: source.token});
        setTimeout(() => source.cancel('stop'), 50);
        try { await q; } catch (e) { out.token = [e.name, e.message, axios.isCancel(e)]; }
        return out;
    """, {"base": upstream.base}).output
    assert out["refused"] == ["Error", "connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED", True, None]
    assert out["aborted"] == ["CanceledError", "canceled", "ERR_CANCELED", True]
    assert out["token"] == ["CanceledError", "stop", True]


def test_auth_option_and_default_export(run_guest, upstream):
    out = run_guest("""
        const axios = require('axios').default;
        const r = await axios.get(input.url, {auth: {username: 'u', password: 'p'}});
        const all = await axios.all([axios.get(input.url), axios.get(input.url)]);
        return [r.data.headers.authorization, all.length, typeof axios.create, axios.VERSION];
    """, {"url": upstream.url("/echo")}).output
    assert out[0] == "Basic dTpw" and out[1] == 2 and out[2] == "function" and out[3].startswith("1.")


def test_folder_copy_of_axios_wins(run_guest):
    out = run_guest("return require('axios').fake;",
                    files={"/app/node_modules/axios/package.json": '{"name": "axios", "main": "index.js"}',
                           "/app/node_modules/axios/index.js": "exports.fake = 'mine';"}).output
    assert out == "mine"


def test_top_level_require_in_a_snapshot_and_no_leaks_between_invocations(engine, upstream):
    import asyncio
    import time

    from .conftest import make_egress

    source = """
        const axios = require('axios');
        const request = require('request');
        const api = axios.create({baseURL: process.env.BASE, headers: {'x-app': 'snap'}});
        exports.main = async (context) => {
          const before = api.defaults.headers.common['x-leak'] || null;
          api.defaults.headers.common['x-leak'] = 'set by an earlier invocation';
          const r = await api.get('/echo');
          const f = await (await fetch(process.env.BASE + '/text')).text();
          return {before, app: r.data.headers['x-app'], f};
        };
    """
    unit = engine.compile({"/app/index.js": source}, entry="/app/index.js", env={"BASE": upstream.base},
                          snapshot=True, cache_snapshot=False)

    async def go():
        egress, _ = make_egress()
        outs = []
        for _ in range(2):
            r = await engine.invoke(unit, {}, capabilities=egress.prepare(time.monotonic() + 10))
            assert r.error is None, r.error
            outs.append(r.output)
        await egress.aclose()
        return outs
    assert asyncio.run(go()) == [{"before": None, "app": "snap", "f": "hello, world"}] * 2
