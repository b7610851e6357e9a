'use strict';
// node:buffer for fnbox: Buffer as a Uint8Array subclass, with Node's codecs.

const kMaxLength = 4294967296;
const kStringMaxLength = 536870888;
const INSPECT_MAX_BYTES = 50;
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// ---------------------------------------------------------------------------
// errors (Node's codes and messages)
// ---------------------------------------------------------------------------
let utilCache = null;
function util() {
  if (utilCache === null) utilCache = require('util');
  return utilCache;
}

const { nodeError, invalidArgType } = require('_errors');

function addNumericalSeparator(val) {
  let res = '';
  let i = val.length;
  const start = val[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${val.slice(i - 3, i)}${res}`;
  return `${val.slice(0, i)}${res}`;
}

function outOfRange(name, range, input) {
  let rec;
  if (Number.isInteger(input) && Math.abs(input) > 2 ** 32) {
    rec = addNumericalSeparator(String(input));
  } else if (typeof input === 'bigint') {
    rec = String(input);
    if (input > 2n ** 32n || input < -(2n ** 32n)) rec = addNumericalSeparator(rec);
    rec += 'n';
  } else {
    rec = util().inspect(input);
  }
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${rec}`);
}

function bufferOutOfBounds(name) {
  return nodeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
    name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');
}

function unknownEncoding(enc) {
  return nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
}

function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if ((min != null && value < min) || (max != null && value > max) ||
      ((min != null || max != null) && Number.isNaN(value))) {
    throw outOfRange(name,
      `${min != null ? `>= ${min}` : ''}${min != null && max != null ? ' && ' : ''}${max != null ? `<= ${max}` : ''}`,
      value);
  }
}

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

// ---------------------------------------------------------------------------
// codecs: in _codec.js, shared with util and string_decoder.
// ---------------------------------------------------------------------------
const {
  utf8Length, utf8Encode, utf8EncodeInto, utf8Decode, utf8IncompleteTail, latin1Decode, asciiDecode, ucs2Decode,
  hexChars, hexDecode, base64Encode, base64DecodeInto, encodeToBytes, base64ByteLength, latin1WriteInto,
  normalizeEncoding, byteLengthOf, writeEncoded, decodeSlice,
} = require('_codec');

// ---------------------------------------------------------------------------
// Buffer
// ---------------------------------------------------------------------------
class FastBuffer extends Uint8Array {}

function isAnyArrayBuffer(v) {
  if (v instanceof ArrayBuffer) return true;
  if (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer) return true;
  if (typeof v !== 'object' || v === null) return false;
  const tag = Object.prototype.toString.call(v);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

function Buffer(arg, encodingOrOffset, length) {
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') {
      throw invalidArgType('string', 'of type string', arg);
    }
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}
Object.defineProperty(Buffer, 'name', { value: 'Buffer' });
Buffer.prototype = FastBuffer.prototype;
Object.defineProperty(FastBuffer.prototype, 'constructor', {
  value: Buffer, writable: true, enumerable: false, configurable: true,
});
Object.setPrototypeOf(Buffer, Uint8Array);
Buffer.poolSize = 8 * 1024;

function fromString(string, encoding) {
  let enc = 'utf8';
  if (typeof encoding === 'string' && encoding.length !== 0) {
    enc = normalizeEncoding(encoding);
    if (enc === undefined) throw unknownEncoding(encoding);
  }
  const bytes = encodeToBytes(string, enc);
  return new FastBuffer(bytes.buffer, bytes.byteOffset, bytes.length);
}

function fromArrayLike(obj) {
  const len = obj.length;
  if (len <= 0) return new FastBuffer(0);
  const buf = new FastBuffer(len);
  if (Array.isArray(obj) || ArrayBuffer.isView(obj)) buf.set(obj);
  else for (let i = 0; i < len; i++) buf[i] = obj[i];
  return buf;
}

