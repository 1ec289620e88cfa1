"""``link_shared``: unfurl LinkedIn profiles and Leonar contact links with a contact card
(Bolt acknowledges events itself)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from bot.flows import unfurl
from bot.flows.unfurl import SharedLinks
from bot.slack.interaction import interaction_of


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


async def on_link_shared(event: dict[str, Any], context: AsyncBoltContext) -> None:
    links = event.get("links")
    urls = tuple(
        str(link["url"])
        for link in (links if isinstance(links, list) else [])
        if isinstance(link, dict) and link.get("url")
    )
    shared = SharedLinks(
        urls=urls,
        message_ts=_text(event.get("message_ts")),
        source=_text(event.get("source")),
        unfurl_id=_text(event.get("unfurl_id")),
    )
    await unfurl.unfurl(interaction_of(context), shared)


def register(app: AsyncApp) -> None:
    app.event("link_shared")(on_link_shared)
