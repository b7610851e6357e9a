'use strict';
// node:util for fnbox: format/inspect (Node 20 output), promisify & co,
// util.types, TextEncoder/TextDecoder.  console.* formats through `format`.

const { nodeError: makeNodeError, received, argName } = require('_errors');

// ---------------------------------------------------------------------------
// Brand checks (no engine internals: use getters that throw on wrong receivers)
// ---------------------------------------------------------------------------
const ObjectProtoToString = Object.prototype.toString;
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isEnumerable = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);

function getter(proto, name) {
  const d = Object.getOwnPropertyDescriptor(proto, name);
  return d && d.get;
}
// Built at load, not on first use: util is evaluated into every image, so a
// lazy table would be rebuilt by every invocation that checks a brand.
const TypedArray = Object.getPrototypeOf(Uint8Array);
const brands = {
  typedTag: getter(TypedArray.prototype, Symbol.toStringTag),
  mapSize: getter(Map.prototype, 'size'),
  setSize: getter(Set.prototype, 'size'),
  abLen: getter(ArrayBuffer.prototype, 'byteLength'),
  sabLen: typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null,
  dvLen: getter(DataView.prototype, 'byteLength'),
  reSource: getter(RegExp.prototype, 'source'),
  GeneratorFunction: Object.getPrototypeOf(function* () {}).constructor,
  AsyncFunction: Object.getPrototypeOf(async function () {}).constructor,
  AsyncGeneratorFunction: Object.getPrototypeOf(async function* () {}).constructor,
};
function B() {
  return brands;
}

// A brand check that fails throws, and capturing the error's stack trace is
// most of what a throw costs (~40k fuel of ~45k; inspecting one class
// instance runs a dozen failing checks).  QuickJS-NG keeps
// Error.stackTraceLimit behind a native accessor, captured here before user
// code runs: the limit is 0 during the check and restored right after, and
// no user-defined Error.prepareStackTrace runs for these internal errors.
const ErrorCtor = Error;
const stackLimit = Object.getOwnPropertyDescriptor(ErrorCtor, 'stackTraceLimit');
const getStackLimit = stackLimit && typeof stackLimit.get === 'function' ? stackLimit.get : null;
const setStackLimit = stackLimit && typeof stackLimit.set === 'function' ? stackLimit.set : null;
function tryCall(fn, v, arg) {
  if (setStackLimit === null) {
    try { fn.call(v, arg); return true; } catch (e) { return false; }
  }
  const limit = getStackLimit.call(ErrorCtor);
  setStackLimit.call(ErrorCtor, 0);
  try {
    fn.call(v, arg);
    return true;
  } catch (e) {
    return false;
  } finally {
    setStackLimit.call(ErrorCtor, limit);
  }
}
function isObjectLike(v) { return (typeof v === 'object' && v !== null) || typeof v === 'function'; }

function typedArrayTag(v) { return isObjectLike(v) ? B().typedTag.call(v) : undefined; }
function isTypedArray(v) { return typedArrayTag(v) !== undefined; }
function isMap(v) { return isObjectLike(v) && tryCall(B().mapSize, v); }
function isSet(v) { return isObjectLike(v) && tryCall(B().setSize, v); }
function isDate(v) { return isObjectLike(v) && tryCall(Date.prototype.getTime, v); }
function isRegExp(v) {
  return isObjectLike(v) && v !== RegExp.prototype && tryCall(B().reSource, v);
}
function isArrayBuffer(v) { return isObjectLike(v) && tryCall(B().abLen, v); }
function isSharedArrayBuffer(v) { return isObjectLike(v) && B().sabLen !== null && tryCall(B().sabLen, v); }
function isAnyArrayBuffer(v) { return isArrayBuffer(v) || isSharedArrayBuffer(v); }
function isDataView(v) { return isObjectLike(v) && tryCall(B().dvLen, v); }
function isArrayBufferView(v) { return ArrayBuffer.isView(v); }
function isWeakMap(v) { return isObjectLike(v) && tryCall(WeakMap.prototype.has, v, {}); }
function isWeakSet(v) { return isObjectLike(v) && tryCall(WeakSet.prototype.has, v, {}); }
function tagOf(v) { return ObjectProtoToString.call(v).slice(8, -1); }
function isPromise(v) {
  if (!isObjectLike(v)) return false;
  if (!(v instanceof Promise) && tagOf(v) !== 'Promise') return false;
  // Promise.resolve returns the very object only for real promises of this realm.
  try {
    let p = v;
    for (;;) {
      p = Object.getPrototypeOf(p);
      if (p === null) return false;
      if (p === Promise.prototype) return true;
    }
  } catch (e) { return false; }
}
function isNativeError(v) {
  if (!isObjectLike(v)) return false;
  // Object.prototype.toString reports "Error" for objects with [[ErrorData]]
  // unless a Symbol.toStringTag somewhere says otherwise.
  try {
    for (let p = v; p !== null; p = Object.getPrototypeOf(p)) {
      if (Object.getOwnPropertyDescriptor(p, Symbol.toStringTag) !== undefined) return false;
    }
  } catch (e) { return false; }
  return tagOf(v) === 'Error';
}
function isError(v) { return isNativeError(v) || (isObjectLike(v) && v instanceof Error); }
function isArgumentsObject(v) { return isObjectLike(v) && !Array.isArray(v) && tagOf(v) === 'Arguments'; }
function isNumberObject(v) { return typeof v === 'object' && v !== null && tryCall(Number.prototype.valueOf, v); }
function isStringObject(v) { return typeof v === 'object' && v !== null && tryCall(String.prototype.valueOf, v); }
function isBooleanObject(v) { return typeof v === 'object' && v !== null && tryCall(Boolean.prototype.valueOf, v); }
function isBigIntObject(v) { return typeof v === 'object' && v !== null && tryCall(BigInt.prototype.valueOf, v); }
function isSymbolObject(v) { return typeof v === 'object' && v !== null && tryCall(Symbol.prototype.valueOf, v); }
function isBoxedPrimitive(v) {
  return isNumberObject(v) || isStringObject(v) || isBooleanObject(v) || isBigIntObject(v) || isSymbolObject(v);
}
function protoChainHas(v, proto) {
  for (let p = Object.getPrototypeOf(v); p !== null; p = Object.getPrototypeOf(p)) if (p === proto) return true;
  return false;
}
function isGeneratorFunction(v) {
  if (typeof v !== 'function') return false;
  return protoChainHas(v, B().GeneratorFunction.prototype) || protoChainHas(v, B().AsyncGeneratorFunction.prototype);
}
function isAsyncFunction(v) {
  if (typeof v !== 'function') return false;
  return protoChainHas(v, B().AsyncFunction.prototype) || protoChainHas(v, B().AsyncGeneratorFunction.prototype);
}
function isIteratorOf(v, tag) { return isObjectLike(v) && tagOf(v) === tag; }
function isMapIterator(v) { return isIteratorOf(v, 'Map Iterator'); }
function isSetIterator(v) { return isIteratorOf(v, 'Set Iterator'); }
function isGeneratorObject(v) { return isIteratorOf(v, 'Generator') || isIteratorOf(v, 'AsyncGenerator'); }
function taTest(name) { return (v) => typedArrayTag(v) === name; }
function isModuleNamespaceObject(v) {
  return isObjectLike(v) && Object.getPrototypeOf(v) === null && tagOf(v) === 'Module' &&
    !Object.getOwnPropertyDescriptor(v, Symbol.toStringTag)?.configurable;
}

const types = {
  isExternal: () => false,
  isDate, isArgumentsObject, isBigIntObject, isBooleanObject, isNumberObject, isStringObject, isSymbolObject,
  isBoxedPrimitive, isNativeError, isRegExp, isAsyncFunction, isGeneratorFunction, isGeneratorObject,
  isPromise, isMap, isSet, isMapIterator, isSetIterator, isWeakMap, isWeakSet, isArrayBuffer,
  isDataView, isSharedArrayBuffer, isProxy: () => false, isModuleNamespaceObject, isAnyArrayBuffer,
  isArrayBufferView, isTypedArray,
  isUint8Array: taTest('Uint8Array'), isUint8ClampedArray: taTest('Uint8ClampedArray'),
  isUint16Array: taTest('Uint16Array'), isUint32Array: taTest('Uint32Array'),
  isInt8Array: taTest('Int8Array'), isInt16Array: taTest('Int16Array'), isInt32Array: taTest('Int32Array'),
  isFloat32Array: taTest('Float32Array'), isFloat64Array: taTest('Float64Array'),
  isBigInt64Array: taTest('BigInt64Array'), isBigUint64Array: taTest('BigUint64Array'),
  isKeyObject: () => false, isCryptoKey: () => false,
};

// ---------------------------------------------------------------------------
// inspect
// ---------------------------------------------------------------------------
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

const inspectDefaultOptions = {
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
};

const kObjectType = 0;
const kArrayType = 1;
const kArrayExtrasType = 2;

const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const numberRegExp = /^(0|[1-9][0-9]*)$/;
const escapeTestDefault = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const escapeTestSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const escapeReplaceDefault = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const escapeReplaceSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const namedEscapes = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
function metaEscape(code) {
  const named = namedEscapes[code];
  if (named !== undefined) return named;
  if (code < 0x100) return '\\x' + code.toString(16).toUpperCase().padStart(2, '0');
  return '\\u' + code.toString(16);
}
const escapeFn = (s) => metaEscape(s.charCodeAt(0));

