"""node:os (fixed sandbox values) and node:timers / timers.promises."""


def test_os_values(run_js):
    code = r"""
    const os = require('os');
    console.log(JSON.stringify([os.EOL, os.platform(), os.type(), os.arch(), os.hostname(), os.homedir(), os.tmpdir(),
      os.totalmem(), os.freemem(), os.endianness(), os.loadavg(), os.networkInterfaces(), os.cpus().length,
      typeof os.cpus()[0].model, typeof os.release(), typeof os.uptime(), os.userInfo().username, os.devNull,
      os.availableParallelism(), typeof os.constants.signals.SIGTERM]));
    """
    assert run_js(code) == (
        '["\\n","linux","Linux","x64","fnbox","/home/fnbox","/tmp",134217728,134217728,"LE",[0,0,0],{},1,'
        '"string","string","number","fnbox","/dev/null",1,"number"]\n'
    )


def test_os_shape_matches_node(run_js, node_js):
    code = r"""
    const os = require('os');
    const shape = (o) => Object.keys(o).sort().map((k) => k + ':' + typeof o[k]).join(' ');
    console.log(shape(os));
    console.log(shape(os.cpus()[0]), shape(os.cpus()[0].times));
    console.log(Object.keys(os.userInfo()).sort().join());
    console.log(os.constants.signals.SIGKILL, os.constants.signals.SIGINT, os.constants.priority.PRIORITY_HIGHEST);
    """
    assert run_js(code) == node_js(code)


def test_timers_module(run_js, node_js):
    code = r"""
    const timers = require('timers');
    console.log(timers.setTimeout === setTimeout, timers.clearTimeout === clearTimeout, timers.setImmediate === setImmediate);
    const order = [];
    await new Promise((resolve) => {
      timers.setTimeout(() => order.push('timeout'), 5);
      timers.setImmediate(() => order.push('immediate'));
      const iv = timers.setInterval(() => { order.push('interval'); if (order.filter((x) => x === 'interval').length === 2) timers.clearInterval(iv); }, 1);
      const never = timers.setTimeout(() => order.push('never'), 1);
      timers.clearTimeout(never);
      timers.setTimeout(resolve, 30);
    });
    console.log(order.filter((x) => x !== 'interval').join(','), order.filter((x) => x === 'interval').length);
    """
    assert run_js(code) == node_js(code)


def test_timers_promises(run_js, node_js):
    code = r"""
    const { promises } = require('timers');
    const tp = promises;
    console.log(await promises.setTimeout(2, 'value'), await promises.setImmediate('imm'), await promises.setTimeout(1));
    const ac = new AbortController();
    const p = promises.setTimeout(1000, 'x', { signal: ac.signal });
    ac.abort();
    try { await p; } catch (e) { console.log(e.name, e.code, e.message); }
    try { await promises.setTimeout(1, 'x', { signal: AbortSignal.abort() }); } catch (e) { console.log(e.name); }
    try { await promises.setTimeout(1, 'x', 'bad'); } catch (e) { console.log(e.name, e.code); }
    let n = 0;
    for await (const v of promises.setInterval(1, 'tick')) { n++; if (n === 3) { console.log(v, n); break; } }
    await tp.scheduler.wait(1);
    console.log('done');
    """
    assert run_js(code) == node_js(code)


def test_timers_promises_module(run_js, node_js):
    code = r"""
    const tp = require('timers/promises');
    console.log(tp.setTimeout === require('timers').promises.setTimeout, require('node:timers/promises') === tp);
    console.log(await tp.setTimeout(1, 'ok'));
    """
    assert run_js(code) == node_js(code)
