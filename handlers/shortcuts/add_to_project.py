"""Message shortcut "Add to Leonar project": find the person in the message (a LinkedIn profile
link, else an email) and open the add-to-project modal for them."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import add_to_project
from bot.slack.interaction import interaction_of
from bot.ui.actions import SHORTCUT_ADD_TO_PROJECT


async def on_add_shortcut(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    message = body.get("message")
    await add_to_project.from_message(
        interaction_of(context), message if isinstance(message, dict) else {}
    )


def register(app: AsyncApp) -> None:
    app.shortcut(SHORTCUT_ADD_TO_PROJECT)(on_add_shortcut)
