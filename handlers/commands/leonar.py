"""The one ``/leonar`` listener: ack at once, parse the text, run the subcommand's flow.

``ROUTES`` is the explicit table of subcommands: each maps to ONE flow function taking the
request's ``Interaction`` and the parsed command."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.commands import COMMAND, ParsedCommand, parse
from bot.flows import add_to_project, connect, enrich, help, search, source, watches
from bot.flows.deals import start as deals
from bot.slack.interaction import Interaction, interaction_of

Route = Callable[[Interaction, ParsedCommand], Awaitable[None]]

ROUTES: dict[str, Route] = {
    "help": help.show,
    "connect": connect.open_modal,
    "disconnect": connect.disconnect,
    "enrich": enrich.command,
    "source": source.open_modal,
    "search": search.run,
    "add": add_to_project.add,
    "deal": deals.command,
    "watch": watches.watch,
    "watches": watches.watches,
    "unwatch": watches.unwatch,
    "digest": watches.digest,
}


async def leonar_command(ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    parsed = parse(command.get("text"))
    await ROUTES.get(parsed.name, help.not_available)(interaction_of(context), parsed)


def register(app: AsyncApp) -> None:
    app.command(COMMAND)(leonar_command)
