"""util.format and the %-directives: fnbox output must equal Node 20's."""

from __future__ import annotations

import pytest

CASES = {
    "all_directives": r"""
const util = require('util');
console.log(util.format('%s %d %i %f %j %o %O %c %%', 'str', 42.5, 42.5, '3.25', { a: 1 }, { b: [1] }, { c: 2 }, 'color'));
""",
    "percent_s": r"""
const util = require('util');
console.log(util.format('%s', null), util.format('%s', undefined), util.format('%s', 1n), util.format('%s', -0));
console.log(util.format('%s', Symbol('x')), util.format('%s', { a: { b: { c: 1 } } }), util.format('%s', [1, [2, [3]]]));
console.log(util.format('%s', { toString() { return 'custom'; } }));
console.log(util.format('%s', new (class Q { toString() { return 'Q!'; } })()), util.format('%s', new (class R {})()));
console.log(util.format('%s', new Date(0)), util.format('%s', Buffer.from('hi')), util.format('%s', 'plain'));
""",
    "numbers": r"""
const util = require('util');
console.log(util.format('%d', '0x10'), util.format('%d', 1n), util.format('%d', {}), util.format('%d', -0), util.format('%d', ''));
console.log(util.format('%i', '12.9px'), util.format('%i', 5n), util.format('%i', -3.7), util.format('%f', 'abc'), util.format('%f', '1e3'));
console.log(util.format('%d', Symbol()), util.format('%i', Symbol()), util.format('%f', Symbol()));
""",
    "json": r"""
const util = require('util');
const circ = {}; circ.self = circ;
console.log(util.format('%j', { toJSON() { return 'J'; } }), util.format('%j', circ), util.format('%j', undefined), util.format('%j', [1, 'a', null]));
""",
    "edge_placeholders": r"""
const util = require('util');
console.log(util.format('no args %s'), util.format('%s'), util.format('%%s %s', 'a'), util.format('%s:%s', 'only'));
console.log(util.format('%x %s', 1, 2), util.format('100%'), util.format('%', 1), util.format('%s%', 1), util.format('%%'), util.format('%%', 1));
console.log(util.format('a', 'b', 1, { c: 2 }), util.format(1, 2, 'three'), util.format(), util.format(''), util.format(null, undefined));
""",
    "o_and_O": r"""
const util = require('util');
console.log(util.format('%o', [1, { a: 2 }]), util.format('%o', 'str'), util.format('%O', 'str'));
console.log(util.format('%O', { a: { b: { c: { d: 1 } } } }), util.format('%o', { a: { b: { c: { d: { e: { f: 1 } } } } } }));
""",
    "format_with_options": r"""
const util = require('util');
console.log(util.formatWithOptions({ depth: 0 }, '%O', { a: { b: 1 } }), util.formatWithOptions({ compact: false }, { a: 1 }));
console.log(util.formatWithOptions({ colors: true }, 'x', 1, 'y'));
try { util.formatWithOptions(null, 'x'); } catch (e) { console.log(e.name, e.code, e.message); }
""",
    "console_log_directives": r"""
console.log('%s is %d years', 'Bob', 42, 'extra', { x: 1 });
console.log('%c styled', 'color: red');
console.log('%o', { a: [1, 2] });
console.info('info %s', 'x');
console.debug('debug %i', 7.9);
""",
    "strip_vt": r"""
const util = require('util');
console.log(JSON.stringify(util.stripVTControlCharacters('\u001b[31mred\u001b[39m \u001b[1mbold\u001b[22m')));
console.log(JSON.stringify(util.toUSVString('a\ud800b\udc00c')));
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_format_matches_node(name, run_js, node_js):
    code = CASES[name]
    assert run_js(code) == node_js(code)


def test_format_known_vectors(run_js):
    code = r"""
const util = require('util');
console.log(util.format('%s=%d', 'x', 5));
console.log(util.format('%j', { a: [1, 2] }));
console.log(util.format('%%d %s', 'q'));
console.log(util.format('extra', 1, 'two', [3]));
"""
    assert run_js(code) == "x=5\n{\"a\":[1,2]}\n%d q\nextra 1 two [ 3 ]\n"
