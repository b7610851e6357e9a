// fetch, Headers, Request, Response and FormData, as in Node 20 (undici),
// over the host's egress capability: the host performs the request while
// the guest waits, and answers with the whole (size-capped) body.
//
// Host operations: "fetch" (args below) and "fetch_abort" ({token}).
//   {url, method, headers: [[name, value]...], body, bodyEncoding, redirect,
//    maxRedirects, redirectGet, timeout, token}
//   -> {status, statusText, url, redirected, headers, body, bodyEncoding}
// The host's errors carry a code: ERR_FNBOX_EGRESS_DENIED (the message names
// the rule), ERR_FNBOX_EGRESS_LIMIT, ETIMEDOUT, ENOTFOUND, ECONNREFUSED, ...
//
// axios and request share the plumbing through the non-enumerable
// `_fnboxEgress` export.
'use strict';

let BufferClass = null;
function Buf() { return BufferClass || (BufferClass = require('buffer').Buffer); }
function urlModule() { return require('url'); }
function events() { return require('events'); }

const kState = Symbol('state');
const kHeaders = Symbol('headers');
const kGuard = Symbol('guard');

// ---- shared helpers -------------------------------------------------------------
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HTTP_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function typeError(message, cause) {
  return cause === undefined ? new TypeError(message) : new TypeError(message, { cause });
}

function isAnyArrayBuffer(v) {
  return v instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer);
}

function tag(v) { return Object.prototype.toString.call(v); }

function wellFormed(s) {
  return typeof s.toWellFormed === 'function' ? s.toWellFormed() : s;
}