function fromArrayBuffer(obj, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = obj.byteLength - byteOffset;
  if (maxLength < 0) throw bufferOutOfBounds('offset');
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw bufferOutOfBounds('length');
    } else {
      length = 0;
    }
  }
  return new FastBuffer(obj, byteOffset, length);
}

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value && (typeof valueOf === 'string' || typeof valueOf === 'object')) {
      return from(valueOf, encodingOrOffset, length);
    }
    if (ArrayBuffer.isView(value)) {
      if (value instanceof Uint8Array) return new FastBuffer(value);
      return fromArrayLike(value);
    }
    if (value.length !== undefined || isAnyArrayBuffer(value.buffer)) {
      if (typeof value.length !== 'number') return new FastBuffer(0);
      return fromArrayLike(value);
    }
    if (value.type === 'Buffer' && Array.isArray(value.data)) return fromArrayLike(value.data);
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const primitive = value[Symbol.toPrimitive]('string');
      if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
    }
  }
  throw invalidArgType('first argument',
    'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!ArrayBuffer.isView(view) || view instanceof DataView) {
    throw invalidArgType('view', 'an instance of TypedArray', view);
  }
  const viewLength = view.length;
  if (viewLength === 0) return Buffer.alloc(0);
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, 'offset', 0);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end;
    if (length !== undefined) {
      validateInteger(length, 'length', 0);
      end = offset + length;
    } else {
      end = viewLength;
    }
    view = view.subarray(offset, end);
  }
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return new FastBuffer(bytes);
};

Buffer.of = function of(...items) {
  const buf = new FastBuffer(items.length);
  for (let i = 0; i < items.length; i++) buf[i] = items[i];
  return buf;
};

function assertSize(size) {
  validateNumber(size, 'size', 0, kMaxLength);
}

Buffer.alloc = function alloc(size, fill, encoding) {
  assertSize(size);
  if (fill !== undefined && fill !== 0 && size > 0) {
    const buf = new FastBuffer(size);
    return bufferFill(buf, fill, 0, buf.length, encoding);
  }
  return new FastBuffer(size);
};

Buffer.allocUnsafe = function allocUnsafe(size) {
  assertSize(size);
  return new FastBuffer(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  assertSize(size);
  return new FastBuffer(size);
};

function SlowBuffer(size) {
  assertSize(size);
  return new FastBuffer(size);
}
Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);

Buffer.isBuffer = function isBuffer(b) { return b instanceof Buffer; };

Buffer.compare = function compare(buf1, buf2) {
  if (!(buf1 instanceof Uint8Array)) throw invalidArgType('buf1', 'an instance of Buffer or Uint8Array', buf1);
  if (!(buf2 instanceof Uint8Array)) throw invalidArgType('buf2', 'an instance of Buffer or Uint8Array', buf2);
  if (buf1 === buf2) return 0;
  return compareBytes(buf1, 0, buf1.length, buf2, 0, buf2.length);
};

function compareBytes(a, aStart, aEnd, b, bStart, bEnd) {
  const aLen = aEnd - aStart;
  const bLen = bEnd - bStart;
  if (aLen >= 256 && bLen >= 256) {
    // latin1 strings order like their bytes; the comparison runs natively.
    const x = latin1Decode(a, aStart, aEnd);
    const y = latin1Decode(b, bStart, bEnd);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  const n = Math.min(aLen, bLen);
  for (let i = 0; i < n; i++) {
    const x = a[aStart + i];
    const y = b[bStart + i];
    if (x !== y) return x < y ? -1 : 1;
  }
  return aLen < bLen ? -1 : aLen > bLen ? 1 : 0;
}

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
};
Buffer[Symbol.for('kIsEncodingSymbol')] = Buffer.isEncoding;

Buffer.concat = function concat(list, length) {
  if (!Array.isArray(list)) throw invalidArgType('list', 'an instance of Array', list);
  if (list.length === 0) return new FastBuffer(0);
  if (length === undefined) {
    length = 0;
    for (let i = 0; i < list.length; i++) {
      if (list[i].length) length += list[i].length;
    }
  } else {
    validateInteger(length, 'length', 0);
  }
  const buffer = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (!(buf instanceof Uint8Array)) {
      throw invalidArgType(`list[${i}]`, 'an instance of Buffer or Uint8Array', list[i]);
    }
    pos += copyImpl(buf, buffer, pos, 0, buf.length);
  }
  if (pos < length) buffer.fill(0, pos, length);
  return buffer;
};

Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw invalidArgType('string', 'of type string or an instance of Buffer or ArrayBuffer', string);
  }
  const len = string.length;
  if (len === 0) return 0;
  if (!encoding || encoding === 'utf8') return utf8Length(string);
  const enc = normalizeEncoding(encoding);
  return byteLengthOf(string, enc === undefined ? 'utf8' : enc);
};

