// Shared helper for builtin modules that cannot work inside fnbox (no file
// system, processes, sockets, threads or extra contexts).
//
// makeUnavailable(name, hint, extras) returns a module object that loads
// fine — so `const fs = require('fs')` or `const { readFile } = require('fs')`
// at the top of a dependency does not break it — but every function taken
// from it throws when called:
//   Error [ERR_FNBOX_UNAVAILABLE]: The "fs" module is not available in fnbox: <hint> (fs.readFile was called)
// Nested members (fs.promises.readFile) behave the same.  `extras` are real
// values exposed as-is (e.g. http.STATUS_CODES).
'use strict';

function unavailableError(name, hint, what) {
  const e = new Error(`The "${name}" module is not available in fnbox: ${hint} (${what} was called)`);
  e.code = 'ERR_FNBOX_UNAVAILABLE';
  return e;
}

// Property names that must not look like functions, or interop code
// (Promise resolution, Babel/TypeScript ES-module detection, inspect)
// would misbehave.
const PASSTHROUGH = new Set(['then', '__esModule', 'toJSON', 'inspect', 'asymmetricMatch', '$$typeof', 'nodeType']);

function makeUnavailable(name, hint, extras) {
  const cache = new Map();

  function stub(path) {
    let fn = cache.get(path);
    if (fn) return fn;
    const lastDot = path.lastIndexOf('.');
    const shortName = path.slice(lastDot + 1);
    const target = function () { throw unavailableError(name, hint, path); };
    Object.defineProperty(target, 'name', { value: shortName });
    fn = new Proxy(target, {
      apply() { throw unavailableError(name, hint, path); },
      construct() { throw unavailableError(name, hint, 'new ' + path); },
      get(t, key, receiver) {
        if (typeof key === 'symbol' || PASSTHROUGH.has(key)) return undefined;
        if (key === 'prototype' || key in Function.prototype) return Reflect.get(t, key, receiver);
        return stub(path + '.' + key);
      },
    });
    cache.set(path, fn);
    return fn;
  }

  const base = Object.assign(Object.create(null), extras || {});
  const moduleProxy = new Proxy(base, {
    get(t, key) {
      if (Object.prototype.hasOwnProperty.call(t, key)) return t[key];
      if (typeof key === 'symbol' || PASSTHROUGH.has(key)) return undefined;
      if (key === 'default') return moduleProxy; // ESM-style interop
      if (key in Object.prototype) return Object.prototype[key];
      return stub(name + '.' + key);
    },
    set(t, key, value) { t[key] = value; return true; }, // monkey-patching keeps working
  });
  return moduleProxy;
}

module.exports = { makeUnavailable, unavailableError };
