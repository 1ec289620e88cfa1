"""``/leonar enrich [phone|personal_email] <contact>``: starts an enrichment in a new thread."""

from __future__ import annotations

from bot.ui.enrich import WORK_EMAIL, usage_text
from handlers.actions.enrich import EnrichStart, start_enrich
from handlers.commands.router import CommandContext, subcommand


@subcommand("enrich")
async def enrich(ctx: CommandContext) -> None:
    if not ctx.command.contact:
        await ctx.ephemeral(usage_text())
        return
    await start_enrich(
        ctx.deps,
        ctx.poster,
        EnrichStart(
            team_id=ctx.team_id,
            user_id=ctx.user_id,
            channel_id=ctx.channel_id,
            kind=ctx.command.enrich_type or WORK_EMAIL,
            typed=ctx.command.contact,
            response_url=ctx.response_url,
        ),
    )
