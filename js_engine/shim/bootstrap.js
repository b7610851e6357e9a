// fnbox bootstrap: the guest half of the host ABI.
//
// Evaluated once per engine image (then frozen in the pre-initialised
// snapshot).  It receives the native `host` object from the C glue and returns
// the dispatcher the glue calls for every message.  Nothing here is visible to
// functions except the globals it deliberately installs.
(function bootstrap(host) {
  'use strict';

  // Functions may replace any global or prototype method.  What the bootstrap
  // relies on is captured here, before any function code runs.
  const apply = Reflect.apply;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const dateNow = Date.now;
  const perfNow = performance.now.bind(performance);

  // The bootstrap's tables are Maps and Sets whose methods are fixed here: a
  // function that hooks Map.prototype must not see the module, timer or
  // pending-operation tables go by.
  function sealed(Base, names) {
    const Sealed = class extends Base {};
    for (const name of names) {
      Object.defineProperty(Sealed.prototype, name, Object.getOwnPropertyDescriptor(Base.prototype, name));
    }
    return Sealed;
  }
  const SafeMap = sealed(Map, ['get', 'set', 'has', 'delete', 'clear', 'size', 'keys', 'values', 'entries', 'forEach', Symbol.iterator]);
  const SafeSet = sealed(Set, ['add', 'has', 'delete', 'clear', 'size', 'values', 'forEach', Symbol.iterator]);

  // V8's CallSite#getFunction hands out the functions on the stack; for the
  // bootstrap's own (strict) frames V8 gives undefined, and so does fnbox, for
  // all frames: a function's stack trace must not give it the dispatcher.
  (function sealCallSites() {
    const saved = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, sites) => sites;
    const sites = new Error().stack;
    Error.prepareStackTrace = saved;
    const proto = Array.isArray(sites) && sites.length ? Object.getPrototypeOf(sites[0]) : null;
    if (proto && 'getFunction' in proto) {
      Object.defineProperty(proto, 'getFunction', { value: function getFunction() { return undefined; },
                                                    writable: false, configurable: false });
    }
  })();

  // ---- module table -------------------------------------------------------
  // guest path ("/app/index.js") -> index of the file's bytecode in the glue
  const definitions = new SafeMap();
  const builtinCache = new SafeMap();
  let moduleCache = new SafeMap();
  // Builtins that shim modules share but functions cannot require by name.
  const internalBuiltins = new SafeSet(['console_table', 'structured_clone']);

  // ---- host operations (pending/resume) ---------------------------------
  let nextOpId = 1;
  const pendingOps = new SafeMap();   // id -> {resolve, reject}
  let outbox = [];                // ops started since the last answer
  let cancelled = [];             // ids the guest gave up on

  function hostCall(op, args) {
    const id = nextOpId++;
    outbox.push({ id, op, args: args === undefined ? null : args });
    return new Promise((resolve, reject) => pendingOps.set(id, { resolve, reject }));
  }

  function hostCancel(id) {
    if (pendingOps.delete(id)) cancelled.push(id);
  }

  function opError(err) {
    const e = new Error(err && err.message ? err.message : String(err));
    if (err && err.name) e.name = err.name;
    if (err && err.code) e.code = err.code;
    return e;
  }

  // ---- clock and timers --------------------------------------------------
  // Timers run in the guest; the host only learns when the earliest is due
  // (`wake` in a wait answer) and sleeps until then, so a timer costs no
  // crossing of its own and counts against the wall clock, not fuel.
  const timers = new SafeMap();       // id -> {due, seq, fn, args, repeat}
  // Binary min-heap of [due, seq, id]; entries of cleared or rescheduled
  // timers stay until they surface and are skipped (their seq is stale).
  const heap = [];
  let nextTimerId = 1;
  let timerSeq = 0;
  const immediates = [];

  function monotonic() { return perfNow(); }

  function before(a, b) { return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]); }

  function heapPush(entry) {
    let i = heap.length;
    heap[i] = entry;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  function heapPop() {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }

  function schedule(id, t) {
    t.seq = timerSeq++;
    heapPush([t.due, t.seq, id]);
  }

  class Timeout {
    constructor(id) { this._id = id; }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
    refresh() {
      const t = timers.get(this._id);
      if (t) { t.due = monotonic() + t.ms; schedule(this._id, t); }
      return this;
    }
    [Symbol.toPrimitive]() { return this._id; }
  }

  function addTimer(fn, ms, args, repeat) {
    if (typeof fn !== 'function') {
      const e = new TypeError('The "callback" argument must be of type function. Received ' + typeof fn);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    ms = Number(ms);
    if (!(ms >= 1 && ms <= 2147483647)) ms = 1;
    const id = nextTimerId++;
    const t = { due: monotonic() + ms, seq: 0, ms, fn, args, repeat };
    timers.set(id, t);
    schedule(id, t);
    return new Timeout(id);
  }

  function clearTimer(t) {
    if (t == null) return;
    timers.delete(typeof t === 'object' ? t._id : Number(t));
  }

  // The live timer due first, as [id, timer], or null.
  function earliestTimer() {
    while (heap.length) {
      const [, seq, id] = heap[0];
      const t = timers.get(id);
      if (t && t.seq === seq) return [id, t];
      heapPop();
    }
    return null;
  }

  // Run immediates, or the timer due first if it is due.  Returns true if anything ran.
  function runDue() {
    let ran = false;
    if (immediates.length) {
      const batch = immediates.splice(0, immediates.length);
      for (const im of batch) {
        if (im.cleared) continue;
        ran = true;
        guard(() => apply(im.fn, undefined, im.args));
      }
      return ran;
    }
    const now = monotonic();
    const next = earliestTimer();
    if (next && next[1].due <= now) {
      const [id, t] = next;
      heapPop();
      if (t.repeat) { t.due = now + t.ms; schedule(id, t); } else timers.delete(id);
      guard(() => apply(t.fn, undefined, t.args));
      ran = true;
    }
    return ran;
  }

  // ---- console -------------------------------------------------------------
  let formatter = null;
  function format(args) {
    // Plain strings print as themselves: no need to load util for them.
    if (args.every((a) => typeof a === 'string') && (args.length < 2 || !args[0].includes('%'))) {
      return args.join(' ');
    }
    if (formatter === null) {
      try { formatter = requireBuiltin('util').format; } catch (e) { formatter = undefined; }
    }
    if (formatter) return apply(formatter, undefined, args);
    return args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
  }

  // Console lines carry the wall time the host gave with the message that
  // started this stretch of work: exact to the millisecond for all but long
  // synchronous runs, and no host call per line.
  let callTime = 0;
  function emit(level, text) {
    host.log('[' + callTime + ',' + stringify(String(level)) + ',' + stringify(String(text)) + ']\n');
  }

  const counts = new SafeMap();
  const timeLabels = new SafeMap();
  let groupIndent = '';
  function writer(level) {
    return function (...args) {
      let text = format(args);
      if (groupIndent) text = groupIndent + text.split('\n').join('\n' + groupIndent);
      emit(level, text);
    };
  }
  const console = {
    log: writer('INFO'),
    info: writer('INFO'),
    warn: writer('WARN'),
    error: writer('ERROR'),
    debug: writer('DEBUG'),
    trace(...args) {
      const stack = new Error().stack.split('\n').slice(1).join('\n');
      emit('TRACE', 'Trace' + (args.length ? ': ' + format(args) : '') + '\n' + stack);
    },
    dir(obj, options) { emit('INFO', requireBuiltin('util').inspect(obj, options)); },
    table(data, properties) {
      emit('INFO', requireBuiltin('console_table')(data, properties));
    },
    time(label = 'default') { timeLabels.set(String(label), monotonic()); },
    timeLog(label = 'default', ...args) {
      const start = timeLabels.get(String(label));
      if (start === undefined) return console.warn(`Warning: No such label '${label}' for console.timeLog()`);
      emit('INFO', `${label}: ${formatMs(monotonic() - start)}` + (args.length ? ' ' + format(args) : ''));
    },
    timeEnd(label = 'default') {
      const start = timeLabels.get(String(label));
      if (start === undefined) return console.warn(`Warning: No such label '${label}' for console.timeEnd()`);
      timeLabels.delete(String(label));
      emit('INFO', `${label}: ${formatMs(monotonic() - start)}`);
    },
    count(label = 'default') {
      const n = (counts.get(String(label)) || 0) + 1;
      counts.set(String(label), n);
      emit('INFO', `${label}: ${n}`);
    },
    countReset(label = 'default') { counts.delete(String(label)); },
    assert(cond, ...args) {
      if (!cond) emit('ERROR', 'Assertion failed' + (args.length ? ': ' + format(args) : ''));
    },
    group(...args) { if (args.length) console.log(...args); groupIndent += '  '; },
    groupEnd() { groupIndent = groupIndent.slice(2); },
  };
  console.groupCollapsed = console.group;
  function formatMs(ms) {
    return ms < 1000 ? `${+ms.toFixed(3)}ms` : `${+(ms / 1000).toFixed(3)}s`;
  }

  // ---- errors that escape the function -------------------------------------
  function describe(err) {
    if (err instanceof Error || (err && typeof err === 'object' && 'message' in err && 'stack' in err)) {
      let name = 'Error', message = '', stack = '';
      try { name = String(err.name); } catch (e) { /* hostile getter */ }
      try { message = String(err.message); } catch (e) { /* hostile getter */ }
      try { stack = String(err.stack || ''); } catch (e) { /* hostile getter */ }
      const out = { name, message, stack };
      try { if (err.code !== undefined) out.code = String(err.code); } catch (e) { /* ignore */ }
      return out;
    }
    let text;
    try { text = format([err]); } catch (e) { text = 'a value that cannot be printed'; }
    return { name: 'Error', message: 'Uncaught ' + text, stack: '' };
  }

  // ---- process (the core; Node-compatible details live in node:process) ----
  let startMonotonic = monotonic();
  class ProcessExit extends Error {}
  const process = {
    env: {},
    argv: ['/usr/local/bin/node', '/app/index.js'],
    execArgv: [],
    version: 'v20.18.0',
    versions: { node: '20.18.0', v8: '11.3.244.8-node.23', uv: '1.48.0', modules: '115' },
    platform: 'linux',
    arch: 'x64',
    pid: 1,
    ppid: 0,
    title: 'node',
    release: { name: 'node', lts: 'Iron' },
    exitCode: undefined,
    cwd() { return '/app'; },
    uptime() { return (monotonic() - startMonotonic) / 1000; },
    hrtime: Object.assign(function hrtime(prev) {
      const ns = BigInt(Math.floor(monotonic() * 1e6));
      let s = Number(ns / 1000000000n), n = Number(ns % 1000000000n);
      if (prev) {
        s -= prev[0]; n -= prev[1];
        if (n < 0) { s -= 1; n += 1e9; }
      }
      return [s, n];
    }, { bigint() { return BigInt(Math.floor(monotonic() * 1e6)); } }),
    memoryUsage: Object.assign(function memoryUsage() {
      const m = host.memory();
      return { rss: m.wasmMemory, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: 0, arrayBuffers: 0 };
    }, { rss() { return host.memory().wasmMemory; } }),
    cpuUsage() { const us = Math.floor((monotonic() - startMonotonic) * 1000); return { user: us, system: 0 }; },
    nextTick(fn, ...args) { queueMicrotask(() => fn(...args)); },
    exit(code) {
      exitState = { code: code === undefined ? (process.exitCode || 0) : Number(code) };
      throw new ProcessExit('process.exit(' + exitState.code + ')');
    },
    on() { return process; },
    once() { return process; },
    off() { return process; },
    removeListener() { return process; },
    emitWarning(w) { console.warn('(node) Warning: ' + (w && w.message ? w.message : w)); },
  };
  let exitState = null;
  let prepareError = null;

  // ---- require ---------------------------------------------------------------
  function notFound(request, parent) {
    const e = new Error(`Cannot find module '${request}'` + (parent ? `\nRequire stack:\n- ${parent}` : ''));
    e.code = 'MODULE_NOT_FOUND';
    e.requireStack = parent ? [parent] : [];
    return e;
  }

  // Builtins live as bytecode in the glue until first required (host.builtin).
  // Names: "util" for Node's core modules ("timers/promises" is stored as
  // "timers_promises"), "pkg:axios" for packages HubSpot preinstalls, which
  // resolve after the folder's own node_modules, as on HubSpot.
  let builtinNames = new SafeSet();
  function coreName(request) {
    const bare = request.startsWith('node:') ? request.slice(5) : request;
    const name = bare.split('/').join('_');
    if (!builtinNames.has(name) || name.startsWith('_') || name.startsWith('pkg:') || internalBuiltins.has(name)) return null;
    return name;
  }
  function isBuiltin(name) { return builtinNames.has(name); }

  function requireBuiltin(name) {
    let mod = builtinCache.get(name);
    if (mod) return mod.exports;
    const def = isBuiltin(name) ? host.builtin(name) : undefined;
    if (!def) throw notFound(name);
    mod = { exports: {}, id: name, loaded: false };
    builtinCache.set(name, mod);
    try {
      apply(def, mod.exports, [mod.exports, requireBuiltin, mod, internal]);
    } catch (e) {
      builtinCache.delete(name);
      throw e;
    }
    mod.loaded = true;
    return mod.exports;
  }

  function dirname(p) {
    const i = p.lastIndexOf('/');
    return i <= 0 ? '/' : p.slice(0, i);
  }

  function normalize(path) {
    const out = [];
    for (const seg of path.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') out.pop(); else out.push(seg);
    }
    return '/' + out.join('/');
  }

  function packageJson(dir) {
    const def = definitions.get(dir + '/package.json');
    if (!def) return null;
    return loadModule(dir + '/package.json').exports;
  }

  // Conditions a CommonJS require() matches in package.json "exports", tried
  // in the order the package lists them, as Node does.
  const CONDITIONS = new SafeSet(['node', 'require', 'default']);
  function exportsTarget(exp) {
    if (typeof exp === 'string') return exp;
    if (Array.isArray(exp)) { for (const x of exp) { const t = exportsTarget(x); if (t) return t; } return null; }
    if (exp && typeof exp === 'object') {
      if ('.' in exp) return exportsTarget(exp['.']);
      for (const key of Object.keys(exp)) {
        if (CONDITIONS.has(key)) { const t = exportsTarget(exp[key]); if (t) return t; }
      }
    }
    return null;
  }

  function subpathTarget(exp, sub) {
    if (!exp || typeof exp !== 'object' || Array.isArray(exp)) return null;
    const key = './' + sub;
    if (key in exp) return exportsTarget(exp[key]);
    for (const pattern of Object.keys(exp)) {
      const star = pattern.indexOf('*');
      if (star < 0) continue;
      const head = pattern.slice(0, star), tail = pattern.slice(star + 1);
      if (key.startsWith(head) && key.endsWith(tail) && key.length >= head.length + tail.length) {
        const t = exportsTarget(exp[pattern]);
        if (t) return t.split('*').join(key.slice(head.length, key.length - tail.length));
      }
    }
    return null;
  }

  function resolveFile(path) {
    for (const candidate of [path, path + '.js', path + '.json', path + '.cjs']) {
      if (definitions.has(candidate)) return candidate;
    }
    const pkg = packageJson(path);
    if (pkg) {
      const main = exportsTarget(pkg.exports) || pkg.main;
      if (main) {
        const target = normalize(path + '/' + main);
        for (const candidate of [target, target + '.js', target + '.json', target + '/index.js']) {
          if (definitions.has(candidate)) return candidate;
        }
      }
    }
    for (const candidate of [path + '/index.js', path + '/index.json']) {
      if (definitions.has(candidate)) return candidate;
    }
    return null;
  }

  function resolve(request, parentPath) {
    if (request.startsWith('./') || request.startsWith('../') || request === '.' || request === '..' || request.startsWith('/')) {
      const base = request.startsWith('/') ? request : dirname(parentPath) + '/' + request;
      return resolveFile(normalize(base));
    }
    const parts = request.split('/');
    const pkgName = request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const sub = parts.slice(request.startsWith('@') ? 2 : 1).join('/');
    for (let dir = dirname(parentPath); ; dir = dirname(dir)) {
      const root = normalize(dir + '/node_modules/' + pkgName);
      if (sub) {
        const pkg = packageJson(root);
        const mapped = pkg && pkg.exports ? subpathTarget(pkg.exports, sub) : null;
        const found = resolveFile(mapped ? normalize(root + '/' + mapped) : root + '/' + sub);
        if (found) return found;
      } else {
        const found = resolveFile(root);
        if (found) return found;
      }
      if (dir === '/') return null;
    }
  }

  function makeRequire(parentPath) {
    function require(request) {
      if (typeof request !== 'string') {
        const e = new TypeError('The "id" argument must be of type string. Received ' + typeof request);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      if (request === 'fnbox') return fnboxModule;
      const core = coreName(request);
      if (core !== null) return requireBuiltin(core);
      if (request.startsWith('node:')) throw notFound(request, parentPath);
      const path = resolve(request, parentPath);
      if (path !== null) return loadModule(path).exports;
      if (isBuiltin('pkg:' + request)) return requireBuiltin('pkg:' + request);
      throw notFound(request, parentPath);
    }
    require.resolve = (request) => {
      if (coreName(request) !== null) return request;
      const path = resolve(request, parentPath);
      if (path !== null) return path;
      if (isBuiltin('pkg:' + request)) return request;
      throw notFound(request, parentPath);
    };
    require.cache = Object.create(null);
    return require;
  }

  function loadModule(path) {
    let mod = moduleCache.get(path);
    if (mod) return mod;
    mod = { id: path, filename: path, path: dirname(path), exports: {}, loaded: false, children: [], paths: [] };
    moduleCache.set(path, mod);
    try {
      // The file's bytecode is evaluated here, on first require, not before.
      const def = host.module(definitions.get(path));
      apply(def, mod.exports, [mod.exports, makeRequire(path), mod, path, dirname(path)]);
    } catch (e) {
      moduleCache.delete(path);
      throw e;
    }
    mod.loaded = true;
    return mod;
  }

  // ---- host capabilities given to builtin modules only ------------------------
  const internal = Object.freeze({
    call: hostCall,
    cancel: hostCancel,
    randomFill: (u8) => host.randomFill(u8),
    memory: () => host.memory(),
    emit,
    format: (...args) => format(args),
    monotonic,
    process,
  });

  // require('fnbox'): host operations an embedder registered as capabilities.
  // The guest can only ask; an operation the host did not grant is refused.
  const fnboxModule = Object.freeze({
    call(op, args) {
      if (typeof op !== 'string') throw new TypeError('fnbox.call: the operation name must be a string');
      return hostCall(op, args);
    },
  });

  // ---- globals -------------------------------------------------------------
  function lazyGlobal(name, load) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      enumerable: false,
      get() {
        const value = load();
        Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
        return value;
      },
      set(value) {
        Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
      },
    });
  }

  function defineGlobal(name, value) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
  }

  defineGlobal('console', console);
  defineGlobal('process', process);
  defineGlobal('global', globalThis);
  defineGlobal('setTimeout', (fn, ms, ...args) => addTimer(fn, ms, args, false));
  defineGlobal('setInterval', (fn, ms, ...args) => addTimer(fn, ms, args, true));
  defineGlobal('clearTimeout', clearTimer);
  defineGlobal('clearInterval', clearTimer);
  defineGlobal('setImmediate', (fn, ...args) => {
    const im = { fn, args, cleared: false };
    immediates.push(im);
    return { _immediate: im, ref() { return this; }, unref() { return this; }, hasRef() { return true; } };
  });
  defineGlobal('clearImmediate', (im) => { if (im && im._immediate) im._immediate.cleared = true; });

  // Globals whose implementation lives in a builtin module: loaded on first use.
  const lazy = {
    Buffer: ['buffer', 'Buffer'],
    URL: ['url', 'URL'],
    URLSearchParams: ['url', 'URLSearchParams'],
    TextEncoder: ['util', 'TextEncoder'],
    TextDecoder: ['util', 'TextDecoder'],
    structuredClone: ['structured_clone', 'structuredClone'],
    AbortController: ['events', 'AbortController'],
    AbortSignal: ['events', 'AbortSignal'],
    Event: ['events', 'Event'],
    EventTarget: ['events', 'EventTarget'],
    crypto: ['crypto', 'webcrypto'],
    fetch: ['fetch', 'fetch'],
    Headers: ['fetch', 'Headers'],
    Request: ['fetch', 'Request'],
    Response: ['fetch', 'Response'],
  };
  function installLazyGlobals() {
    for (const name of Object.keys(lazy)) {
      const [mod, key] = lazy[name];
      if (isBuiltin(mod)) lazyGlobal(name, () => requireBuiltin(mod)[key]);
    }
  }

  // ---- one invocation ----------------------------------------------------------
  // The first of sendResponse(x) or a returned/resolved value other than
  // undefined is the output.  Later sends are ignored with a warning.
  let state = null;

  function guard(fn) {
    try { fn(); } catch (e) { fail(e, 'uncaught'); }
  }

  function fail(err, kind) {
    if (err instanceof ProcessExit) return;
    if (state === null) return;
    if (state.responded || state.error) {
      emit('ERROR', (kind === 'rejection' ? 'Unhandled rejection after the response was sent: ' : 'Uncaught error after the response was sent: ') + errorText(err));
      return;
    }
    state.error = { kind, error: describe(err) };
  }

  function errorText(err) {
    const d = describe(err);
    return d.stack ? `${d.name}: ${d.message}\n${d.stack}` : `${d.name}: ${d.message}`;
  }

  function respond(value) {
    if (state === null) return;
    if (state.responded) {
      emit('WARN', 'sendResponse was called more than once; the first response was sent and this one was ignored');
      return;
    }
    if (state.error) return;
    state.responded = true;
    state.output = value;
  }

  const unhandled = new SafeMap();  // promise -> reason
  host.onRejection = (promise, reason, handled) => {
    if (handled) unhandled.delete(promise); else unhandled.set(promise, reason);
  };

  function invoke(msg) {
    state = { responded: false, output: undefined, error: null };
    startMonotonic = msg.started;
    callTime = Number(msg.now) || 0;
    if (msg.env) process.env = Object.assign({}, msg.env);
    let fn;
    try {
      const mod = loadModule(msg.entry).exports;
      fn = mod[msg.export || 'main'];
      if (typeof fn !== 'function') {
        const e = new TypeError(`${msg.entry} does not export a function named "${msg.export || 'main'}" (found ${typeof fn})`);
        throw e;
      }
    } catch (e) {
      fail(e, 'load');
      return;
    }
    let result;
    try {
      result = fn(msg.input, respond);
    } catch (e) {
      fail(e, 'uncaught');
      return;
    }
    if (result && typeof result.then === 'function') {
      result.then((value) => { if (value !== undefined) respond(value); },
                  (err) => fail(err, 'rejection'));
    } else if (result !== undefined) {
      respond(result);
    }
  }

  function resume(msg) {
    callTime = Number(msg.now) || callTime;
    for (const r of msg.results || []) {
      const op = pendingOps.get(r.id);
      if (!op) continue;
      pendingOps.delete(r.id);
      if (r.ok) op.resolve(r.value); else op.reject(opError(r.error));
    }
    runDue();
  }

  function collectUnhandled() {
    for (const [promise, reason] of unhandled) {
      unhandled.delete(promise);
      fail(reason, 'rejection');
    }
  }

  // Answers are written by hand around the function's own values: a function
  // that patched Object.prototype.toJSON or Array.prototype.join can change
  // how its output serialises, not the shape the host reads.
  function str(value) { return stringify(String(value)); }

  function errorAnswer(kind, err) {
    return '{"t":"error","kind":' + str(kind) + ',"error":{"name":' + str(err.name) + ',"message":' + str(err.message) +
      ',"stack":' + str(err.stack || '') + (err.code !== undefined ? ',"code":' + str(err.code) : '') + '}}';
  }

  function waitAnswer(ops, cancel, wake) {
    let text = '{"t":"wait","ops":[';
    for (let i = 0; i < ops.length; i++) {
      const args = stringify(ops[i].args);
      text += (i ? ',' : '') + '{"id":' + (ops[i].id | 0) + ',"op":' + str(ops[i].op) + ',"args":' + (args === undefined ? 'null' : args) + '}';
    }
    text += '],"cancel":[';
    for (let i = 0; i < cancel.length; i++) text += (i ? ',' : '') + (cancel[i] | 0);
    return text + '],"wake":' + (wake === null ? 'null' : String(wake)) + '}';
  }

  function answer() {
    collectUnhandled();
    if (exitState) {
      if (!state.responded && !state.error) {
        state.error = { kind: 'exit', error: { name: 'ProcessExit', message: `process.exit(${exitState.code}) was called before a response was sent`, stack: '' } };
      }
    }
    if (state.error && !state.responded) {
      return errorAnswer(state.error.kind, state.error.error);
    }
    if (state.responded) {
      let output;
      try {
        output = stringify(state.output === undefined ? null : state.output);
      } catch (e) {
        return errorAnswer('serialize', { name: 'TypeError', message: 'The response could not be serialised to JSON: ' + describe(e).message });
      }
      return '{"t":"done","output":' + (output === undefined ? 'null' : output) + '}';
    }
    // Work due right now runs before anything goes back to the host.
    const next = earliestTimer();
    const now = monotonic();
    if (immediates.length || (next && next[1].due <= now)) {
      return true;
    }
    if (pendingOps.size === 0 && next === null && outbox.length === 0) {
      return errorAnswer('no-response', { name: 'NoResponseError', message: 'The function finished without sending a response: call sendResponse(...) or return a value from main' });
    }
    const text = waitAnswer(outbox, cancelled, next ? Math.max(0, next[1].due - now) : null);
    outbox = [];
    cancelled = [];
    return text;
  }

  function prepare(msg) {
    process.env = Object.assign({}, msg.env || {});
    state = null;
    // Builtins the function's code names are loaded now, into the snapshot,
    // rather than on first use in every invocation.
    for (const name of msg.builtins || []) {
      const core = coreName(name);
      if (core !== null) requireBuiltin(core);
    }
    for (const name of msg.globals || []) {
      if (Object.prototype.hasOwnProperty.call(lazy, name)) void globalThis[name];
    }
    if (msg.entry) loadModule(msg.entry);
  }

  return function dispatch(kind, a, b) {
    switch (kind) {
      case 'define':
        definitions.set(a, b);
        return '{"t":"ok"}';
      case 'message': {
        // Already a value when the glue could read it itself, else JSON text.
        const msg = typeof a === 'string' ? parse(a) : a;
        if (msg.t === 'invoke') invoke(msg);
        else if (msg.t === 'resume') resume(msg);
        else if (msg.t === 'prepare') { prepareError = null; try { prepare(msg); } catch (e) { prepareError = describe(e); } }
        else if (msg.t === 'preload') {
          builtinNames = new SafeSet(msg.builtins);
          installLazyGlobals();
          for (const name of msg.modules) requireBuiltin(name);
        }
        return undefined;
      }
      case 'answer':
        if (state === null) {
          if (prepareError) { const e = prepareError; prepareError = null; return errorAnswer('load', e); }
          if (outbox.length || pendingOps.size) return errorAnswer('load', { name: 'Error', message: 'module top-level code started host operations before a request' });
          return '{"t":"ok"}';
        }
        {
          const r = answer();
          if (r === true) runDue();
          return r;
        }
      default:
        throw new Error('unknown dispatch kind ' + kind);
    }
  };
});
