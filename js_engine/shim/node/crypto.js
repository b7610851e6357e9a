// node:crypto for fnbox — hashes, HMAC, PBKDF2 and randomness in plain JS.
//
// Hash functions (MD5, SHA-1, SHA-224/256, SHA-384/512) are implemented here
// from RFC 1321 and FIPS 180-4.  SHA-384/512 use pairs of 32-bit integers
// (no BigInt) so they stay fast in the interpreter.  Randomness comes from the
// host through `internal.randomFill`.  Ciphers, signatures and key objects are
// not provided: use a pure-JS library if a function needs them.
'use strict';

// ---- small helpers -----------------------------------------------------------
// Nearly every operation returns a Buffer, so buffer loads with crypto: a
// snapshot that preloads crypto then carries it too, instead of each
// invocation loading it (millions of fuel) on its first randomBytes/digest.
const BufferCtor = require('buffer').Buffer;
function getBuffer() {
  return BufferCtor;
}

const errors = require('_errors');
const codedError = errors.codedError;

function describeReceived(value) {
  return Object.is(value, -0) ? 'Received type number (-0)' : errors.describeReceived(value);
}

function invalidArgType(name, expected, value) {
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be ${expected}. ${describeReceived(value)}`);
}

function formatInt(n) {
  // Node prints large integers in range errors with underscores.
  const s = String(n);
  if (!/^-?\d+$/.test(s) || Math.abs(n) < 1000) return s;
  const neg = s[0] === '-';
  let digits = neg ? s.slice(1) : s;
  let out = '';
  while (digits.length > 3) { out = '_' + digits.slice(-3) + out; digits = digits.slice(0, -3); }
  return (neg ? '-' : '') + digits + out;
}

function outOfRange(name, range, value) {
  return codedError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${formatInt(value)}`);
}

function domException(message, name) {
  return new DOMException(message, name);
}

// UTF-8 encoding of a JS string (lone surrogates become U+FFFD like Node).
function utf8Encode(str) {
  const len = str.length;
  let ascii = true;
  for (let i = 0; i < len; i++) {
    if (str.charCodeAt(i) > 0x7f) { ascii = false; break; }
  }
  if (ascii) {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = str.charCodeAt(i);
    return out;
  }
  const out = new Uint8Array(len * 3);
  let p = 0;
  for (let i = 0; i < len; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < len ? str.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[p++] = 0xf0 | (c >> 18);
          out[p++] = 0x80 | ((c >> 12) & 63);
          out[p++] = 0x80 | ((c >> 6) & 63);
          out[p++] = 0x80 | (c & 63);
          continue;
        }
        c = 0xfffd;
      }
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    }
  }
  return out.subarray(0, p);
}

function normEncoding(enc) {
  if (enc === undefined || enc === null) return undefined;
  const e = String(enc).toLowerCase();
  switch (e) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'latin1': case 'binary': return 'latin1';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'ascii': return 'ascii';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    default: return e;
  }
}

// Bytes of a string in an input encoding; unknown encodings mean utf8 (as Node).
function stringBytes(str, enc) {
  const e = normEncoding(enc);
  if (e === undefined || e === 'utf8') return utf8Encode(str);
  if (e === 'latin1' || e === 'ascii') {
    const out = new Uint8Array(str.length);
    for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i) & 0xff;
    return out;
  }
  if (e === 'hex' || e === 'base64' || e === 'base64url' || e === 'utf16le') {
    const b = getBuffer().from(str, e);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  return utf8Encode(str);
}

