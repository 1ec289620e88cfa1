"""Per-workspace settings an admin chooses: the default Leonar key, where results go."""

from __future__ import annotations

from typing import Any, get_args

from sqlalchemy import select, update

from bot.store.base import EngineHandle, Repository, dialect_insert
from bot.store.crypto import KeyCipher, fingerprint
from bot.store.models import EnrichmentResults, WorkspaceSettings
from bot.store.schema import workspace_settings as ws

_MODES: tuple[str, ...] = get_args(EnrichmentResults)


class WorkspaceRepository(Repository):
    def __init__(self, handle: EngineHandle, cipher: KeyCipher) -> None:
        super().__init__(handle)
        self._cipher = cipher

    async def get(self, team_id: str) -> WorkspaceSettings:
        """The team's settings; defaults (no key, mode None) when nothing was chosen."""
        async with self._db.read() as conn:
            row = (
                await conn.execute(
                    select(ws.c.default_key_fingerprint, ws.c.enrichment_results).where(
                        ws.c.team_id == team_id
                    )
                )
            ).first()
        if row is None:
            return WorkspaceSettings(team_id=team_id)
        mode = row.enrichment_results if row.enrichment_results in _MODES else None
        return WorkspaceSettings(
            team_id=team_id,
            default_key_fingerprint=row.default_key_fingerprint,
            enrichment_results=mode,
        )

    async def get_default_key(self, team_id: str) -> str | None:
        """The decrypted workspace default key, or None."""
        async with self._db.read() as conn:
            token: bytes | None = await conn.scalar(
                select(ws.c.default_key_ciphertext).where(ws.c.team_id == team_id)
            )
        return None if token is None else self._cipher.decrypt(token)

    async def set_default_key(
        self,
        team_id: str,
        api_key: str | None,
        *,
        key_fingerprint: str | None = None,
        now: float | None = None,
    ) -> None:
        """Store the workspace default key (encrypted); None removes it."""
        if api_key is None:
            await self._set(team_id, now, default_key_ciphertext=None, default_key_fingerprint=None)
            return
        await self._set(
            team_id,
            now,
            default_key_ciphertext=self._cipher.encrypt(api_key),
            default_key_fingerprint=key_fingerprint or fingerprint(api_key),
        )

    async def set_enrichment_results(
        self, team_id: str, mode: EnrichmentResults | None, *, now: float | None = None
    ) -> None:
        """'thread' or 'private'; None goes back to the process default."""
        if mode is not None and mode not in _MODES:
            raise ValueError(f"enrichment_results must be one of {_MODES}, not {mode!r}")
        await self._set(team_id, now, enrichment_results=mode)

    async def _set(self, team_id: str, now: float | None, **values: Any) -> None:
        values["updated_at"] = self._now(now)
        async with self._db.write() as conn:
            stmt = dialect_insert(conn, ws).values(team_id=team_id, **values)
            await conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["team_id"], set_={k: stmt.excluded[k] for k in values}
                )
            )

    async def reencrypt_all(self) -> int:
        """Re-encrypt every workspace default key under the first ENCRYPTION_KEY."""
        count = 0
        async with self._db.write() as conn:
            rows = (
                await conn.execute(
                    select(ws.c.team_id, ws.c.default_key_ciphertext).where(
                        ws.c.default_key_ciphertext.is_not(None)
                    )
                )
            ).all()
            for team_id, token in rows:
                await conn.execute(
                    update(ws)
                    .where(ws.c.team_id == team_id)
                    .values(default_key_ciphertext=self._cipher.rotate(token))
                )
                count += 1
        return count
