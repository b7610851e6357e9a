// axios (1.x API), as HubSpot preinstalls it, over the host's egress
// capability (see node/fetch.js).  A folder's own node_modules/axios wins.
//
// Covered: axios(config) / axios(url, config), request, get, delete, head,
// options, post, put, patch, postForm/putForm/patchForm, create (baseURL,
// headers, ...), defaults (headers.common / per method), params and
// paramsSerializer, JSON / string / URLSearchParams / Buffer / FormData data,
// auth, timeout, maxRedirects, validateStatus, responseType (json, text,
// arraybuffer), transformRequest / transformResponse, interceptors (request
// and response), CancelToken and AbortSignal, AxiosError (error.response on
// a status validateStatus refuses), AxiosHeaders, isAxiosError, isCancel,
// all, spread, getUri, mergeConfig, toFormData.
'use strict';

const VERSION = '1.7.9';

function egress() { return require('fetch')._fnboxEgress; }
function Buf() { return require('buffer').Buffer; }

// ---- utils -----------------------------------------------------------------------
const { toString } = Object.prototype;
const tagOf = (v) => toString.call(v);
const isArray = Array.isArray;
const isUndefined = (v) => v === undefined;
const isString = (v) => typeof v === 'string';
const isFunction = (v) => typeof v === 'function';
const isBoolean = (v) => v === true || v === false;
const isObject = (v) => v !== null && typeof v === 'object';
const isDate = (v) => tagOf(v) === '[object Date]';
const isRegExp = (v) => tagOf(v) === '[object RegExp]';
const isArrayBuffer = (v) => tagOf(v) === '[object ArrayBuffer]';
const isArrayBufferView = (v) => ArrayBuffer.isView(v);
const isBuffer = (v) => v != null && Buf().isBuffer(v);
const isURLSearchParams = (v) => tagOf(v) === '[object URLSearchParams]';
const isFormData = (v) => isObject(v) && (v instanceof egress().FormData || tagOf(v) === '[object FormData]');
const isStream = (v) => isObject(v) && isFunction(v.pipe);
const isBlob = (v) => tagOf(v) === '[object Blob]';
const isTypedArray = (v) => isArrayBufferView(v) && !(v instanceof DataView);

function isPlainObject(v) {
  if (tagOf(v) !== '[object Object]') return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null) &&
    !(Symbol.toStringTag in v) && !(Symbol.iterator in v);
}

function forEach(obj, fn) {
  if (obj === null || typeof obj === 'undefined') return;
  if (typeof obj !== 'object') obj = [obj];
  if (isArray(obj)) {
    for (let i = 0; i < obj.length; i++) fn.call(null, obj[i], i, obj);
  } else {
    for (const key of Object.keys(obj)) fn.call(null, obj[key], key, obj);
  }
}

function findKey(obj, key) {
  key = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === key) return k;
  return null;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function merge(caseless, ...objs) {
  const result = {};
  for (const obj of objs) {
    forEach(obj, (val, key) => {
      if (UNSAFE_KEYS.has(key)) return;
      const target = (caseless && findKey(result, key)) || key;
      if (isPlainObject(result[target]) && isPlainObject(val)) result[target] = merge(caseless, result[target], val);
      else if (isPlainObject(val)) result[target] = merge(caseless, {}, val);
      else if (isArray(val)) result[target] = val.slice();
      else result[target] = val;
    });
  }
  return result;
}

function stripBOM(content) { return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content; }

// ---- AxiosError, CanceledError, CancelToken ---------------------------------------
class AxiosError extends Error {
  constructor(message, code, config, request, response) {
    super(message);
    Object.defineProperty(this, 'message', { value: message, enumerable: true, writable: true, configurable: true });
    this.name = 'AxiosError';
    this.isAxiosError = true;
    if (code) this.code = code;
    if (config) this.config = config;
    if (request) this.request = request;
    if (response) {
      this.response = response;
      this.status = response.status;
    }
  }

  static from(error, code, config, request, response, customProps) {
    const axiosError = new AxiosError(error && error.message, code || (error && error.code), config, request, response);
    Object.defineProperty(axiosError, 'cause', { value: error, writable: true, enumerable: false, configurable: true });
    axiosError.name = error && error.name ? error.name : 'AxiosError';
    if (customProps) Object.assign(axiosError, customProps);
    return axiosError;
  }

  toJSON() {
    return {
      message: this.message,
      name: this.name,
      description: this.description,
      number: this.number,
      fileName: this.fileName,
      lineNumber: this.lineNumber,
      columnNumber: this.columnNumber,
      stack: this.stack,
      config: toJSONObject(this.config),
      code: this.code,
      status: this.status,
    };
  }
}

