"""One worker holds 1,000 concurrent invocations that each wait 1 s on a
timer: all answered, in far less than 1,000 s, with bounded memory; and
concurrent invocations of every kind (allocating, growing memory, waiting,
spilling to a worker thread) each start from the snapshot while instances
are recycled between them.  This server runs with pre-initialised snapshots
(the default)."""

from __future__ import annotations

import asyncio
import re
import resource
import time

import pytest

from runtime.engine import pages

from .conftest import Server, raw_get, write_folder

WAIT = """exports.main = async (context, sendResponse) => {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  sendResponse({ body: { waited: 1000, request: context.params.i[0] } });
};"""
N = 1000

#: Leaves traces everywhere it can; each request must see none of another's.
POLLUTE = """let calls = 0;
exports.main = async (context, sendResponse) => {
  calls++;
  const seen = { calls, leak: typeof globalThis.leak, proto: typeof ({}).polluted };
  globalThis.leak = context.params.i[0];
  Object.prototype.polluted = context.params.i[0];
  const mode = context.params.mode[0];
  if (mode === 'alloc') { const keep = []; for (let i = 0; i < 2000; i++) keep.push({ i, s: 'x'.repeat(i % 50) }); }
  if (mode === 'grow') new Uint8Array(4 << 20)[5] = 1;
  if (mode === 'wait') await new Promise((r) => setTimeout(r, 5));
  if (mode === 'heavy') { let x = 0; for (let i = 0; i < 3e6; i++) x += i; }
  sendResponse({ body: { request: context.params.i[0], seen } });
};"""
MODES = ("plain", "alloc", "grow", "wait", "heavy")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # A thousand sockets on each side; the server process inherits the limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * N if hard == resource.RLIM_INFINITY else min(hard, 4 * N)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    root = tmp_path_factory.mktemp("concurrency")
    folder = write_folder(root, "wait.functions", {"wait": ("GET", WAIT), "pollute": ("GET", POLLUTE)})
    srv = Server([str(folder)], root / "serve.log")
    yield srv
    srv.stop()


def test_thousand_concurrent_waiting_invocations(server):
    async def run():
        return await asyncio.gather(*(raw_get(server.port, f"/_hcms/api/wait?i={i}") for i in range(N)))

    started = time.monotonic()
    answers = asyncio.run(run())
    elapsed = time.monotonic() - started
    assert [status for status, _, _ in answers] == [200] * N
    # Each answer is its own request's (no mix-ups under load).
    assert all(body == b'{"waited":1000,"request":"%d"}' % i for i, (_, _, body) in enumerate(answers))
    assert len({headers["x-request-id"] for _, headers, _ in answers}) == N
    assert elapsed < 30, f"{N} concurrent 1 s invocations took {elapsed:.1f} s"
    peak = server.peak_rss_mb()
    assert peak < 2048, f"peak RSS {peak:.0f} MB"


def _reused(server) -> int:
    _, _, metrics = asyncio.run(raw_get(server.port, "/_fnbox/metrics"))
    return int(re.search(rb"^fnbox_sandboxes_reused_total (\d+)$", metrics, re.M)[1])


def test_concurrent_invocations_of_every_kind_start_from_the_snapshot(server):
    async def run():
        return await asyncio.gather(*(raw_get(server.port, f"/_hcms/api/pollute?i={i}&mode={MODES[i % len(MODES)]}")
                                      for i in range(300)))

    before = _reused(server)
    answers = asyncio.run(run())
    assert [status for status, _, _ in answers] == [200] * 300
    clean = b'"seen":{"calls":1,"leak":"undefined","proto":"undefined"}'
    assert all(body == b'{"request":"%d",%s}' % (i, clean) for i, (_, _, body) in enumerate(answers))
    assert _reused(server) - before > 100 or not pages.supported()
