"""JSON numbers against Node 20: fnbox parses them with QuickJS's own
dtoa.c rather than libc's strtod (js_engine/glue.c), which must round
exactly as Node does."""

import json

NUMBERS = ['0', '-0', '1', '-1', '0.1', '0.2', '0.30000000000000004', '1e21', '1E+2', '1e-7', '-2.5e-3', '3.14159',
           '1.7976931348623157e308', '1.7976931348623158e308', '1e400', '-1e400', '5e-324', '2.4703282292062327e-324',
           '2.2250738585072014e-308', '2.2250738585072011e-308', '9007199254740993', '9007199254740992.5',
           '123456789012345678901234567890', '1795688593488', '0.000001', '1.5e-10', '100000000000000000000000',
           '4.35', '0.1e1', '1' + '0' * 400 + 'e-400', '0.' + '0' * 300 + '1']


def test_json_numbers_round_like_node(run_js, node_js):
    code = f"""
    for (const text of {json.dumps(NUMBERS)}) {{
      const n = JSON.parse(text);
      console.log(text.slice(0, 30), Object.is(n, -0) ? '-0' : String(n), Object.is(n, Number(text)));
    }}
    console.log(JSON.stringify(JSON.parse('{{"a": [1, -2.5, 1e3, {{"b": 0.1}}]}}')));
    """
    assert run_js(code) == node_js(code)