function addQuotes(str, quotes) {
  if (quotes === -1) return `"${str}"`;
  if (quotes === -2) return `\`${str}\``;
  return `'${str}'`;
}

function strEscape(str) {
  let escapeTest = escapeTestDefault;
  let escapeReplace = escapeReplaceDefault;
  let singleQuote = 39;
  if (str.includes("'")) {
    if (!str.includes('"')) singleQuote = -1;
    else if (!str.includes('`') && !str.includes('${')) singleQuote = -2;
    if (singleQuote !== 39) {
      escapeTest = escapeTestSingle;
      escapeReplace = escapeReplaceSingle;
    }
  }
  if (str.length < 5000 && !escapeTest.test(str)) return addQuotes(str, singleQuote);
  if (str.length > 100) {
    escapeReplace.lastIndex = 0;
    return addQuotes(str.replace(escapeReplace, escapeFn), singleQuote);
  }
  let result = '';
  let last = 0;
  for (let i = 0; i < str.length; i++) {
    const point = str.charCodeAt(i);
    if (point === singleQuote || point === 92 || point < 32 || (point > 126 && point < 160)) {
      result += str.slice(last, i) + metaEscape(point);
      last = i + 1;
    } else if (point >= 0xd800 && point <= 0xdfff) {
      if (point <= 0xdbff && i + 1 < str.length) {
        const next = str.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
      }
      result += str.slice(last, i) + '\\u' + point.toString(16);
      last = i + 1;
    }
  }
  if (last !== str.length) result += str.slice(last);
  return addQuotes(result, singleQuote);
}

function stylizeNoColor(str) { return str; }

const inspectColors = Object.assign(Object.create(null), {
  reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23], underline: [4, 24], blink: [5, 25],
  inverse: [7, 27], hidden: [8, 28], strikethrough: [9, 29], doubleunderline: [21, 24],
  black: [30, 39], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39],
  cyan: [36, 39], white: [37, 39], bgBlack: [40, 49], bgRed: [41, 49], bgGreen: [42, 49],
  bgYellow: [43, 49], bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49], bgWhite: [47, 49],
  framed: [51, 54], overlined: [53, 55], gray: [90, 39], redBright: [91, 39], greenBright: [92, 39],
  yellowBright: [93, 39], blueBright: [94, 39], magentaBright: [95, 39], cyanBright: [96, 39],
  whiteBright: [97, 39], bgGray: [100, 49], bgRedBright: [101, 49], bgGreenBright: [102, 49],
  bgYellowBright: [103, 49], bgBlueBright: [104, 49], bgMagentaBright: [105, 49],
  bgCyanBright: [106, 49], bgWhiteBright: [107, 49],
});
inspectColors.grey = inspectColors.gray;
const inspectStyles = Object.assign(Object.create(null), {
  special: 'cyan', number: 'yellow', bigint: 'yellow', boolean: 'yellow', undefined: 'grey',
  null: 'bold', string: 'green', symbol: 'green', date: 'magenta', regexp: 'red', module: 'underline',
});
function stylizeWithColor(str, styleType) {
  const style = inspectStyles[styleType];
  if (style !== undefined) {
    const color = inspectColors[style];
    if (color !== undefined) return `\u001b[${color[0]}m${str}\u001b[${color[1]}m`;
  }
  return str;
}

