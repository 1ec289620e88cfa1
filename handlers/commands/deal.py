"""``/leonar deal new | move [deal] | close [deal]``: open the deal modals.

``[deal]`` is an id or words of the title: one match opens the modal for it, several are
offered as buttons (only to the person), none is said; a closed deal is offered a Reopen.
When Leonar takes longer than ``LOOKUP_BUDGET`` to find the deal, the modal opens anyway (the
trigger id lives 3 s) and the lookup's outcome is shown in it."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.leonar import LeonarError
from bot.services import deals as service
from bot.services.deals import DealOrigin
from bot.ui.actions import DEAL_NEW_VIEW
from bot.ui.connect import connect_prompt
from bot.ui.deals import closed_deal_message, deal_choices
from bot.ui.escape import escape
from handlers.commands.router import COMMAND, CommandContext, subcommand
from handlers.views.deals import (
    KIND_VIEWS,
    Builder,
    lookup_builder,
    move_or_close_builder,
    new_deal_builder,
    open_modal,
)

#: seconds of the trigger id's 3 spent finding ``[deal]`` before the modal must open regardless
LOOKUP_BUDGET = 1.5

USAGE = (
    f"Try `{COMMAND} deal new`, `{COMMAND} deal move [deal]` or `{COMMAND} deal close [deal]` "
    "(a deal is its title or its id)."
)


@subcommand("deal")
async def deal_command(ctx: CommandContext) -> None:
    action = ctx.command.action
    if action is None:
        await ctx.ephemeral(USAGE)
        return
    leonar = await ctx.leonar()
    if leonar is None:
        text, blocks = connect_prompt(COMMAND)
        await ctx.ephemeral(text, blocks)
        return
    origin = DealOrigin(channel=ctx.channel_id, user=ctx.user_id, response_url=ctx.response_url)
    if action == "new":
        await _open(ctx, DEAL_NEW_VIEW, new_deal_builder(ctx.deps, origin))
        return
    if not ctx.command.deal:
        await _open(ctx, KIND_VIEWS[action], move_or_close_builder(ctx.deps, action, origin, None))
        return
    lookup = asyncio.ensure_future(service.find_deals(leonar, ctx.command.deal))
    done, _ = await asyncio.wait({lookup}, timeout=LOOKUP_BUDGET)
    if not done:
        # Leonar is slow: open the modal while the trigger is valid and finish in it
        lookup.add_done_callback(_retrieve)  # its error is shown in the modal, if it opened
        build = lookup_builder(ctx.deps, action, origin, lookup, ctx.command.deal)
        await _open(ctx, KIND_VIEWS[action], build)
        return
    try:
        found = lookup.result()
    except LeonarError as exc:
        await ctx.ephemeral(exc.user_message)
        return
    if not found:
        await ctx.ephemeral(f"No deal matches “{escape(ctx.command.deal)}”.")
        return
    if len(found) > 1:
        text, blocks = deal_choices(action, ctx.command.deal, found)
        await ctx.ephemeral(text, blocks)
        return
    deal = found[0]
    if not deal.is_open:
        text, blocks = closed_deal_message(deal)
        await ctx.ephemeral(text, blocks)
        return
    await _open(ctx, KIND_VIEWS[action], move_or_close_builder(ctx.deps, action, origin, deal))


async def _open(ctx: CommandContext, callback_id: str, build: Builder) -> None:
    await open_modal(
        ctx.deps,
        ctx.client,
        trigger_id=ctx.trigger_id,
        team_id=ctx.team_id,
        user_id=ctx.user_id,
        callback_id=callback_id,
        build=build,
    )


def _retrieve(done: asyncio.Future[Any]) -> None:
    if not done.cancelled():
        done.exception()
