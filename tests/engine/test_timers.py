"""Timers really wait, run in order, and die with the invocation."""

from __future__ import annotations

from .conftest import main_body


def test_timers_fire_in_due_order_and_really_wait(run):
    r = run(main_body("""
      const out = [];
      const start = Date.now();
      setTimeout(() => out.push('b'), 60);
      setTimeout(() => out.push('a'), 30);
      const iv = setInterval(() => { out.push('i'); if (out.filter(x => x === 'i').length === 3) clearInterval(iv); }, 10);
      const cancelled = setTimeout(() => out.push('never'), 5);
      clearTimeout(cancelled);
      await new Promise(r => setTimeout(r, 100));
      return {out, waited: Date.now() - start};
    """))
    assert r.error is None, r.error
    assert r.output["out"][:3] == ["i", "i", "i"] or r.output["out"].count("i") == 3
    assert r.output["out"].index("a") < r.output["out"].index("b")
    assert "never" not in r.output["out"]
    assert r.output["waited"] >= 95


def test_zero_delay_timers_and_immediates_run_without_host_round_trips(run):
    r = run(main_body("""
      let n = 0;
      for (let i = 0; i < 1000; i++) setTimeout(() => n++, 0);
      await new Promise(r => setImmediate(r));
      await new Promise(r => setTimeout(r, 0));
      return n;
    """))
    assert r.output == 1000


def test_pending_timers_are_cancelled_when_the_response_is_sent(run):
    r = run(main_body("setTimeout(() => console.log('after'), 50); send('done');"))
    assert r.output == "done"
    assert r.logs == []
    assert r.wall_ms < 50


def test_console_levels_are_recorded(run):
    r = run(main_body("console.log('l'); console.info('i'); console.warn('w'); console.error('e'); console.debug('d'); send(1);"))
    assert [(l.level, l.text) for l in r.logs] == [("INFO", "l"), ("INFO", "i"), ("WARN", "w"), ("ERROR", "e"), ("DEBUG", "d")]
