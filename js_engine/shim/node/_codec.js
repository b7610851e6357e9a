'use strict';
// Byte <-> string codecs for fnbox's node:buffer, util's TextEncoder /
// TextDecoder and string_decoder.  A module of its own, with no
// dependencies, so that those can encode and decode without loading all of
// buffer (util, preloaded in every image, requires it at load).

// Native helpers QuickJS-NG provides (captured now: this module is loaded
// with util, before user code, which may replace the globals).  Each codec
// has a plain JavaScript version too, used when a helper is missing (e.g.
// under Node 20).
function nativeFn(f) {
  return typeof f === 'function' && /\[native code\]/.test(Function.prototype.toString.call(f)) ? f : null;
}
const native = {
  btoa: nativeFn(globalThis.btoa),
  escape: nativeFn(globalThis.escape),
  unescape: nativeFn(globalThis.unescape),
  encodeURIComponent,
  decodeURIComponent,
  fromBase64: typeof Uint8Array.fromBase64 === 'function' ? Uint8Array.fromBase64 : null,
  toBase64: typeof Uint8Array.prototype.toBase64 === 'function' ? Uint8Array.prototype.toBase64 : null,
  fromHex: typeof Uint8Array.fromHex === 'function' ? Uint8Array.fromHex : null,
  toHex: typeof Uint8Array.prototype.toHex === 'function' ? Uint8Array.prototype.toHex : null,
  isWellFormed: typeof String.prototype.isWellFormed === 'function' ? String.prototype.isWellFormed : null,
  toWellFormed: typeof String.prototype.toWellFormed === 'function' ? String.prototype.toWellFormed : null,
};
const canB64 = native.fromBase64 !== null && native.toBase64 !== null && native.btoa !== null;
const canUtf8 = canB64 && native.escape !== null && native.unescape !== null && native.toWellFormed !== null;
const canHex = native.fromHex !== null && native.toHex !== null;
const b64Loose = { lastChunkHandling: 'loose' };
const b64UrlOpts = { alphabet: 'base64url', omitPadding: true };
// Below this many characters or bytes the plain loops are as cheap as the
// native helpers; above it the helpers win by far (a JavaScript loop costs
// 1-3k fuel per character, a native call ~5-10k in all), so it is small.
const FAST_MIN = 4;

// Bytes of a string whose code units are all <= 0xFF.
function latin1StringToBytes(str) {
  return native.fromBase64(native.btoa(str));
}
function charsToString(units) {
  // String.fromCharCode in chunks (argument count limits).
  if (units.length < 8192) return String.fromCharCode.apply(null, units);
  let s = '';
  for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode.apply(null, units.slice(i, i + 8192));
  return s;
}

function utf8Length(str) {
  if (str.length >= FAST_MIN && /^[\x00-\x7f]*$/.test(str)) return str.length;
  let n = 0;
  const len = str.length;
  for (let i = 0; i < len; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < len) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xDC00 && d <= 0xDFFF) { n += 4; i++; } else n += 3;
    } else n += 3;
  }
  return n;
}

// Writes `str` as UTF-8 into `dst` from `pos`, at most `max` bytes, whole
// characters only.  Returns [bytesWritten, charsRead].
function utf8Write(str, dst, pos, max) {
  const start = pos;
  const end = pos + max;
  const len = str.length;
  let i = 0;
  for (; i < len; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (pos >= end) break;
      dst[pos++] = c;
      continue;
    }
    if (c < 0x800) {
      if (pos + 2 > end) break;
      dst[pos++] = 0xC0 | (c >> 6);
      dst[pos++] = 0x80 | (c & 0x3F);
      continue;
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
      if (c <= 0xDBFF && i + 1 < len) {
        const d = str.charCodeAt(i + 1);
        if (d >= 0xDC00 && d <= 0xDFFF) {
          if (pos + 4 > end) break;
          const cp = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
          dst[pos++] = 0xF0 | (cp >> 18);
          dst[pos++] = 0x80 | ((cp >> 12) & 0x3F);
          dst[pos++] = 0x80 | ((cp >> 6) & 0x3F);
          dst[pos++] = 0x80 | (cp & 0x3F);
          i++;
          continue;
        }
      }
      c = 0xFFFD;
    }
    if (pos + 3 > end) break;
    dst[pos++] = 0xE0 | (c >> 12);
    dst[pos++] = 0x80 | ((c >> 6) & 0x3F);
    dst[pos++] = 0x80 | (c & 0x3F);
  }
  return [pos - start, i];
}