function viewBytes(v) {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

// data argument of update(): string, Buffer, TypedArray or DataView.
function dataBytes(data, enc, argName) {
  if (typeof data === 'string') return stringBytes(data, enc);
  if (ArrayBuffer.isView(data)) return viewBytes(data);
  throw invalidArgType(argName || 'data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

// Any binary-like input (also ArrayBuffer), for keys/passwords/salts.
function binaryLike(data, argName, expected) {
  if (typeof data === 'string') return utf8Encode(data);
  if (ArrayBuffer.isView(data)) return viewBytes(data);
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer)) {
    return new Uint8Array(data);
  }
  throw invalidArgType(argName, expected, data);
}

const HEX = '0123456789abcdef';
// Uint8Array#toHex is native in QuickJS-NG (~5k fuel for a digest, against
// ~3k per byte for the loop, which stays for engines without it).
const nativeToHex = typeof Uint8Array.prototype.toHex === 'function' ? Uint8Array.prototype.toHex : null;
function toHex(bytes) {
  if (nativeToHex !== null) return nativeToHex.call(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return s;
}

function encodeOutput(bytes, enc) {
  const e = normEncoding(enc);
  if (e === 'hex') return toHex(bytes);
  if (e === 'latin1') {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
  const Buffer = getBuffer();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e === undefined || e === 'buffer') return buf;
  if (e === 'base64' || e === 'base64url' || e === 'utf8' || e === 'ascii' || e === 'utf16le') {
    return buf.toString(e);
  }
  // Node returns the Buffer for an encoding it does not know.
  return buf;
}

// ---- constants (FIPS 180-4, RFC 1321) --------------------------------------------
let K256 = null, K512 = null, MD5T = null;
function k256() {
  if (K256 === null) {
    K256 = new Int32Array([
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]);
  }
  return K256;
}

function k512() {
  // 80 constants as (high, low) 32-bit pairs.
  if (K512 === null) {
    K512 = new Int32Array([
      0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
      0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
      0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
      0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
      0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
      0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
      0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
      0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
      0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
      0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
      0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
      0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
      0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
      0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
      0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
      0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
      0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
      0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
      0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
      0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
    ]);
  }
  return K512;
}

function md5T() {
  if (MD5T === null) {
    MD5T = new Int32Array([
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
      0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
      0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
      0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
      0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
      0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
      0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    ]);
  }
  return MD5T;
}

const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

// ---- hash cores ----------------------------------------------------------------
// A core keeps the chaining state plus a partial block; update() takes bytes,
// finish() returns the digest bytes.  Cores know how to clone themselves.

// Parameters per algorithm: block size, digest length, big/little endian length.
const ALGORITHMS = {
  md5: { block: 64, out: 16, init: () => new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]), compress: md5Block, le: true },
  sha1: { block: 64, out: 20, init: () => new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]), compress: sha1Block },
  sha224: { block: 64, out: 28, init: () => new Int32Array([0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4]), compress: sha256Block },
  sha256: { block: 64, out: 32, init: () => new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]), compress: sha256Block },
  sha384: {
    block: 128, out: 48, compress: sha512Block,
    init: () => new Int32Array([0xcbbb9d5d, 0xc1059ed8, 0x629a292a, 0x367cd507, 0x9159015a, 0x3070dd17, 0x152fecd8, 0xf70e5939,
      0x67332667, 0xffc00b31, 0x8eb44a87, 0x68581511, 0xdb0c2e0d, 0x64f98fa7, 0x47b5481d, 0xbefa4fa4]),
  },
  sha512: {
    block: 128, out: 64, compress: sha512Block,
    init: () => new Int32Array([0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1,
      0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179]),
  },
};

// Names accepted by createHash/createHmac (case-insensitive), like OpenSSL's.
const ALIASES = {
  md5: 'md5', 'rsa-md5': 'md5', 'ssl3-md5': 'md5', md5withrsaencryption: 'md5',
  sha1: 'sha1', 'sha-1': 'sha1', 'rsa-sha1': 'sha1', 'ssl3-sha1': 'sha1', sha1withrsaencryption: 'sha1', 'rsa-sha1-2': 'sha1',
  sha224: 'sha224', 'sha-224': 'sha224', 'rsa-sha224': 'sha224', sha224withrsaencryption: 'sha224', 'sha2-224': 'sha224',
  sha256: 'sha256', 'sha-256': 'sha256', 'rsa-sha256': 'sha256', sha256withrsaencryption: 'sha256', 'sha2-256': 'sha256',
  sha384: 'sha384', 'sha-384': 'sha384', 'rsa-sha384': 'sha384', sha384withrsaencryption: 'sha384', 'sha2-384': 'sha384',
  sha512: 'sha512', 'sha-512': 'sha512', 'rsa-sha512': 'sha512', sha512withrsaencryption: 'sha512', 'sha2-512': 'sha512',
};

function lookupAlgorithm(name) {
  if (typeof name !== 'string') return null;
  const key = ALIASES[name.toLowerCase()];
  return key ? key : null;
}

class HashCore {
  constructor(alg) {
    if (alg === undefined) return; // used by clone()
    const p = ALGORITHMS[alg];
    this.alg = alg;
    this.p = p;
    this.state = p.init();
    this.buf = new Uint8Array(p.block);
    this.bufLen = 0;
    this.total = 0; // bytes so far (safe up to 2^53)
  }

  clone() {
    const c = new HashCore();
    c.alg = this.alg;
    c.p = this.p;
    c.state = this.state.slice();
    c.buf = this.buf.slice();
    c.bufLen = this.bufLen;
    c.total = this.total;
    return c;
  }

