// node:url for fnbox — WHATWG URL / URLSearchParams, the legacy url.parse /
// url.format / url.resolve API, and file URL helpers (POSIX only).
//
// The URL parser follows the WHATWG URL Standard's "basic URL parser" state
// machine (including state overrides, which the setters use), matching the
// behaviour of Node 20 (ada).  Internationalised domain names: hosts are
// lower-cased and NFKC-normalised, and non-ASCII labels are converted with
// our own Punycode (RFC 3492) encoder; the full UTS #46 mapping/validation
// tables are NOT included, so exotic IDNs (deviation characters, bidi rules,
// disallowed code points) may be accepted or mapped differently from Node.
'use strict';

// ---- errors --------------------------------------------------------------------
const { codedError, invalidArgTypePlain: invalidArgType } = require('_errors');

function invalidUrl(input, base) {
  const e = codedError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
  e.input = input;
  if (base !== undefined) e.base = base;
  return e;
}

function missingArgs(...names) {
  let msg = 'The ';
  const q = names.map((n) => `"${n}"`);
  if (q.length === 1) msg += `${q[0]} argument`;
  else if (q.length === 2) msg += `${q[0]} and ${q[1]} arguments`;
  else msg += `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]} arguments`;
  return codedError(TypeError, 'ERR_MISSING_ARGS', msg + ' must be specified');
}

// ---- UTF-8 -----------------------------------------------------------------------
function utf8Bytes(str) {
  const out = [];
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) { out.push(c); continue; }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

// WHATWG "UTF-8 decode without BOM" with replacement of maximal subparts.
function utf8Decode(bytes) {
  let out = '';
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
    let need = 0, cp = 0, lower = 0x80, upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2; cp = b & 0xf;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3; cp = b & 0x7;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else { out += '\ufffd'; i++; continue; }
    let j = i + 1, ok = true;
    for (let k = 0; k < need; k++, j++) {
      const x = j < n ? bytes[j] : -1;
      if (x < lower || x > upper) { ok = false; break; }
      lower = 0x80; upper = 0xbf;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (!ok) { out += '\ufffd'; i = j; continue; }
    out += String.fromCodePoint(cp);
    i = j;
  }
  return out;
}

function isHex(c) {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function hexVal(c) {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

// Percent-decode a string into bytes (input string encoded as UTF-8 first).
function percentDecodeBytes(str) {
  const bytes = utf8Bytes(str);
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out.push(hexVal(bytes[i + 1]) * 16 + hexVal(bytes[i + 2]));
      i += 2;
    } else {
      out.push(b);
    }
  }
  return out;
}

// ---- percent-encode sets -------------------------------------------------------
const HEXU = '0123456789ABCDEF';
function pctByte(b) { return '%' + HEXU[b >> 4] + HEXU[b & 15]; }

const C0 = 1, FRAGMENT = 2, QUERY = 3, SPECIAL_QUERY = 4, PATH = 5, USERINFO = 6, COMPONENT = 7, FORM = 8;
function inSet(set, c) {
  if (c < 0x20 || c > 0x7e) return true;
  if (set === C0) return false;
  if (set === FRAGMENT) return c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
  if (c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e) return true; // query set
  if (set === QUERY) return false;
  if (set === SPECIAL_QUERY) return c === 0x27;
  if (c === 0x3f || c === 0x60 || c === 0x7b || c === 0x7d) return true; // path set
  if (set === PATH) return false;
  if (c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 || (c >= 0x5b && c <= 0x5e) || c === 0x7c) return true;
  if (set === USERINFO) return false;
  if ((c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c) return true;
  if (set === COMPONENT) return false;
  return c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e; // form
}

function percentEncode(str, set) {
  let out = '';
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) {
      out += inSet(set, c) ? pctByte(c) : str[i];
      continue;
    }
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { cp = str.codePointAt(i); i++; }
    }
    for (const b of utf8Bytes(String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp))) out += pctByte(b);
  }
  return out;
}

// ---- hosts -----------------------------------------------------------------------
function isForbiddenHost(c) {
  return c === 0 || c === 9 || c === 0xa || c === 0xd || c === 0x20 || c === 0x23 || c === 0x2f || c === 0x3a ||
    c === 0x3c || c === 0x3e || c === 0x3f || c === 0x40 || c === 0x5b || c === 0x5c || c === 0x5d || c === 0x5e || c === 0x7c;
}

function isForbiddenDomain(c) {
  return isForbiddenHost(c) || c <= 0x1f || c === 0x25 || c === 0x7f;
}

