"""Typeahead answers of the deal modals' external selects: deals, companies, contacts."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.leonar import LeonarClient, LeonarError
from bot.services import deals as service
from bot.slack.deps import Deps
from bot.ui.actions import DEAL_COMPANY_SEARCH, DEAL_CONTACT_SEARCH, DEAL_SEARCH
from bot.ui.deals import company_option, contact_option, deal_option, options_answer

log = logging.getLogger(__name__)

Json = dict[str, Any]
Search = Callable[[LeonarClient, str], Awaitable[list[Json]]]


async def _deals(client: LeonarClient, query: str) -> list[Json]:
    return [deal_option(d) for d in await service.search_open_deals(client, query)]


async def _companies(client: LeonarClient, query: str) -> list[Json]:
    return [company_option(c) for c in await service.search_companies(client, query)]


async def _contacts(client: LeonarClient, query: str) -> list[Json]:
    return [contact_option(c) for c in await service.search_contacts(client, query)]


def _listener(search: Search) -> Callable[..., Awaitable[None]]:
    async def answer(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        deps: Deps = context["deps"]
        team = (body.get("team") or {}).get("id")
        user = (body.get("user") or {}).get("id")
        query = str(body.get("value") or "")
        leonar = await deps.leonar_for(team, user)
        options: list[Json] = []
        if leonar is not None:
            try:
                options = await search(leonar, query)
            except LeonarError as exc:
                log.warning("deal typeahead failed: %s", type(exc).__name__)
        await ack(options=options_answer(options))

    return answer


def register(app: AsyncApp) -> None:
    app.options(DEAL_SEARCH)(_listener(_deals))
    app.options(DEAL_COMPANY_SEARCH)(_listener(_companies))
    app.options(DEAL_CONTACT_SEARCH)(_listener(_contacts))