  update(bytes) {
    const block = this.p.block, compress = this.p.compress, state = this.state, buf = this.buf;
    const len = bytes.length;
    this.total += len;
    let i = 0;
    if (this.bufLen > 0) {
      const take = Math.min(block - this.bufLen, len);
      buf.set(bytes.subarray(0, take), this.bufLen);
      this.bufLen += take;
      i = take;
      if (this.bufLen < block) return;
      compress(state, buf, 0);
      this.bufLen = 0;
    }
    for (; i + block <= len; i += block) compress(state, bytes, i);
    if (i < len) {
      buf.set(bytes.subarray(i), 0);
      this.bufLen = len - i;
    }
  }

  finish() {
    const p = this.p, block = p.block, buf = this.buf, state = this.state;
    const lenBytes = block === 128 ? 16 : 8;
    const bitsHi = Math.floor(this.total / 0x20000000); // total * 8 / 2^32
    const bitsLo = (this.total * 8) >>> 0;
    let n = this.bufLen;
    buf[n++] = 0x80;
    if (n > block - lenBytes) {
      buf.fill(0, n);
      p.compress(state, buf, 0);
      n = 0;
    }
    buf.fill(0, n);
    if (p.le) {
      buf[block - 8] = bitsLo; buf[block - 7] = bitsLo >>> 8; buf[block - 6] = bitsLo >>> 16; buf[block - 5] = bitsLo >>> 24;
      buf[block - 4] = bitsHi; buf[block - 3] = bitsHi >>> 8; buf[block - 2] = bitsHi >>> 16; buf[block - 1] = bitsHi >>> 24;
    } else {
      buf[block - 8] = bitsHi >>> 24; buf[block - 7] = bitsHi >>> 16; buf[block - 6] = bitsHi >>> 8; buf[block - 5] = bitsHi;
      buf[block - 4] = bitsLo >>> 24; buf[block - 3] = bitsLo >>> 16; buf[block - 2] = bitsLo >>> 8; buf[block - 1] = bitsLo;
    }
    p.compress(state, buf, 0);
    const out = new Uint8Array(p.out);
    for (let i = 0; i < p.out; i++) {
      const w = state[i >> 2];
      out[i] = p.le ? (w >>> ((i & 3) * 8)) : (w >>> (24 - (i & 3) * 8));
    }
    return out;
  }
}

// RFC 1321
const md5X = new Int32Array(16);
function md5Block(st, b, o) {
  const X = md5X, T = md5T(), S = MD5_S;
  for (let i = 0; i < 16; i++) {
    const j = o + i * 4;
    X[i] = b[j] | (b[j + 1] << 8) | (b[j + 2] << 16) | (b[j + 3] << 24);
  }
  let a = st[0], bb = st[1], c = st[2], d = st[3];
  for (let i = 0; i < 64; i++) {
    let f, g, s;
    if (i < 16) { f = (bb & c) | (~bb & d); g = i; s = S[i & 3]; }
    else if (i < 32) { f = (d & bb) | (~d & c); g = (5 * i + 1) & 15; s = S[4 + (i & 3)]; }
    else if (i < 48) { f = bb ^ c ^ d; g = (3 * i + 5) & 15; s = S[8 + (i & 3)]; }
    else { f = c ^ (bb | ~d); g = (7 * i) & 15; s = S[12 + (i & 3)]; }
    const t = (a + f + T[i] + X[g]) | 0;
    a = d; d = c; c = bb;
    bb = (bb + ((t << s) | (t >>> (32 - s)))) | 0;
  }
  st[0] = (st[0] + a) | 0; st[1] = (st[1] + bb) | 0; st[2] = (st[2] + c) | 0; st[3] = (st[3] + d) | 0;
}

// FIPS 180-4 SHA-1
const sha1W = new Int32Array(80);
function sha1Block(st, b, o) {
  const W = sha1W;
  for (let i = 0; i < 16; i++) {
    const j = o + i * 4;
    W[i] = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
  }
  for (let i = 16; i < 80; i++) {
    const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
    W[i] = (x << 1) | (x >>> 31);
  }
  let a = st[0], bb = st[1], c = st[2], d = st[3], e = st[4];
  for (let i = 0; i < 80; i++) {
    let f, k;
    if (i < 20) { f = (bb & c) | (~bb & d); k = 0x5a827999; }
    else if (i < 40) { f = bb ^ c ^ d; k = 0x6ed9eba1; }
    else if (i < 60) { f = (bb & c) | (bb & d) | (c & d); k = 0x8f1bbcdc; }
    else { f = bb ^ c ^ d; k = 0xca62c1d6; }
    const t = (((a << 5) | (a >>> 27)) + f + e + k + W[i]) | 0;
    e = d; d = c; c = (bb << 30) | (bb >>> 2); bb = a; a = t;
  }
  st[0] = (st[0] + a) | 0; st[1] = (st[1] + bb) | 0; st[2] = (st[2] + c) | 0;
  st[3] = (st[3] + d) | 0; st[4] = (st[4] + e) | 0;
}

