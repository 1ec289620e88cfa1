"""``app_uninstalled`` and ``tokens_revoked``: forget what Slack took back.

Thin: each listener reads the event and calls one function of bot.services.maintenance, which
deletes the rows (idempotent: Slack may deliver twice). Bolt acknowledges events itself and
runs these without an ``auth.test`` (the tokens are already gone)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from bot.services.maintenance import forget_workspace, revoke_tokens
from bot.slack.interaction import interaction_of


async def on_app_uninstalled(context: AsyncBoltContext) -> None:
    ix = interaction_of(context)
    await forget_workspace(
        ix.deps.db, team_id=ix.team_id or None, enterprise_id=context.enterprise_id
    )
    if ix.team_id:
        ix.deps.keys.forget(ix.team_id)


async def on_tokens_revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
    ix = interaction_of(context)
    tokens = event.get("tokens")
    tokens = tokens if isinstance(tokens, dict) else {}
    await revoke_tokens(
        ix.deps.db,
        team_id=ix.team_id or None,
        enterprise_id=context.enterprise_id,
        user_ids=[str(user) for user in tokens.get("oauth") or []],
        bot_revoked=bool(tokens.get("bot")),
    )


def register(app: AsyncApp) -> None:
    app.event("app_uninstalled")(on_app_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)