function copyImpl(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd > source.length) sourceEnd = source.length;
  let nb = sourceEnd - sourceStart;
  const available = target.length - targetStart;
  if (nb > available) nb = available;
  if (nb <= 0) return 0;
  if (sourceStart === 0 && nb === source.length) target.set(source, targetStart);
  else target.set(source.subarray(sourceStart, sourceStart + nb), targetStart);
  return nb;
}

function toInteger(n, defaultVal) {
  n = +n;
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) {
    return ((n % 1) === 0 ? n : Math.floor(n));
  }
  return defaultVal;
}

const proto = Buffer.prototype;

proto.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  if (!(target instanceof Uint8Array)) throw invalidArgType('target', 'an instance of Buffer or Uint8Array', target);
  if (targetStart === undefined) targetStart = 0;
  else {
    targetStart = toInteger(targetStart, 0);
    if (targetStart < 0) throw outOfRange('targetStart', `>= 0 && <= ${target.length}`, targetStart);
  }
  if (sourceStart === undefined) sourceStart = 0;
  else {
    sourceStart = toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > this.length) {
      throw outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
    }
  }
  if (sourceEnd === undefined) sourceEnd = this.length;
  else {
    sourceEnd = toInteger(sourceEnd, 0);
    if (sourceEnd < 0) throw outOfRange('sourceEnd', `>= 0 && <= ${this.length}`, sourceEnd);
  }
  if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
  return copyImpl(this, target, targetStart, sourceStart, sourceEnd);
};

proto.toString = function toString(encoding, start, end) {
  if (arguments.length === 0) return utf8Decode(this, 0, this.length, false);
  const len = this.length;
  if (start <= 0) start = 0;
  else if (start >= len) return '';
  else start = Math.trunc(start) || 0;
  if (end === undefined || end > len) end = len;
  else end = Math.trunc(end) || 0;
  if (end <= start) return '';
  let enc = 'utf8';
  if (encoding !== undefined) {
    enc = encoding === null || encoding === '' ? undefined : normalizeEncoding(encoding);
    if (enc === undefined) throw unknownEncoding(encoding);
  }
  return decodeSlice(this, enc, start, end);
};

proto.equals = function equals(otherBuffer) {
  if (!(otherBuffer instanceof Uint8Array)) {
    throw invalidArgType('otherBuffer', 'an instance of Buffer or Uint8Array', otherBuffer);
  }
  if (this === otherBuffer) return true;
  if (this.byteLength !== otherBuffer.byteLength) return false;
  return compareBytes(this, 0, this.length, otherBuffer, 0, otherBuffer.length) === 0;
};

proto[customInspectSymbol] = function inspect(recurseTimes, ctx) {
  const max = INSPECT_MAX_BYTES;
  const actualMax = Math.min(max, this.length);
  const remaining = this.length - max;
  const parts = [];
  for (let i = 0; i < actualMax; i++) parts.push(hexChars[this[i] >> 4] + hexChars[this[i] & 15]);
  let str = parts.join(' ');
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  if (ctx) {
    let extras = false;
    const obj = Object.create(null);
    for (const key of Reflect.ownKeys(this)) {
      if (typeof key === 'string' && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295) continue;
      if (!ctx.showHidden && !Object.prototype.propertyIsEnumerable.call(this, key)) continue;
      extras = true;
      obj[key] = this[key];
    }
    if (extras) {
      if (this.length !== 0) str += ', ';
      str += util().inspect(obj, { ...ctx, breakLength: Infinity, compact: true }).slice(27, -2);
    }
  }
  return `<${this.constructor.name} ${str}>`;
};
proto.inspect = proto[customInspectSymbol];

proto.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  if (!(target instanceof Uint8Array)) throw invalidArgType('target', 'an instance of Buffer or Uint8Array', target);
  if (arguments.length === 1) return compareBytes(this, 0, this.length, target, 0, target.length);
  if (targetStart === undefined) targetStart = 0;
  else validateOffset(targetStart, 'targetStart');
  if (targetEnd === undefined) targetEnd = target.length;
  else validateOffset(targetEnd, 'targetEnd', 0, target.length);
  if (sourceStart === undefined) sourceStart = 0;
  else validateOffset(sourceStart, 'sourceStart');
  if (sourceEnd === undefined) sourceEnd = this.length;
  else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);
  if (sourceStart >= sourceEnd) return (targetStart >= targetEnd ? 0 : -1);
  if (targetStart >= targetEnd) return 1;
  return compareBytes(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
};

