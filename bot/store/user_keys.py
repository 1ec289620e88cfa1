"""Each user's own Leonar key, encrypted at rest (see :mod:`bot.store.crypto`)."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from bot.store.base import EngineHandle, Repository, upsert
from bot.store.crypto import KeyCipher, fingerprint
from bot.store.schema import user_keys, workspace_settings


class UserKeyRepository(Repository):
    def __init__(self, handle: EngineHandle, cipher: KeyCipher) -> None:
        super().__init__(handle)
        self._cipher = cipher

    async def set(
        self,
        team_id: str,
        user_id: str,
        api_key: str,
        *,
        key_fingerprint: str | None = None,
        now: float | None = None,
    ) -> None:
        """Store (or replace) the user's key. Raises EncryptionKeyRequired without ENCRYPTION_KEY."""
        ciphertext = self._cipher.encrypt(api_key)
        values = {
            "team_id": team_id,
            "user_id": user_id,
            "ciphertext": ciphertext,
            "key_fingerprint": key_fingerprint or fingerprint(api_key),
            "created_at": self._now(now),
        }
        async with self._db.write() as conn:
            await conn.execute(
                upsert(
                    conn,
                    user_keys,
                    values,
                    keys=("team_id", "user_id"),
                    update=("ciphertext", "key_fingerprint", "created_at"),
                )
            )

    async def get(self, team_id: str, user_id: str) -> str | None:
        """The decrypted key, or None. Raises a ConfigError if it cannot be decrypted."""
        async with self._db.read() as conn:
            token: bytes | None = await conn.scalar(
                select(user_keys.c.ciphertext).where(
                    user_keys.c.team_id == team_id, user_keys.c.user_id == user_id
                )
            )
        return None if token is None else self._cipher.decrypt(token)

    async def get_or_workspace_default(
        self, team_id: str, user_id: str
    ) -> tuple[str | None, str | None]:
        """(the user's own key, the workspace's default key), decrypted, from ONE read: the
        key resolution of every request (two reads cost a search 1 ms of CPU). The default key
        is only decrypted when the user has none."""
        own = (
            select(user_keys.c.ciphertext)
            .where(user_keys.c.team_id == team_id, user_keys.c.user_id == user_id)
            .scalar_subquery()
        )
        shared = (
            select(workspace_settings.c.default_key_ciphertext)
            .where(workspace_settings.c.team_id == team_id)
            .scalar_subquery()
        )
        async with self._db.read() as conn:
            row = (await conn.execute(select(own.label("own"), shared.label("shared")))).one()
        own_key = None if row.own is None else self._cipher.decrypt(row.own)
        if own_key:
            return own_key, None
        return own_key, None if row.shared is None else self._cipher.decrypt(row.shared)

    async def fingerprint(self, team_id: str, user_id: str) -> str | None:
        """The stored key's fingerprint (no decryption needed), or None."""
        async with self._db.read() as conn:
            value: str | None = await conn.scalar(
                select(user_keys.c.key_fingerprint).where(
                    user_keys.c.team_id == team_id, user_keys.c.user_id == user_id
                )
            )
        return value

    async def delete(self, team_id: str, user_id: str) -> bool:
        async with self._db.write() as conn:
            res = await conn.execute(
                delete(user_keys).where(
                    user_keys.c.team_id == team_id, user_keys.c.user_id == user_id
                )
            )
        return int(res.rowcount) == 1

    async def reencrypt_all(self) -> int:
        """Re-encrypt every stored user key under the first ENCRYPTION_KEY; returns how many."""
        count = 0
        async with self._db.write() as conn:
            rows = (
                await conn.execute(
                    select(user_keys.c.team_id, user_keys.c.user_id, user_keys.c.ciphertext)
                )
            ).all()
            for team_id, user_id, token in rows:
                await conn.execute(
                    update(user_keys)
                    .where(user_keys.c.team_id == team_id, user_keys.c.user_id == user_id)
                    .values(ciphertext=self._cipher.rotate(token))
                )
                count += 1
        return count