function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0, compress = null, p = 0;
  const len = input.length;
  const at = (i) => (i < len ? input.charCodeAt(i) : -1);
  if (at(p) === 0x3a) {
    if (at(p + 1) !== 0x3a) return null;
    p += 2;
    pieceIndex++;
    compress = pieceIndex;
  }
  while (at(p) !== -1) {
    if (pieceIndex === 8) return null;
    if (at(p) === 0x3a) {
      if (compress !== null) return null;
      p++;
      pieceIndex++;
      compress = pieceIndex;
      continue;
    }
    let value = 0, length = 0;
    while (length < 4 && at(p) !== -1 && isHex(at(p))) {
      value = value * 16 + hexVal(at(p));
      p++;
      length++;
    }
    if (at(p) === 0x2e) {
      if (length === 0) return null;
      p -= length;
      if (pieceIndex > 6) return null;
      let numbersSeen = 0;
      while (at(p) !== -1) {
        let ipv4Piece = null;
        if (numbersSeen > 0) {
          if (at(p) === 0x2e && numbersSeen < 4) p++;
          else return null;
        }
        if (!(at(p) >= 0x30 && at(p) <= 0x39)) return null;
        while (at(p) >= 0x30 && at(p) <= 0x39) {
          const number = at(p) - 0x30;
          if (ipv4Piece === null) ipv4Piece = number;
          else if (ipv4Piece === 0) return null;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return null;
          p++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return null;
      break;
    } else if (at(p) === 0x3a) {
      p++;
      if (at(p) === -1) return null;
    } else if (at(p) !== -1) {
      return null;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== null) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const t = address[pieceIndex];
      address[pieceIndex] = address[compress + swaps - 1];
      address[compress + swaps - 1] = t;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return null;
  }
  return address;
}

function serializeIPv6(address) {
  // Compress the first longest run of two or more zero pieces.
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (address[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  let out = '';
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && address[i] === 0) continue;
    ignore0 = false;
    if (best === i) {
      out += i === 0 ? '::' : ':';
      ignore0 = true;
      continue;
    }
    out += address[i].toString(16);
    if (i !== 7) out += ':';
  }
  return '[' + out + ']';
}

// Returns a number, or null for "not a number", with validation ignored.
function parseIPv4Number(s) {
  if (s === '') return null;
  let radix = 10;
  if (s.length >= 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X')) { s = s.slice(2); radix = 16; }
  else if (s.length >= 2 && s[0] === '0') { s = s.slice(1); radix = 8; }
  if (s === '') return 0;
  const re = radix === 10 ? /^[0-9]+$/ : radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
  if (!re.test(s)) return null;
  return parseInt(s, radix);
}

function endsInANumber(input) {
  const parts = input.split('.');
  if (parts[parts.length - 1] === '') {
    if (parts.length === 1) return false;
    parts.pop();
  }
  const last = parts[parts.length - 1];
  if (last !== '' && /^[0-9]+$/.test(last)) return true;
  return parseIPv4Number(last) !== null;
}

// Returns the serialised IPv4 host, or undefined on failure.
function parseIPv4(input) {
  const parts = input.split('.');
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
  if (parts.length > 4) return undefined;
  const numbers = [];
  for (const part of parts) {
    const n = parseIPv4Number(part);
    if (n === null) return undefined;
    numbers.push(n);
  }
  for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return undefined;
  const last = numbers[numbers.length - 1];
  if (last >= 256 ** (5 - numbers.length)) return undefined;
  let ipv4 = last;
  for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
  const out = [];
  for (let i = 0; i < 4; i++) {
    out.unshift(String(ipv4 % 256));
    ipv4 = Math.floor(ipv4 / 256);
  }
  return out.join('.');
}

// ---- Punycode (RFC 3492) ------------------------------------------------------------
const PC_BASE = 36, PC_TMIN = 1, PC_TMAX = 26, PC_SKEW = 38, PC_DAMP = 700, PC_BIAS = 72, PC_N = 128;

function pcAdapt(delta, numPoints, first) {
  delta = first ? Math.floor(delta / PC_DAMP) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  let k = 0;
  while (delta > ((PC_BASE - PC_TMIN) * PC_TMAX) >> 1) {
    delta = Math.floor(delta / (PC_BASE - PC_TMIN));
    k += PC_BASE;
  }
  return k + Math.floor(((PC_BASE - PC_TMIN + 1) * delta) / (delta + PC_SKEW));
}

function pcDigit(d) {
  return String.fromCharCode(d < 26 ? d + 97 : d + 22);
}

function punycodeEncode(label) {
  const cps = Array.from(label, (ch) => ch.codePointAt(0));
  let out = '';
  for (const c of cps) if (c < 0x80) out += String.fromCharCode(c);
  const basic = out.length;
  let h = basic;
  if (basic > 0) out += '-';
  let n = PC_N, delta = 0, bias = PC_BIAS;
  while (h < cps.length) {
    let m = Infinity;
    for (const c of cps) if (c >= n && c < m) m = c;
    delta += (m - n) * (h + 1);
    n = m;
    for (const c of cps) {
      if (c < n) delta++;
      if (c === n) {
        let q = delta;
        for (let k = PC_BASE; ; k += PC_BASE) {
          const t = k <= bias ? PC_TMIN : k >= bias + PC_TMAX ? PC_TMAX : k - bias;
          if (q < t) break;
          out += pcDigit(t + ((q - t) % (PC_BASE - t)));
          q = Math.floor((q - t) / (PC_BASE - t));
        }
        out += pcDigit(q);
        bias = pcAdapt(delta, h + 1, h === basic);
        delta = 0;
        h++;
      }
    }
    delta++;
    n++;
  }
  return out;
}

// Returns the decoded string or null when the input is not valid Punycode.
function punycodeDecode(input) {
  const out = [];
  let b = input.lastIndexOf('-');
  if (b < 0) b = 0;
  for (let j = 0; j < b; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    out.push(c);
  }
  let n = PC_N, bias = PC_BIAS, i = 0;
  for (let p = b > 0 ? b + 1 : 0; p < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = PC_BASE; ; k += PC_BASE) {
      if (p >= input.length) return null;
      const c = input.charCodeAt(p++);
      const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : PC_BASE;
      if (digit >= PC_BASE) return null;
      i += digit * w;
      const t = k <= bias ? PC_TMIN : k >= bias + PC_TMAX ? PC_TMAX : k - bias;
      if (digit < t) break;
      w *= PC_BASE - t;
      if (w > 0x7fffffff) return null;
    }
    const len = out.length + 1;
    bias = pcAdapt(i - oldi, len, oldi === 0);
    n += Math.floor(i / len);
    i %= len;
    if (n > 0x10ffff) return null;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

// Unassigned, private-use, surrogate and control code points, U+FFFD and the
// joiners are rejected (UTS #46 "disallowed"/CheckJoiners, approximately).
const DISALLOWED = /[\p{Cn}\p{Co}\p{Cs}\p{Cc}\ufffc\ufffd\u200c\u200d]/u;

function mapDomain(d) {
  return d.normalize('NFKC').toLowerCase().replace(/[\u3002\uff0e\uff61]/g, '.').replace(/[\u00ad\u200b\u2060\ufeff\ufe00-\ufe0f]/g, '');
}

// Approximation of UTS #46 ToASCII (see the note at the top of the file).
function domainToASCIIInternal(domain) {
  let d = domain;
  let ascii = true;
  for (let i = 0; i < d.length; i++) if (d.charCodeAt(i) > 0x7f) { ascii = false; break; }
  if (!ascii) {
    d = mapDomain(d);
    if (DISALLOWED.test(d)) return null;
  } else {
    d = d.toLowerCase();
  }
  const labels = d.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (/[^\x00-\x7f]/.test(label)) {
      if (label.startsWith('xn--')) return null;
      labels[i] = 'xn--' + punycodeEncode(label);
    } else if (label.startsWith('xn--')) {
      const decoded = punycodeDecode(label.slice(4));
      if (decoded === null || decoded === '' || !/[^\x00-\x7f]/.test(decoded)) return null;
      if (mapDomain(decoded) !== decoded || DISALLOWED.test(decoded)) return null;
    }
  }
  const result = labels.join('.');
  return result;
}

function domainToUnicodeInternal(domain) {
  return domain.split('.').map((label) => {
    if (label.toLowerCase().startsWith('xn--')) {
      const d = punycodeDecode(label.slice(4));
      return d === null ? label : d;
    }
    return label.toLowerCase();
  }).join('.');
}

// Host parser: returns the serialised host or undefined on failure.
function parseHost(input, isOpaque) {
  if (input[0] === '[') {
    if (input[input.length - 1] !== ']') return undefined;
    const addr = parseIPv6(input.slice(1, -1));
    return addr === null ? undefined : serializeIPv6(addr);
  }
  if (isOpaque) {
    for (let i = 0; i < input.length; i++) {
      if (isForbiddenHost(input.charCodeAt(i))) return undefined;
    }
    return percentEncode(input, C0);
  }
  const domain = utf8Decode(percentDecodeBytes(input));
  const asciiDomain = domainToASCIIInternal(domain);
  if (asciiDomain === null || asciiDomain === '') return undefined;
  for (let i = 0; i < asciiDomain.length; i++) {
    if (isForbiddenDomain(asciiDomain.charCodeAt(i))) return undefined;
  }
  if (endsInANumber(asciiDomain)) return parseIPv4(asciiDomain);
  return asciiDomain;
}

// ---- URL records and the basic URL parser ------------------------------------------
const SPECIAL = { 'ftp': 21, 'file': null, 'http': 80, 'https': 443, 'ws': 80, 'wss': 443 };
function isSpecialScheme(s) { return Object.prototype.hasOwnProperty.call(SPECIAL, s); }
function defaultPort(s) { return isSpecialScheme(s) ? SPECIAL[s] : null; }

function newRecord() {
  return { scheme: '', username: '', password: '', host: null, port: null, path: [], opaque: false, query: null, fragment: null };
}

function cloneRecord(r) {
  return Object.assign({}, r, { path: r.opaque ? r.path : r.path.slice() });
}

const S_SCHEME_START = 1, S_SCHEME = 2, S_NO_SCHEME = 3, S_SPECIAL_RELATIVE_OR_AUTHORITY = 4, S_PATH_OR_AUTHORITY = 5,
  S_RELATIVE = 6, S_RELATIVE_SLASH = 7, S_SPECIAL_AUTHORITY_SLASHES = 8, S_SPECIAL_AUTHORITY_IGNORE_SLASHES = 9,
  S_AUTHORITY = 10, S_HOST = 11, S_HOSTNAME = 12, S_PORT = 13, S_FILE = 14, S_FILE_SLASH = 15, S_FILE_HOST = 16,
  S_PATH_START = 17, S_PATH = 18, S_OPAQUE_PATH = 19, S_QUERY = 20, S_FRAGMENT = 21;

const FAILURE = Symbol('failure');

function isAlpha(c) { return c !== undefined && /^[A-Za-z]$/.test(c); }
function isDigit(c) { return c !== undefined && c >= '0' && c <= '9' && c.length === 1; }
function isWindowsDriveLetter(s, normalizedOnly) {
  return s.length === 2 && isAlpha(s[0]) && (s[1] === ':' || (!normalizedOnly && s[1] === '|'));
}
function startsWithWindowsDriveLetter(cps, p) {
  if (cps.length - p < 2) return false;
  if (!isAlpha(cps[p]) || (cps[p + 1] !== ':' && cps[p + 1] !== '|')) return false;
  if (cps.length - p === 2) return true;
  const c = cps[p + 2];
  return c === '/' || c === '\\' || c === '?' || c === '#';
}
function isSingleDot(s) { return s === '.' || s.toLowerCase() === '%2e'; }
function isDoubleDot(s) {
  switch (s.toLowerCase()) {
    case '..': case '.%2e': case '%2e.': case '%2e%2e': return true;
    default: return false;
  }
}
function shortenPath(url) {
  const path = url.path;
  if (url.scheme === 'file' && path.length === 1 && isWindowsDriveLetter(path[0], true)) return;
  path.pop();
}
function includesCredentials(url) { return url.username !== '' || url.password !== ''; }

// ---- fast path for common URLs ----------------------------------------------------------
// The state machine below costs ~20k fuel per character in QuickJS, so the
// common shapes are recognised with one regular expression instead:
//   scheme://host[:port][/path][?query][#fragment]   (http, https, ws, wss, ftp)
//   /path[?query][#fragment]                        (against such a base)
// Each character class holds only characters the parser copies unchanged
// (nothing to percent-encode, no tab/newline/space to strip, no "\" that a
// special scheme would read as "/"), so the record is exactly what
// basicParse builds.  Anything else (credentials, IP addresses, punycode,
// dot segments, non-ASCII, ...) returns null and takes the full parser.
// The remaining checks use indexOf: in QuickJS even a failing regex test
// costs more than several string searches.
const SIMPLE_ABSOLUTE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)(?::([0-9]+))?(\/[!$-;=@-[\]-_a-z|~]*)?(?:\?([!$-&(-;=?-~]*))?(?:#([!#-;=?-_a-~]*))?$/;
const SIMPLE_PATH_ABSOLUTE = /^(\/(?!\/)[!$-;=@-[\]-_a-z|~]*)(?:\?([!$-&(-;=?-~]*))?(?:#([!#-;=?-_a-~]*))?$/;

// A segment the path parser would rewrite (".", "..", "%2e", ".%2e", ...)
// starts with "." or contains "%2e"; paths with either take the full parser.
function mayHaveDotSegment(path) {
  return path.indexOf('/.') !== -1 || path.indexOf('%2e') !== -1 || path.indexOf('%2E') !== -1;
}

function fastParse(input, base) {
  let m = SIMPLE_ABSOLUTE.exec(input);
  if (m !== null) {
    const scheme = m[1].toLowerCase();
    switch (scheme) {
      case 'http': case 'https': case 'ws': case 'wss': case 'ftp': break;
      default: return null;
    }
    const host = m[2].toLowerCase();
    // The host parser checks "xn--" labels as Punycode, and reads a host
    // whose last label starts with a digit as an IPv4 address.
    if (host.indexOf('xn--') !== -1) return null;
    const last = host.charCodeAt(host.lastIndexOf('.') + 1);
    if (last >= 0x30 && last <= 0x39) return null;
    let port = null;
    if (m[3] !== undefined) {
      port = parseInt(m[3], 10);
      if (port > 65535) return null;
      if (port === SPECIAL[scheme]) port = null;
    }
    const path = m[4];
    if (path !== undefined && mayHaveDotSegment(path)) return null;
    return {
      scheme, username: '', password: '', host, port,
      path: path === undefined ? [''] : path.slice(1).split('/'), opaque: false,
      query: m[5] === undefined ? null : m[5], fragment: m[6] === undefined ? null : m[6],
    };
  }
  if (base === null || base.host === null || base.scheme === 'file' || !isSpecialScheme(base.scheme)) return null;
  m = SIMPLE_PATH_ABSOLUTE.exec(input);
  if (m === null || mayHaveDotSegment(m[1])) return null;
  return {
    scheme: base.scheme, username: base.username, password: base.password, host: base.host, port: base.port,
    path: m[1].slice(1).split('/'), opaque: false,
    query: m[2] === undefined ? null : m[2], fragment: m[3] === undefined ? null : m[3],
  };
}

function basicParse(input, base, url, stateOverride) {
  if (!url) {
    const fast = fastParse(input, base);
    if (fast !== null) return fast;
    url = newRecord();
    input = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  }
  input = input.replace(/[\t\n\r]/g, '');
  let state = stateOverride || S_SCHEME_START;
  let buffer = '';
  let atSignSeen = false, insideBrackets = false, passwordTokenSeen = false;
  const cps = Array.from(input);
  const remainingStartsWith = (p, ch) => cps[p + 1] === ch;

  for (let p = 0; ; p++) {
    const c = cps[p]; // undefined is EOF
    const special = isSpecialScheme(url.scheme);
    switch (state) {
      case S_SCHEME_START:
        if (isAlpha(c)) {
          buffer += c.toLowerCase();
          state = S_SCHEME;
        } else if (!stateOverride) {
          state = S_NO_SCHEME;
          p--;
        } else {
          return FAILURE;
        }
        break;

      case S_SCHEME:
        if (c !== undefined && /^[A-Za-z0-9+\-.]$/.test(c)) {
          buffer += c.toLowerCase();
        } else if (c === ':') {
          if (stateOverride) {
            if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return url;
            if ((includesCredentials(url) || url.port !== null) && buffer === 'file') return url;
            if (url.scheme === 'file' && url.host === '') return url;
          }
          url.scheme = buffer;
          if (stateOverride) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = '';
          if (url.scheme === 'file') {
            state = S_FILE;
          } else if (isSpecialScheme(url.scheme) && base && base.scheme === url.scheme) {
            state = S_SPECIAL_RELATIVE_OR_AUTHORITY;
          } else if (isSpecialScheme(url.scheme)) {
            state = S_SPECIAL_AUTHORITY_SLASHES;
          } else if (remainingStartsWith(p, '/')) {
            state = S_PATH_OR_AUTHORITY;
            p++;
          } else {
            url.path = '';
            url.opaque = true;
            state = S_OPAQUE_PATH;
          }
        } else if (!stateOverride) {
          buffer = '';
          state = S_NO_SCHEME;
          p = -1;
        } else {
          return FAILURE;
        }
        break;

      case S_NO_SCHEME:
        if (!base || (base.opaque && c !== '#')) return FAILURE;
        if (base.opaque && c === '#') {
          url.scheme = base.scheme;
          url.path = base.path;
          url.opaque = true;
          url.query = base.query;
          url.fragment = '';
          state = S_FRAGMENT;
        } else if (base.scheme !== 'file') {
          state = S_RELATIVE;
          p--;
        } else {
          state = S_FILE;
          p--;
        }
        break;

      case S_SPECIAL_RELATIVE_OR_AUTHORITY:
        if (c === '/' && remainingStartsWith(p, '/')) {
          state = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
          p++;
        } else {
          state = S_RELATIVE;
          p--;
        }
        break;

      case S_PATH_OR_AUTHORITY:
        if (c === '/') state = S_AUTHORITY;
        else { state = S_PATH; p--; }
        break;

      case S_RELATIVE:
        url.scheme = base.scheme;
        if (c === '/') {
          state = S_RELATIVE_SLASH;
        } else if (isSpecialScheme(url.scheme) && c === '\\') {
          state = S_RELATIVE_SLASH;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === '?') {
            url.query = '';
            state = S_QUERY;
          } else if (c === '#') {
            url.fragment = '';
            state = S_FRAGMENT;
          } else if (c !== undefined) {
            url.query = null;
            shortenPath(url);
            state = S_PATH;
            p--;
          }
        }
        break;

      case S_RELATIVE_SLASH:
        if (special && (c === '/' || c === '\\')) {
          state = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c === '/') {
          state = S_AUTHORITY;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = S_PATH;
          p--;
        }
        break;

      case S_SPECIAL_AUTHORITY_SLASHES:
        if (c === '/' && remainingStartsWith(p, '/')) {
          state = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
          p++;
        } else {
          state = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
          p--;
        }
        break;

      case S_SPECIAL_AUTHORITY_IGNORE_SLASHES:
        if (c !== '/' && c !== '\\') {
          state = S_AUTHORITY;
          p--;
        }
        break;

      case S_AUTHORITY:
        if (c === '@') {
          if (atSignSeen) buffer = '%40' + buffer;
          atSignSeen = true;
          for (const cp of buffer) {
            if (cp === ':' && !passwordTokenSeen) {
              passwordTokenSeen = true;
              continue;
            }
            const enc = percentEncode(cp, USERINFO);
            if (passwordTokenSeen) url.password += enc;
            else url.username += enc;
          }
          buffer = '';
        } else if (c === undefined || c === '/' || c === '?' || c === '#' || (special && c === '\\')) {
          if (atSignSeen && buffer === '') return FAILURE;
          p -= Array.from(buffer).length + 1;
          buffer = '';
          state = S_HOST;
        } else {
          buffer += c;
        }
        break;

      case S_HOST:
      case S_HOSTNAME:
        if (stateOverride && url.scheme === 'file') {
          p--;
          state = S_FILE_HOST;
        } else if (c === ':' && !insideBrackets) {
          if (buffer === '') return FAILURE;
          if (stateOverride === S_HOSTNAME) return FAILURE;
          const host = parseHost(buffer, !special);
          if (host === undefined) return FAILURE;
          url.host = host;
          buffer = '';
          state = S_PORT;
        } else if (c === undefined || c === '/' || c === '?' || c === '#' || (special && c === '\\')) {
          p--;
          if (special && buffer === '') return FAILURE;
          if (stateOverride && buffer === '' && (includesCredentials(url) || url.port !== null)) return FAILURE;
          const host = parseHost(buffer, !special);
          if (host === undefined) return FAILURE;
          url.host = host;
          buffer = '';
          state = S_PATH_START;
          if (stateOverride) return url;
        } else {
          if (c === '[') insideBrackets = true;
          if (c === ']') insideBrackets = false;
          buffer += c;
        }
        break;

      case S_PORT:
        if (isDigit(c)) {
          buffer += c;
        } else if (c === undefined || c === '/' || c === '?' || c === '#' || (special && c === '\\') || stateOverride) {
          if (buffer !== '') {
            const port = parseInt(buffer, 10);
            if (port > 65535) return FAILURE;
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = '';
          }
          if (stateOverride) return url;
          state = S_PATH_START;
          p--;
        } else {
          return FAILURE;
        }
        break;

      case S_FILE:
        url.scheme = 'file';
        url.host = '';
        if (c === '/' || c === '\\') {
          state = S_FILE_SLASH;
        } else if (base && base.scheme === 'file') {
          url.host = base.host;
          url.path = base.path.slice();
          url.query = base.query;
          if (c === '?') {
            url.query = '';
            state = S_QUERY;
          } else if (c === '#') {
            url.fragment = '';
            state = S_FRAGMENT;
          } else if (c !== undefined) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(cps, p)) shortenPath(url);
            else url.path = [];
            state = S_PATH;
            p--;
          }
        } else {
          state = S_PATH;
          p--;
        }
        break;

      case S_FILE_SLASH:
        if (c === '/' || c === '\\') {
          state = S_FILE_HOST;
        } else {
          if (base && base.scheme === 'file') {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(cps, p) && base.path.length > 0 && isWindowsDriveLetter(base.path[0], true)) {
              url.path.push(base.path[0]);
            }
          }
          state = S_PATH;
          p--;
        }
        break;

      case S_FILE_HOST:
        if (c === undefined || c === '/' || c === '\\' || c === '?' || c === '#') {
          p--;
          if (!stateOverride && isWindowsDriveLetter(buffer, false)) {
            state = S_PATH;
          } else if (buffer === '') {
            url.host = '';
            if (stateOverride) return url;
            state = S_PATH_START;
          } else {
            let host = parseHost(buffer, !special);
            if (host === undefined) return FAILURE;
            if (host === 'localhost') host = '';
            url.host = host;
            if (stateOverride) return url;
            buffer = '';
            state = S_PATH_START;
          }
        } else {
          buffer += c;
        }
        break;

      case S_PATH_START:
        if (special) {
          state = S_PATH;
          if (c !== '/' && c !== '\\') p--;
        } else if (!stateOverride && c === '?') {
          url.query = '';
          state = S_QUERY;
        } else if (!stateOverride && c === '#') {
          url.fragment = '';
          state = S_FRAGMENT;
        } else if (c !== undefined) {
          state = S_PATH;
          if (c !== '/') p--;
        } else if (stateOverride && url.host === null) {
          url.path.push('');
        }
        break;

      case S_PATH:
        if (c === undefined || c === '/' || (special && c === '\\') || (!stateOverride && (c === '?' || c === '#'))) {
          const slash = c === '/' || (special && c === '\\');
          if (isDoubleDot(buffer)) {
            shortenPath(url);
            if (!slash) url.path.push('');
          } else if (isSingleDot(buffer) && !slash) {
            url.path.push('');
          } else if (!isSingleDot(buffer)) {
            if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetter(buffer, false)) {
              buffer = buffer[0] + ':';
            }
            url.path.push(buffer);
          }
          buffer = '';
          if (c === '?') {
            url.query = '';
            state = S_QUERY;
          }
          if (c === '#') {
            url.fragment = '';
            state = S_FRAGMENT;
          }
        } else {
          buffer += percentEncode(c, PATH);
        }
        break;

      case S_OPAQUE_PATH:
        if (c === '?') {
          url.query = '';
          state = S_QUERY;
        } else if (c === '#') {
          url.fragment = '';
          state = S_FRAGMENT;
        } else if (c !== undefined) {
          url.path += percentEncode(c, C0);
        }
        break;

      case S_QUERY:
        if ((!stateOverride && c === '#') || c === undefined) {
          url.query += percentEncode(buffer, special ? SPECIAL_QUERY : QUERY);
          buffer = '';
          if (c === '#') {
            url.fragment = '';
            state = S_FRAGMENT;
          }
        } else {
          buffer += c;
        }
        break;

      case S_FRAGMENT:
        if (c !== undefined) url.fragment += percentEncode(c, FRAGMENT);
        break;

      default:
        throw new Error('url: bad parser state');
    }
    if (p >= cps.length) break;
  }
  return url;
}

