"""``link_shared``: unfurl LinkedIn profiles and Leonar contact links with a contact card.

Everything is looked up with the key of the person who shared the link; without a key (not
connected, no workspace key) nothing is unfurled. Bolt acknowledges events itself."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.unfurl import LinkKind, UnfurlLookup, links_to_unfurl, lookup_all
from bot.slack.deps import Deps
from bot.ui.unfurl import Blocks, contact_not_found_unfurl, contact_unfurl, not_in_leonar_unfurl

log = logging.getLogger(__name__)


def unfurl_blocks(found: UnfurlLookup, *, app_url: str) -> Blocks:
    if found.contact is not None:
        return contact_unfurl(found.contact, app_url=app_url)
    if found.link.kind is LinkKind.LINKEDIN:
        return not_in_leonar_unfurl(found.link.value)
    return contact_not_found_unfurl()


def _urls(event: dict[str, Any]) -> list[str]:
    links = event.get("links")
    if not isinstance(links, list):
        return []
    return [str(link["url"]) for link in links if isinstance(link, dict) and link.get("url")]


async def on_link_shared(
    event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    deps: Deps = context["deps"]
    links = links_to_unfurl(_urls(event), app_url=deps.settings.leonar_app_url)
    if not links:
        return
    team_id = context.team_id or str(body.get("team_id") or "")
    user_id = str(event.get("user") or "")
    leonar = await deps.leonar_for(team_id, user_id)
    if leonar is None:
        log.info("link_shared: the sharer has no Leonar key; not unfurling")
        return
    found = await lookup_all(leonar, links)
    if not found:
        return
    app_url = deps.settings.leonar_app_url
    unfurls = {f.link.url: {"blocks": unfurl_blocks(f, app_url=app_url)} for f in found}
    kwargs: dict[str, Any] = {}
    source, unfurl_id = event.get("source"), event.get("unfurl_id")
    if isinstance(source, str) and isinstance(unfurl_id, str) and source and unfurl_id:
        kwargs.update(source=source, unfurl_id=unfurl_id)
    if source != "composer":
        # a posted message: channel + ts identify it (the composer preview has no real ts)
        kwargs.update(channel=event.get("channel"), ts=event.get("message_ts"))
    try:
        await client.chat_unfurl(unfurls=unfurls, **kwargs)
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        log.warning("chat.unfurl refused: %s", error)


def register(app: AsyncApp) -> None:
    app.event("link_shared")(on_link_shared)
