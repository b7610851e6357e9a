"""string_decoder.StringDecoder against Node 20."""

from __future__ import annotations

import pytest

PRELUDE = r"""
const { StringDecoder } = require('string_decoder');
const J = (s) => JSON.stringify(s);
function run(enc, chunks) {
  const d = new StringDecoder(enc);
  const out = chunks.map((c) => J(d.write(Buffer.from(c))));
  out.push(J(d.end()));
  console.log(String(enc), out.join(' '));
}
"""

CASES = {
    "utf8_split_sequences": r"""
const euro = [0xE2, 0x82, 0xAC];
run('utf8', [[0xE2], [0x82], [0xAC]]); run('utf8', [[0xE2, 0x82], [0xAC, 0x41]]); run('utf8', [[0xF0, 0x9F], [0x98], [0x80]]);
run('utf8', [[0xC3], [0xA9, 0xC3], [0xA9]]); run('utf8', [[0x41, 0xF0, 0x9F, 0x98]]); run(undefined, [euro]); run('utf-8', [euro.slice(0, 1)]);
const text = 'añb€c😀d'; const bytes = [...Buffer.from(text)];
for (let size = 1; size <= 5; size++) { const chunks = []; for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size)); run('utf8', chunks); }
""",
    "utf8_invalid": r"""
run('utf8', [[0xE2], [0x41]]); run('utf8', [[0xE2, 0x82]]); run('utf8', [[0xF0, 0x80]]); run('utf8', [[0xF0, 0x80], [0x80, 0x80]]);
run('utf8', [[0xFF, 0x41]]); run('utf8', [[0x80, 0x80]]); run('utf8', [[0xED, 0xA0], [0x80]]); run('utf8', [[0xE0], [0x80]]);
run('utf8', [[0xF0, 0x9F, 0x98], [0x41]]); run('utf8', [[0xC0], [0x80]]); run('utf8', [[0xF8, 0x80]]); run('utf8', [[0x80, 0x80, 0x80, 0x80, 0xE2]]);
""",
    "utf16le": r"""
run('utf16le', [[0x41], [0x00, 0x42], [0x00]]); run('utf16le', [[0x3D, 0xD8], [0x00, 0xDE]]); run('utf16le', [[0x3D, 0xD8, 0x41]]);
run('utf16le', [[0x3D, 0xD8]]); run('ucs2', [[0x41]]); run('ucs-2', [[0x41, 0x00, 0x3D], [0xD8, 0x00], [0xDE]]);
""",
    "base64_hex_latin1_ascii": r"""
run('base64', [[1], [2, 3, 4], [5]]); run('base64', [[1, 2, 3]]); run('base64', [[1, 2, 3, 4]]); run('base64url', [[0xfb, 0xff], [0xbf]]); run('base64', [[]]);
run('hex', [[1, 255], [16]]); run('latin1', [[0xe9, 0x41]]); run('ascii', [[0xe9, 0x41]]); run('binary', [[0xff]]);
""",
    "randomized_chunking": r"""
let seed = 999; const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const out = [];
for (let iter = 0; iter < 200; iter++) {
  const len = rnd(300);
  const valid = rnd(2) === 0;
  let bytes;
  if (valid) { let u = ''; for (let i = 0; i < len / 3; i++) { const r = rnd(4); u += r === 0 ? 'a' : r === 1 ? 'é' : r === 2 ? '€' : '😀'; } bytes = [...Buffer.from(u)]; }
  else { bytes = []; for (let i = 0; i < len; i++) { const r = rnd(10); bytes.push(r < 5 ? 0x41 + rnd(20) : r < 8 ? 0x80 + rnd(0x40) : 0xC0 + rnd(0x40)); } }
  for (const enc of ['utf8', 'utf16le', 'base64', 'hex']) {
    const d = new StringDecoder(enc); let res = ''; let i = 0;
    while (i < bytes.length) { const n = 1 + rnd(70); res += '|' + d.write(Buffer.from(bytes.slice(i, i + n))); i += n; }
    res += '|' + d.end(); out.push(enc + JSON.stringify(res));
  }
  const td = new TextDecoder(); let r2 = ''; let i = 0;
  while (i < bytes.length) { const n = 1 + rnd(70); r2 += '|' + td.decode(new Uint8Array(bytes.slice(i, i + n)), { stream: true }); i += n; }
  r2 += '|' + td.decode(); out.push(JSON.stringify(r2));
  try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)); out.push('fatal-ok'); } catch (e) { out.push('fatal-' + e.code); }
}
let hash = 0; const all = out.join('\n'); for (let i = 0; i < all.length; i++) hash = (hash * 31 + all.charCodeAt(i)) | 0;
console.log(out.length, hash); console.log(all.slice(0, 2000));
""",
    "api_surface": r"""
const d = new StringDecoder('utf8');
console.log(d.encoding, new StringDecoder('UCS2').encoding, new StringDecoder('binary').encoding, new StringDecoder().encoding, new StringDecoder('base64url').encoding);
console.log(J(d.write(Buffer.from([0xE2]))), d.lastNeed, d.lastTotal, d.lastChar.length, J(d.end(Buffer.from([0x82, 0xAC]))), J(d.end()));
console.log(J(new StringDecoder('utf8').write('already a string')), J(new StringDecoder('utf8').end('str')), J(new StringDecoder('utf8').write(new Uint8Array([0x68, 0x69]))));
try { new StringDecoder('nope'); } catch (e) { console.log(e.message, e.code, e.name); }
try { new StringDecoder('utf8').write(5); } catch (e) { console.log(e.message, e.code, e.name); }
const big = Buffer.from('x'.repeat(5000) + '€'); const sd = new StringDecoder('utf8');
console.log(sd.write(big.subarray(0, 5001)).length, J(sd.end(big.subarray(5001))));
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_string_decoder_matches_node(name, run_js, node_js):
    code = PRELUDE + CASES[name]
    assert run_js(code) == node_js(code)


def test_string_decoder_known_vectors(run_js):
    code = PRELUDE + r"""
run('utf8', [[0xE2], [0x82, 0xAC]]);
run('utf8', [[0xE2, 0x82]]);
run('base64', [[0x66, 0x6f], [0x6f, 0x62]]);
"""
    assert run_js(code) == 'utf8 "" "€" ""\nutf8 "" "\ufffd"\nbase64 "" "Zm9v" "Yg=="\n'
