"""The contact card's overflow menu: one listener, verbs dispatched through a registry.

A feature registers what a verb does with ``@contact_action(VERB_TAG)`` in its own module of
this package (verbs and action ids live in bot/ui/actions.py)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.payloads import ActionPayload, parse_action
from bot.slack.threads import Poster, ThreadRef
from bot.ui.actions import CONTACT_MORE, split_verb_value

log = logging.getLogger(__name__)


@dataclass
class ContactActionContext:
    """What a verb handler gets; the click is already acknowledged."""

    verb: str
    contact_id: str
    payload: ActionPayload
    body: dict[str, Any]
    deps: Deps
    client: AsyncWebClient
    poster: Poster

    @property
    def thread(self) -> ThreadRef:
        """The thread the card lives in (replies go there)."""
        return ThreadRef(
            channel=self.payload.channel_id,
            ts=self.payload.thread_ts,
            response_url=self.payload.response_url,
            user=self.payload.user_id,
        )


ContactActionHandler = Callable[[ContactActionContext], Awaitable[None]]
CONTACT_ACTIONS: dict[str, ContactActionHandler] = {}


def contact_action(verb: str) -> Callable[[ContactActionHandler], ContactActionHandler]:
    def decorator(handler: ContactActionHandler) -> ContactActionHandler:
        CONTACT_ACTIONS[verb] = handler
        return handler

    return decorator


async def on_contact_more(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    payload = parse_action(body)
    if payload is None:
        return
    verb, contact_id = split_verb_value(payload.value)
    handler = CONTACT_ACTIONS.get(verb)
    deps: Deps = context["deps"]
    poster = deps.poster(client)
    if handler is None or not contact_id:
        log.warning("contact menu: unknown verb %r", verb)
        await poster.ephemeral(
            payload.channel_id, payload.user_id, "That action is not available yet."
        )
        return
    await handler(
        ContactActionContext(
            verb=verb,
            contact_id=contact_id,
            payload=payload,
            body=body,
            deps=deps,
            client=client,
            poster=poster,
        )
    )


def register(app: AsyncApp) -> None:
    app.action(CONTACT_MORE)(on_contact_more)