function validateOffset(value, name, min = 0, max = kMaxLength) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function bidirectionalIndexOf(buffer, val, byteOffset, encoding, dir) {
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = dir ? 0 : (buffer.length || buffer.byteLength);
  let needle;
  if (typeof val === 'number') {
    needle = new Uint8Array([(val >>> 0) & 0xFF]);
  } else if (typeof val === 'string') {
    let enc = 'utf8';
    if (encoding !== undefined) {
      enc = normalizeEncoding(encoding);
      if (enc === undefined) throw unknownEncoding(encoding);
    }
    needle = fromString(val, enc);
  } else if (val instanceof Uint8Array) {
    needle = val;
  } else {
    throw invalidArgType('value', 'one of type number or string or an instance of Buffer or Uint8Array', val);
  }
  return indexOfBytes(buffer, needle, byteOffset, dir);
}

function indexOfBytes(hay, needle, byteOffset, dir) {
  const hlen = hay.length;
  const nlen = needle.length;
  let offset = Math.trunc(byteOffset);
  if (offset < 0) offset += hlen;
  if (dir) {
    if (offset < 0) offset = 0;
    if (nlen === 0) return offset > hlen ? hlen : offset;
    if (hlen >= 256) {
      // Bytes map one-to-one onto latin1 code units: search natively.
      return latin1Decode(hay, 0, hlen).indexOf(latin1Decode(needle, 0, nlen), offset);
    }
    for (let i = offset; i <= hlen - nlen; i++) {
      let j = 0;
      while (j < nlen && hay[i + j] === needle[j]) j++;
      if (j === nlen) return i;
    }
    return -1;
  }
  if (offset < 0) return -1;
  if (nlen === 0) return offset > hlen ? hlen : offset;
  if (hlen - nlen < 0) return -1;
  if (hlen >= 256) {
    return latin1Decode(hay, 0, hlen).lastIndexOf(latin1Decode(needle, 0, nlen), Math.min(offset, hlen - nlen));
  }
  for (let i = Math.min(offset, hlen - nlen); i >= 0; i--) {
    let j = 0;
    while (j < nlen && hay[i + j] === needle[j]) j++;
    if (j === nlen) return i;
  }
  return -1;
}

proto.indexOf = function indexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
};
proto.lastIndexOf = function lastIndexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
};
proto.includes = function includes(val, byteOffset, encoding) {
  return this.indexOf(val, byteOffset, encoding) !== -1;
};

function bufferFill(buf, value, offset, end, encoding) {
  if (typeof value === 'string') {
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }
    const normalized = normalizeEncoding(encoding);
    if (normalized === undefined) {
      if (typeof encoding !== 'string') throw invalidArgType('encoding', 'of type string', encoding);
      throw unknownEncoding(encoding);
    }
    encoding = normalized;
    if (value.length === 0) {
      value = 0;
    } else if (value.length === 1) {
      if (encoding === 'utf8') {
        const code = value.charCodeAt(0);
        if (code < 128) value = code;
      } else if (encoding === 'latin1') {
        value = value.charCodeAt(0);
      }
    }
  } else {
    encoding = undefined;
  }
  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, 'offset');
    if (end === undefined) end = buf.length;
    else validateOffset(end, 'end', 0, buf.length);
    if (offset >= end) return buf;
  }
  if (typeof value === 'number') {
    Uint8Array.prototype.fill.call(buf, value & 255, offset, end);
    return buf;
  }
  if (typeof value === 'boolean') {
    Uint8Array.prototype.fill.call(buf, value ? 1 : 0, offset, end);
    return buf;
  }
  let bytes;
  if (typeof value === 'string') {
    bytes = fromString(value, encoding);
    if (bytes.length === 0) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'value' is invalid. Received ${util().inspect(value)}`);
    }
  } else if (ArrayBuffer.isView(value)) {
    bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (bytes.length === 0) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'value' is invalid. Received ${util().inspect(value)}`);
    }
  } else {
    Uint8Array.prototype.fill.call(buf, Number(value) & 255, offset, end);
    return buf;
  }
  // Write the pattern once, then double the filled part natively.
  const first = Math.min(bytes.length, end - offset);
  buf.set(first === bytes.length ? bytes : bytes.subarray(0, first), offset);
  for (let filled = first; filled < end - offset; filled *= 2) {
    buf.copyWithin(offset + filled, offset, offset + Math.min(filled, end - offset - filled));
  }
  return buf;
}

