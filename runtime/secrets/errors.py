"""What can go wrong with secrets.  Every message says what happened and
what to do, and none ever contains a secret's value."""


class SecretError(Exception):
    """Base of every secrets error."""


class InvalidSecretName(SecretError):
    """The name breaks a naming rule."""


class InvalidSecretValue(SecretError):
    """The value cannot be stored (it is empty)."""


class SecretLimitError(SecretError):
    """The account already has as many secrets as allowed."""


class SecretExists(SecretError):
    """``add`` of a name that is already set."""


class SecretNotFound(SecretError):
    """``update`` or ``delete`` of a name that is not set."""


class SecretKeyError(SecretError):
    """The encryption key is missing, unreadable or malformed."""


class WrongKeyError(SecretKeyError):
    """The key is well formed but is not the one the secrets were encrypted with."""
