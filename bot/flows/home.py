"""The App Home tab: publish it when the person opens it, and its quick buttons. Search opens
the search modal; Source, New deal and Close deal run ``/leonar source``, ``/leonar deal new``
and ``/leonar deal close`` as if typed in the person's DM with the bot (their modals open with
the click's trigger, their results arrive in that DM)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.commands import ParsedCommand, parse
from bot.flows import shortcuts, source
from bot.flows.deals import start as deals
from bot.slack.home import publish_home
from bot.slack.interaction import Interaction
from bot.ui.actions import HOME_CLOSE_DEAL, HOME_NEW_DEAL, HOME_SOURCE

Route = Callable[[Interaction, ParsedCommand], Awaitable[None]]

#: Home button -> (the /leonar text it stands for, the flow that runs it)
COMMAND_BUTTONS: dict[str, tuple[str, Route]] = {
    HOME_SOURCE: ("source", source.open_modal),
    HOME_NEW_DEAL: ("deal new", deals.command),
    HOME_CLOSE_DEAL: ("deal close", deals.command),
}


async def show(ix: Interaction) -> None:
    """Publish the person's Home tab (status, quick buttons, enrichments, activity)."""
    await publish_home(ix.deps, ix.team_id, ix.user_id, client=ix.client)


async def search(ix: Interaction) -> None:
    """The Search button: the search modal (its results arrive in the person's DM)."""
    await shortcuts.open_search_modal(ix)


async def run_button(ix: Interaction, action_id: str) -> None:
    """A command button: its subcommand's flow, in the person's DM with the bot."""
    button = COMMAND_BUTTONS.get(action_id)
    if button is None:
        return
    text, flow = button
    await flow(await shortcuts.in_dm(ix), parse(text))
