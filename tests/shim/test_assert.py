"""node:assert against Node 20: which calls throw, and the exact messages."""

from __future__ import annotations

import pytest

PRELUDE = r"""
const assert = require('assert');
const util = require('util');
const show = (e) => console.log(JSON.stringify({
  name: e.name, code: e.code, message: e.message, generated: e.generatedMessage, operator: e.operator,
  actual: util.inspect(e.actual, { depth: 1 }).split('\n')[0], expected: typeof e.expected === 'function' ? e.expected.name : util.inspect(e.expected, { depth: 1 }).split('\n')[0],
  str: String(e), isAssertion: e instanceof assert.AssertionError, isError: e instanceof Error,
}));
const t = (f) => { try { f(); console.log('no throw'); } catch (e) { show(e); } };
const ta = async (f) => { try { await f(); console.log('no reject'); } catch (e) { show(e); } };
"""

CASES = {
    "strict_equal": r"""
t(() => assert.strictEqual(1, 2)); t(() => assert.strictEqual(1, 1)); t(() => assert.strictEqual('a'.repeat(10), 'b'));
t(() => assert.strictEqual({ a: 1 }, { a: 1 })); t(() => assert.strictEqual({ a: 1 }, { a: 2 })); t(() => assert.strictEqual([1, 2], [1, 3]));
t(() => assert.strictEqual(0, -0)); t(() => assert.strictEqual(NaN, NaN)); t(() => assert.strictEqual(1, '1'));
t(() => assert.strictEqual(1, 2, 'custom msg')); t(() => assert.strictEqual(1, 2, new TypeError('own error'))); t(() => assert.strictEqual(1, 2, ''));
t(() => assert.strictEqual('hello world', 'hello there')); t(() => assert.strictEqual(1)); t(() => assert.strictEqual('a\nb\nc', 'a\nx\nc'));
t(() => assert.strictEqual(undefined, null)); t(() => assert.strictEqual(true, false)); t(() => assert.strictEqual(12345678901, 12345678902)); t(() => assert.strictEqual(1n, 2n));
t(() => assert.strictEqual({ a: 1 }, { a: 2 }, 'custom')); t(() => assert.strictEqual('x'.repeat(20), 'y', 'custom')); t(() => assert.strictEqual(1, 2, 'custom\nmultiline'));
t(() => assert.strictEqual(() => 1, () => 1)); t(() => assert.strictEqual(Symbol('a'), Symbol('a')));
""",
    "not_strict_equal": r"""
t(() => assert.notStrictEqual(1, 1)); t(() => assert.notStrictEqual(1, 2)); t(() => assert.notStrictEqual('long string', 'long string'));
t(() => assert.notStrictEqual({}, {})); const o = { x: 1 }; t(() => assert.notStrictEqual(o, o)); t(() => assert.notStrictEqual(1, 1, 'custom'));
""",
    "deep_strict_equal": r"""
t(() => assert.deepStrictEqual({ a: 1, b: [1, 2, 3] }, { a: 1, b: [1, 2, 4] }));
t(() => assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]));
t(() => assert.deepStrictEqual({ a: 1 }, { a: 1, b: 2 })); t(() => assert.deepStrictEqual({ a: 1, c: 3 }, { a: 1 }));
t(() => assert.deepStrictEqual(new Map([['a', 1]]), new Map([['a', 2]]))); t(() => assert.deepStrictEqual(new Set([1, 2]), new Set([1, 3])));
t(() => assert.deepStrictEqual([{ id: 1, tags: ['a'] }, { id: 2, tags: ['b'] }], [{ id: 1, tags: ['a'] }, { id: 2, tags: ['c'] }]));
t(() => assert.deepStrictEqual({ a: Symbol.for('x') }, { a: Symbol.for('x') })); t(() => assert.deepStrictEqual({ a: Symbol('x') }, { a: Symbol('x') }));
t(() => assert.deepStrictEqual([1, 2, 3], [1, 2, 3])); t(() => assert.deepStrictEqual(1, '1')); t(() => assert.deepStrictEqual({ a: [1, 2] }, { a: [1, 2] }));
t(() => assert.deepStrictEqual(Array.from({ length: 60 }, (_, i) => i), Array.from({ length: 60 }, (_, i) => (i === 30 ? -1 : i))));
t(() => assert.deepStrictEqual({ a: 1, b: { c: [1, 2, { d: 3 }] }, e: 'x' }, { a: 1, b: { c: [1, 2, { d: 4 }] }, e: 'x' }));
t(() => assert.deepStrictEqual(/a/, /b/)); t(() => assert.deepStrictEqual(Object.create(null), {})); t(() => assert.deepStrictEqual(new Error('a'), new Error('b')));
t(() => assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7]));
t(() => assert.deepStrictEqual({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 }, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 9 }));
t(() => assert.deepStrictEqual({ a: 1 }, { a: 2 }, 'custom')); t(() => assert.deepStrictEqual({ a: Symbol('x') }, { a: Symbol('x') }, 'msg'));
t(() => assert.deepStrictEqual(Array.from({ length: 80 }, (_, i) => ({ i })), Array.from({ length: 80 }, (_, i) => ({ i: i % 7 ? i : -i }))));
t(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 })); t(() => assert.notDeepStrictEqual([1], [1])); t(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }, 'custom'));
t(() => assert.notDeepStrictEqual({ a: 1 }, { a: 2 }));
""",
    "loose": r"""
t(() => assert.deepEqual({ a: 1 }, { a: '1' })); t(() => assert.deepEqual({ a: 1 }, { a: 2 })); t(() => assert.deepEqual(1, 2, 'custom'));
t(() => assert.deepEqual([1, 2], ['1', '2'])); t(() => assert.deepEqual(new Set([1]), new Set(['1']))); t(() => assert.deepEqual(NaN, NaN)); t(() => assert.deepEqual(Object.create(null), {}));
t(() => assert.notDeepEqual({ a: 1 }, { a: 1 })); t(() => assert.notDeepEqual({ a: 1 }, { a: 2 })); t(() => assert.notDeepEqual({ a: 1 }, { a: 1 }, 'custom'));
t(() => assert.equal(1, '1')); t(() => assert.equal(1, 2)); t(() => assert.equal({ a: 1 }, { a: 1 })); t(() => assert.equal(NaN, NaN)); t(() => assert.equal(null, undefined));
t(() => assert.equal(1, 2, 'custom')); t(() => assert.notEqual(1, '1')); t(() => assert.notEqual(1, 2)); t(() => assert.notEqual(NaN, NaN));
""",
    "ok_fail": r"""
t(() => assert.ok(false)); t(() => assert(0)); t(() => assert('')); t(() => assert.ok()); t(() => assert(null, 'msg here')); t(() => assert.ok(true)); t(() => assert.ok(false, 'custom'));
t(() => assert.ok(false, new RangeError('own'))); t(() => assert.fail()); t(() => assert.fail('boom')); t(() => assert.fail(new RangeError('re')));
t(() => assert.ifError(null)); t(() => assert.ifError(undefined)); t(() => assert.ifError(new Error('if err'))); t(() => assert.ifError('strerr')); t(() => assert.ifError(new TypeError('')));
""",
    "throws": r"""
t(() => assert.throws(() => { throw new TypeError('tt'); }, TypeError)); t(() => assert.throws(() => { throw new TypeError('tt'); }, /tt/));
t(() => assert.throws(() => { throw new TypeError('tt'); }, Error)); t(() => assert.throws(() => {})); t(() => assert.throws(() => {}, TypeError));
t(() => assert.throws(() => {}, 'should throw')); t(() => assert.throws(() => {}, TypeError, 'should throw'));
t(() => assert.throws(() => { throw new Error('m1'); }, { message: 'm1' })); t(() => assert.throws(() => { throw new Error('m1'); }, { message: /m\d/ }));
t(() => assert.throws(() => { throw new Error('m1'); }, (e) => e.message === 'm1')); t(() => assert.throws(() => { throw new Error('m1'); }, new Error('m1')));
t(() => assert.throws(() => { throw new Error('m1'); }, { message: 'm2' }, 'custom')); t(() => assert.throws('notfn'));
t(() => assert.throws(() => { throw new Error('m1'); }, {})); t(() => assert.throws(() => { throw new Error('same'); }, 'same'));
const e = new Error('props'); e.code = 'E1'; t(() => assert.throws(() => { throw e; }, { code: 'E1', message: 'props' }));
const msgOf = (f) => { try { f(); } catch (err) { console.log(JSON.stringify(err.message), err.operator, err.generatedMessage); } };
msgOf(() => assert.throws(() => { throw new TypeError('tt'); }, RangeError)); msgOf(() => assert.throws(() => { throw new TypeError('tt'); }, /zz/));
msgOf(() => assert.throws(() => { throw new Error('m1'); }, { message: 'm2', name: 'Error' })); msgOf(() => assert.throws(() => { throw new Error('m1'); }, function validate() { return false; }));
msgOf(() => assert.throws(() => { throw 'str'; }, { a: 1 })); msgOf(() => assert.throws(() => { throw new Error('m1'); }, new Error('m2')));
msgOf(() => assert.throws(() => { throw new Error('x'); }, 5)); msgOf(() => assert.throws(() => { throw 5; }, TypeError));
""",
    "does_not_throw_and_match": r"""
const msgOf = (f) => { try { f(); console.log('no throw'); } catch (err) { console.log(err.name, JSON.stringify(err.message), err.operator); } };
msgOf(() => assert.doesNotThrow(() => {})); msgOf(() => assert.doesNotThrow(() => { throw new Error('oops'); }));
msgOf(() => assert.doesNotThrow(() => { throw new Error('oops'); }, 'some message')); msgOf(() => assert.doesNotThrow(() => { throw new Error('oops'); }, RangeError));
msgOf(() => assert.doesNotThrow(() => { throw new Error('oops'); }, Error, 'with class'));
t(() => assert.match('abc', /b/)); t(() => assert.match('abc', /z/)); t(() => assert.match(123, /z/)); t(() => assert.doesNotMatch('abc', /b/)); t(() => assert.doesNotMatch('abc', /z/));
t(() => assert.match('abc', 'b')); t(() => assert.match('abc', /z/, 'custom')); t(() => assert.match('abc', /z/, new TypeError('mine')));
""",
    "rejects": r"""
await ta(() => assert.rejects(Promise.reject(new Error('rj')), /rj/)); await ta(() => assert.rejects(Promise.resolve(1)));
await ta(() => assert.rejects(async () => { throw new TypeError('x'); }, TypeError)); await ta(() => assert.rejects(async () => { throw new TypeError('x'); }, RangeError));
await ta(() => assert.rejects(() => 5)); await ta(() => assert.rejects(5)); await ta(() => assert.rejects(Promise.resolve(1), 'must reject'));
await ta(() => assert.doesNotReject(Promise.resolve(1))); await ta(() => assert.doesNotReject(async () => 1));
const msgOf = async (f) => { try { await f(); console.log('no reject'); } catch (err) { console.log(err.name, JSON.stringify(err.message), err.operator); } };
await msgOf(() => assert.doesNotReject(Promise.reject(new Error('dnr'))));
await msgOf(() => assert.rejects(Promise.reject(new Error('m')), { message: 'n' }));
""",
    "strict_mode_and_class": r"""
console.log(typeof assert.strict, assert.strict.strict === assert.strict, assert.strict.equal === assert.strictEqual, assert.strict.deepEqual === assert.deepStrictEqual, assert.AssertionError.name, require('assert').strict === assert.strict);
t(() => assert.strict.equal(1, '1')); t(() => assert.strict.deepEqual({ a: 1 }, { a: '1' })); t(() => assert.strict(false)); t(() => assert.strict.notEqual(1, 1));
const e = new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
console.log(JSON.stringify(e.message), e.name, e.code, e instanceof Error, Object.keys(e), e.generatedMessage);
const e2 = new assert.AssertionError({ message: 'own' }); console.log(e2.message, e2.generatedMessage, e2.actual, e2.operator, String(e2));
const e3 = new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual', message: 'given' }); console.log(JSON.stringify(e3.message));
try { new assert.AssertionError(); } catch (err) { console.log(err.name, err.code); }
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_assert_matches_node(name, run_js, node_js):
    code = PRELUDE + CASES[name]
    assert run_js(code) == node_js(code)


def test_assert_known_messages(run_js):
    code = r"""
const assert = require('assert');
try { assert.strictEqual(1, 2); } catch (e) { console.log(JSON.stringify([e.message, e.code, e.actual, e.expected, e.operator, e.name])); }
try { assert.equal(1, 2); } catch (e) { console.log(JSON.stringify(e.message)); }
try { assert.deepStrictEqual({ a: 1 }, { a: 2 }); } catch (e) { console.log(JSON.stringify(e.message)); }
"""
    assert run_js(code) == (
        '["Expected values to be strictly equal:\\n\\n1 !== 2\\n","ERR_ASSERTION",1,2,"strictEqual","AssertionError"]\n'
        '"1 == 2"\n'
        '"Expected values to be strictly deep-equal:\\n+ actual - expected\\n\\n  {\\n+   a: 1\\n-   a: 2\\n  }"\n'
    )
