// node:querystring for fnbox — written from Node's documented behaviour.
'use strict';

function hexValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

// Lenient byte-level percent-decoding; each UTF-16 unit is taken modulo 256,
// like Node's Buffer-based implementation.
function unescapeBytes(s, decodeSpaces) {
  const out = new Uint8Array(s.length);
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b /* + */ && decodeSpaces) {
      out[o++] = 0x20;
      continue;
    }
    if (c === 0x25 /* % */ && i + 2 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out[o++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[o++] = c & 0xff;
  }
  return out.subarray(0, o);
}

function unescapeBuffer(s, decodeSpaces) {
  const bytes = unescapeBytes(String(s), decodeSpaces);
  const { Buffer } = require('buffer');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function qsUnescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    // Malformed: decode byte-wise, with U+FFFD for invalid UTF-8 (maximal
    // subparts), as Buffer#toString('utf8') does.
    const bytes = unescapeBytes(s, decodeSpaces);
    return require('_codec').utf8Decode(bytes, 0, bytes.length, false);
  }
}

function qsEscape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  try {
    return encodeURIComponent(str);
  } catch (e) {
    const err = new URIError('URI malformed');
    err.code = 'ERR_INVALID_URI';
    throw err;
  }
}

function stringifyPrimitive(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && isFinite(v)) return '' + v;
  if (typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function encodeStringified(v, encode) {
  if (typeof v === 'string') return v.length ? encode(v) : '';
  if (typeof v === 'number' && isFinite(v)) return Math.abs(v) < 1e21 ? '' + v : encode('' + v);
  if (typeof v === 'bigint') return '' + v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function stringify(obj, sep, eq, options) {
  sep = sep || '&';
  eq = eq || '=';
  let encode = qsEscape;
  if (options && typeof options.encodeURIComponent === 'function') encode = options.encodeURIComponent;
  const convert = encode === qsEscape ? encodeStringified : (v, enc) => enc(stringifyPrimitive(v));
  if (obj !== null && typeof obj === 'object') {
    const keys = Object.keys(obj);
    const len = keys.length;
    let fields = '';
    for (let i = 0; i < len; ++i) {
      const k = keys[i];
      const v = obj[k];
      let ks = convert(k, encode);
      ks += eq;
      if (Array.isArray(v)) {
        const vlen = v.length;
        if (vlen === 0) continue;
        if (fields) fields += sep;
        for (let j = 0; j < vlen; ++j) {
          if (j) fields += sep;
          fields += ks;
          fields += convert(v[j], encode);
        }
      } else {
        if (fields) fields += sep;
        fields += ks;
        fields += convert(v, encode);
      }
    }
    return fields;
  }
  return '';
}

function addKeyVal(obj, key, value) {
  if (key in obj && Object.prototype.hasOwnProperty.call(obj, key)) {
    const cur = obj[key];
    if (Array.isArray(cur)) cur.push(value);
    else obj[key] = [cur, value];
  } else {
    obj[key] = value;
  }
}

function parse(qs, sep, eq, options) {
  const obj = Object.create(null);
  if (typeof qs !== 'string' || qs.length === 0) return obj;
  sep = sep ? String(sep) : '&';
  eq = eq ? String(eq) : '=';
  let maxKeys = 1000;
  if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
  const pairLimit = maxKeys > 0 ? maxKeys : Infinity;
  // A decodeURIComponent option, or an overridden querystring.unescape, is
  // applied to every key and value (with '+' passed as '%20').
  let customDecode = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : null;
  if (!customDecode && module.exports.unescape !== qsUnescape) customDecode = module.exports.unescape;
  // String searches first: in QuickJS a regex replace or test costs ~10x an
  // indexOf, and most keys and values have no '+' and no '%'.
  const decode = (s) => {
    if (customDecode) return customDecode(s.replaceAll('+', '%20'));
    s = s.replaceAll('+', ' ');
    // Only strings with a complete %XX escape are decoded.
    if (s.indexOf('%') === -1 || !/%[0-9a-fA-F]{2}/.test(s)) return s;
    return qsUnescape(s, true);
  };

  let pairs = 0;
  let pos = 0;
  while (pos <= qs.length && pairs < pairLimit) {
    let end = qs.indexOf(sep, pos);
    if (end === -1) end = qs.length;
    const chunk = qs.slice(pos, end);
    pos = end + sep.length;
    pairs++; // empty chunks count against maxKeys too
    if (chunk.length === 0) {
      if (end >= qs.length) break;
      continue;
    }
    const e = chunk.indexOf(eq);
    let key, value;
    if (e === -1) {
      key = chunk;
      value = '';
    } else {
      key = chunk.slice(0, e);
      value = chunk.slice(e + eq.length);
    }
    addKeyVal(obj, decode(key), decode(value));
    if (end >= qs.length) break;
  }
  return obj;
}

module.exports = {
  unescapeBuffer,
  unescape: qsUnescape,
  escape: qsEscape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};
