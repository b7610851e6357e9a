"""console.log / console.table output, byte for byte against Node 20."""

from __future__ import annotations

import pytest

CASES = {
    "log_values": r"""
class Foo { constructor() { this.x = 1; } }
console.log(1, 'two', true, null, undefined, 3n, Symbol('s'), -0, NaN);
console.log({ a: 1, b: 'two', c: [1, 2, 3], d: { e: { f: { g: 1 } } } });
console.log([1, 'a', { b: 2 }], new Map([['k', 'v']]), new Set([1, 2]), new Foo(), Object.create(null));
console.log(new Date(0), /re/g, () => {}, function named() {}, class K {}, Buffer.from('hi'), new Uint8Array([1, 2]));
console.log('string alone'); console.log('a\nb'); console.log(''); console.log(); console.log(['a\nb'], { 'key-x': "it's" });
console.log([undefined, null, , 4], { u: undefined, n: null }, [[], {}, [[]], [{}]]);
""",
    "log_long_values": r"""
console.log({ id: 12345, name: 'A fairly long name here', tags: ['one', 'two', 'three'], nested: { ok: true, count: 42 } });
console.log(Array.from({ length: 50 }, (_, i) => i * i));
console.log(Array.from({ length: 12 }, (_, i) => ({ id: i, label: 'item-' + i })));
console.log({ text: 'lorem ipsum dolor sit amet '.repeat(5) });
console.log('x'.repeat(300));
const users = [{ name: 'Ada', age: 36, email: 'ada@example.com', roles: ['admin'] }, { name: 'Linus', age: 28, email: 'linus@example.com', roles: ['dev', 'ops'] }];
console.log(users); console.log({ users, total: users.length, page: { size: 10, number: 1 } });
""",
    "log_format_and_levels": r"""
console.log('%s: %d items (%i%%) %j', 'cart', 3, 42.9, { a: 1 });
console.info('info', { a: 1 }); console.debug('debug', [1]);
console.log('%o vs %O', { a: [1, { b: 2 }] }, { a: [1, { b: 2 }] });
console.log({ toString() { return 'x'; } }, `${{ toString() { return 'y'; } }}`);
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
""",
    "log_nested_and_circular": r"""
const a = { name: 'root', children: [] }; a.children.push({ name: 'child', parent: a }); a.self = a;
console.log(a);
console.log({ l1: { l2: { l3: { l4: { l5: 1 } } } }, arr: [[[[['deep']]]]] });
const m = new Map([['a', { x: new Set([1, [2, { y: 3 }]]) }]]); console.log(m, [m]);
""",
    "log_errors_shaped": r"""
const e = new Error('shown'); Object.defineProperty(e, 'stack', { value: 'Error: shown\n    at main (/app/index.js:3:9)', configurable: true, writable: true });
console.log(e); console.log({ error: e }); console.log('prefix', e);
const noStack = new TypeError('no frames'); Object.defineProperty(noStack, 'stack', { value: 'TypeError: no frames', configurable: true, writable: true });
noStack.status = 404; console.log(noStack); console.log(String(noStack), noStack.message);
""",
    "table": r"""
console.table([{ a: 1, b: 'Y' }, { a: 'Z', b: 2 }]);
console.table([1, 'two', { three: 3 }]);
console.table({ x: { v: 1 }, y: { v: 2, w: [1, 2, 3, 4] } });
console.table(new Map([['k1', { a: 1 }], ['k2', 'str']]));
console.table(new Set(['a', 'b']));
console.table([[1, 2], [3, 4, 5]]);
console.table([]);
console.table({});
""",
    "table_values": r"""
console.table([{ name: '日本語', v: 'é' }, { name: 'emoji 😀', v: 'x' }]);
console.table([{ nested: { a: { b: 1 } }, arr: [1, 2, 3, 4, 5], obj: { a: 1, b: 2, c: 3 } }]);
console.table([{ a: undefined, b: null, c: 1n, d: Symbol('s'), e: () => 1 }]);
console.table(['longer value here', 's']);
console.table('just a string'); console.table(5); console.table(null);
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_console_matches_node(name, run_js, node_js):
    code = CASES[name]
    assert run_js(code) == node_js(code)


def test_console_table_known_output(run_js):
    code = "console.table([{ a: 1, b: 'Y' }, { a: 'Z', b: 2 }]);"
    assert run_js(code) == (
        "┌─────────┬─────┬─────┐\n"
        "│ (index) │ a   │ b   │\n"
        "├─────────┼─────┼─────┤\n"
        "│ 0       │ 1   │ 'Y' │\n"
        "│ 1       │ 'Z' │ 2   │\n"
        "└─────────┴─────┴─────┘\n"
    )


def test_console_log_known_output(run_js):
    code = "console.log({ a: 1, s: 'x' }, [1, 2], 'plain', 5, null); console.log(new Map([['a', 1]]), new Set(['b']));"
    assert run_js(code) == "{ a: 1, s: 'x' } [ 1, 2 ] plain 5 null\nMap(1) { 'a' => 1 } Set(1) { 'b' }\n"