for (const code of ['ERR_BAD_OPTION_VALUE', 'ERR_BAD_OPTION', 'ECONNABORTED', 'ETIMEDOUT', 'ECONNREFUSED', 'ERR_NETWORK',
                    'ERR_FR_TOO_MANY_REDIRECTS', 'ERR_DEPRECATED', 'ERR_BAD_RESPONSE', 'ERR_BAD_REQUEST', 'ERR_CANCELED',
                    'ERR_NOT_SUPPORT', 'ERR_INVALID_URL']) {
  AxiosError[code] = code;
}

function toJSONObject(obj) {
  const stack = [];
  const visit = (source) => {
    if (!isObject(source)) return isFunction(source) ? undefined : source;
    if (stack.indexOf(source) >= 0) return undefined;
    if (isBuffer(source)) return source;
    if (source instanceof AxiosHeaders) source = source.toJSON();
    if (!('toJSON' in source) || isPlainObject(source) || isArray(source)) {
      stack.push(source);
      const target = isArray(source) ? [] : {};
      forEach(source, (value, key) => {
        const reduced = visit(value);
        if (!isUndefined(reduced)) target[key] = reduced;
      });
      stack.pop();
      return target;
    }
    return source;
  };
  return visit(obj);
}

class CanceledError extends AxiosError {
  constructor(message, config, request) {
    super(message == null ? 'canceled' : message, AxiosError.ERR_CANCELED, config, request);
    this.name = 'CanceledError';
    this.__CANCEL__ = true;
  }
}

function isCancel(value) { return !!(value && value.__CANCEL__); }

class CancelToken {
  constructor(executor) {
    if (typeof executor !== 'function') throw new TypeError('executor must be a function.');
    let resolvePromise;
    this.promise = new Promise((resolve) => { resolvePromise = resolve; });
    this._listeners = [];
    executor((message, config, request) => {
      if (this.reason) return;
      this.reason = new CanceledError(message, config, request);
      resolvePromise(this.reason);
      const listeners = this._listeners;
      this._listeners = [];
      for (const l of listeners) l(this.reason);
    });
  }
  throwIfRequested() { if (this.reason) throw this.reason; }
  subscribe(listener) {
    if (this.reason) { listener(this.reason); return; }
    this._listeners.push(listener);
  }
  unsubscribe(listener) {
    const i = this._listeners.indexOf(listener);
    if (i !== -1) this._listeners.splice(i, 1);
  }
  toAbortSignal() {
    const controller = new (require('events').AbortController)();
    const abort = (err) => controller.abort(err);
    this.subscribe(abort);
    controller.signal.unsubscribe = () => this.unsubscribe(abort);
    return controller.signal;
  }
  static source() {
    let cancel;
    const token = new CancelToken((c) => { cancel = c; });
    return { token, cancel };
  }
}

// ---- AxiosHeaders ----------------------------------------------------------------
function normalizeHeader(header) { return header && String(header).trim().toLowerCase(); }

function normalizeValue(value) {
  if (value === false || value == null) return value;
  return isArray(value) ? value.map(normalizeValue) : String(value).replace(/[\r\n]+$/, '');
}

