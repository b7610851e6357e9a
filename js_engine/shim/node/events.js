// node:events for fnbox: EventEmitter, plus the web event classes that Node
// exposes as globals (Event, EventTarget, AbortController, AbortSignal).
// Written from Node's documentation and observed behaviour.
'use strict';

// ---- errors --------------------------------------------------------------------
function inspectValue(value) {
  try {
    const util = require('util');
    if (util && typeof util.inspect === 'function') return util.inspect(value);
  } catch (e) { /* util not available */ }
  if (typeof value === 'string') return `'${value}'`;
  try { return String(value); } catch (e) { return Object.prototype.toString.call(value); }
}

const errors = require('_errors');
const codedError = errors.codedError;

function invalidArgType(name, expected, value) {
  return codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be ${expected}. ${errors.describeReceived(value, inspectValue)}`);
}

function checkListener(listener) {
  if (typeof listener !== 'function') throw invalidArgType('listener', 'of type function', listener);
}

function validateNonNegative(n, name) {
  if (typeof n !== 'number') throw invalidArgType(name, 'of type number', n);
  if (n < 0 || Number.isNaN(n)) {
    throw codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be >= 0. Received ${n}`);
  }
}

function warn(text) {
  try { internal.emit('WARN', text); } catch (e) { /* no host */ }
}

// ---- EventEmitter -----------------------------------------------------------------
const kCapture = Symbol('kCapture');
const kShapeMode = Symbol('shapeMode');
const customInspect = Symbol.for('nodejs.util.inspect.custom');

// `Name { ...obj }` the way Node prints its web classes.
function inspectAs(self, obj, depth, options, inspect) {
  if (typeof depth === 'number' && depth < 0) return self;
  const opts = Object.assign({}, options, { depth: options && typeof options.depth === 'number' ? options.depth - 1 : options && options.depth });
  const fmt = typeof inspect === 'function' ? inspect : (v) => inspectValue(v);
  return `${self.constructor.name} ${fmt(obj, opts)}`;
}
const errorMonitor = Symbol('events.errorMonitor');
const captureRejectionSymbol = Symbol.for('nodejs.rejection');
let defaultMaxListeners = 10;

// A function constructor (not a class) so that `EventEmitter.call(this)` in
// old-style subclasses keeps working.
function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;

EventEmitter.init = function init(opts) {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
  this[kShapeMode] = false;
  if (opts && opts.captureRejections !== undefined) {
    if (typeof opts.captureRejections !== 'boolean') {
      throw invalidArgType('options.captureRejections', 'of type boolean', opts.captureRejections);
    }
    this[kCapture] = opts.captureRejections;
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
};

EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
  validateNonNegative(n, 'setMaxListeners');
  this._maxListeners = n;
  return this;
};

function maxListenersOf(that) {
  return that._maxListeners === undefined ? defaultMaxListeners : that._maxListeners;
}

EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
  return maxListenersOf(this);
};

EventEmitter.prototype.emit = function emit(type, ...args) {
  const events = this._events;
  let doError = type === 'error';
  if (events !== undefined) {
    if (doError && events[errorMonitor] !== undefined) this.emit(errorMonitor, ...args);
    doError = doError && events.error === undefined;
  } else if (!doError) {
    return false;
  }

  if (doError) {
    const er = args.length > 0 ? args[0] : undefined;
    if (er instanceof Error) throw er;
    const err = codedError(Error, 'ERR_UNHANDLED_ERROR', `Unhandled error. (${inspectValue(er)})`);
    err.context = er;
    throw err;
  }

  const handler = events[type];
  if (handler === undefined) return false;
  if (typeof handler === 'function') {
    const result = handler.apply(this, args);
    if (result !== undefined && result !== null && this[kCapture]) addCatch(this, result, type, args);
  } else {
    const listeners = handler.slice();
    for (let i = 0; i < listeners.length; ++i) {
      const result = listeners[i].apply(this, args);
      if (result !== undefined && result !== null && this[kCapture]) addCatch(this, result, type, args);
    }
  }
  return true;
};