function utf8Encode(str) {
  if (canUtf8 && str.length >= FAST_MIN) {
    // encodeURIComponent escapes the UTF-8 bytes; unescape turns them into a
    // byte string; btoa + fromBase64 turn that into bytes.  All native.
    const wf = native.isWellFormed.call(str) ? str : native.toWellFormed.call(str);
    return latin1StringToBytes(native.unescape(native.encodeURIComponent(wf)));
  }
  const out = new Uint8Array(utf8Length(str));
  utf8Write(str, out, 0, out.length);
  return out;
}

function utf8EncodeInto(str, dest) {
  const [written, read] = utf8Write(str, dest, 0, dest.length);
  return { read, written };
}

// WHATWG UTF-8 decoding (maximal subpart replacement, as V8 does).
// Returns null on the first error when `fatal`.
function utf8Decode(bytes, start, end, fatal) {
  if (end - start >= FAST_MIN) {
    const latin = latin1Decode(bytes, start, end);
    if (!/[\x80-\xff]/.test(latin)) return latin;
    if (native.escape !== null) {
      // Valid UTF-8 round-trips through the URI decoder, which rejects
      // anything malformed (then the exact decoder below takes over).
      try { return native.decodeURIComponent(native.escape(latin)); } catch (e) { /* malformed */ }
    }
  }
  return utf8DecodeSlow(bytes, start, end, fatal);
}

function utf8DecodeSlow(bytes, start, end, fatal) {
  let out = '';
  const units = [];
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      units.push(b);
      i++;
    } else {
      let need;
      let cp;
      let lower = 0x80;
      let upper = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; }
      else if (b >= 0xE0 && b <= 0xEF) {
        if (b === 0xE0) lower = 0xA0;
        if (b === 0xED) upper = 0x9F;
        need = 2;
        cp = b & 0xF;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b === 0xF0) lower = 0x90;
        if (b === 0xF4) upper = 0x8F;
        need = 3;
        cp = b & 7;
      } else {
        if (fatal) return null;
        units.push(0xFFFD);
        i++;
        continue;
      }
      let j = i + 1;
      let ok = true;
      for (let k = 0; k < need; k++, j++) {
        if (j >= end) { ok = false; break; }
        const c = bytes[j];
        if (c < lower || c > upper) { ok = false; break; }
        lower = 0x80;
        upper = 0xBF;
        cp = (cp << 6) | (c & 0x3F);
      }
      i = j;
      if (!ok) {
        if (fatal) return null;
        units.push(0xFFFD);
      } else if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
      } else {
        units.push(cp);
      }
    }
    if (units.length >= 8192) {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, units);
}

// Number of bytes at the end of bytes[start:end] that form an incomplete but
// so-far valid UTF-8 sequence (to be held back when streaming).
function utf8IncompleteTail(bytes, start, end) {
  for (let back = 1; back <= 3 && end - back >= start; back++) {
    const b = bytes[end - back];
    if (b >= 0x80 && b <= 0xBF) continue;
    let need;
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    else if (b >= 0xE0 && b <= 0xEF) need = 2;
    else if (b >= 0xF0 && b <= 0xF4) need = 3;
    else return 0;
    if (back > need) return 0; // the sequence (lead + `need` bytes) is complete
    // Check the second byte's special range.
    if (back >= 2) {
      const c = bytes[end - back + 1];
      let lower = 0x80;
      let upper = 0xBF;
      if (b === 0xE0) lower = 0xA0;
      else if (b === 0xED) upper = 0x9F;
      else if (b === 0xF0) lower = 0x90;
      else if (b === 0xF4) upper = 0x8F;
      if (c < lower || c > upper) return 0;
    }
    return back;
  }
  return 0;
}

function latin1Decode(bytes, start, end) {
  let out = '';
  for (let i = start; i < end; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 8192)));
  }
  return out;
}

