"""``app_uninstalled`` and ``tokens_revoked``: forget what Slack took back.

Thin: each listener reads the event and calls one function of bot.services.maintenance, which
deletes the rows (idempotent: Slack may deliver twice). Bolt acknowledges events itself and
runs these without an ``auth.test`` (the tokens are already gone)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from bot.services.maintenance import forget_workspace, revoke_tokens
from bot.slack.deps import Deps


def _team_id(body: dict[str, Any], context: AsyncBoltContext) -> str | None:
    return context.team_id or (str(body.get("team_id") or "") or None)


async def on_app_uninstalled(body: dict[str, Any], context: AsyncBoltContext) -> None:
    deps: Deps = context["deps"]
    await forget_workspace(
        deps.db, team_id=_team_id(body, context), enterprise_id=context.enterprise_id
    )


async def on_tokens_revoked(
    event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
) -> None:
    deps: Deps = context["deps"]
    tokens = event.get("tokens") or {}
    await revoke_tokens(
        deps.db,
        team_id=_team_id(body, context),
        enterprise_id=context.enterprise_id,
        user_ids=[str(u) for u in tokens.get("oauth") or []],
        bot_revoked=bool(tokens.get("bot")),
    )


def register(app: AsyncApp) -> None:
    app.event("app_uninstalled")(on_app_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)