function addCatch(that, promise, type, args) {
  if (typeof promise.then !== 'function') return;
  promise.then(undefined, (err) => {
    setTimeout(() => {
      if (typeof that[captureRejectionSymbol] === 'function') {
        that[captureRejectionSymbol](err, type, ...args);
      } else {
        const prev = that[kCapture];
        try {
          that[kCapture] = false;
          that.emit('error', err);
        } finally {
          that[kCapture] = prev;
        }
      }
    }, 0);
  });
}

function addListener(target, type, listener, prepend) {
  checkListener(listener);
  let events = target._events;
  if (events === undefined) {
    events = target._events = Object.create(null);
    target._eventsCount = 0;
  } else {
    if (events.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ? listener.listener : listener);
      events = target._events;
    }
  }
  let existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    ++target._eventsCount;
  } else {
    if (typeof existing === 'function') {
      existing = events[type] = prepend ? [listener, existing] : [existing, listener];
    } else if (prepend) {
      existing.unshift(listener);
    } else {
      existing.push(listener);
    }
    const m = maxListenersOf(target);
    if (m > 0 && existing.length > m && !existing.warned) {
      existing.warned = true;
      const name = target.constructor && target.constructor.name ? target.constructor.name : 'EventEmitter';
      warn(`(node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ${existing.length} ` +
        `${String(type)} listeners added to [${name}]. MaxListeners is ${m}. Use emitter.setMaxListeners() to increase limit`);
    }
  }
  return target;
}

EventEmitter.prototype.addListener = function addListener_(type, listener) {
  return addListener(this, type, listener, false);
};
EventEmitter.prototype.on = EventEmitter.prototype.addListener;

EventEmitter.prototype.prependListener = function prependListener(type, listener) {
  return addListener(this, type, listener, true);
};

function onceWrapper(...args) {
  if (!this.fired) {
    this.target.removeListener(this.type, this.wrapFn);
    this.fired = true;
    return this.listener.apply(this.target, args);
  }
  return undefined;
}

function onceWrap(target, type, listener) {
  const state = { fired: false, wrapFn: undefined, target, type, listener };
  const wrapped = onceWrapper.bind(state);
  wrapped.listener = listener;
  state.wrapFn = wrapped;
  return wrapped;
}

EventEmitter.prototype.once = function once(type, listener) {
  checkListener(listener);
  this.on(type, onceWrap(this, type, listener));
  return this;
};

EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
  checkListener(listener);
  this.prependListener(type, onceWrap(this, type, listener));
  return this;
};

EventEmitter.prototype.removeListener = function removeListener(type, listener) {
  checkListener(listener);
  const events = this._events;
  if (events === undefined) return this;
  const list = events[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    if (--this._eventsCount === 0) {
      this._events = Object.create(null);
    } else {
      delete events[type];
    }
    if (events.removeListener !== undefined) this.emit('removeListener', type, list.listener || listener);
  } else if (typeof list !== 'function') {
    let position = -1;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        position = i;
        break;
      }
    }
    if (position < 0) return this;
    const removed = list[position];
    if (position === 0) list.shift();
    else list.splice(position, 1);
    if (list.length === 1) events[type] = list[0];
    if (events.removeListener !== undefined) this.emit('removeListener', type, removed.listener || listener);
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
  const events = this._events;
  if (events === undefined) return this;
  if (events.removeListener === undefined) {
    if (arguments.length === 0) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    } else if (events[type] !== undefined) {
      if (--this._eventsCount === 0) this._events = Object.create(null);
      else delete events[type];
    }
    return this;
  }
  if (arguments.length === 0) {
    for (const key of Reflect.ownKeys(events)) {
      if (key === 'removeListener') continue;
      this.removeAllListeners(key);
    }
    this.removeAllListeners('removeListener');
    this._events = Object.create(null);
    this._eventsCount = 0;
    return this;
  }
  const listeners = events[type];
  if (typeof listeners === 'function') {
    this.removeListener(type, listeners);
  } else if (listeners !== undefined) {
    for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
  }
  return this;
};