function inspect(value, opts) {
  const ctx = {
    budget: {},
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    stylize: stylizeNoColor,
    showHidden: inspectDefaultOptions.showHidden,
    depth: inspectDefaultOptions.depth,
    colors: inspectDefaultOptions.colors,
    customInspect: inspectDefaultOptions.customInspect,
    showProxy: inspectDefaultOptions.showProxy,
    maxArrayLength: inspectDefaultOptions.maxArrayLength,
    maxStringLength: inspectDefaultOptions.maxStringLength,
    breakLength: inspectDefaultOptions.breakLength,
    compact: inspectDefaultOptions.compact,
    sorted: inspectDefaultOptions.sorted,
    getters: inspectDefaultOptions.getters,
    numericSeparator: inspectDefaultOptions.numericSeparator,
  };
  if (arguments.length > 1) {
    if (arguments.length > 2) {
      if (arguments[2] !== undefined) ctx.depth = arguments[2];
      if (arguments.length > 3 && arguments[3] !== undefined) ctx.colors = arguments[3];
    }
    if (typeof opts === 'boolean') {
      ctx.showHidden = opts;
    } else if (opts) {
      for (const key of Object.keys(opts)) {
        if (hasOwn(inspectDefaultOptions, key) || key === 'stylize') ctx[key] = opts[key];
        else if (ctx.userOptions === undefined) ctx.userOptions = opts;
      }
    }
  }
  if (ctx.colors) ctx.stylize = stylizeWithColor;
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}
inspect.custom = customInspectSymbol;
Object.defineProperty(inspect, 'defaultOptions', {
  get() { return inspectDefaultOptions; },
  set(options) {
    if (options === null || typeof options !== 'object') {
      throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "options" argument must be of type object.${received(options)}`);
    }
    Object.assign(inspectDefaultOptions, options);
  },
  enumerable: true,
  configurable: true,
});
inspect.colors = inspectColors;
inspect.styles = inspectStyles;

function getUserOptions(ctx) {
  const ret = {
    stylize: ctx.stylize,
    showHidden: ctx.showHidden,
    depth: ctx.depth,
    colors: ctx.colors,
    customInspect: ctx.customInspect,
    showProxy: ctx.showProxy,
    maxArrayLength: ctx.maxArrayLength,
    maxStringLength: ctx.maxStringLength,
    breakLength: ctx.breakLength,
    compact: ctx.compact,
    sorted: ctx.sorted,
    getters: ctx.getters,
    numericSeparator: ctx.numericSeparator,
    ...ctx.userOptions,
  };
  return ret;
}

function formatValue(ctx, value, recurseTimes, typedArray) {
  if (typeof value !== 'object' && typeof value !== 'function') {
    return formatPrimitive(ctx.stylize, value, ctx);
  }
  if (value === null) return ctx.stylize('null', 'null');

  if (ctx.customInspect) {
    let maybeCustom;
    try { maybeCustom = value[customInspectSymbol]; } catch (e) { maybeCustom = undefined; }
    if (typeof maybeCustom === 'function' && maybeCustom !== inspect &&
        !(value.constructor && value.constructor.prototype === value)) {
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
      const ret = maybeCustom.call(value, depth, getUserOptions(ctx), inspect);
      if (ret !== value) {
        if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
        return ret.split('\n').join(`\n${' '.repeat(ctx.indentationLvl)}`);
      }
    }
  }

  if (ctx.seen.includes(value)) {
    let index = 1;
    if (ctx.circular === undefined) {
      ctx.circular = new Map();
      ctx.circular.set(value, index);
    } else {
      index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
    }
    return ctx.stylize(`[Circular *${index}]`, 'special');
  }
  return formatRaw(ctx, value, recurseTimes, typedArray);
}

function isInstanceof(obj, ctor) {
  try { return obj instanceof ctor; } catch (e) { return false; }
}

function getConstructorName(obj, ctx, recurseTimes) {
  let firstProto;
  const tmp = obj;
  while (obj) {
    const descriptor = Object.getOwnPropertyDescriptor(obj, 'constructor');
    if (descriptor !== undefined && typeof descriptor.value === 'function' &&
        descriptor.value.name !== '' && isInstanceof(tmp, descriptor.value)) {
      return String(descriptor.value.name);
    }
    obj = Object.getPrototypeOf(obj);
    if (firstProto === undefined) firstProto = obj;
  }
  if (firstProto === null) return null;
  const res = internalClassName(tmp);
  if (recurseTimes > ctx.depth && ctx.depth !== null) return `${res} <Complex prototype>`;
  const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1);
  if (protoConstr === null) {
    return `${res} <${inspect(firstProto, { ...ctx, customInspect: false, depth: -1 })}>`;
  }
  return `${res} <${protoConstr}>`;
}

function internalClassName(v) {
  if (typeof v === 'function') return 'Function';
  if (Array.isArray(v)) return 'Array';
  const t = tagOf(v);
  return t === 'Arguments' ? 'Object' : t;
}

function getPrefix(constructor, tag, fallback, size = '') {
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
  return `${constructor}${size} `;
}

function getKeys(value, showHidden) {
  let keys;
  const symbols = Object.getOwnPropertySymbols(value);
  if (showHidden) {
    keys = Object.getOwnPropertyNames(value);
    if (symbols.length !== 0) keys.push(...symbols);
  } else {
    try {
      keys = Object.keys(value);
    } catch (err) {
      keys = Object.getOwnPropertyNames(value);
    }
    if (symbols.length !== 0) keys.push(...symbols.filter((key) => isEnumerable(value, key)));
  }
  return keys;
}

function isArrayIndexKey(key) {
  if (typeof key !== 'string' || !numberRegExp.test(key)) return false;
  return Number(key) < 4294967295;
}

function getOwnNonIndexProperties(value, showHidden) {
  const out = [];
  for (const key of Reflect.ownKeys(value)) {
    if (isArrayIndexKey(key)) continue;
    if (!showHidden && !isEnumerable(value, key)) continue;
    out.push(key);
  }
  return out;
}

function getEmptyFormatArray() { return []; }

function formatRaw(ctx, value, recurseTimes, typedArray) {
  let keys;
  const constructor = getConstructorName(value, ctx, recurseTimes);
  let tag;
  try { tag = value[Symbol.toStringTag]; } catch (e) { tag = ''; }
  if (typeof tag !== 'string' ||
      (tag !== '' && (ctx.showHidden ? hasOwn : isEnumerable)(value, Symbol.toStringTag))) {
    tag = '';
  }
  let base = '';
  let formatter = getEmptyFormatArray;
  let braces;
  let noIterator = true;
  let extrasType = kObjectType;
  let fallback = 'Object'; // type name for null-prototype objects past `depth`

  let hasIterator = false;
  try { hasIterator = Symbol.iterator in value; } catch (e) { /* ignore */ }
  if (hasIterator || constructor === null) {
    noIterator = false;
    if (Array.isArray(value)) {
      const prefix = (constructor !== 'Array' || tag !== '') ? getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
      keys = getOwnNonIndexProperties(value, ctx.showHidden);
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      extrasType = kArrayExtrasType;
      formatter = formatArray;
      fallback = 'Array';
    } else if (isSet(value)) {
      const size = B().setSize.call(value);
      const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = (ctx2, v, rt) => formatSet(value, ctx2, v, rt);
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
      fallback = 'Set';
    } else if (isMap(value)) {
      const size = B().mapSize.call(value);
      const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = (ctx2, v, rt) => formatMap(value, ctx2, v, rt);
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
      fallback = 'Map';
    } else if (isTypedArray(value)) {
      keys = getOwnNonIndexProperties(value, ctx.showHidden);
      const taName = constructor === null ? typedArrayTag(value) : '';
      const size = value.length;
      const prefix = getPrefix(constructor, tag, taName, `(${size})`);
      fallback = taName || 'Object';
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
      formatter = (ctx2, v, rt) => formatTypedArray(value, size, ctx2, v, rt);
      extrasType = kArrayExtrasType;
    } else if (isMapIterator(value)) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces('Map', tag);
      formatter = (ctx2, v, rt) => formatIterator(braces, ctx2, v, rt);
    } else if (isSetIterator(value)) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces('Set', tag);
      formatter = (ctx2, v, rt) => formatIterator(braces, ctx2, v, rt);
    } else {
      noIterator = true;
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden);
    braces = ['{', '}'];
    if (constructor === 'Object') {
      if (isArgumentsObject(value)) {
        braces[0] = '[Arguments] {';
      } else if (tag !== '') {
        braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
      }
      if (keys.length === 0) return `${braces[0]}}`;
    } else if (typeof value === 'function') {
      base = getFunctionBase(value, constructor, tag);
      if (keys.length === 0) return ctx.stylize(base, 'special');
    } else if (isRegExp(value)) {
      base = RegExp.prototype.toString.call(constructor !== null ? value : new RegExp(value));
      const prefix = getPrefix(constructor, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if (keys.length === 0 || (recurseTimes > ctx.depth && ctx.depth !== null)) {
        return ctx.stylize(base, 'regexp');
      }
    } else if (isDate(value)) {
      const t = Date.prototype.getTime.call(value);
      base = Number.isNaN(t) ? Date.prototype.toString.call(value) : Date.prototype.toISOString.call(value);
      const prefix = getPrefix(constructor, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0) return ctx.stylize(base, 'date');
    } else if (isError(value)) {
      base = formatError(value, constructor, tag, ctx, keys);
      if (keys.length === 0) return base;
    } else if (isAnyArrayBuffer(value)) {
      const arrayType = isArrayBuffer(value) ? 'ArrayBuffer' : 'SharedArrayBuffer';
      const prefix = getPrefix(constructor, tag, arrayType);
      if (typedArray === undefined) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0) {
        return prefix + `{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
      }
      braces[0] = `${prefix}{`;
      keys.unshift('byteLength');
    } else if (isDataView(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
      keys.unshift('byteLength', 'byteOffset', 'buffer');
    } else if (isPromise(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (isWeakSet(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'WeakSet')}{`;
      formatter = formatWeakCollection;
    } else if (isWeakMap(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'WeakMap')}{`;
      formatter = formatWeakCollection;
    } else if (isModuleNamespaceObject(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'Module')}{`;
    } else if (isBoxedPrimitive(value)) {
      base = getBoxedBase(value, ctx, keys, constructor, tag);
      if (keys.length === 0) return base;
    } else {
      if (keys.length === 0) return `${getPrefix(constructor, tag, 'Object')}{}`;
      braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
    }
  }

  if (recurseTimes > ctx.depth && ctx.depth !== null) {
    let constructorName = getPrefix(constructor, tag, fallback).slice(0, -1);
    if (constructor !== null) constructorName = `[${constructorName}]`;
    return ctx.stylize(constructorName, 'special');
  }
  recurseTimes += 1;
  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  let output;
  const indentationLvl = ctx.indentationLvl;
  try {
    output = formatter(ctx, value, recurseTimes);
    for (let i = 0; i < keys.length; i++) {
      output.push(formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
    }
  } catch (err) {
    if (err instanceof RangeError || (err && err.name === 'InternalError' && /stack/.test(err.message))) {
      ctx.seen.pop();
      ctx.indentationLvl = indentationLvl;
      const constructorName = getPrefix(constructor, tag, 'Object').slice(0, -1);
      return ctx.stylize(`[${constructorName}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`, 'special');
    }
    throw err;
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = ctx.stylize(`<ref *${index}>`, 'special');
      if (ctx.compact !== true) base = base === '' ? reference : `${reference} ${base}`;
      else braces[0] = `${reference} ${braces[0]}`;
    }
  }
  ctx.seen.pop();

  if (ctx.sorted) {
    const comparator = ctx.sorted === true ? undefined : ctx.sorted;
    if (extrasType === kObjectType) {
      output.sort(comparator);
    } else if (keys.length > 1) {
      const sorted = output.slice(output.length - keys.length).sort(comparator);
      output.splice(output.length - keys.length, keys.length, ...sorted);
    }
  }

  const res = reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
  const budget = ctx.budget[ctx.indentationLvl] || 0;
  const newLength = budget + res.length;
  ctx.budget[ctx.indentationLvl] = newLength;
  if (newLength > 2 ** 27) ctx.depth = -1;
  return res;
}

function getIteratorBraces(type, tag) {
  if (tag !== `${type} Iterator`) {
    if (tag !== '') tag += '] [';
    tag += `${type} Iterator`;
  }
  return [`[${tag}] {`, '}'];
}

function formatIterator(braces, ctx, value, recurseTimes) {
  // Entries of a live iterator cannot be previewed without consuming it.
  return [];
}

function formatPromise(ctx, value, recurseTimes) {
  // The state of a promise cannot be read synchronously from JavaScript.
  return [ctx.stylize('<pending>', 'special')];
}

function formatWeakCollection(ctx) {
  return [ctx.stylize('<items unknown>', 'special')];
}

const builtInObjects = new Set([
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'Date', 'Promise', 'RegExp',
  'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError',
  'URIError', 'ArrayBuffer', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array',
  'Int32Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray', 'BigUint64Array', 'BigInt64Array',
  'DataView', 'Map', 'BigInt', 'Set', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect', 'FinalizationRegistry',
  'WeakRef', 'SharedArrayBuffer', 'Atomics', 'JSON', 'Math', 'Intl', 'WebAssembly', 'Iterator',
]);

function getFunctionBase(value, constructor, tag) {
  let stringified = '';
  try { stringified = Function.prototype.toString.call(value); } catch (e) { /* ignore */ }
  if (stringified.startsWith('class') && stringified.endsWith('}')) {
    const slice = stringified.slice(5, -1);
    const bracketIndex = slice.indexOf('{');
    if (bracketIndex !== -1 &&
        (!slice.slice(0, bracketIndex).includes('(') ||
         /^\s*(?:extends\s+[^{]+\s*)?{/.test(slice.replace(/(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g, '')))) {
      return getClassBase(value, constructor, tag);
    }
  }
  let type = 'Function';
  if (isGeneratorFunction(value)) type = `Generator${type}`;
  if (isAsyncFunction(value)) type = `Async${type}`;
  let base = `[${type}`;
  if (constructor === null) base += ' (null prototype)';
  if (value.name === '') base += ' (anonymous)';
  else base += `: ${value.name}`;
  base += ']';
  if (constructor !== type && constructor !== null) base += ` ${constructor}`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  return base;
}

function getClassBase(value, constructor, tag) {
  const name = (hasOwn(value, 'name') && value.name) || '(anonymous)';
  let base = `class ${name}`;
  if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  if (constructor !== null) {
    const superName = Object.getPrototypeOf(value).name;
    if (superName) base += ` extends ${superName}`;
  } else {
    base += ' extends [null prototype]';
  }
  return `[${base}]`;
}

function getBoxedBase(value, ctx, keys, constructor, tag) {
  let fn;
  let type;
  if (isNumberObject(value)) { fn = Number.prototype.valueOf; type = 'Number'; }
  else if (isStringObject(value)) {
    fn = String.prototype.valueOf;
    type = 'String';
    keys.splice(0, value.length);
  } else if (isBooleanObject(value)) { fn = Boolean.prototype.valueOf; type = 'Boolean'; }
  else if (isBigIntObject(value)) { fn = BigInt.prototype.valueOf; type = 'BigInt'; }
  else { fn = Symbol.prototype.valueOf; type = 'Symbol'; }
  let base = `[${type}`;
  if (type !== constructor) {
    if (constructor === null) base += ' (null prototype)';
    else base += ` (${constructor})`;
  }
  base += `: ${formatPrimitive(stylizeNoColor, fn.call(value), ctx)}]`;
  if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
  if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base;
  return ctx.stylize(base, type.toLowerCase());
}

function getStackString(error) {
  let stack;
  try { stack = error.stack; } catch (e) { stack = undefined; }
  if (stack) {
    stack = String(stack);
    // QuickJS keeps only the frames in `stack`; Node starts with "Name: message".
    if (/^\s+at /.test(stack)) {
      stack = errorToString(error) + '\n' + stack;
    }
    return stack.replace(/\n+$/, '');
  }
  return errorToString(error);
}

function errorToString(error) {
  try { return Error.prototype.toString.call(error); } catch (e) { return 'Error'; }
}

function removeDuplicateErrorKeys(ctx, keys, err, stack) {
  if (!ctx.showHidden && keys.length !== 0) {
    for (const name of ['name', 'message', 'stack']) {
      const index = keys.indexOf(name);
      if (index !== -1 && stack.includes(err[name])) keys.splice(index, 1);
    }
  }
}

function improveStack(stack, constructor, name, tag) {
  let len = name.length;
  if (constructor === null ||
      (name.endsWith('Error') && stack.startsWith(name) &&
       (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
    let fallback = 'Error';
    if (constructor === null) {
      const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
      fallback = (start && start[1]) || '';
      len = fallback.length;
      fallback = fallback || 'Error';
    }
    const prefix = getPrefix(constructor, tag, fallback).slice(0, -1);
    if (name !== prefix) {
      if (prefix.includes(name)) {
        if (len === 0) stack = `${prefix}: ${stack}`;
        else stack = `${prefix}${stack.slice(len)}`;
      } else {
        stack = `${prefix} [${name}]${stack.slice(len)}`;
      }
    }
  }
  return stack;
}

function identicalSequenceRange(a, b) {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = b.indexOf(a[i]);
    if (pos !== -1) {
      const rest = b.length - pos;
      if (rest > 3) {
        let len = 1;
        const maxLen = Math.min(a.length - i, rest);
        while (maxLen > len && a[i + len] === b[pos + len]) len++;
        if (len > 3) return { len, offset: i };
      }
    }
  }
  return { len: 0, offset: 0 };
}

function getStackFrames(ctx, err, stack) {
  const frames = stack.split('\n');
  let cause;
  try { cause = err.cause; } catch (e) { /* ignore */ }
  if (cause != null && isError(cause)) {
    const causeStack = getStackString(cause);
    const causeStackStart = causeStack.indexOf('\n    at');
    if (causeStackStart !== -1) {
      const causeFrames = causeStack.slice(causeStackStart + 1).split('\n');
      const { len, offset } = identicalSequenceRange(frames, causeFrames);
      if (len > 0) {
        const skipped = len - 2;
        const msg = `    ... ${skipped} lines matching cause stack trace ...`;
        frames.splice(offset + 1, skipped, ctx.stylize(msg, 'undefined'));
      }
    }
  }
  return frames;
}

function formatError(err, constructor, tag, ctx, keys) {
  let name;
  let message;
  try { name = err.name != null ? String(err.name) : 'Error'; } catch (e) { name = 'Error'; }
  try { message = err.message; } catch (e) { message = undefined; }
  let stack = getStackString(err);
  removeDuplicateErrorKeys(ctx, keys, err, stack);
  if ('cause' in err && (keys.length === 0 || !keys.includes('cause'))) keys.push('cause');
  if (Array.isArray(err.errors) && (keys.length === 0 || !keys.includes('errors'))) keys.push('errors');
  stack = improveStack(stack, constructor, name, tag);
  let pos = (message && typeof message === 'string' && stack.indexOf(message)) || -1;
  if (pos !== -1) pos += message.length;
  const stackStart = stack.indexOf('\n    at', pos);
  if (stackStart === -1) {
    stack = `[${stack}]`;
  } else {
    let newStack = stack.slice(0, stackStart);
    const lines = getStackFrames(ctx, err, stack.slice(stackStart + 1));
    newStack += `\n${lines.join('\n')}`;
    stack = newStack;
  }
  if (ctx.indentationLvl !== 0) {
    const indentation = ' '.repeat(ctx.indentationLvl);
    stack = stack.replace(/\n/g, `\n${indentation}`);
  }
  return stack;
}

function formatNumber(fn, number, numericSeparator) {
  if (!numericSeparator) {
    if (Object.is(number, -0)) return fn('-0', 'number');
    return fn(`${number}`, 'number');
  }
  const integer = Math.trunc(number);
  const string = String(integer);
  if (integer === number) {
    if (!Number.isFinite(number) || string.includes('e')) return fn(string, 'number');
    return fn(`${addNumericSeparator(string)}`, 'number');
  }
  if (Number.isNaN(number)) return fn(string, 'number');
  return fn(`${addNumericSeparator(string)}.${addNumericSeparatorEnd(String(number).slice(string.length + 1))}`, 'number');
}

function addNumericSeparator(integerString) {
  let result = '';
  let i = integerString.length;
  const start = integerString.startsWith('-') ? 1 : 0;
  for (; i >= start + 4; i -= 3) result = `_${integerString.slice(i - 3, i)}${result}`;
  return i === integerString.length ? integerString : `${integerString.slice(0, i)}${result}`;
}

function addNumericSeparatorEnd(integerString) {
  let result = '';
  let i = 0;
  for (; i < integerString.length - 3; i += 3) result += `${integerString.slice(i, i + 3)}_`;
  return i === 0 ? integerString : `${result}${integerString.slice(i)}`;
}

function formatBigInt(fn, bigint, numericSeparator) {
  const string = String(bigint);
  if (!numericSeparator) return fn(`${string}n`, 'bigint');
  return fn(`${addNumericSeparator(string)}n`, 'bigint');
}

function formatPrimitive(fn, value, ctx) {
  if (typeof value === 'string') {
    let trailer = '';
    if (value.length > ctx.maxStringLength) {
      const remaining = value.length - ctx.maxStringLength;
      value = value.slice(0, ctx.maxStringLength);
      trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
    }
    if (ctx.compact !== true && value.length > 16 && value.length > ctx.breakLength - ctx.indentationLvl - 4) {
      return value.split(/(?<=\n)/).map((line) => fn(strEscape(line), 'string'))
        .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
    }
    return fn(strEscape(value), 'string') + trailer;
  }
  if (typeof value === 'number') return formatNumber(fn, value, ctx.numericSeparator);
  if (typeof value === 'bigint') return formatBigInt(fn, value, ctx.numericSeparator);
  if (typeof value === 'boolean') return fn(`${value}`, 'boolean');
  if (typeof value === 'undefined') return fn('undefined', 'undefined');
  return fn(Symbol.prototype.toString.call(value), 'symbol');
}

function formatArrayBuffer(ctx, value) {
  let buffer;
  try { buffer = new Uint8Array(value); } catch (e) { return [ctx.stylize('(detached)', 'special')]; }
  const max = Math.min(ctx.maxArrayLength, buffer.length);
  const parts = [];
  for (let i = 0; i < max; i++) parts.push(buffer[i].toString(16).padStart(2, '0'));
  let str = parts.join(' ');
  const remaining = buffer.length - ctx.maxArrayLength;
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${str}>`];
}

function remainingText(remaining) {
  return `... ${remaining} more item${remaining > 1 ? 's' : ''}`;
}

function formatArray(ctx, value, recurseTimes) {
  const valLen = value.length;
  const len = Math.min(Math.max(0, ctx.maxArrayLength), valLen);
  const remaining = valLen - len;
  const output = [];
  for (let i = 0; i < len; i++) {
    if (!hasOwn(value, i)) return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
    output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
  }
  if (remaining > 0) output.push(remainingText(remaining));
  return output;
}

function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
  const keys = Object.keys(value);
  let index = i;
  for (; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i];
    const tmp = +key;
    if (tmp > 2 ** 32 - 2) break;
    if (`${index}` !== key) {
      if (!numberRegExp.test(key)) break;
      const emptyItems = tmp - index;
      const ending = emptyItems > 1 ? 's' : '';
      output.push(ctx.stylize(`<${emptyItems} empty item${ending}>`, 'undefined'));
      index = tmp;
      if (output.length === maxLength) break;
    }
    output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
    index++;
  }
  const remaining = value.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) {
      const ending = remaining > 1 ? 's' : '';
      output.push(ctx.stylize(`<${remaining} empty item${ending}>`, 'undefined'));
    }
  } else if (remaining > 0) {
    output.push(remainingText(remaining));
  }
  return output;
}

function formatTypedArray(value, length, ctx, ignored, recurseTimes) {
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const remaining = value.length - maxLength;
  const output = new Array(maxLength);
  const elementFormatter = value.length > 0 && typeof value[0] === 'number' ? formatNumber : formatBigInt;
  for (let i = 0; i < maxLength; ++i) output[i] = elementFormatter(ctx.stylize, value[i], ctx.numericSeparator);
  if (remaining > 0) output[maxLength] = remainingText(remaining);
  if (ctx.showHidden) {
    ctx.indentationLvl += 2;
    for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
      const str = formatValue(ctx, value[key], recurseTimes, true);
      output.push(`[${key}]: ${str}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function formatSet(value, ctx, ignored, recurseTimes) {
  const length = value.size;
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const v of Set.prototype.values.call(value)) {
    if (i >= maxLength) break;
    output.push(formatValue(ctx, v, recurseTimes));
    i++;
  }
  if (remaining > 0) output.push(remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(value, ctx, ignored, recurseTimes) {
  const length = value.size;
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const [k, v] of Map.prototype.entries.call(value)) {
    if (i >= maxLength) break;
    output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
    i++;
  }
  if (remaining > 0) output.push(remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

function formatProperty(ctx, value, recurseTimes, key, type, desc, original = value) {
  let name;
  let str;
  let extra = ' ';
  desc = desc || Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
  if (desc.value !== undefined) {
    const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, recurseTimes);
    if (diff === 3 && ctx.breakLength < str.length) {
      extra = `\n${' '.repeat(ctx.indentationLvl)}`;
    }
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
    const s = ctx.stylize;
    const sp = 'special';
    if (ctx.getters && (ctx.getters === true ||
          (ctx.getters === 'get' && desc.set === undefined) ||
          (ctx.getters === 'set' && desc.set !== undefined))) {
      try {
        const tmp = desc.get.call(original);
        ctx.indentationLvl += 2;
        if (tmp === null) str = `${s(`[${label}:`, sp)} ${s('null', 'null')}${s(']', sp)}`;
        else if (typeof tmp === 'object') str = `${s(`[${label}]`, sp)} ${formatValue(ctx, tmp, recurseTimes)}`;
        else str = `${s(`[${label}:`, sp)} ${formatPrimitive(s, tmp, ctx)}${s(']', sp)}`;
        ctx.indentationLvl -= 2;
      } catch (err) {
        const message = `<Inspection threw (${err && err.message})>`;
        str = `${s(`[${label}:`, sp)} ${message}${s(']', sp)}`;
      }
    } else {
      str = ctx.stylize(`[${label}]`, sp);
    }
  } else if (desc.set !== undefined) {
    str = ctx.stylize('[Setter]', 'special');
  } else {
    str = ctx.stylize('undefined', 'undefined');
  }
  if (type === kArrayType) return str;
  if (typeof key === 'symbol') {
    escapeReplaceDefault.lastIndex = 0;
    name = `[${ctx.stylize(Symbol.prototype.toString.call(key).replace(escapeReplaceDefault, escapeFn), 'symbol')}]`;
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    escapeReplaceDefault.lastIndex = 0;
    name = `[${String(key).replace(escapeReplaceDefault, escapeFn)}]`;
  } else if (keyStrRegExp.test(key)) {
    name = ctx.stylize(key, 'name');
  } else {
    name = ctx.stylize(strEscape(String(key)), 'string');
  }
  return `${name}:${extra}${str}`;
}

function isBelowBreakLength(ctx, output, start, base) {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    totalLength += ctx.colors ? removeColors(output[i]).length : output[i].length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === kArrayExtrasType && entries > 6) output = groupArrayElements(ctx, output, value);
      if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joinedOutput = output.join(', ');
          if (!joinedOutput.includes('\n')) {
            return `${base ? `${base} ` : ''}${braces[0]} ${joinedOutput}` + ` ${braces[1]}`;
          }
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ` + braces[1];
  }
  const indentation = ' '.repeat(ctx.indentationLvl);
  const ln = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
  return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
}

function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let i = 0;
  let outputLength = output.length;
  if (ctx.maxArrayLength < output.length) outputLength--;
  const separatorSpace = 2;
  const dataLen = new Array(outputLength);
  for (; i < outputLength; i++) {
    const len = ctx.colors ? removeColors(output[i]).length : output[i].length;
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
      (totalLength / actualMax > 5 || maxLength <= 6)) {
    const approxCharHeights = 2.5;
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const tmp = [];
    const maxLineLength = [];
    for (let c = 0; c < columns; c++) {
      let lineLength = 0;
      for (let j = c; j < output.length; j += columns) {
        if (dataLen[j] > lineLength) lineLength = dataLen[j];
      }
      maxLineLength.push(lineLength + separatorSpace);
    }
    let padStart = true;
    if (value !== undefined) {
      for (let k = 0; k < output.length; k++) {
        if (typeof value[k] !== 'number' && typeof value[k] !== 'bigint') {
          padStart = false;
          break;
        }
      }
    }
    for (let r = 0; r < outputLength; r += columns) {
      const max = Math.min(r + columns, outputLength);
      let str = '';
      let j = r;
      for (; j < max - 1; j++) {
        const padding = maxLineLength[j - r] + output[j].length - dataLen[j];
        const cell = `${output[j]}, `;
        str += padStart ? cell.padStart(padding, ' ') : cell.padEnd(padding, ' ');
      }
      if (padStart) {
        const padding = maxLineLength[j - r] + output[j].length - dataLen[j] - separatorSpace;
        str += output[j].padStart(padding, ' ');
      } else {
        str += output[j];
      }
      tmp.push(str);
    }
    if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
    output = tmp;
  }
  return output;
}

function removeColors(str) {
  return String(str).replace(/\u001b\[\d\d?m/g, '');
}

function stripVTControlCharacters(str) {
  if (typeof str !== 'string') {
    throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "str" argument must be of type string.${received(str)}`);
  }
  return str.replace(
    // eslint-disable-next-line no-control-regex
    /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d\/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d\/#&.:=?%@~_]*)*)?(?:\u0007|\u001B\u005C|\u009C))|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g, '');
}

// ---------------------------------------------------------------------------
// format
// ---------------------------------------------------------------------------
function hasBuiltInToString(value) {
  let toStr;
  try { toStr = value.toString; } catch (e) { return true; }
  if (typeof toStr !== 'function') return true;
  if (hasOwn(value, 'toString')) return false;
  let pointer = value;
  do {
    pointer = Object.getPrototypeOf(pointer);
  } while (pointer !== null && !hasOwn(pointer, 'toString'));
  if (pointer === null) return true;
  const descriptor = Object.getOwnPropertyDescriptor(pointer, 'constructor');
  return descriptor !== undefined && typeof descriptor.value === 'function' &&
    builtInObjects.has(descriptor.value.name);
}

function tryStringify(arg) {
  try {
    return JSON.stringify(arg);
  } catch (err) {
    if (err && (err.name === 'TypeError') && /circular|cyclic/i.test(err.message)) return '[Circular]';
    throw err;
  }
}

function formatWithOptionsInternal(inspectOptions, args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let tempStr;
    let lastPos = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) === 37) { // '%'
        const nextChar = first.charCodeAt(++i);
        if (a + 1 !== args.length) {
          switch (nextChar) {
            case 115: { // 's'
              const tempArg = args[++a];
              if (typeof tempArg === 'number') tempStr = formatNumber(stylizeNoColor, tempArg, false);
              else if (typeof tempArg === 'bigint') tempStr = formatBigInt(stylizeNoColor, tempArg, false);
              else if (typeof tempArg !== 'object' || tempArg === null || !hasBuiltInToString(tempArg)) tempStr = String(tempArg);
              else tempStr = inspect(tempArg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
              break;
            }
            case 106: // 'j'
              tempStr = tryStringify(args[++a]);
              break;
            case 100: { // 'd'
              const tempNum = args[++a];
              if (typeof tempNum === 'bigint') tempStr = formatBigInt(stylizeNoColor, tempNum, false);
              else if (typeof tempNum === 'symbol') tempStr = 'NaN';
              else tempStr = formatNumber(stylizeNoColor, Number(tempNum), false);
              break;
            }
            case 79: // 'O'
              tempStr = inspect(args[++a], inspectOptions);
              break;
            case 111: // 'o'
              tempStr = inspect(args[++a], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
              break;
            case 105: { // 'i'
              const tempInteger = args[++a];
              if (typeof tempInteger === 'bigint') tempStr = formatBigInt(stylizeNoColor, tempInteger, false);
              else if (typeof tempInteger === 'symbol') tempStr = 'NaN';
              else tempStr = formatNumber(stylizeNoColor, Number.parseInt(tempInteger), false);
              break;
            }
            case 102: { // 'f'
              const tempFloat = args[++a];
              if (typeof tempFloat === 'symbol') tempStr = 'NaN';
              else tempStr = formatNumber(stylizeNoColor, Number.parseFloat(tempFloat), false);
              break;
            }
            case 99: // 'c'
              a += 1;
              tempStr = '';
              break;
            case 37: // '%'
              str += first.slice(lastPos, i);
              lastPos = i + 1;
              continue;
            default:
              continue;
          }
          if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
          str += tempStr;
          lastPos = i + 1;
        } else if (nextChar === 37) {
          str += first.slice(lastPos, i);
          lastPos = i + 1;
        }
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
    join = ' ';
    a++;
  }
  return str;
}

function format(...args) {
  return formatWithOptionsInternal(undefined, args);
}

function formatWithOptions(inspectOptions, ...args) {
  if (typeof inspectOptions !== 'object' || inspectOptions === null) {
    throw makeTypeError('ERR_INVALID_ARG_TYPE',
      `The "inspectOptions" argument must be of type object.${received(inspectOptions)}`);
  }
  return formatWithOptionsInternal(inspectOptions, args);
}

// ---------------------------------------------------------------------------
// errors in Node's shape (helpers in _errors.js)
// ---------------------------------------------------------------------------
function makeTypeError(code, message) { return makeNodeError(TypeError, code, message); }

function validateFunction(fn, name) {
  if (typeof fn !== 'function') {
    throw makeTypeError('ERR_INVALID_ARG_TYPE', `The ${argName(name)} must be of type function.${received(fn)}`);
  }
}

// ---------------------------------------------------------------------------
// promisify / callbackify / inherits / deprecate / debuglog
// ---------------------------------------------------------------------------
const kCustomPromisifiedSymbol = Symbol.for('nodejs.util.promisify.custom');
const kCustomPromisifyArgsSymbol = Symbol('customPromisifyArgs');

function promisify(original) {
  validateFunction(original, 'original');
  if (original[kCustomPromisifiedSymbol]) {
    const fn = original[kCustomPromisifiedSymbol];
    validateFunction(fn, 'util.promisify.custom');
    return Object.defineProperty(fn, kCustomPromisifiedSymbol, {
      value: fn, enumerable: false, writable: false, configurable: true,
    });
  }
  const argumentNames = original[kCustomPromisifyArgsSymbol];
  function fn(...args) {
    return new Promise((resolve, reject) => {
      args.push((err, ...values) => {
        if (err) return reject(err);
        if (argumentNames !== undefined && values.length > 1) {
          const obj = {};
          for (let i = 0; i < argumentNames.length; i++) obj[argumentNames[i]] = values[i];
          resolve(obj);
        } else {
          resolve(values[0]);
        }
      });
      Reflect.apply(original, this, args);
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustomPromisifiedSymbol, {
    value: fn, enumerable: false, writable: false, configurable: true,
  });
  const descriptors = Object.getOwnPropertyDescriptors(original);
  for (const k of Reflect.ownKeys(descriptors)) {
    Object.setPrototypeOf(descriptors[k], null);
    try { Object.defineProperty(fn, k, descriptors[k]); } catch (e) { /* ignore */ }
  }
  return fn;
}
promisify.custom = kCustomPromisifiedSymbol;

function callbackifyOnRejected(reason, cb) {
  if (!reason) {
    const newReason = makeNodeError(Error, 'ERR_FALSY_VALUE_REJECTION', 'Promise was rejected with falsy value');
    newReason.reason = reason;
    reason = newReason;
  }
  return cb(reason);
}

function nextTick(fn, ...args) {
  const proc = globalThis.process;
  if (proc && typeof proc.nextTick === 'function') proc.nextTick(fn, ...args);
  else queueMicrotask(() => fn(...args));
}

function callbackify(original) {
  validateFunction(original, 'original');
  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, 'last argument');
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => nextTick(cb, null, ret),
      (rej) => nextTick(callbackifyOnRejected, rej, cb));
  }
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name.value === 'string') descriptors.name.value += 'Callbackified';
  const propertiesValues = Object.values(descriptors);
  for (let i = 0; i < propertiesValues.length; i++) Object.setPrototypeOf(propertiesValues[i], null);
  Object.defineProperties(callbackified, descriptors);
  return callbackified;
}

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) {
    throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "ctor" argument must be of type function.${received(ctor)}`);
  }
  if (superCtor === undefined || superCtor === null) {
    throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "superCtor" argument must be of type function.${received(superCtor)}`);
  }
  if (superCtor.prototype === undefined) {
    throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "superCtor.prototype" property must be of type object.${received(superCtor.prototype)}`);
  }
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const codesWarned = new Set();
let traceHintShown = false;
function emitWarningText(text) {
  const proc = (typeof internal === 'object' && internal && internal.process) || globalThis.process;
  if (proc && proc.noDeprecation) return;
  const pid = (proc && proc.pid) || 1;
  let out = `(node:${pid}) ${text}`;
  if (!traceHintShown) {
    traceHintShown = true;
    out += '\n(Use `node --trace-deprecation ...` to show where the warning was created)';
  }
  const c = globalThis.console;
  if (c && typeof c.warn === 'function') c.warn(out);
}
function deprecate(fn, msg, code) {
  validateFunction(fn, 'fn');
  if (code !== undefined && typeof code !== 'string') {
    throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "code" argument must be of type string.${received(code)}`);
  }
  let warned = false;
  function deprecated(...args) {
    if (!warned) {
      warned = true;
      if (code !== undefined) {
        if (!codesWarned.has(code)) {
          codesWarned.add(code);
          emitWarningText(`[${code}] DeprecationWarning: ${msg}`);
        }
      } else {
        emitWarningText(`DeprecationWarning: ${msg}`);
      }
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

function debuglog(set, cb) {
  const logger = function debug() {};
  logger.enabled = false;
  Object.defineProperty(logger, 'enabled', { get() { return false; }, configurable: true, enumerable: true });
  return logger;
}

// ---------------------------------------------------------------------------
// deep equality (shared with assert)
// ---------------------------------------------------------------------------
const kStrict = true;
const kLoose = false;
const kNoIterator = 0;
const kIsArray = 1;
const kIsSet = 2;
const kIsMap = 3;

function isEnumerableOwn(obj, key) { return isEnumerable(obj, key); }

function ownEnumerableKeys(obj, strict) {
  const keys = Object.keys(obj);
  if (strict) {
    for (const s of Object.getOwnPropertySymbols(obj)) if (isEnumerable(obj, s)) keys.push(s);
  }
  return keys;
}

function areSimilarRegExps(a, b) {
  return a.source === b.source && a.flags === b.flags && a.lastIndex === b.lastIndex;
}

function areSimilarFloatArrays(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  for (let offset = 0; offset < a.byteLength; offset++) {
    if (a[offset] !== b[offset]) return false;
  }
  return true;
}

function bytesOf(view) {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function areSimilarTypedArrays(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  const x = bytesOf(a);
  const y = bytesOf(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function areEqualArrayBuffers(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function isEqualBoxedPrimitive(val1, val2) {
  if (isNumberObject(val1)) return isNumberObject(val2) && Object.is(Number.prototype.valueOf.call(val1), Number.prototype.valueOf.call(val2));
  if (isStringObject(val1)) return isStringObject(val2) && String.prototype.valueOf.call(val1) === String.prototype.valueOf.call(val2);
  if (isBooleanObject(val1)) return isBooleanObject(val2) && Boolean.prototype.valueOf.call(val1) === Boolean.prototype.valueOf.call(val2);
  if (isBigIntObject(val1)) return isBigIntObject(val2) && BigInt.prototype.valueOf.call(val1) === BigInt.prototype.valueOf.call(val2);
  if (isSymbolObject(val1)) return isSymbolObject(val2) && Symbol.prototype.valueOf.call(val1) === Symbol.prototype.valueOf.call(val2);
  return false;
}

function innerDeepEqual(val1, val2, strict, memos) {
  if (val1 === val2) {
    if (val1 !== 0) return true;
    return strict ? Object.is(val1, val2) : true;
  }
  if (strict) {
    if (typeof val1 !== 'object') return typeof val1 === 'number' && Number.isNaN(val1) && Number.isNaN(val2);
    if (typeof val2 !== 'object' || val1 === null || val2 === null) return false;
    if (Object.getPrototypeOf(val1) !== Object.getPrototypeOf(val2)) return false;
  } else {
    if (val1 === null || typeof val1 !== 'object') {
      if (val2 === null || typeof val2 !== 'object') {
        // eslint-disable-next-line eqeqeq
        return val1 == val2 || (Number.isNaN(val1) && Number.isNaN(val2));
      }
      return false;
    }
    if (val2 === null || typeof val2 !== 'object') return false;
  }
  const val1Tag = ObjectProtoToString.call(val1);
  const val2Tag = ObjectProtoToString.call(val2);
  if (val1Tag !== val2Tag) return false;

  if (Array.isArray(val1)) {
    if (!Array.isArray(val2) || val1.length !== val2.length) return false;
    const keys1 = getOwnNonIndexProperties(val1, false).filter((k) => strict || typeof k !== 'symbol');
    const keys2 = getOwnNonIndexProperties(val2, false).filter((k) => strict || typeof k !== 'symbol');
    if (keys1.length !== keys2.length) return false;
    return keyCheck(val1, val2, strict, memos, kIsArray, keys1);
  } else if (val1Tag === '[object Object]' && !isArgumentsObject(val1) !== !isArgumentsObject(val2)) {
    return false;
  }
  if (val1Tag === '[object Object]' && !isBoxedPrimitive(val1) && !isDate(val1) && !isRegExp(val1) &&
      !isError(val1) && !isMap(val1) && !isSet(val1) && !isArrayBufferView(val1)) {
    if (isBoxedPrimitive(val2) || isDate(val2) || isRegExp(val2) || isMap(val2) || isSet(val2)) return false;
    return keyCheck(val1, val2, strict, memos, kNoIterator);
  }
  if (isDate(val1)) {
    if (!isDate(val2) || Date.prototype.getTime.call(val1) !== Date.prototype.getTime.call(val2)) return false;
  } else if (isRegExp(val1)) {
    if (!isRegExp(val2) || !areSimilarRegExps(val1, val2)) return false;
  } else if (isNativeError(val1) || val1 instanceof Error) {
    if ((!isNativeError(val2) && !(val2 instanceof Error)) ||
        val1.message !== val2.message || val1.name !== val2.name) return false;
  } else if (isArrayBufferView(val1)) {
    if (!isArrayBufferView(val2)) return false;
    if (!strict && (types.isFloat32Array(val1) || types.isFloat64Array(val1))) {
      if (!areSimilarFloatArrays(val1, val2)) return false;
    } else if (!areSimilarTypedArrays(val1, val2)) {
      return false;
    }
    const filter = (k) => strict || typeof k !== 'symbol';
    const keys1 = getOwnNonIndexProperties(val1, false).filter(filter);
    const keys2 = getOwnNonIndexProperties(val2, false).filter(filter);
    if (keys1.length !== keys2.length) return false;
    return keyCheck(val1, val2, strict, memos, kNoIterator, keys1);
  } else if (isSet(val1)) {
    if (!isSet(val2) || val1.size !== val2.size) return false;
    return keyCheck(val1, val2, strict, memos, kIsSet);
  } else if (isMap(val1)) {
    if (!isMap(val2) || val1.size !== val2.size) return false;
    return keyCheck(val1, val2, strict, memos, kIsMap);
  } else if (isAnyArrayBuffer(val1)) {
    if (!isAnyArrayBuffer(val2) || !areEqualArrayBuffers(val1, val2)) return false;
  } else if (isBoxedPrimitive(val1)) {
    if (!isEqualBoxedPrimitive(val1, val2)) return false;
  } else if (Array.isArray(val2) || isArrayBufferView(val2) || isSet(val2) || isMap(val2) ||
             isDate(val2) || isRegExp(val2) || isAnyArrayBuffer(val2) || isBoxedPrimitive(val2) ||
             isNativeError(val2) || val2 instanceof Error) {
    return false;
  }
  return keyCheck(val1, val2, strict, memos, kNoIterator);
}

function keyCheck(val1, val2, strict, memos, iterationType, aKeys) {
  if (arguments.length === 5) {
    aKeys = Object.keys(val1);
    const bKeys = Object.keys(val2);
    if (aKeys.length !== bKeys.length) return false;
  }
  let i = 0;
  for (; i < aKeys.length; i++) {
    if (!isEnumerableOwn(val2, aKeys[i])) return false;
  }
  if (strict && arguments.length === 5) {
    const symbolKeysA = Object.getOwnPropertySymbols(val1);
    if (symbolKeysA.length !== 0) {
      let count = 0;
      for (i = 0; i < symbolKeysA.length; i++) {
        const key = symbolKeysA[i];
        if (isEnumerable(val1, key)) {
          if (!isEnumerable(val2, key)) return false;
          aKeys.push(key);
          count++;
        } else if (isEnumerable(val2, key)) {
          return false;
        }
      }
      const symbolKeysB = Object.getOwnPropertySymbols(val2);
      if (symbolKeysA.length !== symbolKeysB.length && getEnumerables(val2, symbolKeysB).length !== count) {
        return false;
      }
    } else {
      const symbolKeysB = Object.getOwnPropertySymbols(val2);
      if (symbolKeysB.length !== 0 && getEnumerables(val2, symbolKeysB).length !== 0) return false;
    }
  }
  if (aKeys.length === 0 &&
      (iterationType === kNoIterator || (iterationType === kIsArray && val1.length === 0) || val1.size === 0)) {
    return true;
  }
  if (memos === undefined) {
    memos = { val1: new Map(), val2: new Map(), position: 0 };
  } else {
    const val2MemoA = memos.val1.get(val1);
    if (val2MemoA !== undefined) {
      const val2MemoB = memos.val2.get(val2);
      if (val2MemoB !== undefined) return val2MemoA === val2MemoB;
    }
    memos.position++;
  }
  memos.val1.set(val1, memos.position);
  memos.val2.set(val2, memos.position);
  const areEq = objEquiv(val1, val2, strict, aKeys, memos, iterationType);
  memos.val1.delete(val1);
  memos.val2.delete(val2);
  return areEq;
}

function getEnumerables(val, keys) { return keys.filter((k) => isEnumerable(val, k)); }

function setHasEqualElement(set, val1, strict, memo) {
  for (const val2 of set) {
    if (innerDeepEqual(val1, val2, strict, memo)) {
      set.delete(val2);
      return true;
    }
  }
  return false;
}

function findLooseMatchingPrimitives(prim) {
  switch (typeof prim) {
    case 'undefined': return null;
    case 'object': return undefined;
    case 'symbol': return false;
    case 'string': prim = +prim; // falls through
    case 'number': if (Number.isNaN(prim)) return false;
  }
  return true;
}

function setMightHaveLoosePrim(a, b, prim) {
  const altValue = findLooseMatchingPrimitives(prim);
  if (altValue != null) return altValue;
  return b.has(altValue) && !a.has(altValue);
}

function mapMightHaveLoosePrim(a, b, prim, item, memo) {
  const altValue = findLooseMatchingPrimitives(prim);
  if (altValue != null) return altValue;
  const curB = b.get(altValue);
  if ((curB === undefined && !b.has(altValue)) || !innerDeepEqual(item, curB, false, memo)) return false;
  return !a.has(altValue) && innerDeepEqual(item, curB, false, memo);
}

function setEquiv(a, b, strict, memo) {
  let set = null;
  for (const val of a) {
    if (typeof val === 'object' && val !== null) {
      if (set === null) set = new Set();
      set.add(val);
    } else if (!b.has(val)) {
      if (strict) return false;
      if (!setMightHaveLoosePrim(a, b, val)) return false;
      if (set === null) set = new Set();
      set.add(val);
    }
  }
  if (set !== null) {
    for (const val of b) {
      if (typeof val === 'object' && val !== null) {
        if (!setHasEqualElement(set, val, strict, memo)) return false;
      } else if (!strict && !a.has(val) && !setHasEqualElement(set, val, strict, memo)) {
        return false;
      }
    }
    return set.size === 0;
  }
  return true;
}

function mapHasEqualEntry(set, map, key1, item1, strict, memo) {
  for (const key2 of set) {
    if (innerDeepEqual(key1, key2, strict, memo) && innerDeepEqual(item1, map.get(key2), strict, memo)) {
      set.delete(key2);
      return true;
    }
  }
  return false;
}

function mapEquiv(a, b, strict, memo) {
  let set = null;
  for (const [key, item1] of a) {
    if (typeof key === 'object' && key !== null) {
      if (set === null) set = new Set();
      set.add(key);
    } else {
      const item2 = b.get(key);
      if (((item2 === undefined && !b.has(key)) || !innerDeepEqual(item1, item2, strict, memo))) {
        if (strict) return false;
        if (!mapMightHaveLoosePrim(a, b, key, item1, memo)) return false;
        if (set === null) set = new Set();
        set.add(key);
      }
    }
  }
  if (set !== null) {
    for (const [key, item] of b) {
      if (typeof key === 'object' && key !== null) {
        if (!mapHasEqualEntry(set, a, key, item, strict, memo)) return false;
      } else if (!strict && (!a.has(key) || !innerDeepEqual(a.get(key), item, false, memo)) &&
                 !mapHasEqualEntry(set, a, key, item, false, memo)) {
        return false;
      }
    }
    return set.size === 0;
  }
  return true;
}

function objEquiv(a, b, strict, keys, memos, iterationType) {
  let i = 0;
  if (iterationType === kIsSet) {
    if (!setEquiv(a, b, strict, memos)) return false;
  } else if (iterationType === kIsMap) {
    if (!mapEquiv(a, b, strict, memos)) return false;
  } else if (iterationType === kIsArray) {
    for (; i < a.length; i++) {
      if (hasOwn(a, i)) {
        if (!hasOwn(b, i) || !innerDeepEqual(a[i], b[i], strict, memos)) return false;
      } else if (hasOwn(b, i)) {
        return false;
      } else {
        const keysA = Object.keys(a);
        for (; i < keysA.length; i++) {
          const key = keysA[i];
          if (!hasOwn(b, key) || !innerDeepEqual(a[key], b[key], strict, memos)) return false;
        }
        if (keysA.length !== Object.keys(b).length) return false;
        return true;
      }
    }
  }
  for (i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!innerDeepEqual(a[key], b[key], strict, memos)) return false;
  }
  return true;
}

function isDeepEqual(val1, val2) { return innerDeepEqual(val1, val2, kLoose); }
function isDeepStrictEqual(val1, val2) { return innerDeepEqual(val1, val2, kStrict); }

// ---------------------------------------------------------------------------
// TextEncoder / TextDecoder
// ---------------------------------------------------------------------------
// The codecs live apart from buffer, so encoding and decoding text does not
// load all of it; loaded now, so every image carries them with util.
const codecModule = require('_codec');
function codec() {
  return codecModule;
}

function toUint8(input, what) {
  if (input === undefined) return new Uint8Array(0);
  // Views first: ArrayBuffer.isView is cheap, and a view is never an ArrayBuffer.
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (isAnyArrayBuffer(input)) return new Uint8Array(input);
  throw makeTypeError('ERR_INVALID_ARG_TYPE',
    'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
}

class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') {
    return codec().utf8Encode(`${input}`);
  }
  encodeInto(src, dest) {
    if (!(dest instanceof Uint8Array)) {
      throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "dest" argument must be an instance of Uint8Array.${received(dest)}`);
    }
    return codec().utf8EncodeInto(`${src}`, dest);
  }
  [customInspectSymbol](depth, opts) {
    if (typeof depth === 'number' && depth < 0) return this;
    return inspect({ encoding: this.encoding }, opts);
  }
}
Object.defineProperty(TextEncoder.prototype, Symbol.toStringTag, { value: 'TextEncoder', configurable: true });

const encodingLabels = {
  'utf-8': ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8'],
  'utf-16le': ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le'],
  'utf-16be': ['unicodefffe', 'utf-16be'],
  'windows-1252': ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1',
    'iso-ir-100', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1',
    'us-ascii', 'windows-1252', 'x-cp1252'],
};
function getEncodingFromLabel(label) {
  const l = String(label).trim().toLowerCase();
  for (const enc of Object.keys(encodingLabels)) if (encodingLabels[enc].includes(l)) return enc;
  return undefined;
}

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = null;
  #bomSeen = false;
  constructor(encoding = 'utf-8', options = {}) {
    const enc = getEncodingFromLabel(encoding);
    if (enc === undefined) {
      throw makeNodeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${encoding}" encoding is not supported`);
    }
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "options" argument must be of type object.${received(options)}`);
    }
    this.#encoding = enc;
    this.#fatal = Boolean(options && options.fatal);
    this.#ignoreBOM = Boolean(options && options.ignoreBOM);
  }
  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }
  decode(input = undefined, options = {}) {
    let bytes = toUint8(input, 'input');
    const stream = Boolean(options && options.stream);
    if (this.#pending !== null && this.#pending.length) {
      const merged = new Uint8Array(this.#pending.length + bytes.length);
      merged.set(this.#pending, 0);
      merged.set(bytes, this.#pending.length);
      bytes = merged;
    }
    this.#pending = null;
    let end = bytes.length;
    const c = codec();
    if (stream) {
      let keep = 0;
      if (this.#encoding === 'utf-8') keep = c.utf8IncompleteTail(bytes, 0, end);
      else if (this.#encoding === 'utf-16le' || this.#encoding === 'utf-16be') {
        keep = end % 2;
        if (end - keep >= 2) {
          const lo = this.#encoding === 'utf-16le' ? bytes[end - keep - 2] : bytes[end - keep - 1];
          const hi = this.#encoding === 'utf-16le' ? bytes[end - keep - 1] : bytes[end - keep - 2];
          const unit = (hi << 8) | lo;
          if (unit >= 0xD800 && unit <= 0xDBFF) keep += 2;
        }
      }
      if (keep) {
        this.#pending = bytes.slice(end - keep);
        end -= keep;
      }
    }
    let result;
    if (this.#encoding === 'utf-8') {
      result = c.utf8Decode(bytes, 0, end, this.#fatal);
      if (result === null) {
        this.#bomSeen = false;
        this.#pending = null;
        throw makeTypeError('ERR_ENCODING_INVALID_ENCODED_DATA', `The encoded data was not valid for encoding ${this.#encoding}`);
      }
    } else if (this.#encoding === 'utf-16le' || this.#encoding === 'utf-16be') {
      const le = this.#encoding === 'utf-16le';
      const units = [];
      let s = '';
      for (let i = 0; i + 1 < end; i += 2) {
        units.push(le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
        if (units.length >= 8192) { s += String.fromCharCode.apply(null, units); units.length = 0; }
      }
      s += String.fromCharCode.apply(null, units);
      if (end % 2) s += '\ufffd';
      if (this.#fatal ? !isWellFormed(s) : false) {
        throw makeTypeError('ERR_ENCODING_INVALID_ENCODED_DATA', `The encoded data was not valid for encoding ${this.#encoding}`);
      }
      result = toWellFormed(s);
    } else {
      const units = [];
      let s = '';
      for (let i = 0; i < end; i++) {
        const b = bytes[i];
        units.push(b); // Node decodes windows-1252 labels as ISO-8859-1
        if (units.length >= 8192) { s += String.fromCharCode.apply(null, units); units.length = 0; }
      }
      result = s + String.fromCharCode.apply(null, units);
    }
    if (!this.#ignoreBOM && !this.#bomSeen && result.length > 0) {
      if (result.charCodeAt(0) === 0xFEFF && this.#encoding !== 'windows-1252') result = result.slice(1);
      this.#bomSeen = true;
    }
    if (!stream) {
      this.#bomSeen = false;
      this.#pending = null;
    }
    return result;
  }
  [customInspectSymbol](depth, opts) {
    if (typeof depth === 'number' && depth < 0) return this;
    const obj = { encoding: this.encoding, fatal: this.fatal, ignoreBOM: this.ignoreBOM };
    return `TextDecoder ${inspect(obj, opts)}`;
  }
}
Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, { value: 'TextDecoder', configurable: true });

