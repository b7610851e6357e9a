"""node:events EventEmitter conformance against real Node."""


def test_basic_emit_order(run_js, node_js):
    code = r"""
    const EventEmitter = require('events');
    const e = new EventEmitter();
    const log = [];
    e.on('x', (a, b) => log.push(['on1', a, b]));
    e.addListener('x', function (a) { log.push(['on2', a, this === e]); });
    e.prependListener('x', () => log.push(['pre']));
    e.once('x', () => log.push(['once']));
    e.prependOnceListener('x', () => log.push(['preonce']));
    console.log(e.emit('x', 1, 2), e.emit('x', 3), e.emit('nothing'));
    console.log(JSON.stringify(log));
    console.log(e.listenerCount('x'), EventEmitter.listenerCount(e, 'x'), e.listeners('x').length, e.rawListeners('x').length);
    console.log(JSON.stringify(e.eventNames()), e.getMaxListeners(), EventEmitter.defaultMaxListeners);
    """
    assert run_js(code) == node_js(code)


def test_remove_listeners(run_js, node_js):
    code = r"""
    const { EventEmitter } = require('events');
    const e = new EventEmitter();
    const log = [];
    const f = () => log.push('f');
    const g = () => log.push('g');
    e.on('newListener', (name, l) => log.push('new:' + String(name) + ':' + (l === f ? 'f' : l === g ? 'g' : '?')));
    e.on('removeListener', (name, l) => log.push('rm:' + String(name) + ':' + (l === f ? 'f' : l === g ? 'g' : '?')));
    e.on('a', f); e.on('a', g); e.on('a', f);
    e.emit('a');
    e.off('a', f);          // removes the last-added f
    e.emit('a');
    e.removeListener('a', () => {});  // unknown: no-op
    e.once('b', g);
    e.removeListener('b', g); // removing a once listener by its original
    console.log(e.emit('b'));
    e.on('c', f);
    const sym = Symbol('s');
    e.on(sym, g);
    console.log(e.eventNames().map(String).join(','));
    e.removeAllListeners('a');
    console.log(e.eventNames().map(String).join(','));
    e.removeAllListeners();
    console.log(e.eventNames().length, JSON.stringify(log));
    console.log(e.listenerCount('a', f), e.on('z', f).on('z', f).listenerCount('z', f), e.listenerCount('z', g));
    """
    assert run_js(code) == node_js(code)


def test_once_wrappers(run_js, node_js):
    code = r"""
    const EventEmitter = require('events');
    const e = new EventEmitter();
    function handler(x) { console.log('called', x); }
    e.once('x', handler);
    const raw = e.rawListeners('x')[0];
    console.log(raw === handler, raw.listener === handler, e.listeners('x')[0] === handler);
    raw.call(e, 'via raw');
    console.log(e.listenerCount('x'));
    e.emit('x', 'never');
    // re-entrancy: listeners added during emit don't run in that emit
    e.on('y', () => { console.log('first'); e.on('y', () => console.log('added')); });
    e.emit('y'); e.emit('y');
    """
    assert run_js(code) == node_js(code)


def test_error_event(run_js, node_js):
    code = r"""
    const EventEmitter = require('events');
    const e = new EventEmitter();
    function t(f) { try { console.log('ok', f()); } catch (err) { console.log(err.name, err.code, err.message, err.context === undefined ? 'no-context' : typeof err.context); } }
    t(() => e.emit('error', new TypeError('boom')));
    t(() => e.emit('error', 'boom'));
    t(() => e.emit('error', 42));
    t(() => e.emit('error'));
    t(() => e.emit('error', { a: 1 }));
    t(() => e.emit('error', null));
    t(() => e.on('x', 5));
    t(() => e.once('x', null));
    t(() => e.removeListener('x', 'nope'));
    t(() => e.setMaxListeners(-1));
    t(() => e.setMaxListeners('a'));
    t(() => { EventEmitter.defaultMaxListeners = -1; });
    const seen = [];
    e.on(EventEmitter.errorMonitor, (err) => seen.push('monitor:' + err.message));
    e.on('error', (err) => seen.push('handler:' + err.message));
    console.log(e.emit('error', new Error('handled')), seen.join(','));
    """
    assert run_js(code) == node_js(code)