function serializePath(url) {
  if (url.opaque) return url.path;
  let out = '';
  for (const seg of url.path) out += '/' + seg;
  return out;
}

function serializeURL(url, excludeFragment) {
  let out = url.scheme + ':';
  if (url.host !== null) {
    out += '//';
    if (includesCredentials(url)) {
      out += url.username;
      if (url.password !== '') out += ':' + url.password;
      out += '@';
    }
    out += url.host;
    if (url.port !== null) out += ':' + url.port;
  }
  if (url.host === null && !url.opaque && url.path.length > 1 && url.path[0] === '') out += '/.';
  out += serializePath(url);
  if (url.query !== null) out += '?' + url.query;
  if (!excludeFragment && url.fragment !== null) out += '#' + url.fragment;
  return out;
}

function serializeOrigin(url) {
  switch (url.scheme) {
    case 'blob': {
      const inner = basicParse(serializePath(url), null);
      if (inner !== FAILURE && (inner.scheme === 'http' || inner.scheme === 'https')) return serializeOrigin(inner);
      return 'null';
    }
    case 'ftp': case 'http': case 'https': case 'ws': case 'wss':
      return url.scheme + '://' + url.host + (url.port !== null ? ':' + url.port : '');
    default:
      return 'null';
  }
}

// ---- application/x-www-form-urlencoded ------------------------------------------------
function formParse(input) {
  const list = [];
  if (input === '') return list;
  for (const seq of input.split('&')) {
    if (seq === '') continue;
    const eq = seq.indexOf('=');
    let name = eq >= 0 ? seq.slice(0, eq) : seq;
    let value = eq >= 0 ? seq.slice(eq + 1) : '';
    // replaceAll with a string: a regex replace costs ~10x more in QuickJS.
    name = name.replaceAll('+', ' ');
    value = value.replaceAll('+', ' ');
    list.push([formDecode(name), formDecode(value)]);
  }
  return list;
}

