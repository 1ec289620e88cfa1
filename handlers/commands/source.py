"""``/leonar source [job titles]``: open the LinkedIn sourcing modal at once (a loading view within
the trigger's 3 s), then fill it with the accounts that can source and the projects."""

from __future__ import annotations

import logging
from typing import Any

from bot.leonar import LeonarError
from bot.services import sourcing
from bot.slack.metadata import encode_metadata
from bot.slack.modals import open_loading_modal, update_modal
from bot.ui import sourcing as ui
from bot.ui.help import error_text
from handlers.commands.router import CommandContext, subcommand

log = logging.getLogger(__name__)

CONNECT_FIRST = "Connect your Leonar account first: type `/leonar connect`."


@subcommand("source")
async def source(ctx: CommandContext) -> None:
    view_id = await open_loading_modal(ctx.client, ctx.trigger_id, ui.loading_view())
    if view_id is None:
        await ctx.ephemeral("I could not open the sourcing form. Please try again.")
        return
    # False when the person closed the loading view already
    await update_modal(ctx.client, view_id, await _real_view(ctx))


async def _real_view(ctx: CommandContext) -> dict[str, Any]:
    client = await ctx.leonar()
    if client is None:
        return ui.notice_view(CONNECT_FIRST)
    try:
        accounts, projects = await sourcing.load_modal_lists(client, ctx.deps.cache)
    except LeonarError as exc:
        return ui.notice_view(error_text(exc.user_message))
    if not accounts:
        return ui.no_account_view()
    if not projects:
        return ui.no_project_view()
    metadata = encode_metadata({"channel": ctx.channel_id, "response_url": ctx.response_url})
    return ui.sourcing_modal(
        accounts, projects, titles=ctx.command.titles, private_metadata=metadata
    )