def test_inheritance_styles(run_js, node_js):
    code = r"""
    const EventEmitter = require('events');
    const util = require('util');
    function Old() { EventEmitter.call(this); this.name = 'old'; }
    Object.setPrototypeOf(Old.prototype, EventEmitter.prototype);
    const o = new Old();
    o.on('hi', function () { console.log('old says hi', this.name); });
    o.emit('hi');
    class New extends EventEmitter { constructor() { super({ captureRejections: false }); this.n = 1; } }
    const n = new New();
    n.once('go', (v) => console.log('new go', v, n instanceof EventEmitter));
    n.emit('go', 7);
    console.log(JSON.stringify(Object.keys(new EventEmitter())), typeof EventEmitter.EventEmitter, EventEmitter.EventEmitter === EventEmitter);
    const bare = Object.create(EventEmitter.prototype);
    console.log(bare.emit('x'), bare.listenerCount('x'));
    bare.on('x', () => console.log('bare ok'));
    bare.emit('x');
    """
    assert run_js(code) == node_js(code)


def test_max_listeners(run_js, node_js):
    code = r"""
    const EventEmitter = require('events');
    const e = new EventEmitter();
    console.log(e.getMaxListeners());
    e.setMaxListeners(1);
    console.log(e.getMaxListeners());
    e.on('x', () => {}); e.on('x', () => {});  // warning goes to stderr only
    console.log(e.listenerCount('x'));
    const prev = EventEmitter.defaultMaxListeners;
    EventEmitter.defaultMaxListeners = 3;
    console.log(new EventEmitter().getMaxListeners());
    EventEmitter.defaultMaxListeners = prev;
    console.log(EventEmitter.getMaxListeners(e));
    """
    assert run_js(code) == node_js(code)


def test_events_once_promise(run_js, node_js):
    code = r"""
    const { once, EventEmitter, on } = require('events');
    const e = new EventEmitter();
    setTimeout(() => e.emit('ready', 1, 2), 1);
    console.log(JSON.stringify(await once(e, 'ready')));
    setTimeout(() => e.emit('error', new Error('bad')), 1);
    try { await once(e, 'ready'); } catch (err) { console.log('rejected', err.message); }
    console.log(e.listenerCount('ready'), e.listenerCount('error'));
    const ac = new AbortController();
    const p = once(e, 'never', { signal: ac.signal });
    ac.abort();
    try { await p; } catch (err) { console.log(err.name, err.code, err.message); }
    try { await once(e, 'x', { signal: AbortSignal.abort() }); } catch (err) { console.log(err.name); }
    const et = new EventTarget();
    setTimeout(() => et.dispatchEvent(new Event('ping')), 1);
    const [ev] = await once(et, 'ping');
    console.log(ev.type, ev instanceof Event);
    // events.on async iterator
    const src = new EventEmitter();
    setTimeout(() => { src.emit('d', 'a'); src.emit('d', 'b'); src.emit('d', 'c'); }, 1);
    const got = [];
    for await (const [v] of on(src, 'd')) { got.push(v); if (got.length === 3) break; }
    console.log(got.join(''), src.listenerCount('d'));
    """
    assert run_js(code) == node_js(code)


def test_capture_rejections(run_js, node_js):
    code = r"""
    const EventEmitter = require('events');
    const e = new EventEmitter({ captureRejections: true });
    e.on('x', async () => { throw new Error('async fail'); });
    const got = await new Promise((resolve) => { e.on('error', (err) => resolve(err.message)); e.emit('x'); });
    console.log(got);
    """
    assert run_js(code) == node_js(code)