function asciiDecode(bytes, start, end) {
  if (end - start >= FAST_MIN) {
    const latin = latin1Decode(bytes, start, end);
    return latin.replace(/[\x80-\xff]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0x7F));
  }
  const units = [];
  let out = '';
  for (let i = start; i < end; i++) {
    units.push(bytes[i] & 0x7F);
    if (units.length >= 8192) { out += String.fromCharCode.apply(null, units); units.length = 0; }
  }
  return out + String.fromCharCode.apply(null, units);
}

function ucs2Decode(bytes, start, end) {
  const units = [];
  let out = '';
  for (let i = start; i + 1 < end; i += 2) {
    units.push(bytes[i] | (bytes[i + 1] << 8));
    if (units.length >= 8192) { out += String.fromCharCode.apply(null, units); units.length = 0; }
  }
  return out + String.fromCharCode.apply(null, units);
}

const hexChars = '0123456789abcdef';
function hexDecode(bytes, start, end) {
  if (canHex && end - start >= FAST_MIN) return native.toHex.call(bytes.subarray(start, end));
  let out = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    out += hexChars[b >> 4] + hexChars[b & 15];
  }
  return out;
}

const b64Chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64UrlChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function base64Encode(bytes, start, end, url) {
  if (canB64 && end - start >= FAST_MIN) {
    return native.toBase64.call(bytes.subarray(start, end), url ? b64UrlOpts : undefined);
  }
  const chars = url ? b64UrlChars : b64Chars;
  let out = '';
  let i = start;
  for (; i + 2 < end; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += chars[n >> 18] + chars[(n >> 12) & 63] + chars[(n >> 6) & 63] + chars[n & 63];
  }
  const rest = end - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += chars[n >> 18] + chars[(n >> 12) & 63] + (url ? '' : '==');
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += chars[n >> 18] + chars[(n >> 12) & 63] + chars[(n >> 6) & 63] + (url ? '' : '=');
  }
  return out;
}

function b64Value(c) {
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 71;
  if (c >= 48 && c <= 57) return c + 4;
  if (c === 43 || c === 45) return 62;
  if (c === 47 || c === 95) return 63;
  return -1;
}

// Node's forgiving decoder: either alphabet, characters outside it skipped,
// decoding stops at the first '='.
function base64DecodeInto(str, dst, pos, max) {
  const end = pos + max;
  const start = pos;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c === 61) break;
    const v = b64Value(c);
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (pos >= end) return pos - start;
      dst[pos++] = (acc >> bits) & 0xFF;
    }
  }
  return pos - start;
}

// Node's lenient base64 (see base64DecodeInto) as a fresh byte array.
function base64ToBytes(str) {
  if (canB64 && str.length >= FAST_MIN) {
    // Well-formed input (whitespace allowed) decodes the same either way.
    try { return native.fromBase64(str, b64Loose); } catch (e) { /* lenient path */ }
    const eq = str.indexOf('=');
    if (eq !== -1) str = str.slice(0, eq);
    str = str.replace(/[^A-Za-z0-9+/\-_]/g, '');
    if (/[-_]/.test(str)) str = str.replace(/-/g, '+').replace(/_/g, '/');
    if (str.length % 4 === 1) str = str.slice(0, -1);
    return native.fromBase64(str, b64Loose);
  }
  const out = new Uint8Array(base64ByteLength(str));
  const n = base64DecodeInto(str, out, 0, out.length);
  return n === out.length ? out : out.subarray(0, n);
}

function hexToBytes(str) {
  if (canHex && str.length >= FAST_MIN) {
    try { return native.fromHex(str.length % 2 ? str.slice(0, -1) : str); } catch (e) { /* stops early */ }
  }
  let n = str.length >>> 1;
  const bad = str.search(/[^0-9a-fA-F]/);
  if (bad !== -1 && bad < n * 2) n = bad >>> 1;
  if (canHex) return native.fromHex(str.slice(0, n * 2));
  const out = new Uint8Array(n);
  hexDecodeInto(str, out, 0, n);
  return out;
}

function latin1ToBytes(str) {
  if (canB64 && str.length >= FAST_MIN) {
    if (!/^[\x00-\xff]*$/.test(str)) {
      str = str.replace(/[^\x00-\xff]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0xFF));
    }
    return latin1StringToBytes(str);
  }
  const out = new Uint8Array(str.length);
  latin1WriteInto(str, out, 0, str.length);
  return out;
}