function isWellFormed(s) {
  if (typeof s.isWellFormed === 'function') return s.isWellFormed();
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}
function toWellFormed(s) {
  if (typeof s.toWellFormed === 'function') return s.toWellFormed();
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function toUSVString(input) {
  return toWellFormed(`${input}`);
}

// ---------------------------------------------------------------------------
// legacy helpers and misc
// ---------------------------------------------------------------------------
function isBoolean(arg) { return typeof arg === 'boolean'; }
function isNull(arg) { return arg === null; }
function isNullOrUndefined(arg) { return arg === null || arg === undefined; }
function isNumber(arg) { return typeof arg === 'number'; }
function isString(arg) { return typeof arg === 'string'; }
function isSymbol(arg) { return typeof arg === 'symbol'; }
function isUndefined(arg) { return arg === undefined; }
function isObject(arg) { return arg !== null && typeof arg === 'object'; }
function isFunction(arg) { return typeof arg === 'function'; }
function isPrimitive(arg) { return arg === null || (typeof arg !== 'object' && typeof arg !== 'function'); }
function isBuffer(arg) {
  try { return require('buffer').Buffer.isBuffer(arg); } catch (e) { return false; }
}

function pad(n) { return n.toString().padStart(2, '0'); }
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function timestamp() {
  const d = new Date();
  const t = [pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds())].join(':');
  return `${d.getDate()} ${months[d.getMonth()]} ${t}`;
}
function log(...args) {
  const c = globalThis.console;
  if (c) c.log('%s - %s', timestamp(), format(...args));
}