function isValidHeaderName(str) { return /^[-_a-zA-Z0-9^`|~,!#$%&'*+.]+$/.test(str.trim()); }

const IGNORE_DUPLICATES = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from',
  'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards',
  'proxy-authorization', 'referer', 'retry-after', 'user-agent']);

// Raw "Name: value" lines, or [[name, value]] pairs, as Node's IncomingMessage
// presents them: lower-case names, set-cookie an array, other repeats joined.
function parseHeaders(raw) {
  const parsed = {};
  const add = (key, val) => {
    if (!key || (parsed[key] !== undefined && IGNORE_DUPLICATES.has(key))) return;
    if (key === 'set-cookie') {
      if (parsed[key]) parsed[key].push(val); else parsed[key] = [val];
    } else {
      parsed[key] = parsed[key] !== undefined ? parsed[key] + ', ' + val : val;
    }
  };
  if (isArray(raw)) {
    for (const [name, value] of raw) add(String(name).trim().toLowerCase(), String(value).trim());
    return parsed;
  }
  for (const line of String(raw).split('\n')) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    add(line.substring(0, i).trim().toLowerCase(), line.substring(i + 1).trim());
  }
  return parsed;
}

function parseTokens(str) {
  const tokens = Object.create(null);
  const re = /([^\s,;=]+)\s*(?:=\s*([^,;]+))?/g;
  let match;
  while ((match = re.exec(str))) tokens[match[1]] = match[2];
  return tokens;
}

function matchHeaderValue(context, value, header, filter, isHeaderNameFilter) {
  if (isFunction(filter)) return filter.call(context, value, header);
  if (isHeaderNameFilter) value = header;
  if (!isString(value)) return undefined;
  if (isString(filter)) return value.indexOf(filter) !== -1;
  if (isRegExp(filter)) return filter.test(value);
  return undefined;
}

function formatHeader(header) {
  return header.trim().toLowerCase().replace(/([a-z\d])(\w*)/g, (w, char, str) => char.toUpperCase() + str);
}

class AxiosHeaders {
  constructor(headers) {
    if (headers) this.set(headers);
  }

  set(header, valueOrRewrite, rewrite) {
    const self = this;
    function setHeader(_value, _header, _rewrite) {
      const lHeader = normalizeHeader(_header);
      if (!lHeader) throw new Error('header name must be a non-empty string');
      const key = findKey(self, lHeader);
      if (!key || self[key] === undefined || _rewrite === true || (_rewrite === undefined && self[key] !== false)) {
        self[key || _header] = normalizeValue(_value);
      }
    }
    const setHeaders = (headers, _rewrite) => forEach(headers, (_value, _header) => setHeader(_value, _header, _rewrite));
    if (isPlainObject(header) || header instanceof AxiosHeaders) {
      setHeaders(header, valueOrRewrite);
    } else if (isString(header) && (header = header.trim()) && !isValidHeaderName(header)) {
      setHeaders(parseHeaders(header), valueOrRewrite);
    } else if (isObject(header) && isFunction(header[Symbol.iterator])) {
      const obj = {};
      for (const entry of header) {
        if (!isArray(entry)) throw new TypeError('Object iterator must return a key-value pair');
        const [key, value] = entry;
        obj[key] = obj[key] !== undefined ? (isArray(obj[key]) ? [...obj[key], value] : [obj[key], value]) : value;
      }
      setHeaders(obj, valueOrRewrite);
    } else if (header != null) {
      setHeader(valueOrRewrite, header, rewrite);
    }
    return this;
  }

  get(header, parser) {
    header = normalizeHeader(header);
    if (!header) return undefined;
    const key = findKey(this, header);
    if (!key) return undefined;
    const value = this[key];
    if (!parser) return value;
    if (parser === true) return parseTokens(value);
    if (isFunction(parser)) return parser.call(this, value, key);
    if (isRegExp(parser)) return parser.exec(value);
    throw new TypeError('parser must be boolean|regexp|function');
  }

  has(header, matcher) {
    header = normalizeHeader(header);
    if (!header) return false;
    const key = findKey(this, header);
    return !!(key && this[key] !== undefined && (!matcher || matchHeaderValue(this, this[key], key, matcher)));
  }

  delete(header, matcher) {
    let deleted = false;
    const remove = (h) => {
      h = normalizeHeader(h);
      if (!h) return;
      const key = findKey(this, h);
      if (key && (!matcher || matchHeaderValue(this, this[key], key, matcher))) {
        delete this[key];
        deleted = true;
      }
    };
    if (isArray(header)) header.forEach(remove); else remove(header);
    return deleted;
  }

  clear(matcher) {
    let deleted = false;
    for (const key of Object.keys(this)) {
      if (!matcher || matchHeaderValue(this, this[key], key, matcher, true)) {
        delete this[key];
        deleted = true;
      }
    }
    return deleted;
  }

  normalize(format) {
    const seen = Object.create(null);
    forEach(this, (value, header) => {
      const key = findKey(seen, header);
      if (key) {
        this[key] = normalizeValue(value);
        delete this[header];
        return;
      }
      const normalized = format ? formatHeader(header) : String(header).trim();
      if (normalized !== header) delete this[header];
      this[normalized] = normalizeValue(value);
      seen[normalized] = true;
    });
    return this;
  }

  concat(...targets) { return AxiosHeaders.concat(this, ...targets); }

  toJSON(asStrings) {
    const obj = Object.create(null);
    forEach(this, (value, header) => {
      if (value != null && value !== false) obj[header] = asStrings && isArray(value) ? value.join(', ') : value;
    });
    return obj;
  }

  [Symbol.iterator]() { return Object.entries(this.toJSON())[Symbol.iterator](); }

  toString() { return Object.entries(this.toJSON()).map(([header, value]) => header + ': ' + value).join('\n'); }

  getSetCookie() { return this.get('set-cookie') || []; }

  get [Symbol.toStringTag]() { return 'AxiosHeaders'; }

  static from(thing) { return thing instanceof AxiosHeaders ? thing : new AxiosHeaders(thing); }

  static concat(first, ...targets) {
    const computed = new AxiosHeaders(first);
    targets.forEach((target) => computed.set(target));
    return computed;
  }

  static accessor(header) {
    for (const h of isArray(header) ? header : [header]) {
      const name = h.replace(/-/g, '');
      for (const method of ['get', 'set', 'has']) {
        Object.defineProperty(AxiosHeaders.prototype, method + name, {
          value(arg1, arg2, arg3) { return this[method].call(this, h, arg1, arg2, arg3); },
          configurable: true,
          writable: true,
        });
      }
    }
    return AxiosHeaders;
  }
}
AxiosHeaders.accessor(['Content-Type', 'Content-Length', 'Accept', 'Accept-Encoding', 'User-Agent', 'Authorization']);

// ---- params and form serialisation -------------------------------------------------
function removeBrackets(key) { return key.endsWith('[]') ? key.slice(0, -2) : key; }

function renderKey(path, key, dots) {
  if (!path) return key;
  return path.concat(key).map((token, i) => {
    token = removeBrackets(String(token));
    return !dots && i ? '[' + token + ']' : token;
  }).join(dots ? '.' : '');
}

const isVisitable = (thing) => isPlainObject(thing) || isArray(thing);
const isFlatArray = (arr) => isArray(arr) && !arr.some(isVisitable);

function toFormData(obj, formData, options) {
  if (!isObject(obj)) throw new TypeError('target must be an object');
  formData = formData || new (egress().FormData)();
  const opt = (name, fallback) => (options && options[name] !== undefined ? options[name] : fallback);
  const metaTokens = opt('metaTokens', true);
  const dots = opt('dots', false);
  const indexes = opt('indexes', false);
  const visitor = opt('visitor', null) || defaultVisitor;
  const stack = [];

  function convertValue(value) {
    if (value === null) return '';
    if (isDate(value)) return value.toISOString();
    if (isBoolean(value)) return value.toString();
    if (isArrayBuffer(value) || isTypedArray(value)) return Buf().from(value);
    return value;
  }

  function defaultVisitor(value, key, path) {
    let arr = value;
    if (value && !path && typeof value === 'object') {
      if (String(key).endsWith('{}')) {
        key = metaTokens ? key : key.slice(0, -2);
        value = JSON.stringify(value);
      } else if ((isArray(value) && isFlatArray(value)) || (String(key).endsWith('[]') && (arr = Array.from(value)))) {
        key = removeBrackets(key);
        arr.forEach((el, index) => {
          if (!(isUndefined(el) || el === null)) {
            formData.append(indexes === true ? renderKey([key], index, dots) : indexes === null ? key : key + '[]',
                            convertValue(el));
          }
        });
        return false;
      }
    }
    if (isVisitable(value)) return true;
    formData.append(renderKey(path, key, dots), convertValue(value));
    return false;
  }

  const helpers = { defaultVisitor, convertValue, isVisitable };

  function build(value, path) {
    if (isUndefined(value)) return;
    if (stack.indexOf(value) !== -1) throw new Error('Circular reference detected in ' + path.join('.'));
    stack.push(value);
    forEach(value, (el, key) => {
      const result = !(isUndefined(el) || el === null) &&
        visitor.call(formData, el, isString(key) ? key.trim() : key, path, helpers);
      if (result === true) build(el, path ? path.concat(key) : [key]);
    });
    stack.pop();
  }
  build(obj);
  return formData;
}

function axiosEncode(str) {
  const charMap = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '~': '%7E', '%20': '+' };
  return encodeURIComponent(str).replace(/[!'()~]|%20/g, (m) => charMap[m]);
}

class AxiosURLSearchParams {
  constructor(params, options) {
    this._pairs = [];
    if (params) toFormData(params, this, options);
  }
  append(name, value) { this._pairs.push([name, value]); }
  toString(encoder) {
    const _encode = encoder ? (value) => encoder.call(this, value, axiosEncode) : axiosEncode;
    return this._pairs.map((pair) => _encode(pair[0]) + '=' + _encode(pair[1])).join('&');
  }
}

function encode(val) {
  return encodeURIComponent(val).replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+');
}

function buildURL(url, params, options) {
  if (!params) return url;
  url = url || '';
  const _options = isFunction(options) ? { serialize: options } : options;
  const _encode = (_options && _options.encode) || encode;
  const serializeFn = _options && _options.serialize;
  let serialized;
  if (serializeFn) serialized = serializeFn(params, _options);
  else serialized = isURLSearchParams(params) ? params.toString() : new AxiosURLSearchParams(params, _options).toString(_encode);
  if (serialized) {
    const hash = url.indexOf('#');
    if (hash !== -1) url = url.slice(0, hash);
    url += (url.indexOf('?') === -1 ? '?' : '&') + serialized;
  }
  return url;
}

function toURLEncodedForm(data, options) {
  const { URLSearchParams } = require('url');
  return toFormData(data, new URLSearchParams(), Object.assign({
    visitor(value, key, path, helpers) {
      if (isBuffer(value)) {
        this.append(key, value.toString('base64'));
        return false;
      }
      return helpers.defaultVisitor.apply(this, arguments);
    },
  }, options));
}

const isAbsoluteURL = (url) => /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url);

function combineURLs(baseURL, relativeURL) {
  return relativeURL ? baseURL.replace(/\/?\/$/, '') + '/' + relativeURL.replace(/^\/+/, '') : baseURL;
}

function buildFullPath(baseURL, requestedURL, allowAbsoluteUrls) {
  const isRelative = !isAbsoluteURL(requestedURL);
  if (baseURL && (isRelative || allowAbsoluteUrls === false)) return combineURLs(baseURL, requestedURL);
  return requestedURL;
}

// ---- defaults and config merging ----------------------------------------------------
const METHODS_NO_DATA = ['delete', 'get', 'head', 'options'];
const METHODS_WITH_DATA = ['post', 'put', 'patch'];

function stringifySafely(rawValue) {
  if (isString(rawValue)) {
    try {
      JSON.parse(rawValue);
      return rawValue.trim();
    } catch (e) {
      if (e.name !== 'SyntaxError') throw e;
    }
  }
  return JSON.stringify(rawValue);
}

const defaults = {
  transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: false },
  adapter: ['xhr', 'http', 'fetch'],
  transformRequest: [function transformRequest(data, headers) {
    const contentType = headers.getContentType() || '';
    const hasJSONContentType = contentType.indexOf('application/json') > -1;
    const isObjectPayload = isObject(data);
    if (isFormData(data)) return data;
    if (isArrayBuffer(data) || isBuffer(data) || isStream(data) || isBlob(data)) return data;
    if (isArrayBufferView(data)) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    if (isURLSearchParams(data)) {
      headers.setContentType('application/x-www-form-urlencoded;charset=utf-8', false);
      return data.toString();
    }
    if (isObjectPayload) {
      if (contentType.indexOf('application/x-www-form-urlencoded') > -1) {
        return toURLEncodedForm(data, this.formSerializer).toString();
      }
      if (contentType.indexOf('multipart/form-data') > -1) {
        return toFormData(data, new (egress().FormData)(), this.formSerializer);
      }
    }
    if (isObjectPayload || hasJSONContentType) {
      headers.setContentType('application/json', false);
      return stringifySafely(data);
    }
    return data;
  }],
  transformResponse: [function transformResponse(data) {
    const transitional = this.transitional || defaults.transitional;
    const forcedJSONParsing = transitional && transitional.forcedJSONParsing;
    const JSONRequested = this.responseType === 'json';
    if (data && isString(data) && ((forcedJSONParsing && !this.responseType) || JSONRequested)) {
      const silentJSONParsing = transitional && transitional.silentJSONParsing;
      const strictJSONParsing = !silentJSONParsing && JSONRequested;
      try {
        return JSON.parse(data, this.parseReviver);
      } catch (e) {
        if (strictJSONParsing) {
          if (e.name === 'SyntaxError') throw AxiosError.from(e, AxiosError.ERR_BAD_RESPONSE, this, null, this.response);
          throw e;
        }
      }
    }
    return data;
  }],
  timeout: 0,
  xsrfCookieName: 'XSRF-TOKEN',
  xsrfHeaderName: 'X-XSRF-TOKEN',
  maxContentLength: -1,
  maxBodyLength: -1,
  env: { get FormData() { return egress().FormData; }, Blob: undefined },
  validateStatus: function validateStatus(status) { return status >= 200 && status < 300; },
  headers: {
    common: { Accept: 'application/json, text/plain, */*', 'Content-Type': undefined },
  },
};
for (const m of [...METHODS_NO_DATA, ...METHODS_WITH_DATA]) defaults.headers[m] = {};

const headersToObject = (thing) => (thing instanceof AxiosHeaders ? Object.assign({}, thing) : thing);

// axios's mergeConfig: url, method and data come from config2 only;
// validateStatus from whichever has it; headers merge case-insensitively;
// plain objects merge deeply; anything else: config2 if defined, else config1.
function mergeConfig(config1, config2) {
  config1 = config1 || {};
  config2 = config2 || {};
  const config = {};
  const keys = new Set([...Object.keys(config1), ...Object.keys(config2)]);
  for (const prop of keys) {
    if (UNSAFE_KEYS.has(prop)) continue;
    const a = config1[prop];
    const b = config2[prop];
    let value;
    if (prop === 'url' || prop === 'method' || prop === 'data') {
      value = b;
    } else if (prop === 'headers') {
      value = mergeDeep(headersToObject(a), headersToObject(b), true);
    } else if (prop === 'validateStatus') {
      value = prop in config2 ? b : a;
      config[prop] = value;
      continue;
    } else {
      value = mergeDeep(a, b, false);
    }
    if (!isUndefined(value)) config[prop] = value;
  }
  return config;
}

function mergeDeep(a, b, caseless) {
  if (!isUndefined(b)) {
    if (isPlainObject(a) && isPlainObject(b)) return merge(caseless, a, b);
    if (isPlainObject(b)) return merge(caseless, {}, b);
    if (isArray(b)) return b.slice();
    return b;
  }
  if (!isUndefined(a)) {
    if (isPlainObject(a)) return merge(caseless, {}, a);
    if (isArray(a)) return a.slice();
    return a;
  }
  return undefined;
}

// ---- interceptors ------------------------------------------------------------------
class InterceptorManager {
  constructor() { this.handlers = []; }
  use(fulfilled, rejected, options) {
    this.handlers.push({
      fulfilled,
      rejected,
      synchronous: options ? options.synchronous : false,
      runWhen: options ? options.runWhen : null,
    });
    return this.handlers.length - 1;
  }
  eject(id) { if (this.handlers[id]) this.handlers[id] = null; }
  clear() { if (this.handlers) this.handlers = []; }
  forEach(fn) { forEach(this.handlers, (h) => { if (h !== null) fn(h); }); }
}

// ---- the adapter: one request through the host ---------------------------------------
function transformData(fns, response) {
  const config = this || defaults;
  const context = response || config;
  const headers = AxiosHeaders.from(context.headers);
  let data = context.data;
  forEach(fns, (fn) => {
    data = fn.call(config, data, headers.normalize(), response ? response.status : undefined);
  });
  headers.normalize();
  return data;
}

function throwIfCancellationRequested(config) {
  if (config.cancelToken) config.cancelToken.throwIfRequested();
  if (config.signal && config.signal.aborted) throw new CanceledError(null, config);
}

function bodyArgs(data, headers, config) {
  const e = egress();
  if (data === undefined || data === null) return null;
  if (isFormData(data)) {
    const { data: body, type } = e.multipart(data);
    headers.setContentType(type);
    return body.hostArgs();
  }
  if (isString(data)) return new e.BodyData(data).hostArgs();
  if (isBuffer(data) || isArrayBuffer(data) || isArrayBufferView(data)) {
    const view = isArrayBuffer(data) ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return new e.BodyData(null, view).hostArgs();
  }
  if (isURLSearchParams(data)) return new e.BodyData(data.toString()).hostArgs();
  throw new AxiosError('Data after transformation must be a string, an ArrayBuffer, a Buffer, or a Stream',
                       AxiosError.ERR_BAD_REQUEST, config);
}

function responseHeaders(pairs) {
  return new AxiosHeaders(parseHeaders(pairs));
}

function fnboxAdapter(config) {
  return new Promise((resolve, reject) => {
    const e = egress();
    const fullPath = buildFullPath(config.baseURL, config.url, config.allowAbsoluteUrls);
    const { URL } = require('url');
    let parsed;
    try {
      parsed = new URL(fullPath);
    } catch (err) {
      reject(AxiosError.from(err, AxiosError.ERR_INVALID_URL, config));
      return;
    }
    const headers = AxiosHeaders.from(config.headers).normalize();
    headers.set('User-Agent', 'axios/' + VERSION, false);
    headers.set('Accept-Encoding', 'gzip, compress, deflate, br', false);

    let auth;
    if (config.auth) auth = (config.auth.username || '') + ':' + (config.auth.password || '');
    if (!auth && (parsed.username || parsed.password)) {
      auth = decodeURIComponent(parsed.username) + ':' + decodeURIComponent(parsed.password);
    }
    if (auth) {
      headers.delete('authorization');
      headers.set('Authorization', 'Basic ' + Buf().from(auth, 'utf8').toString('base64'));
    }

    let path;
    try {
      path = buildURL(parsed.pathname + parsed.search, config.params, config.paramsSerializer).replace(/^\?/, '');
    } catch (err) {
      reject(AxiosError.from(err, AxiosError.ERR_BAD_REQUEST, config));
      return;
    }
    const url = parsed.protocol + '//' + parsed.host + path;

    let body;
    try {
      body = bodyArgs(config.data, headers, config);
    } catch (err) {
      reject(err);
      return;
    }
    const bodyBytes = !body ? 0 : body.bodyEncoding === 'base64' ? Math.floor(body.body.length * 3 / 4)
      : Buf().byteLength(body.body, 'utf8');
    if (config.maxBodyLength > -1 && bodyBytes > config.maxBodyLength) {
      reject(new AxiosError('Request body larger than maxBodyLength limit', AxiosError.ERR_BAD_REQUEST, config));
      return;
    }

    const method = String(config.method || 'get').toUpperCase();
    const pairs = [];
    for (const [name, value] of Object.entries(headers.toJSON())) {
      if (isArray(value)) for (const v of value) pairs.push([name, String(v)]);
      else pairs.push([name, String(value)]);
    }
    const request = { method, path, host: parsed.hostname, protocol: parsed.protocol, url, headers: headers.toJSON(),
                      res: null };
    const args = { url, method, headers: pairs };
    if (body) Object.assign(args, body);
    const maxRedirects = config.maxRedirects === undefined ? 21 : Number(config.maxRedirects);
    if (maxRedirects === 0) args.redirect = 'manual';
    else args.maxRedirects = maxRedirects;
    if (config.timeout) args.timeout = Number(config.timeout);

    const op = e.send(args);
    let done = false;
    const cleanups = [];
    const finish = () => { done = true; for (const c of cleanups) c(); };
    const onCanceled = (cancel) => {
      if (done) return;
      finish();
      op.abort();
      reject(!cancel || cancel.type ? new CanceledError(null, config, request) : cancel);
    };
    if (config.cancelToken) {
      config.cancelToken.subscribe(onCanceled);
      cleanups.push(() => config.cancelToken.unsubscribe(onCanceled));
    }
    if (config.signal) {
      if (config.signal.aborted) { onCanceled(); return; }
      config.signal.addEventListener('abort', onCanceled);
      cleanups.push(() => config.signal.removeEventListener('abort', onCanceled));
    }

    op.promise.then((r) => {
      if (done) return;
      finish();
      const resHeaders = responseHeaders(r.headers || []);
      if (config.decompress !== false) {
        const coding = String(resHeaders.get('content-encoding') || '').toLowerCase();
        if (coding === 'gzip' || coding === 'x-gzip' || coding === 'deflate') resHeaders.delete('content-encoding');
      }
      request.res = { responseUrl: r.url, statusCode: r.status, statusMessage: r.statusText, headers: resHeaders.toJSON() };
      request.path = (() => { try { const u = new URL(r.url); return u.pathname + u.search; } catch (err) { return path; } })();
      const response = { status: r.status, statusText: r.statusText || '', headers: resHeaders, config, request };
      const data = e.BodyData.fromHost(r.body, r.bodyEncoding);
      if (config.maxContentLength > -1 && data.bytes().byteLength > config.maxContentLength) {
        reject(new AxiosError('maxContentLength size of ' + config.maxContentLength + ' exceeded',
                              AxiosError.ERR_BAD_RESPONSE, config, request));
        return;
      }
      const type = config.responseType;
      if (type === 'arraybuffer' || type === 'stream' || type === 'blob') {
        const bytes = data.bytes();
        response.data = Buf().from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } else {
        const encoding = config.responseEncoding;
        let text = !encoding || encoding === 'utf8' || encoding === 'utf-8'
          ? data.text()
          : Buf().from(data.bytes()).toString(encoding);
        if (!encoding || encoding === 'utf8') text = stripBOM(text);
        response.data = text;
      }
      settle(resolve, reject, response);
    }, (err) => {
      if (done) return;
      finish();
      reject(adapterError(err, config, request));
    });
  });
}

function adapterError(err, config, request) {
  const cause = egress().hostError(err);
  if (err && err.code === 'ETIMEDOUT' && config.timeout && !/invocation/.test(err.message || '')) {
    const message = config.timeoutErrorMessage || 'timeout of ' + config.timeout + 'ms exceeded';
    const transitional = config.transitional || defaults.transitional;
    const e = new AxiosError(message, transitional.clarifyTimeoutError ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED,
                             config, request);
    Object.defineProperty(e, 'cause', { value: cause, writable: true, enumerable: false, configurable: true });
    return e;
  }
  if (err && err.name === 'AbortError') return new CanceledError(null, config, request);
  return AxiosError.from(cause, null, config, request);
}

function settle(resolve, reject, response) {
  const validateStatus = response.config.validateStatus;
  if (!response.status || !validateStatus || validateStatus(response.status)) {
    resolve(response);
  } else {
    reject(new AxiosError('Request failed with status code ' + response.status,
      response.status >= 400 && response.status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE,
      response.config, response.request, response));
  }
}

function dispatchRequest(config) {
  throwIfCancellationRequested(config);
  config.headers = AxiosHeaders.from(config.headers);
  config.data = transformData.call(config, config.transformRequest);
  if (METHODS_WITH_DATA.indexOf(config.method) !== -1) {
    config.headers.setContentType('application/x-www-form-urlencoded', false);
  }
  const adapter = isFunction(config.adapter) ? config.adapter : fnboxAdapter;
  return adapter(config).then((response) => {
    throwIfCancellationRequested(config);
    config.response = response;
    try {
      response.data = transformData.call(config, config.transformResponse, response);
    } finally {
      delete config.response;
    }
    response.headers = AxiosHeaders.from(response.headers);
    return response;
  }, (reason) => {
    if (!isCancel(reason)) {
      throwIfCancellationRequested(config);
      if (reason && reason.response) {
        config.response = reason.response;
        try {
          reason.response.data = transformData.call(config, config.transformResponse, reason.response);
        } finally {
          delete config.response;
        }
        reason.response.headers = AxiosHeaders.from(reason.response.headers);
      }
    }
    return Promise.reject(reason);
  });
}

// ---- Axios -------------------------------------------------------------------------
class Axios {
  constructor(instanceConfig) {
    this.defaults = instanceConfig || {};
    this.interceptors = { request: new InterceptorManager(), response: new InterceptorManager() };
  }

  request(configOrUrl, config) {
    if (typeof configOrUrl === 'string') {
      config = config || {};
      config.url = configOrUrl;
    } else {
      config = configOrUrl || {};
    }
    config = mergeConfig(this.defaults, config);
    const { paramsSerializer, headers } = config;
    if (paramsSerializer != null && isFunction(paramsSerializer)) config.paramsSerializer = { serialize: paramsSerializer };
    if (config.allowAbsoluteUrls === undefined) {
      config.allowAbsoluteUrls = this.defaults.allowAbsoluteUrls !== undefined ? this.defaults.allowAbsoluteUrls : true;
    }
    config.method = (config.method || this.defaults.method || 'get').toLowerCase();

    const contextHeaders = headers && merge(false, headers.common, headers[config.method]);
    if (headers) {
      for (const m of [...METHODS_NO_DATA, ...METHODS_WITH_DATA, 'common']) delete headers[m];
    }
    config.headers = AxiosHeaders.concat(contextHeaders, headers);

    const requestChain = [];
    let synchronous = true;
    this.interceptors.request.forEach((interceptor) => {
      if (typeof interceptor.runWhen === 'function' && interceptor.runWhen(config) === false) return;
      synchronous = synchronous && interceptor.synchronous;
      requestChain.unshift(interceptor.fulfilled, interceptor.rejected);
    });
    const responseChain = [];
    this.interceptors.response.forEach((interceptor) => {
      responseChain.push(interceptor.fulfilled, interceptor.rejected);
    });

    let promise;
    let i = 0;
    if (!synchronous) {
      const chain = [dispatchRequest.bind(this), undefined, ...responseChain];
      chain.unshift(...requestChain);
      promise = Promise.resolve(config);
      while (i < chain.length) promise = promise.then(chain[i++], chain[i++]);
      return promise;
    }
    let newConfig = config;
    while (i < requestChain.length) {
      const onFulfilled = requestChain[i++];
      const onRejected = requestChain[i++];
      try {
        newConfig = onFulfilled ? onFulfilled(newConfig) : newConfig;
      } catch (error) {
        if (onRejected) onRejected.call(this, error);
        break;
      }
    }
    try {
      promise = dispatchRequest.call(this, newConfig);
    } catch (error) {
      return Promise.reject(error);
    }
    i = 0;
    while (i < responseChain.length) promise = promise.then(responseChain[i++], responseChain[i++]);
    return promise;
  }

  getUri(config) {
    config = mergeConfig(this.defaults, config);
    const fullPath = buildFullPath(config.baseURL, config.url, config.allowAbsoluteUrls);
    return buildURL(fullPath, config.params, config.paramsSerializer);
  }
}

for (const method of METHODS_NO_DATA) {
  Axios.prototype[method] = function (url, config) {
    return this.request(mergeConfig(config || {}, { method, url, data: (config || {}).data }));
  };
}
for (const method of METHODS_WITH_DATA) {
  const generate = (isForm) => function (url, data, config) {
    return this.request(mergeConfig(config || {}, {
      method,
      headers: isForm ? { 'Content-Type': 'multipart/form-data' } : {},
      url,
      data,
    }));
  };
  Axios.prototype[method] = generate(false);
  Axios.prototype[method + 'Form'] = generate(true);
}

function createInstance(defaultConfig) {
  const context = new Axios(defaultConfig);
  const instance = function axios(configOrUrl, config) { return context.request(configOrUrl, config); };
  for (const key of Object.getOwnPropertyNames(Axios.prototype)) {
    if (key !== 'constructor') instance[key] = Axios.prototype[key].bind(context);
  }
  instance.defaults = context.defaults;
  instance.interceptors = context.interceptors;
  instance.create = function create(instanceConfig) { return createInstance(mergeConfig(defaultConfig, instanceConfig)); };
  return instance;
}

const axios = createInstance(defaults);
axios.Axios = Axios;
axios.CanceledError = CanceledError;
axios.Cancel = CanceledError;
axios.CancelToken = CancelToken;
axios.isCancel = isCancel;
axios.VERSION = VERSION;
axios.toFormData = toFormData;
axios.AxiosError = AxiosError;
axios.AxiosHeaders = AxiosHeaders;
axios.all = (promises) => Promise.all(promises);
axios.spread = (callback) => (arr) => callback.apply(null, arr);
axios.isAxiosError = (payload) => isObject(payload) && payload.isAxiosError === true;
axios.mergeConfig = mergeConfig;
axios.getAdapter = () => fnboxAdapter;
axios.formToJSON = (form) => {
  const out = {};
  for (const [k, v] of form.entries()) out[k] = v;
  return out;
};
axios.default = axios;

module.exports = axios;
