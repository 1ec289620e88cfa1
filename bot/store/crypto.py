"""Encryption of Leonar keys at rest with Fernet; several keys allow rotation.

``ENCRYPTION_KEY`` holds one or more comma-separated Fernet keys (``Fernet.generate_key()``).
The first one encrypts; all of them decrypt. To rotate: put the new key first, keep the old
ones after it, call ``reencrypt_all()`` on the repositories, then drop the old keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.settings import ConfigError
from bot.store.errors import EncryptionKeyRequired, UndecryptableKey


def parse_encryption_keys(value: str | None) -> list[str]:
    """Split ``ENCRYPTION_KEY`` ("k1,k2") into keys; empty or unset gives ``[]``."""
    if not value:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


def fingerprint(api_key: str) -> str:
    """A short, non-reversible name for a key: safe to log and store (12 hex of sha256)."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:12]


class KeyCipher:
    """Encrypts and decrypts Leonar keys; without keys, every use raises a ConfigError."""

    def __init__(self, keys: Sequence[str] | None) -> None:
        fernets: list[Fernet] = []
        for index, key in enumerate(keys or ()):
            try:
                fernets.append(Fernet(key.encode()))
            except (ValueError, TypeError):
                raise ConfigError(
                    f"ENCRYPTION_KEY is invalid: key #{index + 1} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes)"
                ) from None
        self._fernet: MultiFernet | None = MultiFernet(fernets) if fernets else None

    def _require(self) -> MultiFernet:
        if self._fernet is None:
            raise EncryptionKeyRequired()
        return self._fernet

    def encrypt(self, plaintext: str) -> bytes:
        return self._require().encrypt(plaintext.encode())

    def decrypt(self, token: bytes) -> str:
        try:
            return self._require().decrypt(bytes(token)).decode()
        except InvalidToken:
            raise UndecryptableKey() from None

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt a token under the first key (no-op in meaning, new bytes)."""
        try:
            return self._require().rotate(bytes(token))
        except InvalidToken:
            raise UndecryptableKey() from None
