"""Secrets: stored per account and encrypted at rest (:class:`SecretStore`),
granted to a function only when its ``serverless.json`` lists them,
redacted from everything logged (:class:`Redactor`), flagged in responses
(:func:`contains_secret`), and watched for changes by a running server
(:class:`SecretWatcher`).  ``runtime.secrets.cli`` holds ``fnbox secrets``."""

from .errors import (InvalidSecretName, InvalidSecretValue, SecretError, SecretExists, SecretKeyError,
                     SecretLimitError, SecretNotFound, WrongKeyError)
from .exposure import contains_secret, refusal_message
from .names import MAX_SECRETS, check_name
from .redact import Redactor
from .store import SecretInfo, SecretStore
from .watch import SecretWatcher

__all__ = [
    "SecretStore", "SecretInfo", "SecretWatcher", "Redactor", "contains_secret", "refusal_message",
    "check_name", "MAX_SECRETS", "SecretError", "InvalidSecretName", "InvalidSecretValue", "SecretLimitError",
    "SecretExists", "SecretNotFound", "SecretKeyError", "WrongKeyError",
]