function getSystemErrorName(err) {
  const names = { '-1': 'EPERM', '-2': 'ENOENT', '-4': 'EINTR', '-5': 'EIO', '-9': 'EBADF', '-11': 'EAGAIN', '-12': 'ENOMEM', '-13': 'EACCES', '-17': 'EEXIST', '-20': 'ENOTDIR', '-21': 'EISDIR', '-22': 'EINVAL', '-24': 'EMFILE', '-28': 'ENOSPC', '-32': 'EPIPE', '-104': 'ECONNRESET', '-110': 'ETIMEDOUT', '-111': 'ECONNREFUSED' };
  return names[String(err)] || `Unknown system error ${err}`;
}

function isArrayLegacy(arg) { return Array.isArray(arg); }

function toUSV(input) { return toUSVString(input); }

function aborted(signal, resource) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function styleText(format, text) {
  if (typeof text !== 'string') {
    throw makeTypeError('ERR_INVALID_ARG_TYPE', `The "text" argument must be of type string.${received(text)}`);
  }
  const formats = Array.isArray(format) ? format : [format];
  // Node 20 colours only when stdout supports colours (never here), except
  // that an array of formats skips that check.
  const colorize = Array.isArray(format);
  let left = '';
  let right = '';
  for (const key of formats) {
    const code = inspectColors[key];
    if (code === undefined) {
      throw makeNodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'format' must be one of: ${Object.keys(inspectColors).map((k) => `'${k}'`).join(', ')}. Received ${inspect(key)}`);
    }
    left += `\u001b[${code[0]}m`;
    right = `\u001b[${code[1]}m${right}`;
  }
  return colorize ? `${left}${text}${right}` : text;
}

function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  const keys = Object.keys(source);
  let i = keys.length;
  while (i--) target[keys[i]] = source[keys[i]];
  return target;
}

function parseArgs() {
  throw makeNodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The parseArgs() method is not implemented');
}

module.exports = {
  format,
  formatWithOptions,
  inspect,
  promisify,
  callbackify,
  inherits,
  deprecate,
  debuglog,
  debug: debuglog,
  isDeepStrictEqual,
  types,
  TextEncoder,
  TextDecoder,
  stripVTControlCharacters,
  toUSVString: toUSV,
  getSystemErrorName,
  aborted,
  parseArgs,
  styleText,
  _extend,
  log,
  isArray: isArrayLegacy,
  isBoolean,
  isBuffer,
  isNull,
  isNullOrUndefined,
  isNumber,
  isString,
  isSymbol,
  isUndefined,
  isRegExp,
  isObject,
  isDate,
  isError,
  isFunction,
  isPrimitive,
};

// Shared with assert (non-enumerable: not part of Node's public surface).
Object.defineProperty(module.exports, '_fnboxInternals', {
  value: Object.freeze({ isDeepEqual, isDeepStrictEqual, strEscape, makeNodeError, received, isError, isPromise }),
  enumerable: false,
});