proto.fill = function fill(value, offset, end, encoding) {
  return bufferFill(this, value, offset, end, encoding);
};

proto.write = function write(string, offset, length, encoding) {
  if (typeof string !== 'string') {
    const err = new TypeError('argument must be a string');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  if (offset === undefined) {
    return writeEncoded(string, 'utf8', this, 0, this.length);
  }
  if (length === undefined && typeof offset === 'string') {
    encoding = offset;
    length = this.length;
    offset = 0;
  } else {
    validateOffset(offset, 'offset', 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      validateOffset(length, 'length', 0, this.length);
      if (length > remaining) length = remaining;
    }
  }
  let enc = 'utf8';
  if (encoding !== undefined && encoding !== null && encoding !== '') {
    enc = normalizeEncoding(encoding);
    if (enc === undefined) throw unknownEncoding(encoding);
  }
  return writeEncoded(string, enc, this, offset, length);
};

proto.toJSON = function toJSON() {
  if (this.length > 0) {
    const data = new Array(this.length);
    for (let i = 0; i < this.length; ++i) data[i] = this[i];
    return { type: 'Buffer', data };
  }
  return { type: 'Buffer', data: [] };
};

function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0 || Number.isNaN(offset)) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  if (offset < length) return offset;
  return length;
}

proto.subarray = function subarray(start, end) {
  const srcLength = this.length;
  start = adjustOffset(start, srcLength);
  end = end !== undefined ? adjustOffset(end, srcLength) : srcLength;
  const newLength = end > start ? end - start : 0;
  return new FastBuffer(this.buffer, this.byteOffset + start, newLength);
};
proto.slice = function slice(start, end) {
  return this.subarray(start, end);
};

function swap(b, n, m) {
  const i = b[n];
  b[n] = b[m];
  b[m] = i;
}
proto.swap16 = function swap16() {
  const len = this.length;
  if (len % 2 !== 0) throw nodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of 16-bits');
  for (let i = 0; i < len; i += 2) swap(this, i, i + 1);
  return this;
};
proto.swap32 = function swap32() {
  const len = this.length;
  if (len % 4 !== 0) throw nodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of 32-bits');
  for (let i = 0; i < len; i += 4) {
    swap(this, i, i + 3);
    swap(this, i + 1, i + 2);
  }
  return this;
};
proto.swap64 = function swap64() {
  const len = this.length;
  if (len % 8 !== 0) throw nodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of 64-bits');
  for (let i = 0; i < len; i += 8) {
    swap(this, i, i + 7);
    swap(this, i + 1, i + 6);
    swap(this, i + 2, i + 5);
    swap(this, i + 3, i + 4);
  }
  return this;
};

proto.toLocaleString = proto.toString;

Object.defineProperty(proto, 'parent', {
  enumerable: true, configurable: true,
  get() { return this instanceof Buffer ? this.buffer : undefined; },
});
Object.defineProperty(proto, 'offset', {
  enumerable: true, configurable: true,
  get() { return this instanceof Buffer ? this.byteOffset : undefined; },
});

// Encoding-specific slice/write helpers Node exposes on the prototype.
for (const [name, enc] of [['ascii', 'ascii'], ['base64', 'base64'], ['base64url', 'base64url'],
  ['latin1', 'latin1'], ['hex', 'hex'], ['ucs2', 'utf16le'], ['utf8', 'utf8']]) {
  proto[`${name}Slice`] = function (start = 0, end = this.length) {
    if (start < 0 || end > this.length || start > end) throw nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'Index out of range');
    return decodeSlice(this, enc, start, end);
  };
  proto[`${name}Write`] = function (string, offset = 0, length = this.length - offset) {
    if (offset > this.length) throw bufferOutOfBounds('offset');
    return writeEncoded(string, enc, this, offset, Math.min(length, this.length - offset));
  };
}

