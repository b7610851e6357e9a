// node:timers for fnbox — the engine's global timer functions, plus the
// `timers/promises` API as `.promises` (also the module body of
// timers_promises.js).
'use strict';

function abortError(signal) {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  if (signal && signal.reason !== undefined) e.cause = signal.reason;
  return e;
}

function invalidArgType(name, expected, value) {
  const shown = value === null ? 'Received null' : value === undefined ? 'Received undefined'
    : typeof value === 'object' ? `Received an instance of ${(value.constructor && value.constructor.name) || 'Object'}`
      : `Received type ${typeof value} (${typeof value === 'string' ? `'${value}'` : String(value)})`;
  const e = new TypeError(`The "${name}" argument must be ${expected}. ${shown}`);
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}

function checkOptions(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const { signal } = options;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType('options.signal', 'an instance of AbortSignal', signal);
  }
  return signal;
}

// Start a timer and settle with `value`, honouring options.signal.
function schedule(start, clear, value, options) {
  let signal;
  try {
    signal = checkOptions(options);
  } catch (e) {
    return Promise.reject(e);
  }
  if (signal && signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    let onAbort = null;
    const handle = start(() => {
      if (onAbort) signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
    if (signal) {
      onAbort = () => {
        clear(handle);
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

const promises = {
  setTimeout(delay, value, options = {}) {
    return schedule((fn) => globalThis.setTimeout(fn, delay), globalThis.clearTimeout, value, options);
  },
  setImmediate(value, options = {}) {
    return schedule((fn) => globalThis.setImmediate(fn), globalThis.clearImmediate, value, options);
  },
  setInterval(delay, value, options = {}) {
    const signal = checkOptions(options);
    const queue = [];
    const waiting = [];
    let done = false;
    let handle = null;
    const tick = () => {
      const w = waiting.shift();
      if (w) w.resolve({ value, done: false });
      else queue.push(value);
    };
    const stop = () => {
      done = true;
      if (handle !== null) globalThis.clearInterval(handle);
    };
    if (signal) {
      signal.addEventListener('abort', () => {
        stop();
        for (const w of waiting.splice(0)) w.reject(abortError(signal));
      }, { once: true });
    }
    if (!(signal && signal.aborted)) handle = globalThis.setInterval(tick, delay);
    return {
      next() {
        if (signal && signal.aborted) return Promise.reject(abortError(signal));
        if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        stop();
        for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() { return this; },
    };
  },
  scheduler: {
    wait(delay, options) {
      return promises.setTimeout(delay, undefined, options);
    },
    yield() {
      return promises.setImmediate();
    },
  },
};

// The very functions installed as globals (as in Node, where
// require('timers').setTimeout === globalThis.setTimeout).
module.exports = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  clearImmediate: globalThis.clearImmediate,
  promises,
};