function listenersOf(target, type, unwrap) {
  const events = target._events;
  if (events === undefined) return [];
  const l = events[type];
  if (l === undefined) return [];
  if (typeof l === 'function') return unwrap ? [l.listener || l] : [l];
  return unwrap ? l.map((x) => x.listener || x) : l.slice();
}

EventEmitter.prototype.listeners = function listeners(type) {
  return listenersOf(this, type, true);
};

EventEmitter.prototype.rawListeners = function rawListeners(type) {
  return listenersOf(this, type, false);
};

function listenerCount(type, listener) {
  const events = this._events;
  if (events !== undefined) {
    const l = events[type];
    if (typeof l === 'function') {
      if (listener != null) return listener === l || listener === l.listener ? 1 : 0;
      return 1;
    }
    if (l !== undefined) {
      if (listener != null) {
        let n = 0;
        for (const x of l) if (x === listener || x.listener === listener) n++;
        return n;
      }
      return l.length;
    }
  }
  return 0;
}
EventEmitter.prototype.listenerCount = listenerCount;

EventEmitter.listenerCount = function (emitter, type) {
  if (typeof emitter.listenerCount === 'function') return emitter.listenerCount(type);
  return listenerCount.call(emitter, type);
};

EventEmitter.prototype.eventNames = function eventNames() {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
  enumerable: true,
  get() { return defaultMaxListeners; },
  set(n) {
    validateNonNegative(n, 'defaultMaxListeners');
    defaultMaxListeners = n;
  },
});

Object.defineProperty(EventEmitter, 'captureRejections', {
  enumerable: true,
  get() { return EventEmitter.prototype[kCapture] === true; },
  set(v) {
    if (typeof v !== 'boolean') throw invalidArgType('EventEmitter.captureRejections', 'of type boolean', v);
    EventEmitter.prototype[kCapture] = v;
  },
});
EventEmitter.prototype[kCapture] = false;

// ---- Event ---------------------------------------------------------------------------
const kStop = Symbol('stop');
const kTarget = Symbol('target');
const kCurrent = Symbol('currentTarget');
const kDispatching = Symbol('dispatching');
const kCanceled = Symbol('canceled');
const kPassive = Symbol('inPassiveListener');
const kPhase = Symbol('phase');
const k_type = Symbol('type');
const k_bubbles = Symbol('bubbles');
const k_cancelable = Symbol('cancelable');
const k_composed = Symbol('composed');
const k_timeStamp = Symbol('timeStamp');

class Event {
  constructor(type, options = undefined) {
    if (arguments.length === 0) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'The "type" argument must be specified');
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    const o = options || {};
    this[k_type] = `${type}`;
    this[k_bubbles] = !!o.bubbles;
    this[k_cancelable] = !!o.cancelable;
    this[k_composed] = !!o.composed;
    this[k_timeStamp] = typeof performance !== 'undefined' ? performance.now() : Date.now();
    this[kCanceled] = false;
    this[kStop] = false;
    this[kTarget] = null;
    this[kCurrent] = null;
    this[kDispatching] = false;
    this[kPassive] = false;
    this[kPhase] = 0;
  }

  initEvent(type, bubbles = false, cancelable = false) {
    if (arguments.length === 0) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'The "type" argument must be specified');
    if (this[kDispatching]) return;
    this[k_type] = `${type}`;
    this[k_bubbles] = !!bubbles;
    this[k_cancelable] = !!cancelable;
  }

  stopImmediatePropagation() { this[kStop] = true; }

  preventDefault() {
    // Node 20 does not enforce `passive` here either.
    if (this[k_cancelable]) this[kCanceled] = true;
  }

  get target() { return this[kTarget]; }
  get currentTarget() { return this[kCurrent]; }
  get srcElement() { return this[kTarget]; }
  get type() { return this[k_type]; }
  get cancelable() { return this[k_cancelable]; }
  get defaultPrevented() { return this[k_cancelable] && this[kCanceled]; }
  get timeStamp() { return this[k_timeStamp]; }

  composedPath() {
    return this[kDispatching] && this[kCurrent] ? [this[kCurrent]] : [];
  }

  get returnValue() { return !this.defaultPrevented; }
  set returnValue(v) { if (!v) this.preventDefault(); }
  get bubbles() { return this[k_bubbles]; }
  get composed() { return this[k_composed]; }
  get eventPhase() { return this[kPhase]; }
  get cancelBubble() { return this[kStop]; }
  set cancelBubble(v) { if (v) this[kStop] = true; }
  stopPropagation() { this[kStop] = true; }
  get isTrusted() { return false; }

  [customInspect](depth, options, inspect) {
    if (typeof depth === 'number' && depth < 0) return this.constructor.name;
    return inspectAs(this, { type: this[k_type], defaultPrevented: this.defaultPrevented, cancelable: this[k_cancelable], timeStamp: this[k_timeStamp] }, depth, options, inspect);
  }
}
Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: 'Event', configurable: true });
for (const [name, value] of [['NONE', 0], ['CAPTURING_PHASE', 1], ['AT_TARGET', 2], ['BUBBLING_PHASE', 3]]) {
  Object.defineProperty(Event, name, { value, enumerable: true });
}

