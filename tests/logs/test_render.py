"""Printing records like ``hs cms function logs``, and the 4 KB cap on console text."""

from __future__ import annotations

from runtime.engine import LogLine
from runtime.logs import LOG_LIMIT_BYTES, LogError, render_console, render_record, render_records
from runtime.logs.record import TRUNCATED_WARNING

from .records import make_record

T0 = 1619637313200      # 2021-04-28T19:15:13.200Z


def test_success_header_then_console_text():
    record = make_record(created_at=T0, log="2021-04-28T19:15:13.200Z INFO Log some debug info\n")
    assert render_record(record) == ("2021-04-28T19:15:13.200Z - SUCCESS - Execution Time: 12ms\n"
                                     "2021-04-28T19:15:13.200Z INFO Log some debug info")


def test_error_shows_console_text_then_type_message_and_stack():
    error = LogError("TypeError", "nope 42", ["at deep (/app/throw.js:1:25)", "at main (/app/throw.js:2:22)"])
    record = make_record(created_at=T0, status="UNHANDLED_ERROR", log="2021-04-28T19:15:13.200Z INFO before\n",
                         error=error)
    assert render_record(record).splitlines() == [
        "2021-04-28T19:15:13.200Z - UNHANDLED_ERROR - Execution Time: 12ms",
        "2021-04-28T19:15:13.200Z INFO before",
        "TypeError: nope 42",
        "    at deep (/app/throw.js:1:25)",
        "    at main (/app/throw.js:2:22)",
    ]


def test_compact_is_header_lines_only():
    records = [make_record(created_at=T0, log="x INFO a\n"),
               make_record(created_at=T0 + 1000, status="ERROR", error=LogError("TimeoutError", "10 s"))]
    assert render_records(records, compact=True) == (
        "2021-04-28T19:15:13.200Z - SUCCESS - Execution Time: 12ms\n"
        "2021-04-28T19:15:14.200Z - ERROR - Execution Time: 12ms")


def test_full_records_are_separated_by_a_blank_line():
    records = [make_record(created_at=T0, log="x INFO a\n"), make_record(created_at=T0, log="x INFO b\n")]
    assert render_records(records).split("\n\n") == [render_record(r) for r in records]


def test_nothing_found():
    assert render_records([]) == "No logs found."


def test_missing_and_exposed_secrets_are_named_after_the_header():
    record = make_record(created_at=T0, log="x INFO a\n", missingSecrets=["API_KEY"],
                         secretsInResponse=["TOKEN"])
    lines = render_record(record).splitlines()
    assert "secret API_KEY is listed in serverless.json but not set" in lines[1]
    assert "response body contained the value of secret TOKEN" in lines[2]
    assert lines[3] == "x INFO a"
    assert render_record(record, compact=True) == lines[0]


def lines_of(count: int, size: int) -> list[LogLine]:
    return [LogLine(T0 + i, "INFO", f"{i:04d}" + "x" * (size - 4)) for i in range(count)]


def test_console_text_is_capped_at_4_kb_with_hubspot_warning():
    text = render_console(lines_of(200, 60))
    assert text.endswith("\nWARNING: The logs for this function have exceeded the 4KB limit.\n")
    kept = text.removesuffix(TRUNCATED_WARNING + "\n").rstrip("\n")
    assert LOG_LIMIT_BYTES - 100 < len(kept.encode()) <= LOG_LIMIT_BYTES    # filled up to the cap
    assert kept.startswith("2021-04-28T19:15:13.200Z INFO 0000xxx")


def test_console_text_under_the_cap_is_whole_without_warning():
    text = render_console(lines_of(10, 60))
    assert text.count("\n") == 10 and TRUNCATED_WARNING not in text


def test_lines_dropped_by_the_engine_also_give_the_warning():
    assert render_console(lines_of(1, 10), dropped=5).endswith(TRUNCATED_WARNING + "\n")


def test_cap_counts_bytes_and_never_splits_a_character():
    text = render_console([LogLine(T0, "INFO", "é" * 5000)])
    body = text.removesuffix(TRUNCATED_WARNING + "\n").rstrip("\n")
    assert len(body.encode()) <= LOG_LIMIT_BYTES
    assert body.endswith("é")