// FIPS 180-4 SHA-256 (and SHA-224, which differs only in IV and output length)
const sha256W = new Int32Array(64);
function sha256Block(st, b, o) {
  const W = sha256W, K = k256();
  for (let i = 0; i < 16; i++) {
    const j = o + i * 4;
    W[i] = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15], y = W[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = st[0], bb = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & bb) ^ (a & c) ^ (bb & c);
    const t2 = (S0 + maj) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
  }
  st[0] = (st[0] + a) | 0; st[1] = (st[1] + bb) | 0; st[2] = (st[2] + c) | 0; st[3] = (st[3] + d) | 0;
  st[4] = (st[4] + e) | 0; st[5] = (st[5] + f) | 0; st[6] = (st[6] + g) | 0; st[7] = (st[7] + h) | 0;
}

// FIPS 180-4 SHA-512 (and SHA-384) with 64-bit words as (hi, lo) int32 pairs.
// Addition: lo = (al + bl) >>> 0; carry when the unsigned sum wrapped.
const sha512W = new Int32Array(160);
function sha512Block(st, b, o) {
  const W = sha512W, K = k512();
  for (let i = 0; i < 32; i++) {
    const j = o + i * 4;
    W[i] = (b[j] << 24) | (b[j + 1] << 16) | (b[j + 2] << 8) | b[j + 3];
  }
  for (let i = 32; i < 160; i += 2) {
    // sigma0(W[t-15]) = ROTR1 ^ ROTR8 ^ SHR7
    let xh = W[i - 30], xl = W[i - 29];
    const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
    const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
    // sigma1(W[t-2]) = ROTR19 ^ ROTR61 ^ SHR6
    xh = W[i - 4]; xl = W[i - 3];
    const s1h = ((xh >>> 19) | (xl << 13)) ^ ((xl >>> 29) | (xh << 3)) ^ (xh >>> 6);
    const s1l = ((xl >>> 19) | (xh << 13)) ^ ((xh >>> 29) | (xl << 3)) ^ ((xl >>> 6) | (xh << 26));
    // W[t] = s1 + W[t-7] + s0 + W[t-16]
    let lo = (s1l >>> 0) + (W[i - 13] >>> 0) + (s0l >>> 0) + (W[i - 31] >>> 0);
    let hi = s1h + W[i - 14] + s0h + W[i - 32] + ((lo / 0x100000000) | 0);
    W[i] = hi | 0;
    W[i + 1] = lo | 0;
  }
  let ah = st[0], al = st[1], bh = st[2], bl = st[3], ch = st[4], cl = st[5], dh = st[6], dl = st[7];
  let eh = st[8], el = st[9], fh = st[10], fl = st[11], gh = st[12], gl = st[13], hh = st[14], hl = st[15];
  for (let i = 0; i < 160; i += 2) {
    // Sigma1(e) = ROTR14 ^ ROTR18 ^ ROTR41
    const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
    const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
    const chh = (eh & fh) ^ (~eh & gh);
    const chl = (el & fl) ^ (~el & gl);
    // t1 = h + S1 + ch + K[i] + W[i]
    let lo = (hl >>> 0) + (S1l >>> 0) + (chl >>> 0) + (K[i + 1] >>> 0) + (W[i + 1] >>> 0);
    const t1h = (hh + S1h + chh + K[i] + W[i] + ((lo / 0x100000000) | 0)) | 0;
    const t1l = lo | 0;
    // Sigma0(a) = ROTR28 ^ ROTR34 ^ ROTR39
    const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
    const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
    const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
    const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
    lo = (S0l >>> 0) + (majl >>> 0);
    const t2h = (S0h + majh + ((lo / 0x100000000) | 0)) | 0;
    const t2l = lo | 0;
    hh = gh; hl = gl; gh = fh; gl = fl; fh = eh; fl = el;
    lo = (dl >>> 0) + (t1l >>> 0);
    eh = (dh + t1h + ((lo / 0x100000000) | 0)) | 0; el = lo | 0;
    dh = ch; dl = cl; ch = bh; cl = bl; bh = ah; bl = al;
    lo = (t1l >>> 0) + (t2l >>> 0);
    ah = (t1h + t2h + ((lo / 0x100000000) | 0)) | 0; al = lo | 0;
  }
  add64(st, 0, ah, al); add64(st, 2, bh, bl); add64(st, 4, ch, cl); add64(st, 6, dh, dl);
  add64(st, 8, eh, el); add64(st, 10, fh, fl); add64(st, 12, gh, gl); add64(st, 14, hh, hl);
}