function formDecode(s) {
  if (s.indexOf('%') < 0) {
    // No escapes: only lone surrogates need fixing.
    return s.toWellFormed ? s.toWellFormed() : utf8Decode(utf8Bytes(s));
  }
  return utf8Decode(percentDecodeBytes(s));
}

// Names and values are mostly made of characters that encode as themselves:
// one regex test then saves the per-character loop below.
const FORM_UNRESERVED = /^[*\-.0-9A-Z_a-z]*$/;

function formEncode(s) {
  if (FORM_UNRESERVED.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) out += '+';
    else if (c === 0x2a || c === 0x2d || c === 0x2e || c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      out += s[i];
    } else if (c < 0x80) {
      out += pctByte(c);
    } else {
      let cp = c;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { cp = s.codePointAt(i); i++; }
      }
      for (const b of utf8Bytes(String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp))) out += pctByte(b);
    }
  }
  return out;
}

function formSerialize(list) {
  let out = '';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += '&';
    out += formEncode(list[i][0]) + '=' + formEncode(list[i][1]);
  }
  return out;
}

function toUSVString(v) {
  const s = String(v);
  return s.toWellFormed ? s.toWellFormed() : utf8Decode(utf8Bytes(s));
}

// ---- URLSearchParams -------------------------------------------------------------------
const customInspect = Symbol.for('nodejs.util.inspect.custom');