// ---- EventTarget ---------------------------------------------------------------------
const kListeners = Symbol('kEvents');
const kHandlers = Symbol('kHandlers');

function reportError(err) {
  // Like Node: an exception in a listener becomes an uncaught exception.
  setTimeout(() => { throw err; }, 0);
}

function flattenOptions(options) {
  if (typeof options === 'boolean') return { capture: options, once: false, passive: false, signal: undefined };
  if (options === undefined || options === null) return { capture: false, once: false, passive: false, signal: undefined };
  if (typeof options !== 'object') return { capture: !!options, once: false, passive: false, signal: undefined };
  return { capture: !!options.capture, once: !!options.once, passive: !!options.passive, signal: options.signal };
}

class EventTarget {
  constructor() {
    this[kListeners] = new Map();
  }

  addEventListener(type, listener, options = undefined) {
    if (arguments.length < 2) throw codedError(TypeError, 'ERR_MISSING_ARGS', 'The "type" and "listener" arguments must be specified');
    const { capture, once, passive, signal } = flattenOptions(options);
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw invalidArgType('options.signal', 'an instance of AbortSignal', signal);
    }
    if (listener === null || listener === undefined) {
      warn(`(node:1) Warning: addEventListener called with ${listener} which has no effect.`);
      return;
    }
    if (typeof listener !== 'function' && (typeof listener !== 'object' || listener === null)) {
      throw invalidArgType('listener', 'an instance of EventListener', listener);
    }
    if (signal && signal.aborted) return;
    type = `${type}`;
    let list = this[kListeners].get(type);
    if (!list) {
      list = [];
      this[kListeners].set(type, list);
    }
    for (const rec of list) {
      if (rec.listener === listener && rec.capture === capture && !rec.removed) return;
    }
    const rec = { listener, capture, once, passive, removed: false };
    list.push(rec);
    if (signal) {
      signal.addEventListener('abort', () => this.removeEventListener(type, listener, { capture }), { once: true });
    }
  }

  removeEventListener(type, listener, options = undefined) {
    const { capture } = flattenOptions(options);
    const list = this[kListeners].get(`${type}`);
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const rec = list[i];
      if (rec.listener === listener && rec.capture === capture) {
        rec.removed = true;
        list.splice(i, 1);
        break;
      }
    }
    if (list.length === 0) this[kListeners].delete(`${type}`);
  }

  dispatchEvent(event) {
    if (!(event instanceof Event)) throw invalidArgType('event', 'an instance of Event', event);
    if (event[kDispatching]) throw new DOMException('The event is already being dispatched', 'InvalidStateError');
    event[kDispatching] = true;
    event[kTarget] = this;
    event[kCurrent] = this;
    event[kPhase] = 2;
    const list = this[kListeners].get(event.type);
    if (list) {
      for (const rec of list.slice()) {
        if (rec.removed) continue;
        if (rec.once) this.removeEventListener(event.type, rec.listener, { capture: rec.capture });
        event[kPassive] = rec.passive;
        try {
          const l = rec.listener;
          let result;
          if (typeof l === 'function') result = l.call(this, event);
          else if (typeof l.handleEvent === 'function') result = l.handleEvent(event);
          if (result !== undefined && result !== null && typeof result.then === 'function') {
            result.then(undefined, reportError);
          }
        } catch (err) {
          reportError(err);
        }
        event[kPassive] = false;
        if (event[kStop]) break;
      }
    }
    event[kCurrent] = null;
    event[kPhase] = 0;
    event[kDispatching] = false;
    return event.defaultPrevented !== true;
  }

  [customInspect](depth, options, inspect) {
    if (typeof depth === 'number' && depth < 0) return this.constructor.name;
    return inspectAs(this, {}, depth, options, inspect);
  }
}
Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: 'EventTarget', configurable: true });