function add64(st, i, h, l) {
  const lo = (st[i + 1] >>> 0) + (l >>> 0);
  st[i] = (st[i] + h + ((lo / 0x100000000) | 0)) | 0;
  st[i + 1] = lo | 0;
}

function digestBytes(alg, bytes) {
  const core = new HashCore(alg);
  core.update(bytes);
  return core.finish();
}

// ---- Hash / Hmac objects -------------------------------------------------------
const kCore = Symbol('kCore');
const kFinal = Symbol('kFinal');
const kResult = Symbol('kResult');

// Internal state stays out of util.inspect / Object.assign.
function hidden(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}

function finalized() {
  return codedError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
}

function Hash(algorithm, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, options);
  if (algorithm instanceof Hash) {
    // internal: copy
    if (algorithm[kFinal]) throw finalized();
    hidden(this, kCore, algorithm[kCore].clone());
    hidden(this, kFinal, false);
    return;
  }
  if (typeof algorithm !== 'string') throw invalidArgType('algorithm', 'of type string', algorithm);
  const alg = lookupAlgorithm(algorithm);
  if (alg === null) throw new Error('Digest method not supported');
  hidden(this, kCore, new HashCore(alg));
  hidden(this, kFinal, false);
}

Hash.prototype.update = function update(data, encoding) {
  if (this[kFinal]) throw finalized();
  this[kCore].update(dataBytes(data, encoding));
  return this;
};

Hash.prototype.digest = function digest(outputEncoding) {
  if (this[kFinal]) throw finalized();
  this[kFinal] = true;
  return encodeOutput(this[kCore].finish(), outputEncoding);
};

Hash.prototype.copy = function copy() {
  return new Hash(this);
};

// Minimal stream-ish helpers some libraries use.
Hash.prototype.write = function write(chunk, encoding, cb) {
  this.update(chunk, typeof encoding === 'string' ? encoding : undefined);
  if (typeof encoding === 'function') encoding();
  else if (typeof cb === 'function') cb();
  return true;
};
Hash.prototype.end = function end(chunk, encoding) {
  if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') this.update(chunk, typeof encoding === 'string' ? encoding : undefined);
  hidden(this, kResult, this.digest());
  return this;
};
Hash.prototype.read = function read() {
  const r = this[kResult];
  hidden(this, kResult, null);
  return r === undefined ? null : r;
};

const HMAC_KEY_TYPES = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey';