// ---- numeric read/write ----------------------------------------------------
const float32 = new Float32Array(1);
const float32Bytes = new Uint8Array(float32.buffer);
const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);
const bigEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

function checkOffsetArg(offset) {
  if (typeof offset !== 'number') throw invalidArgType('offset', 'of type number', offset);
}

function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    checkOffsetArg(value);
    throw outOfRange(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw bufferOutOfBounds();
  throw outOfRange(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
}

function checkBounds(buf, offset, byteLength) {
  checkOffsetArg(offset);
  if (buf[offset] === undefined || buf[offset + byteLength] === undefined) {
    boundsError(offset, buf.length - (byteLength + 1));
  }
}

function readN(buf, offset, n, le) {
  // Unsigned integer of n <= 6 bytes.
  if (offset === undefined) offset = 0;
  checkOffsetArg(offset);
  const first = buf[offset];
  const last = buf[offset + n - 1];
  if (first === undefined || last === undefined) boundsError(offset, buf.length - n);
  let val = 0;
  if (le) {
    for (let i = n - 1; i >= 0; i--) val = val * 256 + buf[offset + i];
  } else {
    for (let i = 0; i < n; i++) val = val * 256 + buf[offset + i];
  }
  return val;
}

function signed(val, n) {
  const limit = 2 ** (8 * n - 1);
  return val >= limit ? val - limit * 2 : val;
}

function checkByteLength(byteLength) {
  if (typeof byteLength !== 'number') throw invalidArgType('byteLength', 'of type number', byteLength);
  if (!Number.isInteger(byteLength)) throw outOfRange('byteLength', 'an integer', byteLength);
  if (byteLength < 1 || byteLength > 6) boundsError(byteLength, 6, 'byteLength');
}

for (const le of [true, false]) {
  const E = le ? 'LE' : 'BE';
  for (const [bits, n] of [[16, 2], [32, 4]]) {
    proto[`readUInt${bits}${E}`] = function (offset = 0) { return readN(this, offset, n, le); };
    proto[`readInt${bits}${E}`] = function (offset = 0) { return signed(readN(this, offset, n, le), n); };
  }
  proto[`readUInt${E}`] = function (offset, byteLength) {
    if (byteLength === undefined) throw invalidArgType('byteLength', 'of type number', byteLength);
    checkByteLength(byteLength);
    return readN(this, offset, byteLength, le);
  };
  proto[`readInt${E}`] = function (offset, byteLength) {
    if (byteLength === undefined) throw invalidArgType('byteLength', 'of type number', byteLength);
    checkByteLength(byteLength);
    return signed(readN(this, offset, byteLength, le), byteLength);
  };
  proto[`readFloat${E}`] = function (offset = 0) {
    checkOffsetArg(offset);
    if (this[offset] === undefined || this[offset + 3] === undefined) boundsError(offset, this.length - 4);
    for (let i = 0; i < 4; i++) float32Bytes[(le !== bigEndianHost) ? i : 3 - i] = this[offset + i];
    return float32[0];
  };
  proto[`readDouble${E}`] = function (offset = 0) {
    checkOffsetArg(offset);
    if (this[offset] === undefined || this[offset + 7] === undefined) boundsError(offset, this.length - 8);
    for (let i = 0; i < 8; i++) float64Bytes[(le !== bigEndianHost) ? i : 7 - i] = this[offset + i];
    return float64[0];
  };
  proto[`readBigUInt64${E}`] = function (offset = 0) {
    checkOffsetArg(offset);
    if (this[offset] === undefined || this[offset + 7] === undefined) boundsError(offset, this.length - 8);
    let val = 0n;
    for (let i = 0; i < 8; i++) val = (val << 8n) | BigInt(this[offset + (le ? 7 - i : i)]);
    return val;
  };
  proto[`readBigInt64${E}`] = function (offset = 0) {
    return BigInt.asIntN(64, this[`readBigUInt64${E}`](offset));
  };
}
proto.readUInt8 = function readUInt8(offset = 0) {
  checkOffsetArg(offset);
  const val = this[offset];
  if (val === undefined) boundsError(offset, this.length - 1);
  return val;
};
proto.readInt8 = function readInt8(offset = 0) {
  const val = this.readUInt8(offset);
  return val | (val & 2 ** 7) * 0x1fffffe;
};

function rangeText(min, max, byteLength, n) {
  if (byteLength > 3) {
    if (min === 0 || min === 0n) return `>= 0${n} and < 2${n} ** ${(byteLength + 1) * 8}${n}`;
    return `>= -(2${n} ** ${(byteLength + 1) * 8 - 1}${n}) and < 2${n} ** ${(byteLength + 1) * 8 - 1}${n}`;
  }
  return `>= ${min}${n} and <= ${max}${n}`;
}

function checkInt(value, min, max, buf, offset, byteLength) {
  if (value > max || value < min) {
    const n = typeof min === 'bigint' ? 'n' : '';
    throw outOfRange('value', rangeText(min, max, byteLength, n), value);
  }
  checkBounds(buf, offset, byteLength);
}

function writeN(buf, value, offset, n, le, min, max) {
  if (offset === undefined) offset = 0;
  value = +value;
  checkInt(value, min, max, buf, offset, n - 1);
  let v = value < 0 ? value + 2 ** (8 * n) : value;
  for (let i = 0; i < n; i++) {
    const byte = v % 256;
    buf[offset + (le ? i : n - 1 - i)] = byte;
    v = (v - byte) / 256;
  }
  return offset + n;
}

for (const le of [true, false]) {
  const E = le ? 'LE' : 'BE';
  for (const [bits, n] of [[16, 2], [32, 4]]) {
    proto[`writeUInt${bits}${E}`] = function (value, offset = 0) {
      return writeN(this, value, offset, n, le, 0, 2 ** bits - 1);
    };
    proto[`writeInt${bits}${E}`] = function (value, offset = 0) {
      return writeN(this, value, offset, n, le, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1);
    };
  }
  proto[`writeUInt${E}`] = function (value, offset, byteLength) {
    if (byteLength === undefined) throw invalidArgType('byteLength', 'of type number', byteLength);
    checkByteLength(byteLength);
    return writeN(this, value, offset, byteLength, le, 0, 2 ** (8 * byteLength) - 1);
  };
  proto[`writeInt${E}`] = function (value, offset, byteLength) {
    if (byteLength === undefined) throw invalidArgType('byteLength', 'of type number', byteLength);
    checkByteLength(byteLength);
    return writeN(this, value, offset, byteLength, le, -(2 ** (8 * byteLength - 1)), 2 ** (8 * byteLength - 1) - 1);
  };
  proto[`writeFloat${E}`] = function (value, offset = 0) {
    value = +value;
    checkBounds(this, offset, 3);
    float32[0] = value;
    for (let i = 0; i < 4; i++) this[offset + i] = float32Bytes[(le !== bigEndianHost) ? i : 3 - i];
    return offset + 4;
  };
  proto[`writeDouble${E}`] = function (value, offset = 0) {
    value = +value;
    checkBounds(this, offset, 7);
    float64[0] = value;
    for (let i = 0; i < 8; i++) this[offset + i] = float64Bytes[(le !== bigEndianHost) ? i : 7 - i];
    return offset + 8;
  };
  const writeBig = function (buf, value, offset, min, max) {
    if (typeof value !== 'bigint') throw invalidArgType('value', 'of type bigint', value);
    checkInt(value, min, max, buf, offset, 7);
    let v = BigInt.asUintN(64, value);
    for (let i = 0; i < 8; i++) {
      buf[offset + (le ? i : 7 - i)] = Number(v & 0xFFn);
      v >>= 8n;
    }
    return offset + 8;
  };
  proto[`writeBigUInt64${E}`] = function (value, offset = 0) {
    return writeBig(this, value, offset, 0n, 0xFFFFFFFFFFFFFFFFn);
  };
  proto[`writeBigInt64${E}`] = function (value, offset = 0) {
    return writeBig(this, value, offset, -(2n ** 63n), 2n ** 63n - 1n);
  };
}
proto.writeUInt8 = function writeUInt8(value, offset = 0) {
  return writeN(this, value, offset, 1, true, 0, 0xFF);
};
proto.writeInt8 = function writeInt8(value, offset = 0) {
  return writeN(this, value, offset, 1, true, -0x80, 0x7F);
};

// Lower-case "Uint" aliases.  Listed rather than found by testing every
// prototype key with a regex, which cost ~0.8M fuel on every load.
for (const key of ['readUInt16LE', 'readUInt32LE', 'readUIntLE', 'readBigUInt64LE', 'readUInt16BE', 'readUInt32BE',
  'readUIntBE', 'readBigUInt64BE', 'readUInt8', 'writeUInt16LE', 'writeUInt32LE', 'writeUIntLE', 'writeBigUInt64LE',
  'writeUInt16BE', 'writeUInt32BE', 'writeUIntBE', 'writeBigUInt64BE', 'writeUInt8']) {
  proto[key.replace('UInt', 'Uint')] = proto[key];
}

// ---------------------------------------------------------------------------
// module exports
// ---------------------------------------------------------------------------
function btoa(input) {
  if (arguments.length === 0) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "input" argument must be specified');
  }
  input = `${input}`;
  for (let i = 0; i < input.length; i++) {
    if (input.charCodeAt(i) > 0xff) {
      throw new DOMException('Invalid character', 'InvalidCharacterError');
    }
  }
  const bytes = new Uint8Array(input.length);
  latin1WriteInto(input, bytes, 0, input.length);
  return base64Encode(bytes, 0, bytes.length, false);
}

