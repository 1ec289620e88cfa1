"""Errors the store raises; the messages name the setting and never contain a key."""

from __future__ import annotations

from bot.settings import ConfigError


class StoreError(Exception):
    """Something went wrong in the storage layer."""


class EncryptionKeyRequired(ConfigError):
    """A Leonar key must be stored or read but ENCRYPTION_KEY is not set."""

    def __init__(self) -> None:
        super().__init__("ENCRYPTION_KEY is required to store Leonar keys")


class UndecryptableKey(ConfigError):
    """A stored Leonar key was encrypted with a key that is not in ENCRYPTION_KEY."""

    def __init__(self) -> None:
        super().__init__(
            "ENCRYPTION_KEY cannot decrypt a stored Leonar key "
            "(keep the old key after the new one while rotating)"
        )
