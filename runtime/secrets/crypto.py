"""The key that encrypts secrets at rest, and AES-256-GCM with it.

The key is 32 random bytes, base64-encoded, taken from ``FNBOX_SECRETS_KEY``
when that is set, else from ``<state-dir>/secrets.key``, which is created
(mode 0600) the first time a secret is stored.  Keeping the key in the
environment (a secret manager, a systemd credential) means a copy of the
state directory alone cannot reveal anything.

Every value is sealed with a fresh random 96-bit nonce and bound to its
account and name (associated data), so a ciphertext copied to another row
does not decrypt.  GCM authenticates: a wrong key is detected, never turned
into garbage.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path
from typing import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from runtime.logs.state import ensure_state_dir

from .errors import SecretKeyError, WrongKeyError

KEY_ENV = "FNBOX_SECRETS_KEY"
KEY_FILE = "secrets.key"
KEY_BYTES = 32
NONCE_BYTES = 12
NEW_KEY_HINT = ("make one with: python -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())'")


def encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode()


def decode_key(text: str, where: str) -> bytes:
    """32 bytes from base64 text; the message never repeats the text."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise SecretKeyError(f"{where} must hold {KEY_BYTES} random bytes in base64 (44 characters); "
                             f"{NEW_KEY_HINT}")
    return key


class Cipher:
    """AES-256-GCM under one key; *source* names where the key came from,
    for error messages."""

    def __init__(self, key: bytes, source: str):
        self._aead = AESGCM(key)
        self.source = source

    def __repr__(self) -> str:
        return f"Cipher(key from {self.source})"

    def seal(self, plaintext: bytes, context: bytes) -> tuple[bytes, bytes]:
        """(nonce, ciphertext) of *plaintext*, bound to *context*."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce, self._aead.encrypt(nonce, plaintext, context)

    def open(self, nonce: bytes, ciphertext: bytes, context: bytes, what: str) -> bytes:
        try:
            return self._aead.decrypt(nonce, ciphertext, context)
        except InvalidTag:
            raise WrongKeyError(
                f"Cannot decrypt {what} with the key from {self.source}: it is not the key the secrets were "
                f"stored with. Use the original key (set {KEY_ENV} or restore {KEY_FILE} in the state "
                "directory), or delete and add the secrets again.") from None


class KeySource:
    """Where one state directory's key comes from."""

    def __init__(self, state_dir: str | Path, environ: Mapping[str, str] = os.environ):
        self.path = Path(state_dir) / KEY_FILE
        self.environ = environ

    def cipher(self, *, create: bool) -> Cipher | None:
        """The key in use; with *create*, a new key file when there is none
        yet.  None when there is no key and *create* is false."""
        text = self.environ.get(KEY_ENV)
        if text:
            return Cipher(decode_key(text, KEY_ENV), KEY_ENV)
        if not self.path.exists():
            if not create:
                return None
            self._create()
        try:
            text = self.path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or "it is not base64 text"
            raise SecretKeyError(f"Cannot read the secrets key {self.path}: {reason}.") from None
        return Cipher(decode_key(text, str(self.path)), str(self.path))

    def _create(self) -> None:
        """Write a new key where no other process sees it half written: into
        a private temporary file, then hard-linked into place, which fails
        if another process got there first (its key then wins)."""
        ensure_state_dir(self.path.parent)
        temporary = self.path.with_name(f".{KEY_FILE}.{secrets.token_hex(8)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                os.fchmod(file.fileno(), 0o600)     # whatever the umask
                file.write(encode_key(os.urandom(KEY_BYTES)) + "\n")
                file.flush()
                os.fsync(file.fileno())
            try:
                os.link(temporary, self.path)
            except FileExistsError:
                pass
        finally:
            temporary.unlink(missing_ok=True)