function atob(input) {
  if (arguments.length === 0) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "input" argument must be specified');
  }
  input = `${input}`;
  let nonAsciiWhitespaceCharCount = 0;
  let equalCharCount = 0;
  for (let n = 0; n < input.length; n++) {
    const c = input.charCodeAt(n);
    const isWs = c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
    if (isWs) continue;
    const valid = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61;
    if (!valid) throw new DOMException('Invalid character', 'InvalidCharacterError');
    if (c === 61) equalCharCount++;
    else if (equalCharCount) throw new DOMException('Invalid character', 'InvalidCharacterError');
    if (equalCharCount > 2) throw new DOMException('Invalid character', 'InvalidCharacterError');
    nonAsciiWhitespaceCharCount++;
  }
  let reminder = nonAsciiWhitespaceCharCount % 4;
  if (reminder === 1) {
    throw new DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
  }
  if (equalCharCount > 0 && reminder !== 0) {
    throw new DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
  }
  reminder = 0;
  const bytes = new Uint8Array(base64ByteLength(input) + 3);
  const n = base64DecodeInto(input, bytes, 0, bytes.length);
  return latin1Decode(bytes, 0, n);
}

function isUtf8(input) {
  const bytes = toBytes(input, 'input');
  return utf8Decode(bytes, 0, bytes.length, true) !== null;
}