// `on<type>` attribute handlers (used for AbortSignal#onabort).
function defineEventHandler(proto, type) {
  Object.defineProperty(proto, `on${type}`, {
    configurable: true,
    enumerable: true,
    get() {
      const h = this[kHandlers] && this[kHandlers].get(type);
      return h ? h.handler : null;
    },
    set(value) {
      if (!this[kHandlers]) this[kHandlers] = new Map();
      let h = this[kHandlers].get(type);
      if (typeof value !== 'function' && (typeof value !== 'object' || value === null)) value = null;
      if (h) {
        h.handler = value;
        if (value === null) {
          this.removeEventListener(type, h.wrapper);
          this[kHandlers].delete(type);
        }
        return;
      }
      if (value === null) return;
      h = { handler: value, wrapper: null };
      h.wrapper = function (event) {
        const fn = h.handler;
        if (typeof fn === 'function') return fn.call(this, event);
        return undefined;
      };
      this[kHandlers].set(type, h);
      this.addEventListener(type, h.wrapper);
    },
  });
}

// ---- AbortSignal / AbortController -------------------------------------------------------
const kAborted = Symbol('kAborted');
const kReason = Symbol('kReason');
const kCreate = Symbol('create');
const kDependants = Symbol('dependants');

function abortError() {
  return new DOMException('This operation was aborted', 'AbortError');
}

class AbortSignal extends EventTarget {
  constructor(key = undefined) {
    if (key !== kCreate) throw codedError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    super();
    this[kAborted] = false;
    this[kReason] = undefined;
  }

  get aborted() { return this[kAborted]; }
  get reason() { return this[kReason]; }

  throwIfAborted() {
    if (this[kAborted]) throw this[kReason];
  }

  [customInspect](depth, options, inspect) {
    return inspectAs(this, { aborted: this[kAborted] }, depth, options, inspect);
  }

  static abort(reason = undefined) {
    const s = new AbortSignal(kCreate);
    s[kAborted] = true;
    s[kReason] = reason === undefined ? abortError() : reason;
    return s;
  }

  static timeout(delay) {
    if (typeof delay !== 'number') throw invalidArgType('delay', 'of type number', delay);
    if (!Number.isInteger(delay)) {
      throw codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "delay" is out of range. It must be an integer. Received ${delay}`);
    }
    if (delay < 0 || delay > 4294967295) {
      throw codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "delay" is out of range. It must be >= 0 && <= 4294967295. Received ${delay}`);
    }
    const s = new AbortSignal(kCreate);
    const t = setTimeout(() => {
      abortSignal(s, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay);
    if (t && typeof t.unref === 'function') t.unref();
    return s;
  }

  static any(signals) {
    if (signals === null || typeof signals !== 'object' || typeof signals[Symbol.iterator] !== 'function') {
      throw invalidArgType('signals', 'an instance of Array', signals);
    }
    const list = Array.from(signals);
    list.forEach((sig, i) => {
      if (!(sig instanceof AbortSignal)) throw invalidArgType(`signals[${i}]`, 'an instance of AbortSignal', sig);
    });
    const result = new AbortSignal(kCreate);
    for (const sig of list) {
      if (sig.aborted) {
        result[kAborted] = true;
        result[kReason] = sig.reason;
        return result;
      }
    }
    for (const sig of list) {
      if (!sig[kDependants]) sig[kDependants] = [];
      sig[kDependants].push(new WeakRef(result));
    }
    return result;
  }
}
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });
defineEventHandler(AbortSignal.prototype, 'abort');

