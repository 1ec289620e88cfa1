"""The App Home quick buttons: Search opens the search modal; Source, New deal and Close deal run
``/leonar source``, ``/leonar deal new`` and ``/leonar deal close`` as if typed in the person's DM
with the bot (their modals open, their results arrive in that DM)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import parse
from bot.slack.deps import Deps
from bot.slack.payloads import parse_action
from bot.ui.actions import HOME_CLOSE_DEAL, HOME_NEW_DEAL, HOME_SEARCH, HOME_SOURCE
from handlers.shortcuts.search import open_dm, open_search_modal, run_subcommand

log = logging.getLogger(__name__)

#: Home button -> the /leonar text it stands for
HOME_COMMANDS = {
    HOME_SOURCE: "source",
    HOME_NEW_DEAL: "deal new",
    HOME_CLOSE_DEAL: "deal close",
}


async def on_home_search(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
    await ack()
    payload = parse_action(body)
    if payload is None or not payload.trigger_id:
        return
    try:
        await open_search_modal(client, payload.trigger_id)
    except SlackApiError as exc:
        log.warning("could not open the search modal: %s", exc.response.get("error"))


async def on_home_command(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    payload = parse_action(body)
    if payload is None:
        return
    text = HOME_COMMANDS.get(payload.action.action_id)
    if text is None:
        return
    deps: Deps = context["deps"]
    channel = await open_dm(client, payload.user_id)
    await run_subcommand(
        parse(text),
        deps=deps,
        client=client,
        team_id=payload.team_id,
        user_id=payload.user_id,
        channel_id=channel,
        trigger_id=payload.trigger_id,
    )


def register(app: AsyncApp) -> None:
    app.action(HOME_SEARCH)(on_home_search)
    for action_id in HOME_COMMANDS:
        app.action(action_id)(on_home_command)