// Internal state lives in a private field, as in Node, so it stays out of
// util.inspect, Object.assign and spread; a private field also costs far less
// to set up per object than Object.defineProperty.  Code outside the class
// bodies reaches the state through these accessors (set in static blocks).
let paramsContext;   // URLSearchParams -> { list: [[name, value], ...], url: URL | null }
let urlContext;      // URL -> { record, href: cached serialisation | null, params: URLSearchParams | null }

function inspectFn(inspect) {
  if (typeof inspect === 'function') return inspect;
  return (v, o) => require('util').inspect(v, o);
}

// `Name { a => b, ... }` for URLSearchParams and its iterators, as Node prints them.
function inspectList(name, items, depth, options, inspect) {
  const fmt = inspectFn(inspect);
  const inner = Object.assign({}, options, { depth: options && typeof options.depth === 'number' ? options.depth - 1 : options && options.depth });
  const output = items.map((item) => (Array.isArray(item) && item.kv ? `${fmt(item[0], inner)} => ${fmt(item[1], inner)}` : fmt(item, inner)));
  const breakLength = options && typeof options.breakLength === 'number' ? options.breakLength : 80;
  const length = output.reduce((n, cur) => n + cur.replace(/\u001b\[\d\d?m/g, '').length + 2, -2);
  if (length > breakLength) return `${name} {\n  ${output.join(',\n  ')} }`;
  if (output.length) return `${name} { ${output.join(', ')} }`;
  return `${name} {}`;
}

class URLSearchParams {
  #ctx;

  static {
    paramsContext = (params) => params.#ctx;
  }

  constructor(init = undefined) {
    this.#ctx = { list: [], url: null };
    if (init === undefined || init === null) {
      if (init === null) this.#ctx.list = formParse('null');
      return;
    }
    if (typeof init === 'object' || typeof init === 'function') {
      const method = init[Symbol.iterator];
      if (method === this[Symbol.iterator] && init instanceof URLSearchParams) {
        this.#ctx.list = init.#ctx.list.map((p) => [p[0], p[1]]);
      } else if (method !== undefined && method !== null) {
        if (typeof method !== 'function') throw codedError(TypeError, 'ERR_ARG_NOT_ITERABLE', 'Query pairs must be iterable');
        for (const pair of init) {
          if (pair === null || (typeof pair !== 'object' && typeof pair !== 'function') || typeof pair[Symbol.iterator] !== 'function') {
            throw codedError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          }
          const arr = Array.from(pair);
          if (arr.length !== 2) {
            throw codedError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          }
          this.#ctx.list.push([toUSVString(arr[0]), toUSVString(arr[1])]);
        }
      } else {
        for (const key of Reflect.ownKeys(init)) {
          if (typeof key !== 'string') continue;
          const desc = Reflect.getOwnPropertyDescriptor(init, key);
          if (desc === undefined || !desc.enumerable) continue;
          const k = toUSVString(key);
          const v = toUSVString(init[key]);
          // Later duplicates (after USV conversion) replace earlier ones.
          const existing = this.#ctx.list.findIndex((p) => p[0] === k);
          if (existing >= 0) this.#ctx.list[existing][1] = v;
          else this.#ctx.list.push([k, v]);
        }
      }
      return;
    }
    let s = toUSVString(init);
    if (s[0] === '?') s = s.slice(1);
    this.#ctx.list = formParse(s);
  }

  get size() { return this.#ctx.list.length; }

  append(name, value) {
    if (arguments.length < 2) throw missingArgs('name', 'value');
    this.#ctx.list.push([toUSVString(name), toUSVString(value)]);
    updateUrl(this);
  }

  delete(name, value) {
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      this.#ctx.list = this.#ctx.list.filter((p) => !(p[0] === name && p[1] === value));
    } else {
      this.#ctx.list = this.#ctx.list.filter((p) => p[0] !== name);
    }
    updateUrl(this);
  }

  get(name) {
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    for (const p of this.#ctx.list) if (p[0] === name) return p[1];
    return null;
  }

  getAll(name) {
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    return this.#ctx.list.filter((p) => p[0] === name).map((p) => p[1]);
  }

  has(name, value) {
    if (arguments.length < 1) throw missingArgs('name');
    name = toUSVString(name);
    if (value !== undefined) {
      value = toUSVString(value);
      return this.#ctx.list.some((p) => p[0] === name && p[1] === value);
    }
    return this.#ctx.list.some((p) => p[0] === name);
  }

  set(name, value) {
    if (arguments.length < 2) throw missingArgs('name', 'value');
    name = toUSVString(name);
    value = toUSVString(value);
    const list = this.#ctx.list;
    let found = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i][0] !== name) continue;
      if (!found) {
        list[i][1] = value;
        found = true;
      } else {
        list.splice(i, 1);
        i--;
      }
    }
    if (!found) list.push([name, value]);
    updateUrl(this);
  }

  sort() {
    // Stable sort by UTF-16 code units of the names.
    const list = this.#ctx.list;
    const indexed = list.map((p, i) => [p, i]);
    indexed.sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]));
    this.#ctx.list = indexed.map((x) => x[0]);
    updateUrl(this);
  }

  forEach(callback, thisArg = undefined) {
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    // Live: entries appended or removed by the callback are seen.
    for (let i = 0; i < this.#ctx.list.length; i++) {
      const p = this.#ctx.list[i];
      callback.call(thisArg, p[1], p[0], this);
    }
  }

  entries() { return makeIterator(this, 'key+value'); }
  keys() { return makeIterator(this, 'key'); }
  values() { return makeIterator(this, 'value'); }

  toString() { return formSerialize(this.#ctx.list); }

  [customInspect](depth, options, inspect) {
    if (typeof depth === 'number' && depth < 0) return '[Object]';
    const items = this.#ctx.list.map((p) => { const kv = [p[0], p[1]]; kv.kv = true; return kv; });
    return inspectList(this.constructor.name, items, depth, options, inspect);
  }
}

// A URL's query follows its searchParams (the "update steps").
function updateUrl(params) {
  const ctx = paramsContext(params);
  if (ctx.url === null) return;
  const s = formSerialize(ctx.list);
  const urlCtx = urlContext(ctx.url);
  urlCtx.record.query = s === '' ? null : s;
  urlCtx.href = null;
}
URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;
Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, { enumerable: false });
Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams', configurable: true });

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const URLSearchParamsIteratorPrototype = Object.create(IteratorPrototype, {
  next: {
    value: function next() {
      const params = this._params;
      const list = paramsContext(params).list;
      if (this._index >= list.length) return { value: undefined, done: true };
      const p = list[this._index++];
      if (this._kind === 'key') return { value: p[0], done: false };
      if (this._kind === 'value') return { value: p[1], done: false };
      return { value: [p[0], p[1]], done: false };
    },
    writable: true,
    configurable: true,
  },
  [Symbol.toStringTag]: { value: 'URLSearchParams Iterator', configurable: true },
  [customInspect]: {
    value: function (depth, options, inspect) {
      if (typeof depth === 'number' && depth < 0) return '[Object]';
      const rest = paramsContext(this._params).list.slice(this._index);
      const items = rest.map((p) => (this._kind === 'key' ? p[0] : this._kind === 'value' ? p[1] : [p[0], p[1]]));
      return inspectList('URLSearchParams Iterator', items, depth, options, inspect);
    },
    configurable: true,
    writable: true,
  },
});

function makeIterator(params, kind) {
  const it = Object.create(URLSearchParamsIteratorPrototype);
  Object.defineProperty(it, '_params', { value: params });
  Object.defineProperty(it, '_kind', { value: kind });
  Object.defineProperty(it, '_index', { value: 0, writable: true });
  return it;
}

// ---- URL ----------------------------------------------------------------------------------
function parseOrThrow(input, base) {
  let baseRecord = null;
  if (base !== undefined) {
    baseRecord = basicParse(String(base), null);
    if (baseRecord === FAILURE) throw invalidUrl(input, String(base));
  }
  const rec = basicParse(input, baseRecord);
  if (rec === FAILURE) throw invalidUrl(input, base === undefined ? undefined : String(base));
  return rec;
}

class URL {
  #ctx;

  static {
    urlContext = (url) => url.#ctx;
  }

  constructor(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    input = toUSVString(input);
    if (base !== undefined) base = toUSVString(base);
    this.#ctx = { record: parseOrThrow(input, base), href: null, params: null };
  }

