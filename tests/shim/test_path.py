"""node:path (POSIX) against Node 20.  fnbox's cwd is /app, so resolve() is compared
against Node's path.resolve('/app', ...)."""

import json

PATHS = ['', '.', '..', '...', '/', '//', '///', 'a', 'a/', 'a//', '/a', '/a/', 'a/b', 'a/b/', '/a/b/c.txt', 'a.', '.a',
         '..a', 'a..', '.a.b', 'a.b.c', '/x/.hidden', '/x/..', '/x/.', 'x/../..', '../a/./b/../c', '/../a', 'a/./b', './',
         '././a', 'foo.tar.gz', '//a//b//', '/a/b/c/../../d', 'a\\b', '.../', '....', 'a/..b', '/.', '/..', '//..',
         'a//b/../c/.', '/a/b/.../c', 'é/ü.txt']


def test_single_path_functions(run_js, node_js):
    code = f"""
    const path = require('path');
    for (const p of {json.dumps(PATHS)}) {{
      console.log(JSON.stringify([p, path.normalize(p), path.dirname(p), path.basename(p), path.extname(p),
        path.isAbsolute(p), path.parse(p), path.format(path.parse(p)),
        ['.txt', 'c.txt', '', '.gz', 'a', 'b'].map((e) => path.basename(p, e))]));
    }}
    """
    assert run_js(code) == node_js(code)


def test_join_relative_resolve(run_js, node_js):
    # Node's cwd differs, so the snippet resolves against an explicit '/app'.
    code = f"""
    const path = require('path');
    const ps = {json.dumps(PATHS[:24])};
    for (const p of ps) for (const q of ps) {{
      console.log(JSON.stringify([path.join(p, q), path.relative(path.resolve('/app', p), path.resolve('/app', q)), path.resolve('/app', p, q)]));
    }}
    """
    assert run_js(code) == node_js(code)


def test_cwd_is_app(run_js):
    code = r"""
    const path = require('path');
    console.log(path.resolve(), path.resolve('x', '../y'), path.resolve('/abs', 'z'), path.relative('a', 'b/c'), path.relative('', '/app/q'));
    """
    assert run_js(code) == "/app /app/y /abs/z ../b/c q\n"


def test_misc_and_errors(run_js, node_js):
    code = r"""
    const path = require('path');
    console.log(path.sep, path.delimiter, path.join(), path.posix === path, path.posix.join('a', 'b'), path.toNamespacedPath('/x'));
    for (const o of [{ root: '/', dir: '/x', base: 'f.txt' }, { name: 'n', ext: 'e' }, { name: 'n', ext: '.e' }, { root: '/', name: 'a' },
                     { dir: 'd', name: 'a', ext: '.b' }, {}, { root: '/r/', base: 'b' }, { dir: 'd', base: 'b', name: 'ignored' }]) {
      console.log(path.format(o));
    }
    for (const bad of [() => path.join('a', 1), () => path.resolve(null), () => path.basename(1), () => path.format(1),
                       () => path.relative('a'), () => path.basename('a', 1), () => path.extname({}), () => path.normalize()]) {
      try { bad(); console.log('no throw'); } catch (e) { console.log(e.name, e.code, e.message); }
    }
    """
    assert run_js(code) == node_js(code)


def test_win32_is_posix(run_js):
    # fnbox is Linux-only: path.win32 is the POSIX implementation.
    code = "const path = require('path'); console.log(path.win32 === path, path.win32.sep);"
    assert run_js(code) == "true /\n"
