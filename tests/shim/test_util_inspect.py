"""util.inspect (and console.log, which uses it) against Node 20."""

from __future__ import annotations

import pytest

PRELUDE = r"""
const util = require('util');
const show = (...vals) => { for (const v of vals) console.log(util.inspect(v)); };
// Stack traces differ between engines: give errors a fixed, Node-shaped stack.
const fake = (e, stack) => { Object.defineProperty(e, 'stack', { value: stack, writable: true, configurable: true, enumerable: false }); return e; };
"""

CASES = {
    "primitives": r"""
show(1, -0, 0, NaN, Infinity, -Infinity, 1e21, 1.5, 2 ** 53, 123456789012345678901234567890n, -5n);
show('str', "it's", `a"b'c`, 'a\'b"c`d', 'a\nb', 'tab\there', 'nul\0x', '\x7f\x9f', 'emoji 😀', 'back\\slash');
show(true, false, null, undefined, Symbol('s'), Symbol(), Symbol.iterator, Symbol.for('reg'));
""",
    "objects_and_arrays": r"""
show([], {}, [1, 2, 3], { a: 1, b: 'x', c: [1, 2] }, [undefined, null], [, 1, , , 2, , ], new Array(5));
show({ 'a-b': 1, valid_id: 2, '3d': 3, [Symbol('sym')]: 4, '': 5, 'key with spaces': 6, "quo'te": 7 });
show({ __proto__: { inherited: 1 }, own: 2 }, { ['__proto__']: 5 }, Object.assign([1, 2], { extra: 'yes' }));
show(Object.defineProperty({}, 'hidden', { value: 1, enumerable: false }), { constructor: 'notfn' });
""",
    "depth": r"""
show({ a: { b: { c: { d: { e: 1 } } } } }, [[[[[1]]]]], { a: [1, 2, { b: [3, { c: [4] }] }] });
console.log(util.inspect({ a: { b: { c: { d: 1 } } } }, { depth: 0 }));
console.log(util.inspect({ a: { b: { c: { d: 1 } } } }, { depth: null }));
console.log(util.inspect({ a: { b: { c: { d: 1 } } } }, { depth: Infinity }));
console.log(util.inspect({ a: { b: { c: { d: 1 } } } }, false, 0));
""",
    "maps_and_sets": r"""
show(new Map([['a', 1], ['b', { c: 2 }]]), new Set([1, 'two', [3]]), new Map(), new Set());
show(new Map([[{ k: 1 }, [1, 2]], ['s', new Map([['n', new Map([['d', 1]])]])]]), new Set([new Set([new Set([1])])]));
show(Object.assign(new Map([[1, 2]]), { k: 1 }), Object.assign(new Set([1]), { k: 1 }));
show(new (class extends Map {})(), new (class Coll extends Set {})([1]), new WeakMap(), new WeakSet());
""",
    "dates_regexps": r"""
show(new Date(0), new Date(NaN), new Date(Date.UTC(2024, 1, 29, 12, 30, 45, 123)), /ab+c/gi, /[/]\//, new RegExp('a|b', 'y'));
show(Object.assign(/re/, { k: 1 }), Object.assign(new Date(0), { k: 1 }), { when: new Date(86400000) });
""",
    "classes_and_null_proto": r"""
class Foo { constructor() { this.x = 1; this.y = 'two'; } }
class Bar extends Foo {}
function Legacy() { this.z = 3; }
show(new Foo(), new Bar(), new Legacy(), Object.create(null), Object.assign(Object.create(null), { a: 1 }));
show(Object.create(Array.prototype), Object.create(Legacy.prototype), new (class MyArr extends Array {})(1, 2));
show({ [Symbol.toStringTag]: 'Tagged', a: 1 }, new (class X { get [Symbol.toStringTag]() { return 'Y'; } })());
show(new (class Empty {})(), Object.assign(Object.create({ x: 1 }), { y: 2 }));
""",
    "functions": r"""
show(function named() {}, () => {}, async function af() {}, function* gen() {}, async function* agen() {});
show(class A {}, class B extends Map {}, Math.max, Object.assign(function withProps() {}, { a: 1 }), Object.assign(() => {}, { b: 2 }));
show({ f() {}, g: function () {}, h: () => {}, i: async () => {}, [Symbol('m')]() {} }, [function () {}, class {}]);
""",
    "circular": r"""
const circ = { name: 'c' }; circ.self = circ; circ.arr = [circ, { inner: circ }];
const a = [1]; a.push(a);
const m = new Map(); m.set('me', m);
const x = { y: {} }; x.y.x = x; x.y.y = x.y;
show(circ, a, m, x);
console.log(circ);
""",
    "getters": r"""
show({ get g() { return 1; }, set s(v) {}, get gs() { return 1; }, set gs(v) {} });
console.log(util.inspect({ get a() { return { x: 1 }; }, get b() { return 2; }, get c() { throw new Error('bad'); }, get d() { return null; } }, { getters: true }));
console.log(util.inspect({ get a() { return 1; }, get b() { return 2; }, set b(v) {} }, { getters: 'set' }));
class P { #secret = 1; get computed() { return 5; } }
show(new P());
""",
    "typed_arrays_and_buffers": r"""
show(new Uint8Array([1, 2, 3]), new Float64Array(2), new BigInt64Array(2), new Int16Array([-1, 300]), new Uint8Array(0), new Float32Array([1.5, -0, NaN]));
show(new ArrayBuffer(4), new DataView(new ArrayBuffer(2)), Object.assign(new Uint8Array(2), { k: 1 }), new Uint8Array(120));
show(Buffer.from('hi'), Buffer.alloc(0), Buffer.alloc(60), [Buffer.from('ab')], { b: Buffer.from('ab') });
const withProp = Buffer.from('ab'); withProp.foo = 1; show(withProp);
""",
    "boxed": r"""
show(new Number(3), new String('abc'), new Boolean(false), Object(1n), Object(Symbol('q')), new Number(-0));
show(Object.assign(new Number(5), { k: 1 }), Object.assign(new String('ab'), { k: 1 }));
""",
    "errors": r"""
const e1 = fake(new Error('boom'), 'Error: boom\n    at foo (/app/x.js:1:1)\n    at bar (/app/x.js:2:2)');
console.log(e1); console.log({ err: e1 }); console.log([e1]);
const e2 = fake(new TypeError('bad type'), 'TypeError: bad type\n    at x (/a.js:1:1)'); e2.code = 'E_BAD';
console.log(e2); console.log({ nested: { e2 } });
console.log(fake(new Error('no stack'), undefined), fake(new Error('empty'), ''));
class MyErr extends Error {}
console.log(fake(new MyErr('mine'), 'Error: mine\n    at a (/a.js:1:1)'));
class NamedErr extends Error { constructor(m) { super(m); this.name = 'NamedErr'; } }
console.log(fake(new NamedErr('named'), 'NamedErr: named\n    at a (/a.js:1:1)'));
console.log(fake(new Error('with cause', { cause: 'root' }), 'Error: with cause\n    at a (/a.js:1:1)'));
const e8 = fake(new Error('msg'), 'Error: msg'); console.log(e8, [e8]);
const e9 = fake(new RangeError('r'), 'RangeError: r'); e9.name = 'Custom'; console.log(e9);
const e10 = fake(new Error('x'), 'Error: x\n    at a (/a.js:1:1)'); e10.name = 'Foo'; console.log(e10);
console.log(fake(new AggregateError([fake(new Error('a1'), 'Error: a1')], 'agg'), 'AggregateError: agg\n    at z (/z.js:1:1)'));
console.log(Object.setPrototypeOf(fake(new Error('np'), 'Error: np\n    at q (/q.js:1:1)'), null));
console.log(fake(new Error('multi\nline'), 'Error: multi\nline\n    at a (/a.js:1:1)'), { e: fake(new Error('multi\nline'), 'Error: multi\nline\n    at a (/a.js:1:1)') });
console.log(util.format('%s', e8), String(new Error('s')), { message: 'not an error' });
""",
    "line_breaking": r"""
show({ longString: 'x'.repeat(200) }, 'y'.repeat(30), { s: 'line1\nline2\nline3 that is long enough to wrap around the break length of eighty characters for sure' });
show({ a: 'x'.repeat(60), b: 1 }, ['x'.repeat(75)], { a: { b: 'x'.repeat(70) } }, 'a'.repeat(100));
show({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13, n: 14, o: 15, p: 16, q: 17, r: 18, s: 19, t: 20, u: 21, v: 22, w: 23, x: 24, y: 25, z: 26 });
show({ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dddddddddd', epsilon: 'e' });
show({ user: { id: 1, name: 'Ada', roles: ['admin', 'dev'], profile: { bio: 'x'.repeat(30), links: { home: 'https://example.com' } } } });
""",
    "array_grouping": r"""
show(Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 120 }, (_, i) => i * 3), Array.from({ length: 101 }, (_, i) => i));
show(Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat(i % 5 + 1)), Array.from({ length: 8 }, (_, i) => 'item number ' + i));
show([1.5, -2, 300000, 4, 5, 6, 7, 8, 9, 10], ['a', 'b', 'c', 'd', 'e', 'f', 'g'], [1n, 2n, 3n, 4n, 5n, 6n, 7n], [-1, -22, 333, -4444, 5, 66, 777777, 8, 9]);
show(Array.from({ length: 10 }, (_, i) => i % 2 ? 'a' : 1), [{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 5, b: 6 }, { a: 7, b: 8 }, { a: 9, b: 10 }, { a: 11, b: 12 }, { a: 13, b: 14 }]);
show(new Array(3).fill({ deep: { deeper: { deepest: 1 } } }), [[1, 2, [3, 4, [5, [6]]]], 'x'], Array(200).fill('ab'));
""",
    "options": r"""
console.log(util.inspect({ b: 2, a: 1, c: [3, 1] }, { sorted: true }), util.inspect({ a: 1, b: [1, 2] }, { compact: false }));
console.log(util.inspect({ a: 1, b: { c: 2 } }, { compact: true }), util.inspect({ a: 'x'.repeat(50), b: 'y'.repeat(50) }, { breakLength: Infinity }));
console.log(util.inspect([1, 2, 3], { breakLength: 3 }), util.inspect({ a: [1, { b: 2 }] }, { compact: 1 }));
console.log(util.inspect([1, [2]], true), util.inspect({ a: 1 }, { showHidden: true }), util.inspect([1, 2], { showHidden: true }));
console.log(util.inspect(1234567.891, { numericSeparator: true }), util.inspect(-1234567n, { numericSeparator: true }), util.inspect(123, { numericSeparator: true }));
console.log(util.inspect('x'.repeat(20), { maxStringLength: 5 }), util.inspect(Array(200).fill(1), { maxArrayLength: 3 }), util.inspect(new Set([1, 2, 3]), { maxArrayLength: 1 }));
console.log(util.inspect({ z: 1, a: { y: 2, b: 3 } }, { sorted: (a, b) => (a < b ? 1 : -1) }));
console.log(util.inspect('str', { colors: true }), util.inspect({ a: 1, b: 'x', c: null, d: undefined, e: Symbol(), f: 1n, g: true, h: new Date(0), i: /x/ }, { colors: true }));
console.log(util.inspect.defaultOptions.depth, util.inspect.defaultOptions.breakLength, util.inspect.defaultOptions.compact);
""",
    "custom_inspect": r"""
console.log(util.inspect({ [util.inspect.custom]() { return 'CUSTOM'; } }), util.inspect({ a: { [util.inspect.custom](d, o) { return { replaced: d }; } } }));
console.log(util.inspect({ inner: { [util.inspect.custom](depth, opts, insp) { return insp({ z: 1 }, opts); } } }));
class Money { constructor(v) { this.v = v; } [Symbol.for('nodejs.util.inspect.custom')]() { return `Money<${this.v}>`; } }
console.log(new Money(5), [new Money(1)], { m: new Money(2) });
console.log(util.inspect({ multi: { [util.inspect.custom]() { return 'line1\nline2'; } } }));
console.log(util.inspect.custom === Symbol.for('nodejs.util.inspect.custom'));
""",
    "arguments_and_iterators": r"""
function args() { return arguments; }
show(args(1, 'a'), args(), (function* () {})(), [1, 2].values());
""",
    "console_dir": r"""
console.dir({ a: { b: { c: { d: 1 } } } });
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir('string');
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_inspect_matches_node(name, run_js, node_js):
    code = PRELUDE + CASES[name]
    assert run_js(code) == node_js(code)


def test_inspect_known_vectors(run_js):
    code = PRELUDE + r"""
show({ a: 1, b: [1, 2] }, new Map([['a', 1]]), new Set([1]), Object.create(null), 1n, Symbol('x'), 'q', [1, [2, [3, [4]]]]);
const c = {}; c.self = c; show(c);
class Foo { constructor() { this.x = 1; } } show(new Foo());
"""
    assert run_js(code) == (
        "{ a: 1, b: [ 1, 2 ] }\n"
        "Map(1) { 'a' => 1 }\n"
        "Set(1) { 1 }\n"
        "[Object: null prototype] {}\n"
        "1n\n"
        "Symbol(x)\n"
        "'q'\n"
        "[ 1, [ 2, [ 3, [Array] ] ] ]\n"
        "<ref *1> { self: [Circular *1] }\n"
        "Foo { x: 1 }\n"
    )