  static canParse(input, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    try {
      parseOrThrow(toUSVString(input), base === undefined ? undefined : toUSVString(base));
      return true;
    } catch (e) {
      return false;
    }
  }

  static createObjectURL() {
    throw codedError(Error, 'ERR_FNBOX_UNAVAILABLE', 'URL.createObjectURL is not available in fnbox');
  }

  static revokeObjectURL() {}

  toString() { return this.href; }

  get href() {
    if (this.#ctx.href === null) this.#ctx.href = serializeURL(this.#ctx.record, false);
    return this.#ctx.href;
  }
  set href(value) {
    const rec = basicParse(toUSVString(value), null);
    if (rec === FAILURE) throw invalidUrl(toUSVString(value));
    this.#ctx.record = rec;
    changed(this, true);
  }

  get origin() { return serializeOrigin(this.#ctx.record); }

  get protocol() { return this.#ctx.record.scheme + ':'; }
  set protocol(value) {
    basicParse(toUSVString(value) + ':', null, this.#ctx.record, S_SCHEME_START);
    changed(this, false);
  }

  get username() { return this.#ctx.record.username; }
  set username(value) {
    const rec = this.#ctx.record;
    if (cannotHaveCredentialsOrPort(rec)) return;
    rec.username = percentEncode(toUSVString(value), USERINFO);
    changed(this, false);
  }

  get password() { return this.#ctx.record.password; }
  set password(value) {
    const rec = this.#ctx.record;
    if (cannotHaveCredentialsOrPort(rec)) return;
    rec.password = percentEncode(toUSVString(value), USERINFO);
    changed(this, false);
  }

  get host() {
    const rec = this.#ctx.record;
    if (rec.host === null) return '';
    return rec.port === null ? rec.host : rec.host + ':' + rec.port;
  }
  set host(value) {
    if (this.#ctx.record.opaque) return;
    basicParse(toUSVString(value), null, this.#ctx.record, S_HOST);
    changed(this, false);
  }

  get hostname() { const h = this.#ctx.record.host; return h === null ? '' : h; }
  set hostname(value) {
    if (this.#ctx.record.opaque) return;
    basicParse(toUSVString(value), null, this.#ctx.record, S_HOSTNAME);
    changed(this, false);
  }

  get port() { const p = this.#ctx.record.port; return p === null ? '' : String(p); }
  set port(value) {
    const rec0 = this.#ctx.record;
    if (cannotHaveCredentialsOrPort(rec0)) return;
    value = toUSVString(value);
    if (value === '') {
      rec0.port = null;
      changed(this, false);
      return;
    }
    basicParse(value, null, rec0, S_PORT);
    changed(this, false);
  }

  get pathname() { return serializePath(this.#ctx.record); }
  set pathname(value) {
    if (this.#ctx.record.opaque) return;
    this.#ctx.record.path = [];
    basicParse(toUSVString(value), null, this.#ctx.record, S_PATH_START);
    changed(this, false);
  }

  get search() {
    const q = this.#ctx.record.query;
    return q === null || q === '' ? '' : '?' + q;
  }
  set search(value) { this.#setQueryOrFragment(value, 'query', '?', S_QUERY, true); }

  get searchParams() {
    if (this.#ctx.params === null) {
      const params = new URLSearchParams();
      const paramsCtx = paramsContext(params);
      paramsCtx.list = formParse(this.#ctx.record.query || '');
      paramsCtx.url = this;
      this.#ctx.params = params;
    }
    return this.#ctx.params;
  }

  get hash() {
    const f = this.#ctx.record.fragment;
    return f === null || f === '' ? '' : '#' + f;
  }
  set hash(value) { this.#setQueryOrFragment(value, 'fragment', '#', S_FRAGMENT, false); }

  // The search and hash setters: '' clears the part; otherwise one leading
  // `lead` is dropped and the rest parsed from `state`.
  #setQueryOrFragment(value, field, lead, state, queryChanged) {
    value = toUSVString(value);
    const rec = this.#ctx.record;
    if (value === '') {
      rec[field] = null;
    } else {
      if (value[0] === lead) value = value.slice(1);
      rec[field] = '';
      basicParse(value, null, rec, state);
    }
    changed(this, queryChanged);
  }

  toJSON() { return this.href; }

  [customInspect](depth, options, inspect) {
    if (typeof depth === 'number' && depth < 0) return this;
    const obj = {
      href: this.href, origin: this.origin, protocol: this.protocol, username: this.username, password: this.password,
      host: this.host, hostname: this.hostname, port: this.port, pathname: this.pathname, search: this.search,
      searchParams: this.searchParams, hash: this.hash,
    };
    return `${this.constructor.name} ${inspectFn(inspect)(obj, options)}`;
  }

}

// WHATWG "cannot have a username/password/port".
function cannotHaveCredentialsOrPort(rec) {
  return rec.host === null || rec.host === '' || rec.scheme === 'file';
}

function changed(url, queryChanged) {
  const ctx = urlContext(url);
  ctx.href = null;
  if (queryChanged && ctx.params !== null) {
    paramsContext(ctx.params).list = formParse(ctx.record.query || '');
  }
}
Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL', configurable: true });
for (const name of ['toString', 'href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'searchParams', 'hash', 'toJSON']) {
  const d = Object.getOwnPropertyDescriptor(URL.prototype, name);
  d.enumerable = true;
  Object.defineProperty(URL.prototype, name, d);
}
for (const name of ['append', 'delete', 'get', 'getAll', 'has', 'set', 'sort', 'forEach', 'entries', 'keys', 'values', 'toString', 'size']) {
  const d = Object.getOwnPropertyDescriptor(URLSearchParams.prototype, name);
  d.enumerable = true;
  Object.defineProperty(URLSearchParams.prototype, name, d);
}

// ---- file URLs (POSIX) --------------------------------------------------------------
function fileURLToPath(path) {
  let url;
  if (typeof path === 'string') url = new URL(path);
  else if (path instanceof URL || (path && typeof path === 'object' && typeof path.href === 'string' && typeof path.protocol === 'string')) url = path;
  else throw invalidArgType('path', 'of type string or an instance of URL', path);
  if (url.protocol !== 'file:') throw codedError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  if (url.hostname !== '') {
    throw codedError(TypeError, 'ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on linux');
  }
  const pathname = url.pathname;
  for (let n = 0; n < pathname.length; n++) {
    if (pathname[n] === '%') {
      const third = pathname.codePointAt(n + 2) | 0x20;
      if (pathname[n + 1] === '2' && third === 102) {
        throw codedError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
      }
    }
  }
  return decodeURIComponent(pathname);
}

function pathToFileURL(filepath) {
  if (typeof filepath !== 'string') throw invalidArgType('path', 'of type string', filepath);
  const pathMod = require('path');
  let resolved = pathMod.resolve(filepath);
  if (filepath.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  let encoded = '';
  for (const ch of resolved) {
    switch (ch) {
      case '%': encoded += '%25'; break;
      case '\\': encoded += '%5C'; break;
      case '\n': encoded += '%0A'; break;
      case '\r': encoded += '%0D'; break;
      case '\t': encoded += '%09'; break;
      case '#': encoded += '%23'; break;
      case '?': encoded += '%3F'; break;
      default: encoded += ch;
    }
  }
  return new URL('file://' + encoded);
}

function domainToASCII(domain) {
  if (arguments.length < 1) throw missingArgs('domain');
  const host = parseHost(String(domain), false);
  return host === undefined ? '' : host;
}

function domainToUnicode(domain) {
  if (arguments.length < 1) throw missingArgs('domain');
  const host = parseHost(String(domain), false);
  return host === undefined ? '' : domainToUnicodeInternal(host);
}

function urlToHttpOptions(url) {
  const options = {
    protocol: url.protocol,
    hostname: typeof url.hostname === 'string' && url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

// ---- legacy API: url.parse / url.format / url.resolve ------------------------------------
// Written from Node's documented behaviour of the legacy urlObject.

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

const SLASHED_PROTOCOLS = new Set(['http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher', 'gopher:', 'file', 'file:', 'ws', 'ws:', 'wss', 'wss:']);
const HOSTLESS_PROTOCOLS = new Set(['javascript', 'javascript:']);
const UNSAFE_PROTOCOLS = new Set(['javascript', 'javascript:']);

// Characters url.parse() percent-escapes; most inputs have none, and one
// regex test is far cheaper than the per-character loop below.
const AUTO_ESCAPED = /[\t\n\r "'<>\\^`{|}]/;

function autoEscape(rest) {
  if (!AUTO_ESCAPED.test(rest)) return rest;
  let out = '';
  for (const ch of rest) {
    switch (ch) {
      case '\t': out += '%09'; break;
      case '\n': out += '%0A'; break;
      case '\r': out += '%0D'; break;
      case ' ': out += '%20'; break;
      case '"': out += '%22'; break;
      case "'": out += '%27'; break;
      case '<': out += '%3C'; break;
      case '>': out += '%3E'; break;
      case '\\': out += '%5C'; break;
      case '^': out += '%5E'; break;
      case '`': out += '%60'; break;
      case '{': out += '%7B'; break;
      case '|': out += '%7C'; break;
      case '}': out += '%7D'; break;
      default: out += ch;
    }
  }
  return out;
}

// The characters that neither end the host nor make it invalid, as one
// regex each (for the common case) beside the loops that handle the rest.
const PLAIN_HOST_RUN = /^[^\t\n\r "%';<>\\^`{|}#/?@]*/;
const HOST_CHARS = /^[a-zA-Z0-9.\-+_\u0080-\uffff]*$/;

function isHostChar(c) {
  // characters allowed in a legacy hostname label
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2e || c === 0x2d || c === 0x2b || c === 0x5f || c > 0x7f;
}

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  if (typeof url !== 'string') throw invalidArgType('url', 'of type string', url);
  // Backslashes before the query become slashes; surrounding whitespace goes.
  let rest = url.trim();
  {
    const q = rest.search(/[?#]/);
    const head = q < 0 ? rest : rest.slice(0, q);
    rest = head.replace(/\\/g, '/') + (q < 0 ? '' : rest.slice(q));
  }

  if (!slashesDenoteHost && !/#/.test(rest)) {
    // Fast path for simple paths
    const simple = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/.exec(rest);
    if (simple && !simple[1].startsWith('//')) {
      this.path = rest;
      this.href = rest;
      this.pathname = simple[1];
      if (simple[2]) {
        this.search = simple[2];
        this.query = parseQueryString ? require('querystring').parse(this.search.slice(1)) : this.search.slice(1);
      } else if (parseQueryString) {
        this.search = null;
        this.query = Object.create(null);
      }
      return this;
    }
  }

  let lowerProto;
  const protoMatch = /^[a-z0-9.+-]+:/i.exec(rest);
  if (protoMatch) {
    const proto = protoMatch[0];
    lowerProto = proto.toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto.length);
  }

  let slashes;
  if (slashesDenoteHost || protoMatch || /^\/\/[^@/]+@[^@/]+/.test(rest)) {
    slashes = rest.startsWith('//');
    if (slashes && !(lowerProto && HOSTLESS_PROTOCOLS.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  if (!(lowerProto && HOSTLESS_PROTOCOLS.has(lowerProto)) &&
      (slashes || (lowerProto && !SLASHED_PROTOCOLS.has(lowerProto)))) {
    // Find the end of the host: the first of / ? # (and a few others).
    let hostEnd = -1, atSign = -1, nonHost = -1;
    // Usually the host is a plain run up to "/", "?", "#" or the end: one
    // regex finds it; anything else takes the per-character loop.
    const plain = PLAIN_HOST_RUN.exec(rest)[0].length;
    const stop = plain < rest.length ? rest[plain] : '';
    if (stop === '#' || stop === '/' || stop === '?') {
      nonHost = hostEnd = plain;
    } else if (stop !== '') for (let i = 0; i < rest.length; i++) {
      const ch = rest[i];
      if (ch === '\t' || ch === '\n' || ch === '\r' || ch === ' ' || ch === '"' || ch === '%' || ch === "'" ||
          ch === ';' || ch === '<' || ch === '>' || ch === '\\' || ch === '^' || ch === '`' || ch === '{' || ch === '|' || ch === '}') {
        if (nonHost === -1) nonHost = i;
      } else if (ch === '#' || ch === '/' || ch === '?') {
        if (nonHost === -1) nonHost = i;
        hostEnd = i;
        break;
      } else if (ch === '@') {
        atSign = i;
        nonHost = -1;
      }
    }
    let start = 0;
    if (atSign !== -1) {
      this.auth = decodeURIComponent(rest.slice(0, atSign));
      start = atSign + 1;
    }
    if (nonHost === -1) {
      this.host = rest.slice(start);
      rest = '';
    } else {
      this.host = rest.slice(start, nonHost);
      rest = rest.slice(nonHost);
    }
    this.parseHost();
    if (typeof this.hostname !== 'string') this.hostname = '';
    let hostname = this.hostname;
    const ipv6Hostname = hostname[0] === '[' && hostname[hostname.length - 1] === ']';
    if (!ipv6Hostname) {
      // Validate labels; the first invalid character ends the host.
      if (!HOST_CHARS.test(hostname)) for (let i = 0; i < hostname.length; i++) {
        const c = hostname.charCodeAt(i);
        if (!isHostChar(c)) {
          this.hostname = hostname.slice(0, i);
          rest = '/' + hostname.slice(i) + rest;
          hostname = this.hostname;
          break;
        }
      }
    }
    if (this.hostname.length > 255) this.hostname = '';
    else this.hostname = this.hostname.toLowerCase();
    if (!ipv6Hostname && /[^\x00-\x7f]/.test(this.hostname)) {
      const ascii = domainToASCIIInternal(this.hostname);
      this.hostname = ascii === null ? '' : ascii;
    }
    const p = this.port ? ':' + this.port : '';
    const h = this.hostname || '';
    this.host = h + p;
    if (ipv6Hostname) {
      this.hostname = this.hostname.slice(1, -1);
      if (rest[0] !== '/') rest = '/' + rest;
    }
  }

  if (!UNSAFE_PROTOCOLS.has(lowerProto)) rest = autoEscape(rest);

  const hashIdx = rest.indexOf('#');
  if (hashIdx !== -1) {
    this.hash = rest.slice(hashIdx);
    rest = rest.slice(0, hashIdx);
  }
  const qIdx = rest.indexOf('?');
  if (qIdx !== -1) {
    this.search = rest.slice(qIdx);
    this.query = rest.slice(qIdx + 1);
    if (parseQueryString) this.query = require('querystring').parse(this.query);
    rest = rest.slice(0, qIdx);
  } else if (parseQueryString) {
    this.search = null;
    this.query = Object.create(null);
  }
  if (rest.length > 0) this.pathname = rest;
  else if (lowerProto && SLASHED_PROTOCOLS.has(lowerProto) && this.hostname) this.pathname = '/';

  if (this.pathname !== null || this.search !== null) {
    this.path = (this.pathname || '') + (this.search || '');
  }
  this.href = this.format();
  return this;
};

Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  const m = /:[0-9]*$/.exec(host);
  if (m) {
    const port = m[0];
    if (port !== ':') this.port = port.slice(1);
    host = host.slice(0, host.length - port.length);
  }
  if (host) this.hostname = host;
};

Url.prototype.format = function format() {
  let auth = this.auth || '';
  if (auth) {
    auth = encodeURIComponent(auth).replace(/%3A/i, ':');
    auth += '@';
  }
  let protocol = this.protocol || '';
  let pathname = this.pathname || '';
  let hash = this.hash || '';
  let host = '';
  let query = '';
  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    host = auth + (this.hostname.includes(':') && this.hostname[0] !== '[' ? '[' + this.hostname + ']' : this.hostname);
    if (this.port) host += ':' + this.port;
  }
  if (this.query !== null && typeof this.query === 'object') {
    query = require('querystring').stringify(this.query);
  }
  let search = this.search || (query && ('?' + query)) || '';
  if (protocol && protocol.charCodeAt(protocol.length - 1) !== 58 /* : */) protocol += ':';
  // indexOf before replace: a regex replace costs ~10x more in QuickJS.
  if (pathname.indexOf('#') !== -1 || pathname.indexOf('?') !== -1) {
    pathname = pathname.replace(/[#?]/g, (c) => encodeURIComponent(c));
  }
  if (search.indexOf('#') !== -1) search = search.replaceAll('#', '%23');
  if (this.slashes || SLASHED_PROTOCOLS.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname[0] !== '/') pathname = '/' + pathname;
      host = '//' + host;
    } else if (protocol.length >= 4 && protocol.startsWith('file')) {
      host = '//';
    }
  }
  if (hash && hash[0] !== '#') hash = '#' + hash;
  if (search && search[0] !== '?') search = '?' + search;
  return protocol + host + pathname + search + hash;
};

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(urlParse(relative, false, true)).format();
};

// Split "user@host" kept in a host slot (bases without slashes, e.g. mailto:).
function takeHostFromPath(result, srcPath, isAbsolute) {
  let host = isAbsolute ? '' : (srcPath.length ? srcPath.shift() : '');
  if (host && host.indexOf('@') > 0) {
    const parts = host.split('@');
    result.auth = parts.shift();
    host = parts.shift();
  }
  result.host = result.hostname = host;
}

// Legacy relative resolution, reproducing Node's url.resolve() results.
Url.prototype.resolveObject = function resolveObject(relative) {
  const rel = typeof relative === 'string' ? urlParse(relative, false, true) : relative;
  const result = new Url();
  for (const k of Object.keys(this)) result[k] = this[k];
  result.hash = rel.hash;
  const done = () => {
    result.href = result.format();
    return result;
  };
  if (rel.href === '') return done();

  // "//host/path": everything but the protocol comes from the relative URL.
  if (rel.slashes && !rel.protocol) {
    for (const k of Object.keys(rel)) if (k !== 'protocol') result[k] = rel[k];
    if (SLASHED_PROTOCOLS.has(result.protocol) && result.hostname && !result.pathname) {
      result.path = result.pathname = '/';
    }
    return done();
  }

  if (rel.protocol && rel.protocol !== result.protocol) {
    if (!SLASHED_PROTOCOLS.has(rel.protocol)) {
      for (const k of Object.keys(rel)) result[k] = rel[k];
      return done();
    }
    result.protocol = rel.protocol;
    if (!rel.host && !/^file:?$/.test(rel.protocol) && !HOSTLESS_PROTOCOLS.has(rel.protocol)) {
      // "http:foo/bar" with a different base protocol: first segment is the host.
      const relPath = (rel.pathname || '').split('/');
      let host = '';
      while (relPath.length && !(host = relPath.shift()));
      rel.host = host || '';
      if (!rel.hostname) rel.hostname = '';
      if (relPath[0] !== '') relPath.unshift('');
      if (relPath.length < 2) relPath.unshift('');
      result.pathname = relPath.join('/');
    } else {
      result.pathname = rel.pathname;
    }
    result.search = rel.search;
    result.query = rel.query;
    result.host = rel.host || '';
    result.auth = rel.auth;
    result.hostname = rel.hostname || rel.host;
    result.port = rel.port;
    if (result.pathname || result.search) result.path = (result.pathname || '') + (result.search || '');
    result.slashes = result.slashes || rel.slashes;
    return done();
  }

  const isSourceAbs = !!(result.pathname && result.pathname[0] === '/');
  const isRelAbs = !!(rel.host || (rel.pathname && rel.pathname[0] === '/'));
  let mustEndAbs = !!(isRelAbs || isSourceAbs || (result.host && rel.pathname));
  const removeAllDots = mustEndAbs;
  let srcPath = (result.pathname && result.pathname.split('/')) || [];
  const relPath = (rel.pathname && rel.pathname.split('/')) || [];
  const noLeadingSlashes = !!(result.protocol && !SLASHED_PROTOCOLS.has(result.protocol));

  if (noLeadingSlashes) {
    // The base's host is treated as the first path segment.
    result.hostname = '';
    result.port = null;
    if (result.host) {
      if (srcPath[0] === '') srcPath[0] = result.host;
      else srcPath.unshift(result.host);
    }
    result.host = '';
    if (rel.protocol) {
      rel.hostname = null;
      rel.port = null;
      if (rel.host) {
        if (relPath[0] === '') relPath[0] = rel.host;
        else relPath.unshift(rel.host);
      }
      rel.host = null;
    }
    mustEndAbs = mustEndAbs && (relPath[0] === '' || srcPath[0] === '');
  }

  if (isRelAbs) {
    if (rel.host || rel.host === '') {
      if (result.host !== rel.host) result.auth = null;
      result.host = rel.host;
      result.port = rel.port;
    }
    if (rel.hostname || rel.hostname === '') {
      if (result.hostname !== rel.hostname) result.auth = null;
      result.hostname = rel.hostname;
    }
    result.search = rel.search;
    result.query = rel.query;
    srcPath = relPath;
  } else if (relPath.length) {
    srcPath.pop();
    srcPath = srcPath.concat(relPath);
    result.search = rel.search;
    result.query = rel.query;
  } else if (rel.search !== null && rel.search !== undefined) {
    if (noLeadingSlashes) takeHostFromPath(result, srcPath, false);
    result.search = rel.search;
    result.query = rel.query;
    if (result.pathname !== null || result.search !== null) {
      result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
    }
    return done();
  }

  if (!srcPath.length) {
    result.pathname = null;
    result.path = result.search ? '/' + result.search : null;
    return done();
  }

  let last = srcPath[srcPath.length - 1];
  const hasTrailingSlash = ((result.host || rel.host || srcPath.length > 1) && (last === '.' || last === '..')) || last === '';

  // Remove '.' and '..' segments, counting how far we went above the start.
  let up = 0;
  for (let i = srcPath.length - 1; i >= 0; i--) {
    last = srcPath[i];
    if (last === '.') {
      srcPath.splice(i, 1);
    } else if (last === '..') {
      srcPath.splice(i, 1);
      up++;
    } else if (up) {
      srcPath.splice(i, 1);
      up--;
    }
  }
  if (!mustEndAbs && !removeAllDots) {
    while (up--) srcPath.unshift('..');
  }
  if (mustEndAbs && srcPath[0] !== '' && (!srcPath[0] || srcPath[0][0] !== '/')) srcPath.unshift('');
  if (hasTrailingSlash && srcPath.join('/').slice(-1) !== '/') srcPath.push('');

  const isAbsolute = srcPath[0] === '' || !!(srcPath[0] && srcPath[0][0] === '/');
  if (noLeadingSlashes) takeHostFromPath(result, srcPath, isAbsolute);

  mustEndAbs = mustEndAbs || !!(result.host && srcPath.length);
  if (mustEndAbs && !isAbsolute) srcPath.unshift('');

  if (srcPath.length > 0) {
    result.pathname = srcPath.join('/');
  } else {
    result.pathname = null;
    result.path = null;
  }
  if (result.pathname !== null || result.search !== null) {
    result.path = (result.pathname ? result.pathname : '') + (result.search ? result.search : '');
  }
  result.auth = rel.auth || result.auth;
  result.slashes = result.slashes || rel.slashes;
  return done();
};

function urlParse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const u = new Url();
  u.parse(url, parseQueryString, slashesDenoteHost);
  return u;
}

function urlFormat(urlObject, options) {
  if (typeof urlObject === 'string') {
    urlObject = urlParse(urlObject);
  } else if (typeof urlObject !== 'object' || urlObject === null) {
    throw invalidArgType('urlObject', 'one of type object or string', urlObject);
  } else if (urlObject instanceof URL) {
    let fragment = true, unicode = false, search = true, auth = true;
    if (options) {
      if (options.fragment !== undefined) fragment = !!options.fragment;
      if (options.unicode !== undefined) unicode = !!options.unicode;
      if (options.search !== undefined) search = !!options.search;
      if (options.auth !== undefined) auth = !!options.auth;
    }
    const rec = cloneRecord(urlContext(urlObject).record);
    if (!auth) { rec.username = ''; rec.password = ''; }
    if (!search) rec.query = null;
    if (!fragment) rec.fragment = null;
    if (unicode && rec.host) rec.host = domainToUnicodeInternal(rec.host);
    return serializeURL(rec, false);
  }
  return Url.prototype.format.call(urlObject);
}

function urlResolve(source, relative) {
  return urlParse(source, false, true).resolve(relative);
}

function urlResolveObject(source, relative) {
  if (!source) return relative;
  return urlParse(source, false, true).resolveObject(relative);
}

module.exports = {
  URL,
  URLSearchParams,
  Url,
  parse: urlParse,
  format: urlFormat,
  resolve: urlResolve,
  resolveObject: urlResolveObject,
  fileURLToPath,
  pathToFileURL,
  domainToASCII,
  domainToUnicode,
  urlToHttpOptions,
};