// A string in `enc` as a fresh byte array.
function encodeToBytes(str, enc) {
  switch (enc) {
    case 'utf8': return utf8Encode(str);
    case 'base64': case 'base64url': return base64ToBytes(str);
    case 'hex': return hexToBytes(str);
    case 'latin1': case 'ascii': return latin1ToBytes(str);
  }
  const out = new Uint8Array(str.length * 2);
  ucs2WriteInto(str, out, 0, out.length);
  return out;
}

function base64ByteLength(str) {
  let len = str.length;
  if (len > 0 && str.charCodeAt(len - 1) === 0x3D) len--;
  if (len > 1 && str.charCodeAt(len - 1) === 0x3D) len--;
  return (len * 3) >>> 2;
}

function hexValue(c) {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function hexDecodeInto(str, dst, pos, max) {
  const n = Math.min(str.length >>> 1, max);
  let i = 0;
  for (; i < n; i++) {
    const hi = hexValue(str.charCodeAt(i * 2));
    const lo = hexValue(str.charCodeAt(i * 2 + 1));
    if (hi < 0 || lo < 0) break;
    dst[pos + i] = (hi << 4) | lo;
  }
  return i;
}

function latin1WriteInto(str, dst, pos, max) {
  const n = Math.min(str.length, max);
  for (let i = 0; i < n; i++) dst[pos + i] = str.charCodeAt(i) & 0xFF;
  return n;
}

function ucs2WriteInto(str, dst, pos, max) {
  const n = Math.min(str.length, max >>> 1);
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    dst[pos + 2 * i] = c & 0xFF;
    dst[pos + 2 * i + 1] = c >> 8;
  }
  return n * 2;
}

function normalizeEncoding(enc) {
  if (enc == null || enc === 'utf8' || enc === 'utf-8') return 'utf8';
  switch (String(enc).toLowerCase()) {
    case 'utf8': case 'utf-8': case '': return 'utf8';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    case 'latin1': case 'binary': return 'latin1';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'hex': return 'hex';
    case 'ascii': return 'ascii';
    default: return undefined;
  }
}

function byteLengthOf(str, enc) {
  switch (enc) {
    case 'utf8': return utf8Length(str);
    case 'utf16le': return str.length * 2;
    case 'latin1': case 'ascii': return str.length;
    case 'base64': case 'base64url': return base64ByteLength(str);
    case 'hex': return str.length >>> 1;
  }
  return utf8Length(str);
}

// Write `str` in `enc` into dst[pos, pos+max); returns bytes written.
function writeEncoded(str, enc, dst, pos, max) {
  if (str.length >= FAST_MIN && enc !== 'utf16le') {
    const bytes = encodeToBytes(str, enc);
    if (bytes.length <= max || enc !== 'utf8') {
      const n = Math.min(bytes.length, max);
      dst.set(n === bytes.length ? bytes : bytes.subarray(0, n), pos);
      return n;
    }
  }
  switch (enc) {
    case 'utf8': return utf8Write(str, dst, pos, max)[0];
    case 'utf16le': return ucs2WriteInto(str, dst, pos, max);
    case 'latin1': case 'ascii': return latin1WriteInto(str, dst, pos, max);
    case 'base64': case 'base64url': return base64DecodeInto(str, dst, pos, max);
    case 'hex': return hexDecodeInto(str, dst, pos, max);
  }
  return utf8Write(str, dst, pos, max)[0];
}

function decodeSlice(bytes, enc, start, end) {
  switch (enc) {
    case 'utf8': return utf8Decode(bytes, start, end, false);
    case 'utf16le': return ucs2Decode(bytes, start, end);
    case 'latin1': return latin1Decode(bytes, start, end);
    case 'ascii': return asciiDecode(bytes, start, end);
    case 'base64': return base64Encode(bytes, start, end, false);
    case 'base64url': return base64Encode(bytes, start, end, true);
    case 'hex': return hexDecode(bytes, start, end);
  }
  return utf8Decode(bytes, start, end, false);
}

module.exports = {
  utf8Length, utf8Write, utf8Encode, utf8EncodeInto, utf8Decode, utf8IncompleteTail, latin1Decode, asciiDecode,
  ucs2Decode, hexChars, hexDecode, base64Encode, base64DecodeInto, encodeToBytes, base64ByteLength, latin1WriteInto,
  normalizeEncoding, byteLengthOf, writeEncoded, decodeSlice,
};
