"""``/leonar connect`` (the connect modal) and ``/leonar disconnect`` (forget the saved key)."""

from __future__ import annotations

from bot.services.activity import record_activity
from bot.slack.identity import open_connect_modal
from bot.ui.connect import disconnected_text
from handlers.commands.router import CommandContext, subcommand


@subcommand("connect")
async def connect(ctx: CommandContext) -> None:
    await open_connect_modal(
        ctx.deps,
        ctx.client,
        trigger_id=ctx.trigger_id,
        team_id=ctx.team_id,
        user_id=ctx.user_id,
    )


@subcommand("disconnect")
async def disconnect(ctx: CommandContext) -> None:
    deps = ctx.deps
    had_key = await deps.db.user_keys.delete(ctx.team_id, ctx.user_id)
    workspace = await deps.db.workspaces.get(ctx.team_id)
    has_default = (
        bool(workspace.default_key_fingerprint) or deps.settings.leonar_api_key is not None
    )
    if had_key:
        await record_activity(deps, ctx.team_id, ctx.user_id, "Disconnected your Leonar key")
    await ctx.ephemeral(disconnected_text(had_key=had_key, has_default=has_default))
