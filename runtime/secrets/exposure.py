"""Secret values in response bodies.

Redaction keeps values out of logs; a response is the function's to send,
so a body holding a granted secret's whole value is flagged in the log
record (``secretsInResponse``), and a server setting can refuse to send it
(500 with :func:`refusal_message`).  Only whole values of at least 4
characters count, as UTF-8 text or as they appear inside a JSON string:
pieces are a log-only concern, and flagging every 4-character overlap would
flag ordinary responses.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import msgspec

from .redact import MIN_SECRET_LENGTH


def _forms(value: str) -> set[bytes]:
    return {value.encode(), msgspec.json.encode(value)[1:-1]}


def contains_secret(body: bytes, secrets: Mapping[str, str]) -> list[str]:
    """Names (sorted) of the secrets whose value is in *body*."""
    return sorted(name for name, value in secrets.items()
                  if len(value) >= MIN_SECRET_LENGTH and any(form in body for form in _forms(value)))


def refusal_message(names: Iterable[str]) -> str:
    listed = ", ".join(names)
    return (f"The function's response was not sent because it contains the value of secret {listed}. "
            "Functions must not return secret values; change the function, or let such responses through "
            "with refuse_secret_responses = false in the server configuration.")