function abortSignal(signal, reason) {
  if (signal[kAborted]) return;
  signal[kAborted] = true;
  signal[kReason] = reason;
  const event = new Event('abort');
  signal.dispatchEvent(event);
  const deps = signal[kDependants];
  if (deps) {
    signal[kDependants] = undefined;
    for (const ref of deps) {
      const dep = ref.deref();
      if (dep) abortSignal(dep, reason);
    }
  }
}

const kSignal = Symbol('signal');

class AbortController {
  constructor() {
    this[kSignal] = new AbortSignal(kCreate);
  }

  get signal() { return this[kSignal]; }

  abort(reason = undefined) {
    abortSignal(this[kSignal], reason === undefined ? abortError() : reason);
  }

  [customInspect](depth, options, inspect) {
    return inspectAs(this, { signal: this[kSignal] }, depth, options, inspect);
  }
}
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', configurable: true });

// ---- module-level helpers ------------------------------------------------------------------
function makeAbortError(signal) {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  if (signal && signal.reason !== undefined) e.cause = signal.reason;
  return e;
}

function validateSignal(signal) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType('options.signal', 'an instance of AbortSignal', signal);
  }
}

function once(emitter, name, options = undefined) {
  const signal = options ? options.signal : undefined;
  validateSignal(signal);
  if (signal && signal.aborted) return Promise.reject(makeAbortError(signal));
  return new Promise((resolve, reject) => {
    if (typeof emitter.addEventListener === 'function' && typeof emitter.on !== 'function') {
      const listener = (...args) => {
        if (signal) signal.removeEventListener('abort', abortListener);
        resolve(args);
      };
      const abortListener = () => {
        emitter.removeEventListener(name, listener);
        reject(makeAbortError(signal));
      };
      emitter.addEventListener(name, listener, { once: true });
      if (signal) signal.addEventListener('abort', abortListener, { once: true });
      return;
    }
    const errorListener = (err) => {
      emitter.removeListener(name, resolver);
      if (signal) signal.removeEventListener('abort', abortListener);
      reject(err);
    };
    const resolver = (...args) => {
      if (name !== 'error') emitter.removeListener('error', errorListener);
      if (signal) signal.removeEventListener('abort', abortListener);
      resolve(args);
    };
    const abortListener = () => {
      emitter.removeListener(name, resolver);
      if (name !== 'error') emitter.removeListener('error', errorListener);
      reject(makeAbortError(signal));
    };
    emitter.once(name, resolver);
    if (name !== 'error') emitter.once('error', errorListener);
    if (signal) signal.addEventListener('abort', abortListener, { once: true });
  });
}

