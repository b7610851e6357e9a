"""What HTTP can carry: header checks and the 6 MB limit on a function's
answer, deep JSON in a request, and the 429 body (no server needed)."""

from __future__ import annotations

import json

import pytest

from runtime.http.hooks import Admitted
from runtime.http.requests import RequestError, decode_json
from runtime.http.responses import budget_refusal, checked, validate
from runtime.invoke import BudgetView, FunctionResponse
from runtime.engine import Limits


def answer(*headers: tuple[str, str], body: bytes = b"ok") -> FunctionResponse:
    return FunctionResponse(200, list(headers), body)


@pytest.mark.parametrize("value, shown", [("a\x00b", "U+0000"), ("\x01", "U+0001"), ("a\x0bb", "U+000B"),
                                          ("x\x7f", "U+007F"), ("a\nb", "U+000A"), ("\ud800", "U+D800")])
def test_unsendable_header_values_are_named(value, shown):
    response, problem = validate(answer(("x-token", value)))
    assert problem is not None and "'x-token'" in problem and shown in problem
    failed = checked(answer(("x-token", value)), "rid")
    assert failed.status == 500
    assert json.loads(failed.body) == {"message": f"The function's response is not valid: {problem}.",
                                       "requestId": "rid"}


def test_blanks_around_values_are_dropped_and_tabs_inside_kept():
    response, problem = validate(answer(("x-a", "  v\tw \t"), ("x-b", "é")))
    assert problem is None and response.headers == [("x-a", "v\tw"), ("x-b", "é")]
    unchanged = answer(("x-a", "v"))
    assert validate(unchanged) == (unchanged, None)


def test_header_bytes_count_against_six_megabytes():
    mb = 1024 * 1024
    assert validate(answer(("x-big", "h" * 8 * mb)))[1] == "the body and headers together are larger than 6 MB"
    assert validate(answer(("x-big", "h" * 3 * mb), body=b"b" * 3 * mb))[1] is not None
    assert validate(answer(("x-big", "h" * 2 * mb), body=b"b" * 3 * mb))[1] is None
    assert validate(answer(body=b"b" * 7 * mb))[1] == "the body is larger than 6 MB"


def test_bad_names_and_informational_status():
    assert "not a valid header name" in validate(answer(("bad name", "v")))[1]
    assert "informational" in validate(FunctionResponse(101, [], b""))[1]


@pytest.mark.parametrize("raw", [b"[" * 3000 + b"]" * 3000, b'{"a":' * 3000 + b"1" + b"}" * 3000,
                                 b"\xef\xbb\xbf" + b"[" * 3000 + b"]" * 3000, b"[" * 5000])
def test_deep_json_is_a_400(raw):
    with pytest.raises(RequestError) as caught:
        decode_json(raw)
    assert caught.value.status == 400 and "nested too deeply" in caught.value.message


def test_refusal_names_the_limit():
    refusal = Admitted(False, BudgetView(), Limits(), "Account 3 has used its 10 execution-seconds per minute.",
                       limit="execution_seconds_per_minute", retry_after=41.2)
    response = budget_refusal(refusal, "rid")
    assert response.status == 429
    assert ("retry-after", "42") in response.headers
    assert json.loads(response.body) == {"message": "Account 3 has used its 10 execution-seconds per minute.",
                                         "requestId": "rid", "limit": "execution_seconds_per_minute",
                                         "retryAfter": 42}


def test_invalid_utf8_json_body_is_a_400_with_the_position():
    with pytest.raises(RequestError) as info:
        decode_json(b'{"a": "\xbd"}')
    assert info.value.status == 400 and "line 1" in info.value.message
