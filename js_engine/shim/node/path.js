// node:path for fnbox — POSIX semantics only.  The working directory is
// /app (process.cwd()).  `path.win32` is the same POSIX object: functions run
// on Linux, and Windows-style path handling is not provided.
'use strict';

const { invalidArgTypePlain: invalidArgType } = require('_errors');

function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object') throw invalidArgType(name, 'of type object', value);
}

function cwd() {
  try {
    const p = internal.process;
    if (p && typeof p.cwd === 'function') return p.cwd();
  } catch (e) { /* fall through */ }
  return '/app';
}

// Resolve '.' and '..' segments; `allowAboveRoot` keeps leading '..' for
// relative paths.
function normalizeString(path, allowAboveRoot) {
  const out = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (allowAboveRoot) out.push('..');
    } else {
      out.push(seg);
    }
  }
  return out.join('/');
}

const posix = {
  sep: '/',
  delimiter: ':',

  resolve(...args) {
    let resolved = '';
    let absolute = false;
    for (let i = args.length - 1; i >= -1 && !absolute; i--) {
      const path = i >= 0 ? args[i] : cwd();
      validateString(path, `paths[${i}]`);
      if (path.length === 0) continue;
      resolved = `${path}/${resolved}`;
      absolute = path.charCodeAt(0) === 47;
    }
    resolved = normalizeString(resolved, !absolute);
    if (absolute) return `/${resolved}`;
    return resolved.length > 0 ? resolved : '.';
  },

  normalize(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const isAbsolute = path.charCodeAt(0) === 47;
    const trailing = path.charCodeAt(path.length - 1) === 47;
    let p = normalizeString(path, !isAbsolute);
    if (p.length === 0) {
      if (isAbsolute) return '/';
      return trailing ? './' : '.';
    }
    if (trailing) p += '/';
    return isAbsolute ? `/${p}` : p;
  },

  isAbsolute(path) {
    validateString(path, 'path');
    return path.length > 0 && path.charCodeAt(0) === 47;
  },

  join(...args) {
    if (args.length === 0) return '.';
    let joined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      validateString(arg, 'path');
      if (arg.length > 0) joined = joined === undefined ? arg : `${joined}/${arg}`;
    }
    if (joined === undefined) return '.';
    return posix.normalize(joined);
  },

  relative(from, to) {
    validateString(from, 'from');
    validateString(to, 'to');
    if (from === to) return '';
    from = posix.resolve(from);
    to = posix.resolve(to);
    if (from === to) return '';
    const fromParts = from === '/' ? [] : from.slice(1).split('/');
    const toParts = to === '/' ? [] : to.slice(1).split('/');
    let i = 0;
    while (i < fromParts.length && i < toParts.length && fromParts[i] === toParts[i]) i++;
    const up = fromParts.slice(i).map(() => '..');
    return up.concat(toParts.slice(i)).join('/');
  },

  toNamespacedPath(path) {
    return path;
  },

  dirname(path) {
    validateString(path, 'path');
    if (path.length === 0) return '.';
    const hasRoot = path.charCodeAt(0) === 47;
    let end = -1;
    let matchedSlash = true;
    for (let i = path.length - 1; i >= 1; --i) {
      if (path.charCodeAt(i) === 47) {
        if (!matchedSlash) {
          end = i;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) return hasRoot ? '/' : '.';
    if (hasRoot && end === 1) return '//';
    return path.slice(0, end);
  },

  basename(path, suffix) {
    if (suffix !== undefined) validateString(suffix, 'suffix');
    validateString(path, 'path');
    if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
      if (suffix === path) return '';
      // Node quirk: a path made only of slashes is returned unchanged.
      if (/^\/+$/.test(path)) return path;
    }
    // Strip trailing slashes, then take the last segment.
    let end = path.length;
    while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
    if (end === 0) return '';
    let start = path.lastIndexOf('/', end - 1) + 1;
    const base = path.slice(start, end);
    if (suffix !== undefined && suffix.length > 0 && suffix.length <= base.length) {
      if (base === suffix) return base;
      if (base.endsWith(suffix)) return base.slice(0, base.length - suffix.length);
    }
    return base;
  },

  extname(path) {
    validateString(path, 'path');
    const base = posix.basename(path);
    const dot = base.lastIndexOf('.');
    if (dot <= 0) return '';
    // A name made only of leading dots (e.g. '..') has no extension.
    if (/^\.+$/.test(base.slice(0, dot + 1)) && dot === base.length - 1 && base.length <= 2) return '';
    return base.slice(dot);
  },

  format(pathObject) {
    validateObject(pathObject, 'pathObject');
    const dir = pathObject.dir || pathObject.root;
    let base = pathObject.base;
    if (!base) {
      const ext = pathObject.ext || '';
      base = `${pathObject.name || ''}${ext && ext[0] !== '.' ? '.' : ''}${ext}`;
    }
    if (!dir) return base;
    return dir === pathObject.root ? `${dir}${base}` : `${dir}/${base}`;
  },

  parse(path) {
    validateString(path, 'path');
    const ret = { root: '', dir: '', base: '', ext: '', name: '' };
    if (path.length === 0) return ret;
    const isAbsolute = path.charCodeAt(0) === 47;
    if (isAbsolute) ret.root = '/';
    let end = path.length;
    while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
    const trimmed = path.slice(0, end);
    if (trimmed === '/') {
      ret.dir = '/';
      return ret;
    }
    const slash = trimmed.lastIndexOf('/');
    const base = trimmed.slice(slash + 1);
    ret.base = base;
    // Node quirk: '/..' parses with ext '.' (a '..' directly under the root).
    const ext = base === '..' && isAbsolute && slash === 0 ? '.' : extOfBase(base);
    ret.ext = ext;
    ret.name = ext ? base.slice(0, base.length - ext.length) : base;
    if (slash > 0) ret.dir = trimmed.slice(0, slash);
    else if (isAbsolute) ret.dir = '/';
    return ret;
  },
};

function extOfBase(base) {
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  if (dot === base.length - 1 && /^\.+$/.test(base) && base.length <= 2) return '';
  return base.slice(dot);
}

posix.posix = posix;
// fnbox runs on Linux only: win32 is the POSIX implementation.
posix.win32 = posix;
posix._makeLong = posix.toNamespacedPath;

module.exports = posix;
