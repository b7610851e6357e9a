"""``fnbox logs ENDPOINT``: formats, options, and --follow across processes."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from runtime.logs import LogError, LogStore
from runtime.logs.cli import logs

from .records import make_record

ROOT = Path(__file__).resolve().parents[2]
T0 = 1619637313200      # 2021-04-28T19:15:13.200Z


@pytest.fixture
def state(tmp_path) -> Path:
    return tmp_path / "state"


def run(state: Path, *args: str):
    result = CliRunner().invoke(logs, [*args, "--state-dir", str(state)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def seed(state: Path, *records) -> None:
    LogStore.in_state_dir(state).insert(list(records))


def test_no_logs_found(state):
    result = run(state, "hello")
    assert result.exit_code == 0 and result.output == "No logs found.\n"
    assert not state.exists()


def test_prints_like_hubspot_oldest_first(state):
    seed(state, make_record(created_at=T0, log="2021-04-28T19:15:13.190Z INFO first\n"),
         make_record(created_at=T0 + 1000, status="UNHANDLED_ERROR",
                     error=LogError("Error", "boom", ["at main (/app/hello.js:1:1)"])))
    assert run(state, "hello").output == (
        "2021-04-28T19:15:13.200Z - SUCCESS - Execution Time: 12ms\n"
        "2021-04-28T19:15:13.190Z INFO first\n"
        "\n"
        "2021-04-28T19:15:14.200Z - UNHANDLED_ERROR - Execution Time: 12ms\n"
        "Error: boom\n"
        "    at main (/app/hello.js:1:1)\n")


def test_latest_limit_and_compact(state):
    seed(state, *(make_record(created_at=T0 + i * 1000, log=f"x INFO n{i}\n") for i in range(5)))
    assert run(state, "hello", "--latest").output.splitlines()[1] == "x INFO n4"
    compact = run(state, "hello", "--limit", "2", "--compact").output.splitlines()
    assert compact == ["2021-04-28T19:15:16.200Z - SUCCESS - Execution Time: 12ms",
                       "2021-04-28T19:15:17.200Z - SUCCESS - Execution Time: 12ms"]
    assert run(state, "hello", "--limit", "0").exit_code == 2


def test_json_is_one_record_per_line(state):
    seed(state, make_record(log="a"), make_record(log="b"))
    lines = run(state, "hello", "--json").output.splitlines()
    assert [json.loads(line)["log"] for line in lines] == ["a", "b"]
    assert set(json.loads(lines[0])) >= {"id", "executionTime", "log", "error", "status", "createdAt", "memory",
                                         "requestId", "endpoint", "method", "httpStatus", "billedMs", "fuel"}


def test_account_id_selects_the_account(state):
    seed(state, make_record(log="one"), make_record(log="two", account_id=2))
    assert "two" in run(state, "hello", "--json", "--account-id", "2").output
    assert "one" not in run(state, "hello", "--json", "--account-id", "2").output


class Lines:
    """A subprocess's output stream, read line by line on a thread so that
    waits can be bounded."""

    def __init__(self, stream):
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.queue.put(line) for line in stream], daemon=True).start()

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.seen):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{text!r} did not appear; saw {self.seen!r}")
            try:
                self.seen.append(self.queue.get(timeout=remaining))
            except queue.Empty:
                pass


WRITER = textwrap.dedent("""
    import sys
    from runtime.logs import LogStore, LogWriter
    from tests.logs.records import make_record
    with LogWriter(LogStore.in_state_dir(sys.argv[1])) as writer:
        for text in sys.argv[2:]:
            writer.write(make_record(log=text))
""")


def python(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, text=True, **kwargs)


def test_follow_prints_records_a_server_process_writes(state):
    seed(state, make_record(log="written before following"))
    follower = python("-c", "from runtime.logs.cli import logs; logs()", "hello", "--follow",
                      "--state-dir", str(state), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        Lines(follower.stderr).wait_for("Following logs for hello")
        output = Lines(follower.stdout)
        writer = python("-c", WRITER, str(state), "x INFO first new", "x INFO second new")
        assert writer.wait(60) == 0
        output.wait_for("x INFO second new")
        shown = "".join(output.seen)
        assert "x INFO first new" in shown and "written before following" not in shown
        assert shown.count(" - SUCCESS - Execution Time: 12ms") == 2
    finally:
        follower.terminate()
        follower.wait(10)
