"""Builtins that cannot work in fnbox load fine but throw ERR_FNBOX_UNAVAILABLE when used."""

import pytest

STUBS = ["fs", "child_process", "net", "http", "https", "dns", "tls", "worker_threads", "cluster", "vm"]


@pytest.mark.parametrize("name", STUBS)
def test_stub_loads_and_throws(run_js, name):
    code = f"""
    const m = require({name!r});
    const again = require('node:{name}');
    console.log(typeof m, m === again);
    const {{ someFunction }} = m;      // destructuring at load time must not throw
    console.log(typeof someFunction);
    for (const call of [() => someFunction(), () => m.other(1, 2), () => m.nested.deeper(), () => new m.Thing()]) {{
      try {{ call(); console.log('no throw'); }}
      catch (e) {{ console.log(e instanceof Error, e.code, e.message.startsWith('The "{name}" module is not available in fnbox: ')); }}
    }}
    """
    assert run_js(code) == (
        "object true\n"
        "function\n"
        + "true ERR_FNBOX_UNAVAILABLE true\n" * 4
    )


def test_messages(run_js):
    code = r"""
    for (const [mod, fn] of [['fs', 'readFileSync'], ['http', 'request'], ['https', 'get'], ['child_process', 'exec']]) {
      try { require(mod)[fn]('x'); } catch (e) { console.log(e.message); }
    }
    try { require('fs').promises.readFile('x'); } catch (e) { console.log(e.message); }
    """
    out = run_js(code).splitlines()
    assert out[0] == 'The "fs" module is not available in fnbox: functions have no file system. (fs.readFileSync was called)'
    assert out[1].startswith('The "http" module is not available in fnbox: ') and "fetch()" in out[1]
    assert "fetch()" in out[2] and "https.get" in out[2]
    assert out[3].startswith('The "child_process" module is not available in fnbox: ')
    assert "fs.promises.readFile was called" in out[4]


def test_interop_is_sane(run_js):
    # Promise resolution, ES-module interop and util.promisify must not be fooled.
    code = r"""
    const fs = require('fs');
    console.log(fs.then, fs.__esModule, fs.default === fs, typeof fs[Symbol.iterator]);
    const resolved = await Promise.resolve(fs);
    console.log(resolved === fs);
    const readFile = require('util').promisify(fs.readFile);
    try { await readFile('/etc/passwd'); console.log('no'); } catch (e) { console.log('rejected', e.code); }
    console.log(fs.readFile === fs.readFile, fs.readFile.name);
    fs.patched = 42;   // monkey-patching (graceful-fs style) is kept
    console.log(fs.patched);
    """
    assert run_js(code) == (
        "undefined undefined true undefined\n"
        "true\n"
        "rejected ERR_FNBOX_UNAVAILABLE\n"
        "true readFile\n"
        "42\n"
    )