function Hmac(hmac, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(hmac, key, options);
  if (typeof hmac !== 'string') throw invalidArgType('hmac', 'of type string', hmac);
  const alg = lookupAlgorithm(hmac);
  if (alg === null) throw codedError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${hmac}`);
  let keyBytes;
  if (key && typeof key === 'object' && key.type === 'secret' && typeof key.export === 'function') {
    keyBytes = viewBytes(key.export());
  } else if (typeof key === 'string') {
    keyBytes = stringBytes(key, options && options.encoding);
  } else {
    keyBytes = binaryLike(key, 'key', HMAC_KEY_TYPES);
  }
  hidden(this, kCore, hmacCore(alg, keyBytes));
  hidden(this, kFinal, false);
}

function hmacCore(alg, keyBytes) {
  const block = ALGORITHMS[alg].block;
  if (keyBytes.length > block) keyBytes = digestBytes(alg, keyBytes);
  const ipad = new Uint8Array(block), opad = new Uint8Array(block);
  for (let i = 0; i < block; i++) {
    const k = i < keyBytes.length ? keyBytes[i] : 0;
    ipad[i] = k ^ 0x36;
    opad[i] = k ^ 0x5c;
  }
  const inner = new HashCore(alg);
  inner.update(ipad);
  const outer = new HashCore(alg);
  outer.update(opad);
  return {
    inner,
    outer,
    update(bytes) { this.inner.update(bytes); },
    finish() {
      const o = this.outer.clone();
      o.update(this.inner.finish());
      return o.finish();
    },
    clone() {
      return { inner: this.inner.clone(), outer: this.outer, update: this.update, finish: this.finish, clone: this.clone };
    },
  };
}

Hmac.prototype.update = function update(data, encoding) {
  if (this[kFinal]) throw finalized();
  this[kCore].update(dataBytes(data, encoding));
  return this;
};

Hmac.prototype.digest = function digest(outputEncoding) {
  // Node: a second digest() on an Hmac returns an empty result.
  if (this[kFinal]) return encodeOutput(new Uint8Array(0), outputEncoding);
  this[kFinal] = true;
  return encodeOutput(this[kCore].finish(), outputEncoding);
};
Hmac.prototype.write = Hash.prototype.write;
Hmac.prototype.end = Hash.prototype.end;
Hmac.prototype.read = Hash.prototype.read;

function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

function createHmac(hmac, key, options) {
  return new Hmac(hmac, key, options);
}

// crypto.hash(algorithm, data[, outputEncoding = 'hex']) — one-shot (Node >= 20.12)
function hash(algorithm, data, outputEncoding) {
  if (typeof algorithm !== 'string') throw invalidArgType('algorithm', 'of type string', algorithm);
  if (typeof data !== 'string' && !ArrayBuffer.isView(data)) {
    throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }
  const alg = lookupAlgorithm(algorithm);
  if (alg === null) throw new Error('Digest method not supported');
  return encodeOutput(digestBytes(alg, dataBytes(data)), outputEncoding === undefined ? 'hex' : outputEncoding);
}

function getHashes() {
  return ['RSA-MD5', 'RSA-SHA1', 'RSA-SHA224', 'RSA-SHA256', 'RSA-SHA384', 'RSA-SHA512',
    'md5', 'md5WithRSAEncryption', 'sha1', 'sha1WithRSAEncryption', 'sha224', 'sha224WithRSAEncryption',
    'sha256', 'sha256WithRSAEncryption', 'sha384', 'sha384WithRSAEncryption', 'sha512', 'sha512WithRSAEncryption'];
}

// ---- PBKDF2 (RFC 8018) ----------------------------------------------------------
const PBKDF2_BIN = 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView';

function pbkdf2Check(password, salt, iterations, keylen, digest) {
  const pw = binaryLike(password, 'password', PBKDF2_BIN);
  const s = binaryLike(salt, 'salt', PBKDF2_BIN);
  if (typeof iterations !== 'number') throw invalidArgType('iterations', 'of type number', iterations);
  if (!Number.isInteger(iterations)) throw codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "iterations" is out of range. It must be an integer. Received ${iterations}`);
  if (iterations < 1 || iterations > 2147483647) throw outOfRange('iterations', '>= 1 && <= 2147483647', iterations);
  if (typeof keylen !== 'number') throw invalidArgType('keylen', 'of type number', keylen);
  if (!Number.isInteger(keylen)) throw codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "keylen" is out of range. It must be an integer. Received ${keylen}`);
  if (keylen < 0 || keylen > 2147483647) throw outOfRange('keylen', '>= 0 && <= 2147483647', keylen);
  if (typeof digest !== 'string') throw invalidArgType('digest', 'of type string', digest);
  const alg = lookupAlgorithm(digest);
  if (alg === null) throw codedError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
  return { pw, s, alg };
}

function pbkdf2Raw(pw, s, iterations, keylen, alg) {
  const hLen = ALGORITHMS[alg].out;
  const out = new Uint8Array(keylen);
  const base = hmacCore(alg, pw);
  const counter = new Uint8Array(4);
  for (let block = 1, pos = 0; pos < keylen; block++, pos += hLen) {
    counter[0] = block >>> 24; counter[1] = block >>> 16; counter[2] = block >>> 8; counter[3] = block;
    let c = base.clone();
    c.update(s);
    c.update(counter);
    let u = c.finish();
    const t = u.slice();
    for (let i = 1; i < iterations; i++) {
      c = base.clone();
      c.update(u);
      u = c.finish();
      for (let j = 0; j < t.length; j++) t[j] ^= u[j];
    }
    out.set(t.subarray(0, Math.min(hLen, keylen - pos)), pos);
  }
  return out;
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  const { pw, s, alg } = pbkdf2Check(password, salt, iterations, keylen, digest);
  const out = pbkdf2Raw(pw, s, iterations, keylen, alg);
  return getBuffer().from(out.buffer, out.byteOffset, out.byteLength);
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') { callback = digest; digest = undefined; }
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  const { pw, s, alg } = pbkdf2Check(password, salt, iterations, keylen, digest);
  setTimeout(() => {
    let out;
    try {
      out = pbkdf2Raw(pw, s, iterations, keylen, alg);
    } catch (e) {
      callback(e);
      return;
    }
    callback(null, getBuffer().from(out.buffer, out.byteOffset, out.byteLength));
  }, 0);
}

// ---- randomness ---------------------------------------------------------------
function fillRandom(u8) {
  // The host fills at most what it is given; chunk to keep single calls small.
  const CHUNK = 65536;
  for (let i = 0; i < u8.length; i += CHUNK) {
    internal.randomFill(u8.subarray(i, Math.min(u8.length, i + CHUNK)));
  }
  return u8;
}

function checkSize(size) {
  if (typeof size !== 'number') throw invalidArgType('size', 'of type number', size);
  if (!(size >= 0 && size <= 2147483647)) throw outOfRange('size', '>= 0 && <= 2147483647', size);
}

function randomBytes(size, callback) {
  checkSize(size);
  if (callback !== undefined && typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  const Buffer = getBuffer();
  const buf = Buffer.alloc(Math.floor(size));
  fillRandom(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  if (callback) {
    setTimeout(() => callback(null, buf), 0);
    return undefined;
  }
  return buf;
}

function randomFillSync(buf, offset, size) {
  let view;
  if (ArrayBuffer.isView(buf)) view = viewBytes(buf);
  else if (buf instanceof ArrayBuffer) view = new Uint8Array(buf);
  else throw invalidArgType('buf', 'an instance of ArrayBuffer or ArrayBufferView', buf);
  const elem = ArrayBuffer.isView(buf) && buf.BYTES_PER_ELEMENT ? buf.BYTES_PER_ELEMENT : 1;
  const start = offset === undefined ? 0 : offset * elem;
  const len = size === undefined ? view.length - start : size * elem;
  if (typeof start !== 'number' || start < 0 || start > view.length) throw outOfRange('offset', `>= 0 && <= ${view.length}`, offset);
  if (len < 0 || start + len > view.length) throw outOfRange('size + offset', `<= ${view.length}`, len + start);
  fillRandom(view.subarray(start, start + len));
  return buf;
}

function randomFill(buf, offset, size, callback) {
  if (typeof offset === 'function') { callback = offset; offset = undefined; size = undefined; }
  else if (typeof size === 'function') { callback = size; size = undefined; }
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  randomFillSync(buf, offset, size);
  setTimeout(() => callback(null, buf), 0);
}

function randomUUID(options) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw invalidArgType('options', 'of type object', options);
  }
  const b = fillRandom(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  // One toHex call, then cut: a 256-entry table built on first use would be
  // built again in every invocation (~0.8M fuel), as snapshots are taken
  // before any UUID is made.
  const h = toHex(b);
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

const RAND_INT_RANGE = 2 ** 48 - 1;
function randomInt(min, max, callback) {
  const minNotSpecified = typeof max === 'undefined' || typeof max === 'function';
  if (minNotSpecified) { callback = max; max = min; min = 0; }
  const isSync = typeof callback === 'undefined';
  if (!isSync && typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  if (!Number.isSafeInteger(min)) throw invalidArgType('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw invalidArgType('max', 'a safe integer', max);
  if (max <= min) {
    throw codedError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
  }
  const range = max - min;
  if (!(range <= RAND_INT_RANGE)) {
    throw codedError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "max${minNotSpecified ? '' : ' - min'}" is out of range. It must be <= ${RAND_INT_RANGE}. Received ${formatInt(range)}`);
  }
  // Rejection sampling over 48-bit random numbers (no modulo bias).
  const randLimit = RAND_INT_RANGE - (RAND_INT_RANGE % range);
  const b = new Uint8Array(6);
  let n;
  for (;;) {
    fillRandom(b);
    n = ((b[0] * 0x100 + b[1]) * 0x100 + b[2]) * 0x1000000 + ((b[3] << 16) | (b[4] << 8) | b[5]);
    if (n < randLimit) break;
  }
  const result = min + (n % range);
  if (isSync) return result;
  setTimeout(() => callback(null, result), 0);
  return undefined;
}