// events.on(emitter, name): async iterator over emitted argument arrays.
function on(emitter, event, options = undefined) {
  const signal = options ? options.signal : undefined;
  validateSignal(signal);
  if (signal && signal.aborted) throw makeAbortError(signal);
  const unconsumed = [];
  const pending = [];
  let error = null;
  let finished = false;

  const eventHandler = (...args) => {
    const p = pending.shift();
    if (p) p.resolve({ value: args, done: false });
    else unconsumed.push(args);
  };
  const errorHandler = (err) => {
    finished = true;
    const p = pending.shift();
    if (p) p.reject(err);
    else error = err;
    iterator.return();
  };
  const abortListener = () => errorHandler(makeAbortError(signal));

  const add = (n, fn) => (typeof emitter.on === 'function' ? emitter.on(n, fn) : emitter.addEventListener(n, fn));
  const remove = (n, fn) => (typeof emitter.removeListener === 'function' ? emitter.removeListener(n, fn) : emitter.removeEventListener(n, fn));
  add(event, eventHandler);
  if (event !== 'error' && typeof emitter.on === 'function') add('error', errorHandler);
  if (signal) signal.addEventListener('abort', abortListener, { once: true });

  const iterator = Object.setPrototypeOf({
    next() {
      const value = unconsumed.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (error) {
        const p = Promise.reject(error);
        error = null;
        return p;
      }
      if (finished) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
    return() {
      remove(event, eventHandler);
      if (event !== 'error' && typeof emitter.on === 'function') remove('error', errorHandler);
      if (signal) signal.removeEventListener('abort', abortListener);
      finished = true;
      for (const p of pending.splice(0)) p.resolve({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(err) {
      error = err;
      remove(event, eventHandler);
      if (event !== 'error' && typeof emitter.on === 'function') remove('error', errorHandler);
      return Promise.reject(err);
    },
    [Symbol.asyncIterator]() { return this; },
  }, Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype));
  return iterator;
}

function getEventListeners(emitterOrTarget, type) {
  if (typeof emitterOrTarget.listeners === 'function') return emitterOrTarget.listeners(type);
  if (emitterOrTarget instanceof EventTarget) {
    const list = emitterOrTarget[kListeners].get(`${type}`) || [];
    return list.map((r) => r.listener);
  }
  throw invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', emitterOrTarget);
}

function getMaxListeners(emitterOrTarget) {
  if (typeof emitterOrTarget.getMaxListeners === 'function') return emitterOrTarget.getMaxListeners();
  if (emitterOrTarget instanceof EventTarget) {
    return emitterOrTarget._maxListeners === undefined ? defaultMaxListeners : emitterOrTarget._maxListeners;
  }
  throw invalidArgType('emitter', 'an instance of EventEmitter or EventTarget', emitterOrTarget);
}

function setMaxListeners(n = defaultMaxListeners, ...eventTargets) {
  validateNonNegative(n, 'n');
  if (eventTargets.length === 0) {
    defaultMaxListeners = n;
    return;
  }
  for (const t of eventTargets) {
    if (typeof t.setMaxListeners === 'function') t.setMaxListeners(n);
    else if (t instanceof EventTarget) t._maxListeners = n;
    else throw invalidArgType('eventTargets', 'an instance of EventEmitter or EventTarget', t);
  }
}

function addAbortListener(signal, listener) {
  if (signal === undefined || signal === null || typeof signal !== 'object' || !('aborted' in signal)) {
    throw invalidArgType('signal', 'an instance of AbortSignal', signal);
  }
  if (typeof listener !== 'function') throw invalidArgType('listener', 'of type function', listener);
  let removed = false;
  const wrapped = (e) => { if (!removed) listener(e); };
  if (signal.aborted) {
    queueMicrotask(() => wrapped());
  } else {
    signal.addEventListener('abort', wrapped, { once: true });
  }
  return {
    [Symbol.dispose || Symbol.for('nodejs.dispose')]() {
      removed = true;
      signal.removeEventListener('abort', wrapped);
    },
  };
}

module.exports = EventEmitter;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.addAbortListener = addAbortListener;
EventEmitter.once = once;
EventEmitter.on = on;
EventEmitter.getEventListeners = getEventListeners;
EventEmitter.getMaxListeners = getMaxListeners;
EventEmitter.setMaxListeners = setMaxListeners;
EventEmitter.usingDomains = false;
EventEmitter.captureRejectionSymbol = captureRejectionSymbol;
EventEmitter.errorMonitor = errorMonitor;
// Web classes, used for the globals of the same names.
for (const [name, value] of [['Event', Event], ['EventTarget', EventTarget], ['AbortController', AbortController], ['AbortSignal', AbortSignal]]) {
  Object.defineProperty(EventEmitter, name, { value, enumerable: false, writable: true, configurable: true });
}
