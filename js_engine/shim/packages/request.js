// request (2.88, the deprecated callback API), as HubSpot preinstalls it, over
// the host's egress capability (see node/fetch.js).  A folder's own
// node_modules/request wins.
//
// Covered: request(uri[, options][, callback]), request(options, callback),
// request.get/head/options/post/put/patch/del/delete, request.defaults;
// options uri/url, baseUrl, method, headers, qs (qs-style brackets) and
// useQuerystring, body, json (true or a body), form, formData, auth (user/pass,
// bearer), timeout, followRedirect, followAllRedirects,
// followOriginalHttpMethod, maxRedirects, encoding (null -> Buffer), gzip,
// jsonReviver/jsonReplacer, time; the returned Request emits 'response',
// 'data', 'end', 'complete' and 'error', and has abort() and pipe().
// Not covered: streaming bodies in or out, cookie jars, OAuth/Hawk/AWS signing.
'use strict';

function egress() { return require('fetch')._fnboxEgress; }
function Buf() { return require('buffer').Buffer; }
function EventEmitter() { return require('events').EventEmitter; }

// ---- qs-compatible stringify (request's default: qs, arrayFormat indices) -------
function rfc3986(str) {
  return str.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function qsEncode(str) { return rfc3986(encodeURIComponent(str)); }

function qsStringify(obj) {
  const parts = [];
  const walk = (value, prefix) => {
    if (value === undefined || typeof value === 'function') return;
    if (value === null) { parts.push(qsEncode(prefix) + '='); return; }
    if (value instanceof Date) value = value.toISOString();
    if (typeof value !== 'object' || Buf().isBuffer(value)) {
      parts.push(qsEncode(prefix) + '=' + qsEncode(String(value)));
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${prefix}[${i}]`));
    else for (const key of Object.keys(value)) walk(value[key], `${prefix}[${key}]`);
  };
  if (obj === null || typeof obj !== 'object') return '';
  for (const key of Object.keys(obj)) walk(obj[key], key);
  return parts.join('&');
}

function stringifyQuery(q, useQuerystring) {
  return useQuerystring ? require('querystring').stringify(q) : qsStringify(q);
}

// ---- helpers ---------------------------------------------------------------------
function isObject(v) { return v !== null && typeof v === 'object'; }

function extendDeep(target, ...sources) {
  for (const source of sources) {
    if (!isObject(source)) continue;
    for (const key of Object.keys(source)) {
      if (key === '__proto__' || key === 'constructor') continue;
      const value = source[key];
      if (value === undefined) continue;
      if (isObject(value) && !Array.isArray(value) && !Buf().isBuffer(value) && Object.getPrototypeOf(value) === Object.prototype) {
        target[key] = extendDeep(isObject(target[key]) ? target[key] : {}, value);
      } else {
        target[key] = value;
      }
    }
  }
  return target;
}

function initParams(uri, options, callback) {
  if (typeof options === 'function') callback = options;
  const params = {};
  if (options !== null && typeof options === 'object') Object.assign(params, options, { uri });
  else if (typeof uri === 'string') Object.assign(params, { uri });
  else Object.assign(params, uri);
  params.callback = callback || params.callback;
  return params;
}

class Caseless {
  constructor(dict) { this.dict = dict; }
  has(name) {
    name = String(name).toLowerCase();
    for (const k of Object.keys(this.dict)) if (k.toLowerCase() === name) return k;
    return false;
  }
  get(name) { const k = this.has(name); return k ? this.dict[k] : undefined; }
  set(name, value, clobber) {
    const k = this.has(name);
    if (k && clobber === false) return k;
    if (k && k !== name) delete this.dict[k];
    this.dict[name] = value;
    return name;
  }
  del(name) { const k = this.has(name); if (k) delete this.dict[k]; return !!k; }
}

function responseHeaders(pairs) {
  const headers = {};
  for (const [rawName, value] of pairs) {
    const name = String(rawName).toLowerCase();
    if (name === 'set-cookie') (headers[name] = headers[name] || []).push(value);
    else if (headers[name] === undefined) headers[name] = value;
    else if (!['content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization', 'location',
               'age', 'etag', 'expires', 'last-modified', 'server', 'retry-after'].includes(name)) {
      headers[name] += ', ' + value;
    }
  }
  return headers;
}

function requestError(err, self) {
  const e = egress().hostError(err);
  if (err && err.code === 'ETIMEDOUT' && self.timeout && !/invocation/.test(err.message || '')) {
    const t = new Error('ETIMEDOUT');
    t.code = 'ETIMEDOUT';
    t.connect = false;
    return t;
  }
  if (err && err.code === 'ERR_FR_TOO_MANY_REDIRECTS') {
    e.message = 'Exceeded maxRedirects. Probably stuck in a redirect loop ' + self.href;
  }
  return e;
}

// ---- Request -----------------------------------------------------------------------
let RequestClass = null;

function makeRequestClass() {
  const EE = EventEmitter();
  class Request extends EE {
    constructor(options) {
      super();
      const self = this;
      Object.assign(this, options);
      this.callback = options.callback;
      this.method = (options.method || 'GET').toUpperCase();
      this.headers = Object.assign({}, options.headers || {});
      this._aborted = false;
      this._started = false;
      this._callbackCalled = false;
      const caseless = new Caseless(this.headers);
      this.setHeader = (name, value, clobber) => { caseless.set(name, value, clobber); return self; };
      this.getHeader = (name) => caseless.get(name);
      this.hasHeader = (name) => caseless.has(name);
      this.removeHeader = (name) => { caseless.del(name); return self; };
      if (this.callback) {
        this.on('error', (err) => this._finish(err));
        this.on('complete', (response, body) => this._finish(null, response, body));
      }
      try {
        this._prepare(options);
      } catch (err) {
        this._deferredError = err;
      }
      // Start after the caller attached its listeners, as request does.
      Promise.resolve().then(() => this.start());
    }

    _finish(err, response, body) {
      if (this._callbackCalled) return;
      this._callbackCalled = true;
      this.callback(err, response, body);
    }

    _prepare(options) {
      let uri = options.uri !== undefined ? options.uri : options.url;
      if (uri && typeof uri === 'object' && uri.href) uri = uri.href;
      if (options.baseUrl) {
        if (typeof options.baseUrl !== 'string') throw new Error('options.baseUrl must be a string');
        if (typeof uri !== 'string') throw new Error('options.uri must be a string when using options.baseUrl');
        if (uri.indexOf('//') === 0 || /^[a-z][a-z0-9+.-]*:/i.test(uri)) {
          throw new Error('options.uri must be a path when using options.baseUrl');
        }
        const baseEnds = options.baseUrl.endsWith('/');
        const uriStarts = uri.startsWith('/');
        if (baseEnds && uriStarts) uri = options.baseUrl + uri.slice(1);
        else if (baseEnds || uriStarts) uri = options.baseUrl + uri;
        else if (uri === '') uri = options.baseUrl;
        else uri = options.baseUrl + '/' + uri;
      }
      if (!uri) throw new Error('options.uri is a required argument');
      if (typeof uri !== 'string') throw new Error('options.uri must be a string or a url object');
      const { URL } = require('url');
      let parsed;
      try {
        parsed = new URL(uri);
      } catch (e) {
        throw new Error('Invalid URI "' + uri + '"');
      }
      if (options.qs) {
        const q = stringifyQuery(options.qs, options.useQuerystring);
        if (q !== '') {
          const base = parsed.href.split('#')[0];
          uri = base + (parsed.search ? '&' : '?') + q;
          parsed = new URL(uri);
        }
      }
      if (parsed.username || parsed.password) {
        if (!this.hasHeader('authorization')) {
          const auth = decodeURIComponent(parsed.username) + ':' + decodeURIComponent(parsed.password);
          this.setHeader('authorization', 'Basic ' + Buf().from(auth).toString('base64'));
        }
      }
      this.href = parsed.href;
      this.uri = require('url').parse(parsed.href);

      if (options.auth) {
        const a = options.auth;
        if (a.bearer !== undefined) {
          const bearer = typeof a.bearer === 'function' ? a.bearer() : a.bearer;
          this.setHeader('authorization', 'Bearer ' + bearer);
        } else {
          const user = a.user !== undefined ? a.user : a.username;
          const pass = a.pass !== undefined ? a.pass : a.password;
          this.setHeader('authorization', 'Basic ' + Buf().from((user || '') + ':' + (pass || '')).toString('base64'));
        }
      }

      let body = options.body;
      if (options.form !== undefined && options.form !== null && options.form !== false) {
        if (!/^application\/x-www-form-urlencoded\b/.test(this.getHeader('content-type') || '')) {
          this.setHeader('content-type', 'application/x-www-form-urlencoded');
        }
        body = typeof options.form === 'string' ? rfc3986(options.form) : qsStringify(options.form);
      }
      if (options.formData) {
        const e = egress();
        const form = new e.FormData();
        const add = (key, value) => {
          if (value && typeof value === 'object' && value.value !== undefined && !Buf().isBuffer(value)) {
            form.append(key, value.value, value.options && value.options.filename);
          } else if (Buf().isBuffer(value)) {
            form.append(key, value, 'blob');
          } else {
            form.append(key, value);
          }
        };
        for (const key of Object.keys(options.formData)) {
          const value = options.formData[key];
          if (Array.isArray(value)) value.forEach((v) => add(key, v)); else add(key, value);
        }
        const { data, type } = e.multipart(form);
        this.setHeader('content-type', type);
        this._multipart = data;
      }
      this._json = false;
      if (options.json !== undefined && options.json !== false) {
        this._json = true;
        if (!this.hasHeader('accept')) this.setHeader('accept', 'application/json');
        const replacer = typeof options.jsonReplacer === 'function' ? options.jsonReplacer : undefined;
        if (typeof options.json === 'boolean') {
          if (body !== undefined) {
            if (!/^application\/x-www-form-urlencoded\b/.test(this.getHeader('content-type') || '')) {
              body = JSON.stringify(body, replacer);
            } else {
              body = rfc3986(String(body));
            }
            if (!this.hasHeader('content-type')) this.setHeader('content-type', 'application/json');
          }
        } else {
          body = JSON.stringify(options.json, replacer);
          if (!this.hasHeader('content-type')) this.setHeader('content-type', 'application/json');
        }
      }
      if (this.method === 'HEAD' && body !== undefined && body !== null && body !== '') {
        throw new Error('HTTP HEAD requests MUST NOT include a request body.');
      }
      this._body = body;
      if (options.gzip && !this.hasHeader('accept-encoding')) this.setHeader('accept-encoding', 'gzip, deflate');
      this.encoding = options.encoding === undefined ? 'utf8' : options.encoding;
    }

    start() {
      if (this._started || this._aborted) return;
      this._started = true;
      if (this._deferredError) {
        this.emit('error', this._deferredError);
        return;
      }
      const e = egress();
      const args = { url: this.href, method: this.method, headers: [] };
      for (const name of Object.keys(this.headers)) {
        const value = this.headers[name];
        if (value === undefined || value === null) continue;
        if (Array.isArray(value)) for (const v of value) args.headers.push([name, String(v)]);
        else args.headers.push([name, String(value)]);
      }
      const body = this._multipart || this._body;
      if (body !== undefined && body !== null) {
        if (body instanceof e.BodyData) Object.assign(args, body.hostArgs());
        else if (typeof body === 'string') Object.assign(args, new e.BodyData(body).hostArgs());
        else if (Buf().isBuffer(body) || ArrayBuffer.isView(body)) {
          Object.assign(args, new e.BodyData(null, new Uint8Array(body.buffer, body.byteOffset, body.byteLength)).hostArgs());
        } else {
          this.emit('error', new Error('Argument error, options.body.'));
          return;
        }
      }
      const follow = this.followRedirect === undefined ? true : !!this.followRedirect;
      const followAll = !!this.followAllRedirects;
      const unsafe = ['PATCH', 'PUT', 'POST', 'DELETE'].includes(this.method);
      if (!(followAll || (follow && !unsafe))) args.redirect = 'manual';
      args.maxRedirects = this.maxRedirects === undefined ? 10 : Number(this.maxRedirects);
      args.redirectGet = this.followOriginalHttpMethod ? 'none' : 'all';
      if (this.timeout) args.timeout = Number(this.timeout);
      const startTime = Date.now();
      this._op = e.send(args);
      this._op.promise.then((r) => this._response(r, startTime), (err) => {
        if (this._aborted) return;
        this.emit('error', requestError(err, this));
      });
    }

    _response(r, startTime) {
      if (this._aborted) return;
      const e = egress();
      const headers = responseHeaders(r.headers || []);
      const rawHeaders = [];
      for (const [k, v] of r.headers || []) rawHeaders.push(k, v);
      if (r.url && r.url !== this.href) {
        this.href = r.url;
        this.uri = require('url').parse(r.url);
      }
      const self = this;
      const response = {
        statusCode: r.status,
        statusMessage: r.statusText || '',
        headers,
        rawHeaders,
        httpVersion: '1.1',
        httpVersionMajor: 1,
        httpVersionMinor: 1,
        request: this,
        caseless: new Caseless(headers),
        toJSON() {
          return { statusCode: this.statusCode, body: this.body, headers: this.headers,
                   request: { uri: self.uri, method: self.method, headers: self.headers } };
        },
      };
      if (this.time) response.elapsedTime = Date.now() - startTime;
      this.response = response;
      this.emit('response', response);
      const data = e.BodyData.fromHost(r.body, r.bodyEncoding);
      const bytes = data.bytes();
      let body;
      if (bytes.byteLength) {
        const buffer = Buf().from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        this.emit('data', buffer);
        body = this.encoding === null ? buffer : (this.encoding === 'utf8' ? data.text() : buffer.toString(this.encoding));
      }
      this.emit('end');
      if (this._json) {
        try {
          const text = typeof body === 'string' ? e.stripBom(body) : body;
          body = JSON.parse(text, typeof this.jsonReviver === 'function' ? this.jsonReviver : undefined);
        } catch (err) { /* not JSON: the body stays as it came */ }
      }
      if (body === undefined && !this._json) body = this.encoding === null ? Buf().alloc(0) : '';
      response.body = body;
      this.emit('complete', response, body);
    }

    abort() {
      if (this._aborted) return;
      this._aborted = true;
      if (this._op) this._op.abort();
      this.emit('abort');
    }

    pipe(dest) {
      this.on('data', (chunk) => { if (dest && typeof dest.write === 'function') dest.write(chunk); });
      this.on('end', () => { if (dest && typeof dest.end === 'function') dest.end(); });
      return dest;
    }

    toJSON() { return { uri: this.uri, method: this.method, headers: this.headers }; }
  }
  return Request;
}

function getRequestClass() {
  return RequestClass || (RequestClass = makeRequestClass());
}

// ---- the module --------------------------------------------------------------------
function request(uri, options, callback) {
  if (typeof uri === 'undefined') throw new Error('undefined is not a valid uri or options object.');
  const params = initParams(uri, options, callback);
  const Request = getRequestClass();
  return new Request(params);
}

function verbFunc(verb) {
  const method = verb.toUpperCase();
  return function (uri, options, callback) {
    const params = initParams(uri, options, callback);
    params.method = method;
    return request(params, params.callback);
  };
}

request.get = verbFunc('get');
request.head = verbFunc('head');
request.options = verbFunc('options');
request.post = verbFunc('post');
request.put = verbFunc('put');
request.patch = verbFunc('patch');
request.del = verbFunc('delete');
request['delete'] = verbFunc('delete');

function wrapRequestMethod(method, options, requester, verb) {
  return function (uri, opts, callback) {
    const params = initParams(uri, opts, callback);
    const target = extendDeep({}, options, params);
    if (verb) target.method = verb.toUpperCase();
    if (typeof requester === 'function') method = requester;
    return method(target, target.callback);
  };
}

request.defaults = function (options, requester) {
  const self = this;
  options = options || {};
  if (typeof options === 'function') { requester = options; options = {}; }
  const defaults = wrapRequestMethod(self, options, requester);
  for (const verb of ['get', 'head', 'post', 'put', 'patch', 'del', 'delete', 'options']) {
    defaults[verb] = wrapRequestMethod(self[verb], options, requester, verb === 'del' ? 'delete' : verb);
  }
  defaults.defaults = self.defaults;
  defaults.initParams = initParams;
  return defaults;
};

request.initParams = initParams;
Object.defineProperty(request, 'Request', { get: getRequestClass, enumerable: true });

module.exports = request;
