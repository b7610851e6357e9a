"""One worker holds 1,000 concurrent invocations that each wait 1 s on a
timer: all answered, in far less than 1,000 s, with bounded memory.  This
server runs with pre-initialised snapshots (the default)."""

from __future__ import annotations

import asyncio
import resource
import time

import pytest

from .conftest import Server, raw_get, write_folder

WAIT = """exports.main = async (context, sendResponse) => {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  sendResponse({ body: { waited: 1000, request: context.params.i[0] } });
};"""
N = 1000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # A thousand sockets on each side; the server process inherits the limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * N if hard == resource.RLIM_INFINITY else min(hard, 4 * N)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    root = tmp_path_factory.mktemp("concurrency")
    folder = write_folder(root, "wait.functions", {"wait": ("GET", WAIT)})
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