function timingSafeEqual(buf1, buf2) {
  const t = 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView.';
  const toBytes = (b, name) => {
    if (ArrayBuffer.isView(b)) return viewBytes(b);
    if (b instanceof ArrayBuffer) return new Uint8Array(b);
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${t}`);
  };
  const a = toBytes(buf1, 'buf1'), b = toBytes(buf2, 'buf2');
  if (a.length !== b.length) {
    throw codedError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// ---- Web Crypto (subset) -------------------------------------------------------
const SUBTLE_DIGESTS = { 'sha-1': 'sha1', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };

function getRandomValues(data) {
  if (!ArrayBuffer.isView(data) || data instanceof Float32Array || data instanceof Float64Array || data instanceof DataView ||
      (typeof Float16Array !== 'undefined' && data instanceof Float16Array)) {
    throw domException('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
  }
  if (data.byteLength > 65536) {
    throw domException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
  }
  fillRandom(viewBytes(data));
  return data;
}

class SubtleCrypto {
  digest(algorithm, data) {
    return new Promise((resolve) => {
      let name = algorithm;
      if (algorithm && typeof algorithm === 'object') name = algorithm.name;
      const alg = typeof name === 'string' ? SUBTLE_DIGESTS[name.toLowerCase()] : undefined;
      if (!alg) throw domException('Unrecognized algorithm name', 'NotSupportedError');
      let bytes;
      if (ArrayBuffer.isView(data)) bytes = viewBytes(data);
      else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
      else {
        throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
          "Failed to execute 'digest' on 'SubtleCrypto': 2nd argument is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.");
      }
      const out = digestBytes(alg, bytes.slice());
      resolve(out.buffer);
    });
  }
}
for (const m of ['encrypt', 'decrypt', 'sign', 'verify', 'generateKey', 'deriveKey', 'deriveBits', 'importKey', 'exportKey', 'wrapKey', 'unwrapKey']) {
  SubtleCrypto.prototype[m] = function () {
    return Promise.reject(domException(`crypto.subtle.${m} is not available in fnbox (only digest is)`, 'NotSupportedError'));
  };
}

class Crypto {
  get subtle() { return subtle; }
  getRandomValues(data) {
    if (!(this instanceof Crypto)) throw codedError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Crypto');
    return getRandomValues(data);
  }
  randomUUID() {
    if (!(this instanceof Crypto)) throw codedError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Crypto');
    return randomUUID();
  }
}
Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: 'Crypto', configurable: true });
Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: 'SubtleCrypto', configurable: true });

const subtle = new SubtleCrypto();
const webcrypto = new Crypto();

function notAvailable(name) {
  return function () {
    const e = new Error(`crypto.${name} is not available in fnbox: only hashes, HMAC, PBKDF2 and random values are implemented`);
    e.code = 'ERR_FNBOX_UNAVAILABLE';
    throw e;
  };
}

module.exports = {
  createHash,
  createHmac,
  hash,
  getHashes,
  pbkdf2,
  pbkdf2Sync,
  randomBytes,
  pseudoRandomBytes: randomBytes,
  prng: randomBytes,
  rng: randomBytes,
  randomFill,
  randomFillSync,
  randomInt,
  randomUUID,
  timingSafeEqual,
  getRandomValues: (data) => getRandomValues(data),
  getCiphers: () => [],
  getCurves: () => [],
  getFips: () => 0,
  setFips() {},
  createCipheriv: notAvailable('createCipheriv'),
  createDecipheriv: notAvailable('createDecipheriv'),
  createSign: notAvailable('createSign'),
  createVerify: notAvailable('createVerify'),
  sign: notAvailable('sign'),
  verify: notAvailable('verify'),
  createPrivateKey: notAvailable('createPrivateKey'),
  createPublicKey: notAvailable('createPublicKey'),
  createSecretKey: notAvailable('createSecretKey'),
  generateKeyPair: notAvailable('generateKeyPair'),
  generateKeyPairSync: notAvailable('generateKeyPairSync'),
  scrypt: notAvailable('scrypt'),
  scryptSync: notAvailable('scryptSync'),
  hkdf: notAvailable('hkdf'),
  hkdfSync: notAvailable('hkdfSync'),
  createDiffieHellman: notAvailable('createDiffieHellman'),
  createECDH: notAvailable('createECDH'),
  publicEncrypt: notAvailable('publicEncrypt'),
  privateDecrypt: notAvailable('privateDecrypt'),
  privateEncrypt: notAvailable('privateEncrypt'),
  publicDecrypt: notAvailable('publicDecrypt'),
  Hash,
  Hmac,
  constants: {},
  webcrypto,
  subtle,
  Crypto,
  SubtleCrypto,
};
