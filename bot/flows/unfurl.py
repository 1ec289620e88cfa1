"""Unfurling links (``link_shared``): LinkedIn profiles and Leonar contact pages get a contact
card, looked up with the key of the person who shared the link (no key: nothing is unfurled)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.services.unfurl import links_to_unfurl, lookup_all
from bot.slack.interaction import Interaction
from bot.slack.threads import slack_error_code
from bot.ui.unfurl import unfurl_blocks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SharedLinks:
    """The links of one ``link_shared`` event and where they were shared."""

    urls: tuple[str, ...]
    message_ts: str | None = None
    #: "composer" (a draft being typed) or "conversations_history" (a posted message)
    source: str | None = None
    unfurl_id: str | None = None


async def unfurl(ix: Interaction, shared: SharedLinks) -> None:
    """Unfurl the links worth it with what the sharer's key finds in Leonar."""
    app_url = ix.deps.settings.leonar_app_url
    links = links_to_unfurl(list(shared.urls), app_url=app_url)
    if not links:
        return
    leonar = await ix.leonar()
    if leonar is None:
        log.info("link_shared: the sharer has no Leonar key; not unfurling")
        return
    found = await lookup_all(leonar, links)
    if not found:
        return
    unfurls = {f.link.url: {"blocks": unfurl_blocks(f, app_url=app_url)} for f in found}
    kwargs: dict[str, Any] = {}
    if shared.source and shared.unfurl_id:
        kwargs.update(source=shared.source, unfurl_id=shared.unfurl_id)
    if shared.source != "composer":
        # a posted message: channel + ts identify it (the composer preview has no real ts)
        kwargs.update(channel=ix.channel_id, ts=shared.message_ts)
    try:
        await ix.client.chat_unfurl(unfurls=unfurls, **kwargs)
    except SlackApiError as exc:
        log.warning("chat.unfurl refused: %s", slack_error_code(exc))
