'use strict';
// Error helpers shared by the shim modules (internal: user code cannot
// require it).  No dependencies at load: util, needed only to describe a
// received object, is required when an error is built.

let utilCache = null;
function inspect(value, opts) {
  if (utilCache === null) utilCache = require('util');
  return utilCache.inspect(value, opts);
}

// ---- errors in Node's shape (buffer, string_decoder, util, assert) -------------
function nodeError(Base, code, message) {
  const err = new Base(message);
  Object.defineProperty(err, 'toString', {
    value() { return `${this.name} [${code}]: ${this.message}`; },
    enumerable: false, writable: true, configurable: true,
  });
  err.code = code;
  return withNodeStack(err, code);
}

// QuickJS keeps only the frames in `stack`; Node's internal errors start it
// with "Name [CODE]: message".
function withNodeStack(err, code) {
  let stack;
  try { stack = err.stack; } catch (e) { return err; }
  if (typeof stack === 'string' && (stack === '' || /^\s+at /.test(stack))) {
    const value = `${err.name} [${code}]: ${err.message}` + (stack ? '\n' + stack.replace(/\n+$/, '') : '');
    try {
      Object.defineProperty(err, 'stack', { value, writable: true, configurable: true, enumerable: false });
    } catch (e) { /* ignore */ }
  }
  return err;
}

// The " Received ..." end of an ERR_INVALID_ARG_TYPE message (leading space
// included), as Node words it.
function received(value) {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function' && value.name) return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) return ` Received an instance of ${value.constructor.name}`;
    return ` Received ${inspect(value, { depth: -1 })}`;
  }
  let inspected = inspect(value, { colors: false });
  if (inspected.length > 28) inspected = `${inspected.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${inspected})`;
}

// 'x' -> 'The "x" argument', 'a.b' -> 'The "a.b" property'; a name that
// already ends in " argument" stays as it is.
function argName(name) {
  if (name.endsWith(' argument')) return name;
  return `"${name}" ${name.includes('.') ? 'property' : 'argument'}`;
}

function invalidArgType(name, expected, actual) {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The ${argName(name)} must be ${expected}.${received(actual)}`);
}

// ---- plain coded errors (crypto, events, path, url) ----------------------------
function codedError(Ctor, code, message) {
  const e = new Ctor(message);
  e.code = code;
  return e;
}

// "Received ..." without util: an object with no constructor name is
// described by `inspectObject(value)` when given, else as an Object.
function describeReceived(value, inspectObject) {
  if (value === null) return 'Received null';
  if (value === undefined) return 'Received undefined';
  if (typeof value === 'function') return `Received function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) return `Received an instance of ${value.constructor.name}`;
    return inspectObject ? `Received ${inspectObject(value)}` : 'Received an instance of Object';
  }
  const shown = typeof value === 'string'
    ? `'${value.length > 28 ? value.slice(0, 25) + '...' : value}'`
    : (typeof value === 'bigint' ? `${value}n` : String(value));
  return `Received type ${typeof value} (${shown})`;
}

function invalidArgTypePlain(name, expected, value) {
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${expected}. ${describeReceived(value)}`);
}

module.exports = {
  nodeError, received, argName, invalidArgType, codedError, describeReceived, invalidArgTypePlain,
};
