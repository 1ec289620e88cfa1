from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.store import Database, WorkspaceSettings, fingerprint


async def test_defaults_when_nothing_was_chosen(db: Database) -> None:
    assert await db.workspaces.get("T1") == WorkspaceSettings(team_id="T1")
    assert await db.workspaces.get_default_key("T1") is None


async def test_default_key_is_encrypted_and_can_be_removed(db: Database) -> None:
    await db.workspaces.set_default_key("T1", "leo_team_default_key_xyz")

    async with db.engine.connect() as conn:
        raw = (await conn.execute(text("SELECT * FROM workspace_settings"))).all()
    assert "leo_team_default_key_xyz" not in repr(raw)

    settings = await db.workspaces.get("T1")
    assert settings.has_default_key
    assert settings.default_key_fingerprint == fingerprint("leo_team_default_key_xyz")
    assert await db.workspaces.get_default_key("T1") == "leo_team_default_key_xyz"

    await db.workspaces.set_default_key("T1", None)
    assert not (await db.workspaces.get("T1")).has_default_key
    assert await db.workspaces.get_default_key("T1") is None


async def test_enrichment_results_mode_is_kept_beside_the_key(db: Database) -> None:
    await db.workspaces.set_default_key("T1", "leo_k")
    await db.workspaces.set_enrichment_results("T1", "private")

    settings = await db.workspaces.get("T1")
    assert settings.enrichment_results == "private"
    assert settings.has_default_key
    assert (await db.workspaces.get("T2")).enrichment_results is None

    with pytest.raises(ValueError, match="enrichment_results"):
        await db.workspaces.set_enrichment_results("T1", "channel")  # type: ignore[arg-type]
