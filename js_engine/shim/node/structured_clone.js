// structuredClone() for fnbox, following the HTML structured clone algorithm
// as Node 20 (V8's serializer) applies it to plain JavaScript values.
'use strict';

function dataCloneError(message) {
  return new DOMException(message, 'DataCloneError');
}

function describe(value) {
  if (typeof value === 'function') {
    try { return Function.prototype.toString.call(value); } catch (e) { return 'function'; }
  }
  if (typeof value === 'symbol') return value.toString();
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return `#<${tag}>`;
}

function codedError(Ctor, code, message) {
  const e = new Ctor(message);
  e.code = code;
  return e;
}

const ERROR_NAMES = new Set(['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError']);
const TYPED_ARRAYS = new Set(['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Float16Array']);

function typedArrayName(value) {
  // Works for subclasses such as Buffer, which clone to their base type.
  const getter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
  return getter.call(value);
}

function isDetached(ab) {
  if ('detached' in ArrayBuffer.prototype) return ab.detached;
  return false;
}

function cloneArrayBuffer(ab, memory) {
  if (memory.has(ab)) return memory.get(ab);
  if (isDetached(ab)) throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
  const copy = ab.slice(0);
  memory.set(ab, copy);
  return copy;
}

function cloneValue(value, memory) {
  const type = typeof value;
  if (type === 'symbol' || type === 'function') throw dataCloneError(`${describe(value)} could not be cloned.`);
  if (value === null || type !== 'object') return value;
  if (memory.has(value)) return memory.get(value);

  const tag = Object.prototype.toString.call(value).slice(8, -1);
  let out;

  if (ArrayBuffer.isView(value)) {
    const buffer = cloneArrayBuffer(value.buffer, memory);
    if (value instanceof DataView) {
      out = new DataView(buffer, value.byteOffset, value.byteLength);
    } else {
      const name = typedArrayName(value);
      if (!TYPED_ARRAYS.has(name) || typeof globalThis[name] !== 'function') throw dataCloneError(`${describe(value)} could not be cloned.`);
      out = new globalThis[name](buffer, value.byteOffset, value.length);
    }
    memory.set(value, out);
    return out;
  }
  if (value instanceof ArrayBuffer) return cloneArrayBuffer(value, memory);
  if (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer) {
    memory.set(value, value);
    return value;
  }

  switch (tag) {
    case 'Boolean': out = Object(Boolean.prototype.valueOf.call(value)); break;
    case 'Number': out = Object(Number.prototype.valueOf.call(value)); break;
    case 'String': out = Object(String.prototype.valueOf.call(value)); break;
    case 'BigInt': out = Object(BigInt.prototype.valueOf.call(value)); break;
    case 'Date': out = new Date(Date.prototype.getTime.call(value)); break;
    case 'RegExp': out = new RegExp(value.source, value.flags); break;
    case 'Map': {
      out = new Map();
      memory.set(value, out);
      const entries = Array.from(Map.prototype.entries.call(value));
      for (const [k, v] of entries) out.set(cloneValue(k, memory), cloneValue(v, memory));
      return out;
    }
    case 'Set': {
      out = new Set();
      memory.set(value, out);
      const items = Array.from(Set.prototype.values.call(value));
      for (const v of items) out.add(cloneValue(v, memory));
      return out;
    }
    case 'Error': {
      let name = 'Error';
      try { name = value.name; } catch (e) { /* keep Error */ }
      const Ctor = ERROR_NAMES.has(name) ? globalThis[name] : Error;
      out = Object.create(Ctor.prototype);
      memory.set(value, out);
      const msgDesc = Object.getOwnPropertyDescriptor(value, 'message');
      if (msgDesc && 'value' in msgDesc) {
        Object.defineProperty(out, 'message', { value: String(msgDesc.value), writable: true, configurable: true, enumerable: false });
      }
      let stack;
      try { stack = value.stack; } catch (e) { stack = undefined; }
      if (typeof stack === 'string') {
        Object.defineProperty(out, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
      }
      if (Object.prototype.hasOwnProperty.call(value, 'cause')) {
        Object.defineProperty(out, 'cause', { value: cloneValue(value.cause, memory), writable: true, configurable: true, enumerable: false });
      }
      return out;
    }
    case 'Array': {
      out = new Array(value.length);
      memory.set(value, out);
      for (const key of Object.keys(value)) out[key] = cloneValue(value[key], memory);
      return out;
    }
    case 'Object':
    case 'Arguments':
      break;
    default:
      if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet ||
          (typeof WeakRef !== 'undefined' && value instanceof WeakRef) ||
          (typeof FinalizationRegistry !== 'undefined' && value instanceof FinalizationRegistry)) {
        throw dataCloneError(`${describe(value)} could not be cloned.`);
      }
      if (Array.isArray(value)) {
        // Proxies of arrays
        out = new Array(value.length);
        memory.set(value, out);
        for (const key of Object.keys(value)) out[key] = cloneValue(value[key], memory);
        return out;
      }
  }
  if (out !== undefined) {
    memory.set(value, out);
    return out;
  }

  // Ordinary objects (including class instances): own enumerable string keys.
  out = {};
  memory.set(value, out);
  for (const key of Object.keys(value)) {
    out[key] = cloneValue(value[key], memory);
  }
  return out;
}

function structuredClone(value, options = undefined) {
  if (arguments.length === 0) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'The value argument must be specified');
  if (options !== undefined && options !== null && typeof options !== 'object') {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The options argument must be either an object or undefined');
  }
  const memory = new Map();
  let transfer = [];
  if (options && options.transfer !== undefined && options.transfer !== null) {
    const list = options.transfer;
    if (typeof list !== 'object' || typeof list[Symbol.iterator] !== 'function') {
      throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Optional transferList argument must be an iterable');
    }
    transfer = Array.from(list);
    const seen = new Set();
    for (const item of transfer) {
      if (!(item instanceof ArrayBuffer)) throw dataCloneError(`${describe(item)} could not be transferred.`);
      if (seen.has(item)) throw dataCloneError('Transfer list contains duplicate ArrayBuffer');
      if (isDetached(item)) throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
      seen.add(item);
    }
    // Transferred buffers move: the clone gets the contents and the original
    // is detached afterwards (when the engine supports ArrayBuffer#transfer).
    for (const item of transfer) memory.set(item, item.slice(0));
  }
  const result = cloneValue(value, memory);
  for (const item of transfer) {
    if (typeof item.transfer === 'function') item.transfer();
  }
  return result;
}

module.exports = { structuredClone };