function copyBytes(v) {
  if (isAnyArrayBuffer(v)) return new Uint8Array(v.slice(0));
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

function utf8Bytes(text) {
  const b = Buf().from(text, 'utf8');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function utf8Text(bytes) {
  return Buf().from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function toArrayBuffer(bytes) {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

function stripBom(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// A body held in memory: text or bytes (converted lazily, once).
class BodyData {
  constructor(text, bytes, b64) {
    this._text = text === undefined ? null : text;
    this._bytes = bytes === undefined ? null : bytes;
    this._b64 = b64 === undefined ? null : b64;
  }
  static fromHost(body, encoding) {
    if (body == null) return new BodyData('');
    return encoding === 'base64' ? new BodyData(null, null, body) : new BodyData(body);
  }
  bytes() {
    if (this._bytes === null) {
      if (this._b64 !== null) {
        const b = Buf().from(this._b64, 'base64');
        this._bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
        this._b64 = null;
      } else {
        this._bytes = utf8Bytes(this._text);
      }
    }
    return this._bytes;
  }
  text() {
    if (this._text === null) this._text = utf8Text(this.bytes());
    return this._text;
  }
  // For the host: text when we have it, else base64.
  hostArgs() {
    if (this._text !== null) return { body: wellFormed(this._text), bodyEncoding: 'utf8' };
    if (this._b64 !== null) return { body: this._b64, bodyEncoding: 'base64' };
    return { body: Buf().from(this._bytes.buffer, this._bytes.byteOffset, this._bytes.byteLength).toString('base64'), bodyEncoding: 'base64' };
  }
}

// ---- Headers ---------------------------------------------------------------------
function headerName(name, method) {
  name = String(name);
  if (!TOKEN.test(name)) throw typeError(`Headers.${method}: "${name}" is an invalid header name.`);
  return name.toLowerCase();
}

function headerValue(value, method) {
  value = String(value).replace(HTTP_WS, '');
  if (/[\0\r\n]/.test(value)) throw typeError(`Headers.${method}: "${value}" is an invalid header value.`);
  return value;
}

class Headers {
  constructor(init) {
    this[kHeaders] = new Map();     // lower-case name -> [values]
    this[kGuard] = 'none';
    if (init === undefined || init === null) {
      if (init === null) throw typeError('Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
      return;
    }
    if (init instanceof Headers) {
      for (const [name, values] of init[kHeaders]) this[kHeaders].set(name, values.slice());
      return;
    }
    if (typeof init !== 'object' && typeof init !== 'function') {
      throw typeError('Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
    }
    if (typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const list = typeof pair === 'string' ? null : Array.from(pair);
        if (list === null || list.length !== 2) {
          throw typeError(`Headers constructor: expected name/value pair to be length 2, found ${list === null ? pair.length : list.length}.`);
        }
        this.append(list[0], list[1]);
      }
      return;
    }
    for (const key of Object.keys(init)) this.append(key, init[key]);
  }

  _mutable(method) {
    if (this[kGuard] === 'immutable') throw typeError(`Headers.${method}: immutable`);
  }

  append(name, value) {
    const key = headerName(name, 'append');
    const v = headerValue(value, 'append');
    this._mutable('append');
    const list = this[kHeaders].get(key);
    if (list) list.push(v); else this[kHeaders].set(key, [v]);
  }

  set(name, value) {
    const key = headerName(name, 'set');
    const v = headerValue(value, 'set');
    this._mutable('set');
    this[kHeaders].set(key, [v]);
  }

  delete(name) {
    const key = headerName(name, 'delete');
    this._mutable('delete');
    this[kHeaders].delete(key);
  }

  get(name) {
    const list = this[kHeaders].get(headerName(name, 'get'));
    return list ? list.join(', ') : null;
  }

  has(name) { return this[kHeaders].has(headerName(name, 'has')); }

  getSetCookie() {
    const list = this[kHeaders].get('set-cookie');
    return list ? list.slice() : [];
  }

  forEach(callback, thisArg) {
    if (typeof callback !== 'function') throw typeError("Headers.forEach: Argument 1 could not be converted to: Function.");
    for (const [name, value] of this) callback.call(thisArg, value, name, this);
  }

  *entries() {
    const names = Array.from(this[kHeaders].keys()).sort();
    for (const name of names) {
      const list = this[kHeaders].get(name);
      if (!list) continue;
      if (name === 'set-cookie') for (const v of list) yield [name, v];
      else yield [name, list.join(', ')];
    }
  }

  *keys() { for (const [name] of this.entries()) yield name; }
  *values() { for (const [, value] of this.entries()) yield value; }
  [Symbol.iterator]() { return this.entries(); }
  get [Symbol.toStringTag]() { return 'Headers'; }

  // Pairs for the host, in insertion order.
  _pairs() {
    const out = [];
    for (const [name, list] of this[kHeaders]) {
      if (name === 'set-cookie') for (const v of list) out.push([name, v]);
      else out.push([name, list.join(', ')]);
    }
    return out;
  }
}

function headersFromPairs(pairs, guard) {
  const h = new Headers();
  for (const [name, value] of pairs) {
    const key = String(name).toLowerCase();
    const list = h[kHeaders].get(key);
    if (list) list.push(String(value)); else h[kHeaders].set(key, [String(value)]);
  }
  h[kGuard] = guard || 'none';
  return h;
}

// ---- FormData --------------------------------------------------------------------
class FormData {
  constructor(form) {
    if (form !== undefined) throw typeError("FormData constructor: Argument 1 is not supported (there is no HTML form).");
    this[kState] = [];
  }
  _entry(name, value, filename) {
    name = wellFormed(String(name));
    if (value !== null && typeof value === 'object' && (isAnyArrayBuffer(value) || ArrayBuffer.isView(value))) {
      return [name, { bytes: copyBytes(value), filename: filename === undefined ? 'blob' : String(filename), type: 'application/octet-stream' }];
    }
    if (value !== null && typeof value === 'object' && value[kState] instanceof BodyData) {
      return [name, { bytes: value[kState].bytes(), filename: filename === undefined ? 'blob' : String(filename), type: 'application/octet-stream' }];
    }
    return [name, wellFormed(String(value))];
  }
  append(name, value, filename) { this[kState].push(this._entry(name, value, filename)); }
  set(name, value, filename) {
    const entry = this._entry(name, value, filename);
    const list = this[kState];
    const first = list.findIndex(([n]) => n === entry[0]);
    if (first < 0) { list.push(entry); return; }
    list[first] = entry;
    this[kState] = list.filter(([n], i) => i <= first || n !== entry[0]);
  }
  get(name) { const e = this[kState].find(([n]) => n === String(name)); return e ? publicValue(e[1]) : null; }
  getAll(name) { return this[kState].filter(([n]) => n === String(name)).map(([, v]) => publicValue(v)); }
  has(name) { return this[kState].some(([n]) => n === String(name)); }
  delete(name) { this[kState] = this[kState].filter(([n]) => n !== String(name)); }
  forEach(callback, thisArg) { for (const [n, v] of this) callback.call(thisArg, v, n, this); }
  *entries() { for (const [n, v] of this[kState]) yield [n, publicValue(v)]; }
  *keys() { for (const [n] of this[kState]) yield n; }
  *values() { for (const [, v] of this[kState]) yield publicValue(v); }
  [Symbol.iterator]() { return this.entries(); }
  get [Symbol.toStringTag]() { return 'FormData'; }
}

function publicValue(v) {
  if (typeof v === 'string') return v;
  return { name: v.filename, type: v.type, size: v.bytes.byteLength,
           arrayBuffer: async () => toArrayBuffer(v.bytes), text: async () => utf8Text(v.bytes) };
}

function escapeFormName(s) {
  return s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

function multipart(form) {
  let boundary = '----formdata-fnbox-0';
  for (let i = 0; i < 11; i++) boundary += Math.floor(Math.random() * 10);
  const parts = [];
  let size = 0;
  const push = (bytes) => { parts.push(bytes); size += bytes.byteLength; };
  for (const [name, value] of form[kState]) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeFormName(name)}"`;
    if (typeof value === 'string') {
      push(utf8Bytes(head + '\r\n\r\n' + value.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n') + '\r\n'));
    } else {
      head += `; filename="${escapeFormName(value.filename)}"\r\nContent-Type: ${value.type}\r\n\r\n`;
      push(utf8Bytes(head));
      push(value.bytes);
      push(utf8Bytes('\r\n'));
    }
  }
  push(utf8Bytes(`--${boundary}--\r\n`));
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return { data: new BodyData(null, out), type: 'multipart/form-data; boundary=' + boundary };
}

// ---- bodies ---------------------------------------------------------------------
// Any BodyInit -> {data: BodyData, type: default content type or null}.
function extractBody(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { data: new BodyData(value), type: 'text/plain;charset=UTF-8' };
  if (typeof value === 'object') {
    if (tag(value) === '[object URLSearchParams]') {
      return { data: new BodyData(value.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    }
    if (isAnyArrayBuffer(value) || ArrayBuffer.isView(value)) return { data: new BodyData(null, copyBytes(value)), type: null };
    if (value instanceof FormData) return multipart(value);
    if (value instanceof BodyStream) {
      const owner = value[kState];
      if (owner.used) throw typeError('Response body object should not be disturbed or locked');
      owner.used = true;
      return { data: owner.data, type: null };
    }
    if (typeof Blob === 'function' && value instanceof Blob) {
      throw typeError('Blob bodies are not supported by fnbox; use a Buffer or a string');
    }
  }
  return { data: new BodyData(String(value)), type: 'text/plain;charset=UTF-8' };
}

// A minimal ReadableStream stand-in for `response.body`: one chunk.
class BodyStream {
  constructor(owner) { this[kState] = owner; this._locked = false; }
  get locked() { return this._locked; }
  getReader() {
    if (this._locked) throw typeError('ReadableStream is locked');
    this._locked = true;
    const owner = this[kState];
    let done = false;
    if (owner.used) throw typeError('Body is unusable: Body has already been read');
    owner.used = true;
    return {
      read: async () => {
        if (done) return { value: undefined, done: true };
        done = true;
        const bytes = owner.data.bytes();
        if (!bytes.byteLength) return { value: undefined, done: true };
        return { value: new Uint8Array(bytes), done: false };
      },
      releaseLock: () => { this._locked = false; },
      cancel: async () => { done = true; },
      closed: Promise.resolve(undefined),
    };
  }
  async cancel() { this[kState].used = true; }
  async *[Symbol.asyncIterator]() {
    const reader = this.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  get [Symbol.toStringTag]() { return 'ReadableStream'; }
}

function consume(owner) {
  if (owner.used) return Promise.reject(typeError('Body is unusable: Body has already been read'));
  owner.used = true;
  return null;
}

const bodyMixin = {
  get body() {
    const s = this[kState];
    if (s.data === null) return null;
    if (!s.stream) s.stream = new BodyStream(s);
    return s.stream;
  },
  get bodyUsed() { return this[kState].used; },
  text() {
    const s = this[kState];
    return consume(s) || Promise.resolve(s.data === null ? '' : stripBom(s.data.text()));
  },
  json() {
    const s = this[kState];
    const used = consume(s);
    if (used) return used;
    try {
      return Promise.resolve(JSON.parse(s.data === null ? '' : stripBom(s.data.text())));
    } catch (e) {
      return Promise.reject(e);
    }
  },
  arrayBuffer() {
    const s = this[kState];
    return consume(s) || Promise.resolve(s.data === null ? new ArrayBuffer(0) : toArrayBuffer(s.data.bytes()));
  },
  bytes() {
    const s = this[kState];
    return consume(s) || Promise.resolve(s.data === null ? new Uint8Array(0) : new Uint8Array(s.data.bytes()));
  },
  blob() {
    const s = this[kState];
    const used = consume(s);
    if (used) return used;
    if (typeof Blob !== 'function') return Promise.reject(typeError('Blob is not available in fnbox; use arrayBuffer() or text()'));
    return Promise.resolve(new Blob([s.data === null ? new Uint8Array(0) : s.data.bytes()], { type: this.headers.get('content-type') || '' }));
  },
  formData() {
    const s = this[kState];
    const used = consume(s);
    if (used) return used;
    const type = this.headers.get('content-type') || '';
    if (/^application\/x-www-form-urlencoded/i.test(type)) {
      const form = new FormData();
      const params = new (urlModule().URLSearchParams)(s.data === null ? '' : s.data.text());
      for (const [k, v] of params) form.append(k, v);
      return Promise.resolve(form);
    }
    return Promise.reject(typeError('Response.formData: only application/x-www-form-urlencoded bodies are supported by fnbox'));
  },
};

function mixBody(cls) {
  for (const key of Object.getOwnPropertyNames(bodyMixin)) {
    Object.defineProperty(cls.prototype, key, Object.getOwnPropertyDescriptor(bodyMixin, key));
  }
}

// ---- Request ---------------------------------------------------------------------
const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const REDIRECTS = new Set(['follow', 'manual', 'error']);

function normalizeMethod(method) {
  method = String(method);
  if (!TOKEN.test(method)) throw typeError(`'${method}' is not a valid HTTP method.`);
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw typeError(`'${method}' HTTP method is unsupported.`);
  return NORMALIZED.has(upper) ? upper : method;
}

function parseURL(input) {
  const { URL } = urlModule();
  const text = typeof input === 'string' ? input : String(input);
  try {
    return new URL(text);
  } catch (e) {
    throw typeError('Failed to parse URL from ' + text, e);
  }
}

class Request {
  constructor(input, init) {
    if (arguments.length === 0) throw typeError("Request constructor: 1 argument required, but only 0 present.");
    if (init === undefined || init === null) init = {};
    else if (typeof init !== 'object') throw typeError("Request constructor: Expected init to be a dictionary.");
    const base = input instanceof Request ? input : null;
    let url;
    if (base) {
      url = parseURL(base.url);
    } else {
      url = parseURL(input);
      if (url.username || url.password) {
        throw typeError('Request cannot be constructed from a URL that includes credentials: ' + String(input));
      }
    }
    const method = init.method !== undefined ? normalizeMethod(init.method) : base ? base.method : 'GET';
    const headers = new Headers(init.headers !== undefined ? init.headers : base ? base.headers : undefined);
    let body = null;
    if (init.body !== undefined && init.body !== null) {
      if (method === 'GET' || method === 'HEAD') throw typeError('Request with GET/HEAD method cannot have body.');
      const extracted = extractBody(init.body);
      body = extracted.data;
      if (extracted.type && !headers.has('content-type')) headers.set('content-type', extracted.type);
    } else if (base && init.body === undefined && base[kState].data !== null) {
      if (base[kState].used) throw typeError('Cannot construct a Request with a Request object that has already been used.');
      body = base[kState].data;
    }
    const redirect = init.redirect !== undefined ? String(init.redirect) : base ? base.redirect : 'follow';
    if (!REDIRECTS.has(redirect)) {
      throw typeError(`Request constructor: ${redirect} is not an accepted type. Expected one of follow, manual, error.`);
    }
    let signal = init.signal !== undefined ? init.signal : base ? base[kState].signal : null;
    if (signal !== null && signal !== undefined && (typeof signal !== 'object' || typeof signal.addEventListener !== 'function')) {
      throw typeError("Request constructor: Expected signal (\"" + String(signal) + "\") to be an instance of AbortSignal.");
    }
    this[kState] = { url: url.href, method, headers, data: body, used: false, redirect, signal: signal || null,
                     init: base ? base[kState].init : {} };
  }
  get url() { return this[kState].url; }
  get method() { return this[kState].method; }
  get headers() { return this[kState].headers; }
  get redirect() { return this[kState].redirect; }
  get signal() {
    const s = this[kState];
    if (!s.signal) s.signal = new (events().AbortController)().signal;
    return s.signal;
  }
  get cache() { return 'default'; }
  get credentials() { return 'same-origin'; }
  get mode() { return 'cors'; }
  get referrer() { return 'about:client'; }
  get referrerPolicy() { return ''; }
  get integrity() { return ''; }
  get keepalive() { return false; }
  get destination() { return ''; }
  get duplex() { return 'half'; }
  clone() {
    if (this[kState].used) throw typeError('Request.clone: Body has already been consumed.');
    const copy = new Request(this);
    return copy;
  }
  get [Symbol.toStringTag]() { return 'Request'; }
}
mixBody(Request);

// ---- Response --------------------------------------------------------------------
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

class Response {
  constructor(body, init) {
    if (body === undefined) body = null;
    if (init === undefined || init === null) init = {};
    else if (typeof init !== 'object') throw typeError("Response constructor: Expected init to be a dictionary.");
    const status = init.status === undefined ? 200 : Number(init.status);
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    }
    const statusText = init.statusText === undefined ? '' : String(init.statusText);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(statusText)) throw typeError('Invalid statusText');
    const headers = new Headers(init.headers);
    let data = null;
    if (body !== null) {
      if (NULL_BODY.has(status)) throw typeError('Response constructor: Invalid response status code ' + status);
      const extracted = extractBody(body);
      data = extracted.data;
      if (extracted.type && !headers.has('content-type')) headers.set('content-type', extracted.type);
    }
    this[kState] = { status, statusText, headers, data, used: false, type: 'default', url: '', redirected: false };
  }

  static error() {
    const r = new Response(null, { status: 200 });
    Object.assign(r[kState], { status: 0, type: 'error' });
    r[kState].headers[kGuard] = 'immutable';
    return r;
  }

  static json(data, init) {
    const text = JSON.stringify(data);
    if (text === undefined) throw typeError('Value is not JSON serializable');
    const r = new Response(text, init);
    if (!(init && init.headers && new Headers(init.headers).has('content-type'))) r.headers.set('content-type', 'application/json');
    return r;
  }

  static redirect(url, status) {
    if (status === undefined) status = 302;
    const href = parseURL(url).href;
    if (!REDIRECT_STATUS.has(Number(status))) throw new RangeError('Invalid status code ' + status);
    const r = new Response(null, { status: Number(status) });
    r[kState].headers.set('location', href);
    r[kState].headers[kGuard] = 'immutable';
    return r;
  }

  get status() { return this[kState].status; }
  get ok() { const s = this[kState].status; return s >= 200 && s <= 299; }
  get statusText() { return this[kState].statusText; }
  get headers() { return this[kState].headers; }
  get type() { return this[kState].type; }
  get url() { return this[kState].url; }
  get redirected() { return this[kState].redirected; }
  clone() {
    const s = this[kState];
    if (s.used) throw typeError('Response.clone: Body has already been consumed.');
    const copy = Object.create(Response.prototype);
    const headers = new Headers(s.headers);
    headers[kGuard] = s.headers[kGuard];
    copy[kState] = Object.assign({}, s, { headers, used: false, stream: undefined });
    return copy;
  }
  get [Symbol.toStringTag]() { return 'Response'; }
}
mixBody(Response);

function responseFromHost(r) {
  const res = Object.create(Response.prototype);
  res[kState] = {
    status: r.status,
    statusText: r.statusText || '',
    headers: headersFromPairs(r.headers || [], 'immutable'),
    data: BodyData.fromHost(r.body, r.bodyEncoding),
    used: false,
    type: 'basic',
    url: r.url || '',
    redirected: !!r.redirected,
  };
  return res;
}

// ---- talking to the host -----------------------------------------------------------
let nextToken = 1;

// Start a host request.  Returns {promise, abort()}; abort() tells the host
// to stop (the promise then rejects with an AbortError from the host, which
// callers that already gave up ignore).
function send(args) {
  const token = nextToken++;
  const promise = internal.call('fetch', Object.assign({}, args, { token }));
  let aborted = false;
  return {
    promise,
    token,
    abort() {
      if (aborted) return;
      aborted = true;
      internal.call('fetch_abort', { token }).then(() => {}, () => {});
    },
  };
}

// The host's error as a plain Error with the same message and code.
function hostError(err) {
  const e = new Error(err && err.message ? err.message : String(err));
  if (err && err.code) e.code = err.code;
  if (err && err.name && err.name !== 'Error') e.name = err.name;
  return e;
}

function isEgressError(err) {
  return !!err && (err.code === 'ERR_FNBOX_EGRESS_DENIED' || err.code === 'ERR_FNBOX_EGRESS_LIMIT');
}

function fetchError(err) {
  if (err && err.name === 'AbortError') return new DOMException('This operation was aborted', 'AbortError');
  if (err && err.name === 'TypeError' && err.code !== 'ERR_FNBOX_REDIRECT') return typeError(err.message);
  const cause = hostError(err);
  // fnbox's own refusals say why in the message itself: the log shows it.
  if (isEgressError(err)) return typeError('fetch failed: ' + cause.message, cause);
  return typeError('fetch failed', cause);
}

function abortReason(signal) {
  return signal.reason !== undefined ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

const DEFAULT_HEADERS = [
  ['accept', '*/*'],
  ['accept-language', '*'],
  ['sec-fetch-mode', 'cors'],
  ['user-agent', 'node'],
  ['accept-encoding', 'gzip, deflate'],
];

function fetch(input, init) {
  return new Promise((resolve, reject) => {
    let request;
    try {
      request = new Request(input, init);
    } catch (e) {
      reject(e);
      return;
    }
    const s = request[kState];
    const signal = s.signal;
    if (signal && signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    if (s.data !== null) {
      if (s.used) { reject(typeError('Body is unusable: Body has already been read')); return; }
      s.used = true;
    }
    const headers = s.headers._pairs();
    const present = new Set(headers.map(([n]) => n));
    for (const [name, value] of DEFAULT_HEADERS) if (!present.has(name)) headers.push([name, value]);
    const args = { url: s.url, method: s.method, headers, redirect: s.redirect };
    if (s.data !== null) Object.assign(args, s.data.hostArgs());
    const op = send(args);
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      op.abort();
      reject(abortReason(signal));
    };
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    op.promise.then((result) => {
      if (signal) signal.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      resolve(responseFromHost(result));
    }, (err) => {
      if (signal) signal.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      reject(fetchError(err));
    });
  });
}

module.exports = { fetch, Headers, Request, Response, FormData };

// Shared with the preinstalled axios and request packages.
Object.defineProperty(module.exports, '_fnboxEgress', {
  value: Object.freeze({ send, hostError, isEgressError, BodyData, extractBody, FormData, multipart, utf8Bytes, utf8Text, stripBom }),
  enumerable: false,
});
