"""The "Search Leonar" modal (global shortcut, App Home button) and its submission: the results
arrive as a thread in the person's DM with the bot, the same thread ``/leonar search`` posts.

``in_dm`` is the same person in that DM, for any flow run from a surface with no channel (a
shortcut, the App Home). The message shortcut "Add to Leonar project" is
``bot.flows.add_to_project.from_message``."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.flows import search
from bot.flows.search import SearchRequest
from bot.slack.interaction import Interaction
from bot.slack.payloads import ViewSubmissionPayload
from bot.ui import shortcuts as ui

TYPE_SOMETHING = "Type what to search for."


async def open_dm(client: AsyncWebClient, user_id: str) -> str:
    """The id of the bot's DM channel with ``user_id`` (``conversations.open``)."""
    response = await client.conversations_open(users=user_id)
    channel = response.get("channel")
    if not isinstance(channel, dict) or not channel.get("id"):
        raise ValueError("conversations.open answered without a channel id")
    return str(channel["id"])


async def in_dm(ix: Interaction) -> Interaction:
    """The same person, in their DM with the bot (trigger kept: a modal can still open)."""
    return ix.at(await open_dm(ix.client, ix.user_id))


async def open_search_modal(ix: Interaction) -> None:
    """The search modal (nothing to load: it opens as it is)."""

    async def nothing_more() -> None:
        return None

    await ix.open_modal(ui.search_modal(), nothing_more)


def search_request(payload: ViewSubmissionPayload) -> SearchRequest:
    """The words and location as typed (spaces squeezed; no parsing: quotes or " in " stay)."""
    query = " ".join((payload.text(ui.SEARCH_BLOCK, ui.SEARCH_INPUT) or "").split())
    location = " ".join((payload.text(ui.LOCATION_BLOCK, ui.LOCATION_INPUT) or "").split())
    return SearchRequest(query=query, location=location or None)


def search_errors(request: SearchRequest) -> dict[str, str]:
    """What to say under the inputs (empty: search)."""
    return {} if request.query else {ui.SEARCH_BLOCK: TYPE_SOMETHING}


def read_search(payload: ViewSubmissionPayload) -> tuple[SearchRequest | None, dict[str, str]]:
    """The search to run, or the errors to show under the inputs."""
    request = search_request(payload)
    errors = search_errors(request)
    return (None, errors) if errors else (request, {})


async def submit_search(ix: Interaction, request: SearchRequest) -> None:
    """The modal's search, posted in the person's DM (the search records the Home line)."""
    await search.search(await in_dm(ix), request)
