"""What a secret may be called, and how many an account may have."""

from __future__ import annotations

import re

from .errors import InvalidSecretName

#: HubSpot's limit per account.
MAX_SECRETS = 50
MAX_NAME_LENGTH = 64

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def check_name(name: str) -> str:
    """*name* if it can name a secret: it becomes ``process.env.NAME``, so
    letters, digits and ``_``, not starting with a digit, at most 64."""
    if not name:
        raise InvalidSecretName("A secret needs a name.")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidSecretName(f"The secret name {name[:20]}… is {len(name)} characters long; "
                                f"at most {MAX_NAME_LENGTH} are allowed.")
    if name[0].isdigit():
        raise InvalidSecretName(f"The secret name {name!r} starts with a digit; start it with a letter or _.")
    if not _NAME.fullmatch(name):
        bad = sorted({c for c in name if not (c.isascii() and (c.isalnum() or c == "_"))})
        raise InvalidSecretName(f"The secret name {name!r} contains {', '.join(map(repr, bad))}; "
                                "use only letters, digits and _ (like API_KEY).")
    return name
