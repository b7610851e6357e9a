'use strict';
// node:string_decoder for fnbox.  Mirrors Node's decoder state machine: an
// incomplete character at the end of a chunk is held back (up to 4 bytes) and
// finished with the next chunk; what cannot be finished decodes as U+FFFD.

const { Buffer } = require('buffer');

let codecCache = null;
function codec() {
  if (codecCache === null) codecCache = require('_codec');
  return codecCache;
}

const { nodeError, received } = require('_errors');

function normalizeEncoding(enc) {
  const nenc = codec().normalizeEncoding(enc);
  if (nenc === undefined) throw nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
  return nenc;
}

const kState = Symbol('kStringDecoderState');

function makeString(bytes, start, end, enc) {
  return codec().decodeSlice(bytes, enc, start, end);
}

function decode(state, enc, data) {
  let start = 0;
  let nread = data.length;
  let prepend = null;
  const buf = state.buf;
  if (state.missing > 0) {
    if (enc === 'utf8') {
      for (let i = 0; i < nread && i < state.missing; i++) {
        if ((data[i] & 0xC0) !== 0x80) {
          // Not a continuation byte: the held character ends here.
          state.missing = 0;
          for (let k = 0; k < i; k++) buf[state.buffered + k] = data[k];
          state.buffered += i;
          start += i;
          nread -= i;
          break;
        }
      }
    }
    const found = Math.min(nread, state.missing);
    for (let k = 0; k < found; k++) buf[state.buffered + k] = data[start + k];
    start += found;
    nread -= found;
    state.missing -= found;
    state.buffered += found;
    if (state.missing === 0) {
      prepend = makeString(buf, 0, state.buffered, enc);
      state.buffered = 0;
    }
  }
  let body;
  if (nread === 0) {
    body = prepend !== null ? prepend : '';
    prepend = null;
  } else {
    const end = start + nread;
    if (enc === 'utf8' && (data[end - 1] & 0x80)) {
      for (let i = end - 1; ; --i) {
        state.buffered++;
        if ((data[i] & 0xC0) === 0x80) {
          if (state.buffered >= 4 || i === start) {
            state.buffered = 0;
            break;
          }
        } else {
          if ((data[i] & 0xE0) === 0xC0) state.missing = 2;
          else if ((data[i] & 0xF0) === 0xE0) state.missing = 3;
          else if ((data[i] & 0xF8) === 0xF0) state.missing = 4;
          else {
            state.buffered = 0;
            break;
          }
          if (state.buffered >= state.missing) {
            state.missing = 0;
            state.buffered = 0;
          }
          state.missing -= state.buffered;
          break;
        }
      }
    } else if (enc === 'utf16le') {
      if (nread % 2 === 1) {
        state.buffered = 1;
        state.missing = 1;
      } else if ((data[end - 1] & 0xFC) === 0xD8) {
        state.buffered = 2;
        state.missing = 2;
      }
    } else if (enc === 'base64' || enc === 'base64url') {
      state.buffered = nread % 3;
      if (state.buffered > 0) state.missing = 3 - state.buffered;
    }
    if (state.buffered > 0) {
      nread -= state.buffered;
      for (let k = 0; k < state.buffered; k++) buf[k] = data[start + nread + k];
    }
    body = nread > 0 ? makeString(data, start, start + nread, enc) : '';
  }
  return prepend === null ? body : prepend + body;
}

function flush(state, enc) {
  if (enc === 'utf16le' && state.buffered % 2 === 1) {
    state.missing--;
    state.buffered--;
  }
  if (state.buffered === 0) return '';
  const ret = makeString(state.buf, 0, state.buffered, enc);
  state.missing = 0;
  state.buffered = 0;
  return ret;
}

function StringDecoder(encoding) {
  this.encoding = normalizeEncoding(encoding);
  this[kState] = { buf: Buffer.alloc(4), missing: 0, buffered: 0 };
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBuffer.isView(buf)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "buf" argument must be an instance of Buffer, TypedArray, or DataView.${received(buf)}`);
  }
  const state = this[kState];
  if (!state) throw nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type StringDecoder');
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return decode(state, this.encoding, bytes);
};

StringDecoder.prototype.end = function end(buf) {
  let ret = '';
  if (buf !== undefined) ret = this.write(buf);
  if (this[kState].buffered > 0) ret += flush(this[kState], this.encoding);
  return ret;
};

StringDecoder.prototype.text = function text(buf, offset) {
  this[kState].missing = 0;
  this[kState].buffered = 0;
  return this.write(buf.slice(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    configurable: true, enumerable: true,
    get() { return this[kState].buf.subarray(0, 4); },
  },
  lastNeed: {
    configurable: true, enumerable: true,
    get() { return this[kState].missing; },
  },
  lastTotal: {
    configurable: true, enumerable: true,
    get() { return this[kState].buffered + this[kState].missing; },
  },
});

module.exports = { StringDecoder };