function isAscii(input) {
  const bytes = toBytes(input, 'input');
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

function toBytes(input, name) {
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (isAnyArrayBuffer(input)) return new Uint8Array(input);
  throw invalidArgType(name, 'an instance of ArrayBuffer, Buffer, or TypedArray', input);
}

function transcode(source, fromEncoding, toEncoding) {
  if (!(source instanceof Uint8Array)) throw invalidArgType('source', 'an instance of Buffer or Uint8Array', source);
  if (source.length === 0) return Buffer.alloc(0);
  const from = normalizeEncoding(fromEncoding) || fromEncoding;
  const to = normalizeEncoding(toEncoding) || toEncoding;
  const ok = ['utf8', 'utf16le', 'latin1', 'ascii'];
  if (!ok.includes(from) || !ok.includes(to)) {
    const err = new Error(`Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]`);
    err.code = 'U_ILLEGAL_ARGUMENT_ERROR';
    err.errno = 1;
    throw err;
  }
  let str = decodeSlice(source, from, 0, source.length);
  if (to === 'latin1' || to === 'ascii') str = str.replace(/[^\x00-\xff]/gu, '?');
  return fromString(str, to);
}

module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
  INSPECT_MAX_BYTES,
};

// Codecs shared with util (TextEncoder/TextDecoder) and string_decoder.
Object.defineProperty(module.exports, '_fnboxCodec', {
  value: Object.freeze({
    utf8Encode, utf8EncodeInto, utf8Decode, utf8IncompleteTail, utf8Length, latin1Decode, asciiDecode,
    ucs2Decode, hexDecode, base64Encode, decodeSlice, normalizeEncoding, encodeToBytes, FastBuffer,
  }),
  enumerable: false,
});
