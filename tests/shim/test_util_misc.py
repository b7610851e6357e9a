"""promisify/callbackify/inherits/deprecate/types/isDeepStrictEqual and
TextEncoder/TextDecoder against Node 20."""

from __future__ import annotations

import pytest

PRELUDE = r"""
const util = require('util');
const J = (x) => JSON.stringify(x);
"""

CASES = {
    "promisify": r"""
function cbFn(a, b, cb) { setTimeout(() => (a < 0 ? cb(new Error('neg')) : cb(null, a + b)), 1); }
const p = util.promisify(cbFn);
console.log(typeof p, p.name, p.length, await p(1, 2), util.promisify(cbFn) !== p);
try { await p(-1, 2); } catch (e) { console.log('rejected', e.message); }
function custom() {} custom[util.promisify.custom] = () => Promise.resolve('custom!');
console.log(await util.promisify(custom)(), util.promisify(custom) === custom[util.promisify.custom], util.promisify.custom === Symbol.for('nodejs.util.promisify.custom'));
try { util.promisify(5); } catch (e) { console.log(e.name, e.code, e.message); }
const obj = { v: 7, get(cb) { cb(null, this.v); } }; console.log(await util.promisify(obj.get).call(obj));
function multi(cb) { cb(null, 1, 2); } console.log(await util.promisify(multi)());
const pp = util.promisify(p); console.log(await pp(2, 3));
""",
    "callbackify": r"""
async function af(x) { if (x) throw new Error('af fail'); return 'ok'; }
const cbd = util.callbackify(af);
console.log(cbd.name, cbd.length);
await new Promise((r) => cbd(false, (err, v) => { console.log('cb', err, v); r(); }));
await new Promise((r) => cbd(true, (err, v) => { console.log('cb err', err.message, v); r(); }));
await new Promise((r) => util.callbackify(() => Promise.reject(null))((err) => { console.log(err.code, err.message, err.reason); r(); }));
try { util.callbackify(() => Promise.resolve())(1); } catch (e) { console.log(e.code, e.message); }
""",
    "inherits_deprecate": r"""
function A() { this.a = 1; } A.prototype.hi = function () { return 'hi'; };
function B() { A.call(this); } util.inherits(B, A);
const b = new B(); console.log(b.hi(), b instanceof A, B.super_ === A, Object.getPrototypeOf(B.prototype) === A.prototype, b);
try { util.inherits(B, null); } catch (e) { console.log(e.code, e.message); }
try { util.inherits(B, {}); } catch (e) { console.log(e.code, e.message); }
const dep = util.deprecate((x) => 'dep result ' + x, 'this is deprecated', 'DEP0999'); console.log(dep(1), dep(2));
class K { constructor(v) { this.v = v; } } const DK = util.deprecate(K, 'K is old'); console.log(new DK(3).v, new DK(4) instanceof K);
console.log(typeof util.debuglog('x'), util.debuglog('x').enabled, util.getSystemErrorName(-2), util.getSystemErrorName(-13));
""",
    "types": r"""
const t = util.types;
console.log(t.isPromise(Promise.resolve()), t.isPromise({ then() {} }), t.isDate(new Date()), t.isDate({}), t.isRegExp(/x/), t.isRegExp({}), t.isMap(new Map()), t.isSet(new Set()), t.isWeakMap(new WeakMap()), t.isWeakSet(new WeakSet()), t.isMap(new WeakMap()));
console.log(t.isTypedArray(new Uint8Array()), t.isTypedArray([]), t.isUint8Array(new Uint8Array()), t.isUint8Array(Buffer.alloc(1)), t.isUint8Array(new Int8Array()), t.isFloat64Array(new Float64Array()), t.isBigInt64Array(new BigInt64Array()), t.isArrayBuffer(new ArrayBuffer(1)), t.isArrayBuffer(new Uint8Array()), t.isAnyArrayBuffer(new ArrayBuffer(1)), t.isArrayBufferView(new DataView(new ArrayBuffer(1))), t.isDataView(new DataView(new ArrayBuffer(1))));
console.log(t.isAsyncFunction(async () => {}), t.isAsyncFunction(() => {}), t.isAsyncFunction(async function* () {}), t.isGeneratorFunction(function* () {}), t.isGeneratorFunction(async function* () {}), t.isGeneratorFunction(() => {}), t.isGeneratorObject((function* () {})()));
console.log(t.isNativeError(new TypeError()), t.isNativeError({ name: 'Error', message: '' }), t.isNativeError(Object.create(Error.prototype)), t.isBoxedPrimitive(new String('')), t.isBoxedPrimitive('x'), t.isNumberObject(new Number(1)), t.isStringObject(new String('')), t.isBooleanObject(new Boolean()), t.isSymbolObject(Object(Symbol())), t.isBigIntObject(Object(1n)));
console.log(t.isMapIterator(new Map().keys()), t.isSetIterator(new Set().values()), t.isMapIterator([].values()), t.isArgumentsObject((function () { return arguments; })()), t.isArgumentsObject([]), t.isExternal({}), t.isModuleNamespaceObject({}), t.isProxy({}));
class MyErr extends Error {} console.log(t.isNativeError(new MyErr()), t.isDate(Object.create(Date.prototype)), t.isRegExp(Object.create(RegExp.prototype)), t.isMap(Object.create(Map.prototype)));
""",
    "legacy_is": r"""
console.log(util.isArray([]), util.isArray({}), util.isString('s'), util.isNumber(1), util.isBoolean(false), util.isNull(null), util.isNullOrUndefined(undefined), util.isUndefined(undefined), util.isObject({}), util.isObject(null));
console.log(util.isFunction(() => {}), util.isPrimitive(1), util.isPrimitive({}), util.isRegExp(/x/), util.isDate(new Date()), util.isError(new Error()), util.isSymbol(Symbol()), util.isBuffer(Buffer.alloc(1)), util.isBuffer(new Uint8Array(1)));
""",
    "is_deep_strict_equal": r"""
const de = util.isDeepStrictEqual;
console.log(de({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), de({ a: 1 }, { a: '1' }), de([1, 2], [1, 2, 3]), de(new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]])), de(new Set([{ a: 1 }, 2]), new Set([2, { a: 1 }])));
console.log(de(NaN, NaN), de(0, -0), de(new Date(1), new Date(1)), de(new Date(1), new Date(2)), de(/a/g, /a/g), de(/a/g, /a/i));
console.log(de(Object.create(null), {}), de(new Uint8Array([1]), new Uint8Array([1])), de(new Uint8Array([1]), new Int8Array([1])), de(Buffer.from('a'), new Uint8Array([97])), de([1, , 3], [1, undefined, 3]));
console.log(de({ [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 1 }), de({ [Symbol.for('s')]: 1 }, {}), de(new Error('a'), new Error('a')), de(new Error('a'), new TypeError('a')), de(new Number(1), new Number(1)), de(new String('a'), 'a'));
const c1 = { a: 1 }; c1.self = c1; const c2 = { a: 1 }; c2.self = c2;
console.log(de(c1, c2), de([c1], [c2]), de({ a: undefined }, {}), de({ a: undefined }, { b: undefined }), de(new Set([NaN]), new Set([NaN])), de(new Map([[{}, 1]]), new Map([[{}, 1]])), de(new Map([[{}, 1]]), new Map([[{}, 2]])));
class P { constructor() { this.x = 1; } } console.log(de(new P(), { x: 1 }), de(new P(), new P()), de([1, 2], { 0: 1, 1: 2, length: 2 }), de(new ArrayBuffer(2), new ArrayBuffer(2)), de(new Float64Array([NaN]), new Float64Array([NaN])));
""",
    "style_text_extend": r"""
console.log(JSON.stringify(util.styleText('red', 'x')), JSON.stringify(util.styleText(['bold', 'green'], 'y')));
try { util.styleText('nope', 'x'); } catch (e) { console.log(e.code); }
console.log(util._extend({ a: 1 }, { b: 2 }), util._extend({ a: 1 }, null));
const d = util.deprecate(() => 1, 'old', 'DEP1'); console.log(d(), d());
""",
    "text_encoder": r"""
const te = new TextEncoder();
console.log(te.encoding, te.encode('héllo €😀'), te.encode(), te.encode('\ud800'), te.encodeInto('héllo', new Uint8Array(3)), Object.prototype.toString.call(te.encode('a')), te.encode('a') instanceof Uint8Array, te.encode('a').constructor.name);
const dst = new Uint8Array(10); console.log(te.encodeInto('a😀b', dst), dst, te.encodeInto('€', new Uint8Array(2)));
console.log(util.inspect(te), TextEncoder === util.TextEncoder, TextDecoder === util.TextDecoder, te.encode(123), te.encode(null));
""",
    "text_decoder": r"""
const td = new TextDecoder();
console.log(td.encoding, td.fatal, td.ignoreBOM, td.decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x68, 0x69])), td.decode(new Uint8Array([0xff, 0x41, 0xe2, 0x82])), td.decode(), td.decode(new Uint8Array([0x68, 0x69]).buffer), td.decode(new DataView(new Uint8Array([0x6a]).buffer)));
console.log(J(new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array([0xEF, 0xBB, 0xBF, 0x68]))), new TextDecoder('utf-8', { fatal: true }).fatal);
try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { console.log(e.name, e.code, e.message); }
const s = new TextDecoder();
console.log(J([s.decode(new Uint8Array([0xE2, 0x82]), { stream: true }), s.decode(new Uint8Array([0xAC, 0xF0, 0x9F]), { stream: true }), s.decode(new Uint8Array([0x98, 0x80]), { stream: true }), s.decode(new Uint8Array([0xE2]), { stream: true }), s.decode()]));
const s2 = new TextDecoder(); console.log(J([s2.decode(new Uint8Array([0xEF, 0xBB]), { stream: true }), s2.decode(new Uint8Array([0xBF, 0x41]), { stream: true }), s2.decode(new Uint8Array([0xEF, 0xBB, 0xBF]))]));
const s3 = new TextDecoder('utf-8', { fatal: true }); console.log(J([s3.decode(new Uint8Array([0xF0, 0x9F, 0x98]), { stream: true }), s3.decode(new Uint8Array([0x80]))]));
for (const label of ['utf8', 'UTF-8', ' utf-8 ', 'unicode-1-1-utf-8', 'utf-16le', 'utf-16', 'latin1', 'iso-8859-1', 'ascii', 'windows-1252']) console.log(label, new TextDecoder(label).encoding);
try { new TextDecoder('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(new TextDecoder('utf-16le').decode(new Uint8Array([0x41, 0, 0x3D, 0xD8, 0x00, 0xDE, 0x42])), J(new TextDecoder('utf-16le').decode(new Uint8Array([0xFF, 0xFE, 0x41, 0]))));
console.log(J(new TextDecoder('latin1').decode(new Uint8Array([0x41, 0xe9, 0x80, 0x9f, 0xff]))));
console.log(util.inspect(new TextDecoder()), new TextDecoder().decode(new Uint16Array([0x6968])));
try { td.decode('str'); } catch (e) { console.log(e.name, e.code, e.message); }
const all = new Uint8Array(256).map((_, i) => i); console.log(J(new TextDecoder().decode(all)));
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_util_misc_matches_node(name, run_js, node_js):
    code = PRELUDE + CASES[name]
    assert run_js(code) == node_js(code)


def test_text_codec_known_vectors(run_js):
    code = r"""
console.log(Array.from(new TextEncoder().encode('€😀')).join(','));
console.log(new TextDecoder().decode(new Uint8Array([226, 130, 172, 240, 159, 152, 128])));
console.log(JSON.stringify(new TextDecoder().decode(new Uint8Array([0xC0, 0x80]))));
"""
    assert run_js(code) == "226,130,172,240,159,152,128\n€😀\n\"\ufffd\ufffd\"\n"
