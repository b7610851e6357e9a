"""Redaction: whole values and values in pieces of at least 4 characters,
in console text, error messages, stacks and records; response bodies."""

from __future__ import annotations

import pytest

from runtime.engine import LogLine
from runtime.logs import LogError, render_console
from runtime.secrets import Redactor, contains_secret, refusal_message

from ..logs.records import make_record

TOKEN = "pat-na1-3f9c2b7e-41d8-4c55"
SECRETS = {"HUBSPOT_TOKEN": TOKEN, "PIN": "4242", "TINY": "abc"}


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(SECRETS)


def test_whole_value_on_a_line(redactor):
    assert redactor.redact(f"calling with {TOKEN}!") == "calling with [REDACTED:HUBSPOT_TOKEN]!"
    assert redactor.redact(f"{TOKEN}{TOKEN}") == "[REDACTED:HUBSPOT_TOKEN][REDACTED:HUBSPOT_TOKEN]"


def test_values_shorter_than_4_characters_are_not_redacted(redactor):
    assert redactor.redact("abc and 4242") == "abc and [REDACTED:PIN]"


def test_value_logged_in_two_halves_on_two_lines(redactor):
    first, second = TOKEN[:13], TOKEN[13:]
    assert redactor.redact_all([f"a: {first}", f"b: {second} done"]) == [
        "a: [REDACTED:HUBSPOT_TOKEN]", "b: [REDACTED:HUBSPOT_TOKEN] done"]


def test_value_logged_in_chunks_in_any_order_within_one_text(redactor):
    chunks = [TOKEN[i:i + 5] for i in range(0, 25, 5)] + [TOKEN[25:]]       # five of 5, a last of 1
    text = " | ".join(reversed(chunks))
    clean = redactor.redact(text)
    assert all(chunk not in clean for chunk in chunks[:-1])
    assert clean.count("[REDACTED:HUBSPOT_TOKEN]") == 5


def test_one_fragment_of_a_long_value_is_left_alone(redactor):
    text = "the region na1 and a uuid part 41d8 and 4c55 are ordinary text"
    assert redactor.redact(text) == text


def test_pieces_that_leave_4_or_more_characters_unseen_are_left_alone(redactor):
    assert redactor.redact_all([TOKEN[:10], TOKEN[14:]]) == [TOKEN[:10], TOKEN[14:]]
    assert redactor.redact_all([TOKEN[:10], TOKEN[13:]]) == ["[REDACTED:HUBSPOT_TOKEN]"] * 2


def test_pieces_split_between_console_text_and_error_are_redacted_together(redactor):
    record = make_record(log=f"x INFO prefix {TOKEN[:12]}\n", status="UNHANDLED_ERROR",
                         error=LogError("Error", f"bad token ...{TOKEN[12:]}",
                                        [f"at main (/app/a.js:1:1) {TOKEN}"]))
    clean = redactor.redact_record(record)
    assert clean.log == "x INFO prefix [REDACTED:HUBSPOT_TOKEN]\n"
    assert clean.error == LogError("Error", "bad token ...[REDACTED:HUBSPOT_TOKEN]",
                                   ["at main (/app/a.js:1:1) [REDACTED:HUBSPOT_TOKEN]"])
    assert (clean.id, clean.status, clean.memory) == (record.id, record.status, record.memory)


def test_record_without_error(redactor):
    assert redactor.redact_record(make_record(log=f"x {TOKEN}")).log == "x [REDACTED:HUBSPOT_TOKEN]"


def test_one_value_inside_another_is_named_after_the_longer():
    redactor = Redactor({"USER": "alice", "URL": "https://alice:pw@example.com"})
    assert redactor.redact("https://alice:pw@example.com and alice") == "[REDACTED:URL] and [REDACTED:USER]"


def test_lines_are_redacted_before_the_4_kb_cut():
    """A value straddling the cut would otherwise leave its first half behind."""
    redactor = Redactor({"KEY": TOKEN})
    prefix = len("1970-01-01T00:00:00.000Z INFO ")
    filler = LogLine(0, "INFO", "x" * (4096 - prefix - 1 - prefix - len("token=") - 13))
    lines = [filler, LogLine(0, "INFO", f"token={TOKEN}")]
    assert f"token={TOKEN[:13]}\n" in render_console(lines)         # what cutting first would keep
    clean = render_console(redactor.redact_lines(lines))
    assert "token=[REDACTED" in clean and TOKEN[:4] not in clean


def test_redactor_without_secrets_changes_nothing():
    redactor = Redactor({"TINY": "ab"})
    assert not redactor and redactor.redact_all(["a", "b"]) == ["a", "b"]
    assert "ab" not in repr(Redactor({"K": "abcdefgh"})).replace("values hidden", "")


def test_response_body_with_a_value_names_the_secret():
    assert contains_secret(f'{{"token": "{TOKEN}"}}'.encode(), SECRETS) == ["HUBSPOT_TOKEN"]
    assert contains_secret(b"pin 4242 and abc", SECRETS) == ["PIN"]
    assert contains_secret(TOKEN[:13].encode(), SECRETS) == []          # pieces are a log matter


def test_value_inside_a_json_string_is_found_escaped():
    secrets = {"PEM": 'line one\nline "two"'}
    assert contains_secret(b'{"key":"line one\\nline \\"two\\""}', secrets) == ["PEM"]
    assert contains_secret('line one\nline "two"'.encode(), secrets) == ["PEM"]


def test_refusal_message_says_what_to_do():
    message = refusal_message(["A", "B"])
    assert "not sent" in message and "secret A, B" in message and "refuse_secret_responses" in message
