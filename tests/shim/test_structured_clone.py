"""structuredClone() against Node 20."""


def test_values(run_js, node_js):
    code = r"""
    const show = (v) => JSON.stringify(v, (k, x) => {
      if (typeof x === 'bigint') return 'big:' + x;
      if (x instanceof Map) return { map: [...x] };
      if (x instanceof Set) return { set: [...x] };
      if (ArrayBuffer.isView(x)) return { view: Object.prototype.toString.call(x), bytes: [...new Uint8Array(x.buffer, x.byteOffset, x.byteLength)] };
      if (x instanceof ArrayBuffer) return { ab: [...new Uint8Array(x)] };
      return x;
    });
    const src = {
      n: 1, s: 'str', b: true, nul: null, u: undefined, big: 10n, neg0: -0, nan: NaN,
      date: new Date(1700000000000), re: /ab+c/gi,
      arr: [1, 'two', [3]], map: new Map([['k', { v: 1 }], [2, 'x']]), set: new Set([1, 'a', 1]),
      u8: new Uint8Array([1, 2, 3]), f64: new Float64Array([1.5, -2]), dv: new DataView(new ArrayBuffer(4)),
      ab: new Uint8Array([9, 8]).buffer, nested: { deep: { deeper: [{ x: 1 }] } },
    };
    const c = structuredClone(src);
    console.log(show(c));
    console.log(c !== src, c.date instanceof Date, c.date !== src.date, c.re instanceof RegExp, c.re.flags, c.map instanceof Map, c.set.size);
    console.log(Object.is(c.neg0, -0), Number.isNaN(c.nan), 'u' in c, typeof c.big);
    c.u8[0] = 99; console.log(src.u8[0]);
    """
    assert run_js(code) == node_js(code)


def test_identity_and_cycles(run_js, node_js):
    code = r"""
    const shared = { s: 1 };
    const o = { a: shared, b: shared, list: [shared] };
    o.self = o;
    o.list.push(o.list);
    const c = structuredClone(o);
    console.log(c.a === c.b, c.a !== shared, c.self === c, c.list[0] === c.a, c.list[1] === c.list);
    const buf = new ArrayBuffer(8);
    const views = structuredClone({ x: new Uint8Array(buf, 2, 3), y: new Uint16Array(buf) });
    console.log(views.x.buffer === views.y.buffer, views.x.byteOffset, views.x.length, views.y.length);
    const m = new Map(); m.set(m, m);
    const mc = structuredClone(m);
    console.log(mc.get(mc) === mc);
    const sub = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
    const sc = structuredClone(sub);
    console.log(sc.byteOffset, sc.buffer.byteLength, [...sc].join());
    """
    assert run_js(code) == node_js(code)


def test_objects_lose_prototypes(run_js, node_js):
    code = r"""
    class Point { constructor() { this.x = 1; this.y = 2; } get sum() { return 3; } }
    const p = structuredClone(new Point());
    console.log(JSON.stringify(p), p instanceof Point, Object.getPrototypeOf(p) === Object.prototype, p.sum);
    const g = structuredClone({ get x() { return 5; } });
    console.log(JSON.stringify(Object.getOwnPropertyDescriptor(g, 'x')));
    const arr = [1, , 3]; arr.extra = 'q';
    const ac = structuredClone(arr);
    console.log(ac.length, 1 in ac, ac.extra);
    const nul = structuredClone(Object.create(null));
    console.log(Object.getPrototypeOf(nul) === Object.prototype);
    console.log(structuredClone(new Number(5)) instanceof Number, typeof structuredClone(Object('s')), structuredClone(Object(10n)).valueOf());
    const b = structuredClone(Buffer.from('ab'));
    console.log(Object.prototype.toString.call(b), Buffer.isBuffer(b), b.length);
    console.log(structuredClone('x'), structuredClone(5), structuredClone(null), structuredClone(undefined));
    """
    assert run_js(code) == node_js(code)


def test_errors_clone(run_js, node_js):
    code = r"""
    const e = new RangeError('bad range', { cause: { why: 1 } });
    e.extra = 1;
    const c = structuredClone(e);
    console.log(c instanceof RangeError, c.name, c.message, JSON.stringify(c.cause), c.extra, c.stack === e.stack, JSON.stringify(Object.keys(c)));
    const renamed = new Error('m'); renamed.name = 'TypeError';
    console.log(structuredClone(renamed) instanceof TypeError);
    const custom = new Error('m'); custom.name = 'Custom';
    console.log(structuredClone(custom).name);
    class MyErr extends Error {}
    console.log(structuredClone(new MyErr('x')).constructor.name);
    """
    assert run_js(code) == node_js(code)


def test_data_clone_errors(run_js, node_js):
    code = r"""
    function t(f) { try { console.log('ok', JSON.stringify(f())); } catch (e) { console.log(e.name, e.code, e.message, e instanceof DOMException); } }
    t(() => structuredClone(() => {}));
    t(() => structuredClone(function foo(a) { return a; }));
    t(() => structuredClone(Symbol('x')));
    t(() => structuredClone({ a: { b: Symbol('y') } }));
    t(() => structuredClone(new WeakMap()));
    t(() => structuredClone(Promise.resolve()));
    t(() => structuredClone(class A {}));
    t(() => structuredClone());
    t(() => structuredClone(1, 5));
    t(() => structuredClone(1, { transfer: 5 }));
    const ab = new ArrayBuffer(8);
    t(() => structuredClone(ab, { transfer: [ab, ab] }));
    """
    assert run_js(code) == node_js(code)


def test_transfer(run_js, node_js):
    code = r"""
    const ab = new Uint8Array([1, 2, 3, 4]).buffer;
    const view = new Uint8Array(ab, 1, 2);
    const c = structuredClone({ ab, view }, { transfer: [ab] });
    console.log(ab.byteLength, c.ab.byteLength, [...new Uint8Array(c.ab)].join(), [...c.view].join(), c.view.buffer === c.ab);
    """
    assert run_js(code) == node_js(code)
