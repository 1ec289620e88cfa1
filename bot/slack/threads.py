"""Posting to Slack: the ONE place that sends messages, with the not-in-channel fallback.

Every answer that is more than a one-line error goes into a thread: ``start_thread`` posts the
parent in the channel, ``reply`` posts under it. Where the bot cannot post in that channel (a
private channel or a DM it is not in), the answer goes to the person through ``response_url``
(ephemeral) together with how to invite the bot; the returned ``ThreadRef`` remembers that, so
later replies take the same way. Slack's 429s are waited out by the client's retry handler.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.ui.help import invite_hint

log = logging.getLogger(__name__)

Blocks = list[dict[str, Any]]

#: Slack errors that mean "the bot cannot post here" (answer through response_url instead)
FALLBACK_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "restricted_action",
        "cannot_dm_bot",
        "messages_tab_disabled",
    }
)
BOT_MENTION = "@Leonar"


@dataclass(frozen=True)
class ThreadRef:
    """Where a thread lives. ``fallback`` threads have no parent: replies go via ``response_url``."""

    channel: str
    ts: str
    response_url: str | None = None
    user: str | None = None
    fallback: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ThreadRef:
        return cls(
            channel=str(data["channel"]),
            ts=str(data.get("ts") or ""),
            response_url=data.get("response_url"),
            user=data.get("user"),
            fallback=bool(data.get("fallback", False)),
        )


def slack_error_code(exc: SlackApiError) -> str:
    data = exc.response.data if exc.response is not None else None
    if isinstance(data, dict):
        return str(data.get("error") or "")
    return ""


def _require_text(text: str) -> str:
    if not text or not text.strip():
        raise ValueError("Slack messages need a non-empty text (notification fallback)")
    return text


class Poster:
    """Sends messages for one workspace: ``client`` carries that workspace's bot token."""

    def __init__(
        self,
        client: AsyncWebClient,
        http: httpx.AsyncClient,
        *,
        bot_mention: str = BOT_MENTION,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.client = client
        self.http = http
        self.bot_mention = bot_mention
        self._sleep = sleep

    async def start_thread(
        self,
        channel: str,
        text: str,
        blocks: Blocks | None = None,
        *,
        response_url: str | None = None,
        user: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> ThreadRef:
        """Post the parent message in ``channel``; fall back to ``response_url`` if the bot can't.

        ``metadata`` is Slack message metadata (``{"event_type", "event_payload"}``)."""
        _require_text(text)
        try:
            resp = await self._post(channel, None, text, blocks, metadata)
        except SlackApiError as exc:
            code = slack_error_code(exc)
            if code not in FALLBACK_ERRORS or not response_url:
                raise
            log.info("cannot post in %s (%s): answering through response_url", channel, code)
            hint = invite_hint(self.bot_mention)
            fallback_blocks: Blocks = list(blocks or [{"type": "section", "text": _mrkdwn(text)}])
            fallback_blocks.append({"type": "context", "elements": [_mrkdwn(hint)]})
            await self.respond(response_url, f"{text}\n\n{hint}", fallback_blocks)
            return ThreadRef(channel, "", response_url=response_url, user=user, fallback=True)
        return ThreadRef(
            str(resp.get("channel") or channel),
            str(resp["ts"]),
            response_url=response_url,
            user=user,
        )

    async def reply(
        self,
        thread: ThreadRef,
        text: str,
        blocks: Blocks | None = None,
        *,
        metadata: dict[str, Any] | None = None,
    ) -> str:
        """Post under the thread's parent; returns the reply's ts ("" when sent via response_url).

        ``metadata`` is Slack message metadata (``{"event_type", "event_payload"}``)."""
        _require_text(text)
        if thread.fallback:
            if thread.response_url is None:
                raise ValueError("a fallback thread needs a response_url")
            await self.respond(thread.response_url, text, blocks)
            return ""
        try:
            resp = await self._post(thread.channel, thread.ts, text, blocks, metadata)
        except SlackApiError as exc:
            if slack_error_code(exc) not in FALLBACK_ERRORS or not thread.response_url:
                raise
            await self.respond(thread.response_url, text, blocks)
            return ""
        return str(resp["ts"])

    async def _post(
        self,
        channel: str,
        thread_ts: str | None,
        text: str,
        blocks: Blocks | None,
        metadata: dict[str, Any] | None,
    ) -> AsyncSlackResponse:
        """``chat.postMessage`` without link previews (``thread_ts``: a reply)."""
        return await self.client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=text,
            blocks=blocks,
            unfurl_links=False,
            unfurl_media=False,
            metadata=metadata,
        )

    async def update(
        self,
        channel: str,
        ts: str,
        text: str,
        blocks: Blocks | None = None,
        *,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        """Replace a message the bot posted (``metadata``: Slack message metadata to set)."""
        _require_text(text)
        kwargs: dict[str, Any] = {"metadata": metadata} if metadata else {}
        await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks, **kwargs)

    async def delete(self, channel: str, ts: str) -> None:
        """Delete a message the bot posted."""
        await self.client.chat_delete(channel=channel, ts=ts)

    async def ephemeral(
        self,
        channel: str,
        user: str,
        text: str,
        blocks: Blocks | None = None,
        *,
        response_url: str | None = None,
        thread_ts: str | None = None,
    ) -> None:
        """Show a message to ``user`` only: via ``response_url`` when given, else chat.postEphemeral."""
        _require_text(text)
        if response_url and await self.respond(response_url, text, blocks):
            return
        kwargs: dict[str, Any] = {"channel": channel, "user": user, "text": text, "blocks": blocks}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        try:
            await self.client.chat_postEphemeral(**kwargs)
        except SlackApiError as exc:
            if slack_error_code(exc) not in FALLBACK_ERRORS:
                raise
            # last resort: a DM from the bot (the person still gets the answer)
            await self.client.chat_postMessage(channel=user, text=text, blocks=blocks)

    async def respond(
        self,
        response_url: str,
        text: str,
        blocks: Blocks | None = None,
        *,
        response_type: str = "ephemeral",
        replace_original: bool = False,
        delete_original: bool = False,
    ) -> bool:
        """POST to a response_url. Returns False (and logs) when Slack did not take it."""
        _require_text(text)
        payload: dict[str, Any] = {
            "text": text,
            "response_type": response_type,
            "replace_original": replace_original,
        }
        if blocks is not None:
            payload["blocks"] = blocks
        if delete_original:
            payload["delete_original"] = True
        for attempt in range(3):
            try:
                resp = await self.http.post(response_url, json=payload, timeout=10.0)
            except httpx.HTTPError as exc:
                log.warning("response_url post failed: %s", type(exc).__name__)
                return False
            if resp.status_code == 429 and attempt < 2:
                await self._sleep(_retry_after(resp))
                continue
            if resp.status_code >= 400:
                log.warning("response_url answered %s", resp.status_code)
                return False
            return True
        return False


def _retry_after(resp: httpx.Response) -> float:
    try:
        return min(max(float(resp.headers.get("Retry-After", "1")), 0.0), 30.0)
    except ValueError:
        return 1.0


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}
