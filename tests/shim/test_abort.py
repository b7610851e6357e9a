"""AbortController / AbortSignal / Event / EventTarget globals against Node."""


def test_abort_controller(run_js, node_js):
    code = r"""
    const ac = new AbortController();
    const s = ac.signal;
    const log = [];
    s.addEventListener('abort', (e) => log.push(['listener', e.type, e.target === s, s.aborted]));
    s.onabort = (e) => log.push(['onabort', e.type]);
    console.log(s.aborted, s.reason, ac.signal === s, typeof s.throwIfAborted);
    s.throwIfAborted();
    ac.abort();
    ac.abort('again');  // ignored
    console.log(JSON.stringify(log));
    console.log(s.aborted, s.reason instanceof DOMException, s.reason.name, s.reason.message, s.reason.code);
    try { s.throwIfAborted(); } catch (e) { console.log('thrown', e === s.reason); }
    const ac2 = new AbortController();
    ac2.abort({ custom: 1 });
    console.log(JSON.stringify(ac2.signal.reason));
    const ac3 = new AbortController();
    ac3.abort(new Error('why'));
    try { ac3.signal.throwIfAborted(); } catch (e) { console.log(e.message); }
    console.log(Object.prototype.toString.call(ac), Object.prototype.toString.call(s), s instanceof EventTarget);
    try { new AbortSignal(); } catch (e) { console.log(e.name, e.code, e.message); }
    """
    assert run_js(code) == node_js(code)


def test_abort_signal_statics(run_js, node_js):
    code = r"""
    const a = AbortSignal.abort();
    console.log(a.aborted, a.reason.name, a.reason.message);
    const b = AbortSignal.abort('r');
    console.log(b.reason);
    const t = AbortSignal.timeout(5);
    console.log(t.aborted);
    const keepAlive = setTimeout(() => {}, 5000);  // Node unrefs the timeout's timer
    await new Promise((resolve) => t.addEventListener('abort', resolve));
    clearTimeout(keepAlive);
    console.log(t.aborted, t.reason.name, t.reason.message, t.reason instanceof DOMException);
    for (const bad of [-1, 1.5, 'x']) { try { AbortSignal.timeout(bad); } catch (e) { console.log(e.name, e.code, e.message); } }
    const c1 = new AbortController(), c2 = new AbortController();
    const any = AbortSignal.any([c1.signal, c2.signal]);
    let fired = 0;
    any.onabort = () => fired++;
    console.log(any.aborted);
    c2.abort('second');
    c1.abort('first');
    console.log(any.aborted, any.reason, fired);
    const pre = AbortSignal.any([new AbortController().signal, AbortSignal.abort('already')]);
    console.log(pre.aborted, pre.reason);
    try { AbortSignal.any([1]); } catch (e) { console.log(e.name, e.code, e.message); }
    """
    assert run_js(code) == node_js(code)


def test_event_object(run_js, node_js):
    code = r"""
    const e = new Event('hello', { cancelable: true, bubbles: true });
    console.log(e.type, e.cancelable, e.bubbles, e.composed, e.defaultPrevented, e.eventPhase, e.target, e.currentTarget, e.isTrusted, typeof e.timeStamp);
    e.preventDefault();
    console.log(e.defaultPrevented, e.returnValue, e.cancelBubble);
    const n = new Event('x');
    n.preventDefault();
    console.log(n.defaultPrevented, n.cancelable, JSON.stringify(n.composedPath()));
    console.log(Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE, n.AT_TARGET);
    console.log(JSON.stringify(Object.keys(n)));
    try { new Event(); } catch (err) { console.log(err.name, err.code, err.message); }
    console.log(new Event(123).type, Object.prototype.toString.call(n));
    """
    assert run_js(code) == node_js(code)


def test_event_target(run_js, node_js):
    code = r"""
    const et = new EventTarget();
    const log = [];
    function f(ev) { log.push(['f', ev.type, ev.eventPhase, ev.target === et, ev.currentTarget === et, this === et]); }
    et.addEventListener('x', f);
    et.addEventListener('x', f);  // duplicate ignored
    et.addEventListener('x', { handleEvent(ev) { log.push(['obj', ev.type]); } });
    et.addEventListener('x', () => log.push(['once']), { once: true });
    const ac = new AbortController();
    et.addEventListener('x', () => log.push(['signal']), { signal: ac.signal });
    const ev = new Event('x');
    console.log(et.dispatchEvent(ev), ev.eventPhase, ev.target === et, ev.currentTarget);
    ac.abort();
    et.removeEventListener('x', f);
    console.log(et.dispatchEvent(new Event('x')));
    et.dispatchEvent(new Event('x'));
    console.log(JSON.stringify(log));
    // cancel + stopImmediatePropagation
    const t2 = new EventTarget();
    t2.addEventListener('c', (e) => { e.preventDefault(); e.stopImmediatePropagation(); });
    t2.addEventListener('c', () => console.log('never'));
    console.log(t2.dispatchEvent(new Event('c', { cancelable: true })));
    try { t2.dispatchEvent({ type: 'c' }); } catch (e) { console.log(e.name, e.code, e.message); }
    // aborted signal before adding: never added
    const t3 = new EventTarget();
    t3.addEventListener('q', () => console.log('nope'), { signal: AbortSignal.abort() });
    console.log(t3.dispatchEvent(new Event('q')));
    // subclassing
    class My extends EventTarget { fire() { return this.dispatchEvent(new Event('go')); } }
    const m = new My();
    m.addEventListener('go', (e) => console.log('my go', e.target === m));
    m.fire();
    """
    assert run_js(code) == node_js(code)


def test_listener_exception_is_uncaught(run_js):
    # In Node an exception thrown by an EventTarget listener is reported as an
    # uncaught exception; dispatch itself continues with the next listener.
    code = r"""
    const et = new EventTarget();
    et.addEventListener('x', () => { throw new Error('inside'); });
    et.addEventListener('x', () => console.log('second still runs'));
    console.log(et.dispatchEvent(new Event('x')));
    """
    try:
        out = run_js(code)
    except AssertionError as e:
        assert "inside" in str(e)
        assert "second still runs" in str(e)
    else:
        raise AssertionError("expected the listener error to surface, got: " + out)


def test_inspect_output(run_js, node_js):
    code = r"""
    console.log(new AbortController());
    console.log(AbortSignal.abort(), new EventTarget());
    const E = require('events');
    console.log(new E());
    console.log(Object.keys(new Event('x')).length, Object.keys(new AbortController()).length);
    """
    assert run_js(code) == node_js(code)
