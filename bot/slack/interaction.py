"""One ``Interaction`` per Slack request: who, where, and the few verbs every flow needs.

Built once by middleware (``interaction_middleware``) from the request body, before any
listener runs and without any network work (the Leonar key is resolved on first use, after the
ack). A listener takes it with ``interaction_of(context)``, parses the payload into a typed
request and hands both to one flow; the flow answers through it:

- ``reply(text, blocks)``: in the request's thread (a new thread when there is none);
- ``tell(text, blocks)``: only to this person (in the thread for a click inside a thread,
  else ``response_url`` when there is one, else an ephemeral message in the thread);
- ``settle_prompt(text)``: the clicked prompt's buttons replaced by what was chosen;
- ``open_modal(loading, build)``: open a loading view with the trigger at once, then put the
  built view in its place;
- ``leonar()`` / ``require_leonar()``: a Leonar client on the person's key (the second also
  shows the "connect first" prompt when there is none).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar.client import LeonarClient
from bot.leonar.errors import AuthenticationError, LeonarError
from bot.slack.deps import Deps, make_slack_client
from bot.slack.identity import refused_key_text
from bot.slack.modals import open_loading_modal, update_modal
from bot.slack.payloads import ActionPayload, parse_action
from bot.slack.threads import Blocks, Poster, ThreadRef
from bot.store import KeyOwner
from bot.ui.blocks import section
from bot.ui.connect import connect_prompt
from bot.ui.help import error_text

log = logging.getLogger(__name__)

T = TypeVar("T")

View = dict[str, Any]
CONTEXT_KEY = "interaction"
Next = Callable[[], Awaitable[BoltResponse | None]]


@dataclass
class Interaction:
    """One Slack request as the flows see it. Cheap to build; nothing is fetched until used."""

    deps: Deps
    client: AsyncWebClient
    team_id: str = ""
    user_id: str = ""
    channel_id: str = ""
    #: the thread the request came from (a click in a thread, a card's thread); None: none
    thread_ts: str | None = None
    response_url: str | None = None
    trigger_id: str | None = None
    #: the click itself (a block_actions request): the clicked message, block and value
    click: ActionPayload | None = None
    #: the click was on a message inside a thread (a reply): ``tell`` answers in that thread
    click_in_thread: bool = False
    _owned: tuple[KeyOwner, str] | None = field(default=None, repr=False)
    _resolved: bool = field(default=False, repr=False)
    _poster: Poster | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ coordinates

    @property
    def poster(self) -> Poster:
        if self._poster is None:
            self._poster = self.deps.poster(self.client)
        return self._poster

    @property
    def thread(self) -> ThreadRef | None:
        """The request's thread, when it came from one."""
        if not self.channel_id or not self.thread_ts:
            return None
        return ThreadRef(
            self.channel_id, self.thread_ts, response_url=self.response_url, user=self.user_id
        )

    def at(
        self,
        channel_id: str,
        thread_ts: str | None = None,
        *,
        response_url: str | None = None,
    ) -> Interaction:
        """The same person and key somewhere else (e.g. where a modal was opened from)."""
        return dataclasses.replace(
            self,
            channel_id=channel_id,
            thread_ts=thread_ts or None,
            response_url=response_url or self.response_url,
            _poster=self._poster,
        )

    # ------------------------------------------------------------------ the Leonar key

    async def key(self) -> tuple[KeyOwner, str] | None:
        """(whose key, the key) for this person, resolved once per request."""
        if not self._resolved:
            self._owned = await self.deps.keys.resolve(self.team_id, self.user_id)
            self._resolved = True
        return self._owned

    async def leonar(self) -> LeonarClient | None:
        """A Leonar client on this person's key; None when they have none."""
        owned = await self.key()
        return self.deps.leonar(owned[1]) if owned else None

    async def require_leonar(self) -> LeonarClient | None:
        """Like ``leonar()``, telling the person how to connect (a **Connect** button) when
        they have no key; the flow then just returns."""
        client = await self.leonar()
        if client is None:
            await self.tell(*connect_prompt())
        return client

    async def error_words(self, error: Exception) -> str:
        """The recruiter words for a failure (a refused key → "reconnect" when it is their own)."""
        if isinstance(error, AuthenticationError):
            return error_text(await refused_key_text(self.deps, self.team_id, self.user_id))
        message = getattr(error, "user_message", None)
        return error_text(message if isinstance(message, str) and message else None)

    # ------------------------------------------------------------------ answering

    async def tell(self, text: str, blocks: Blocks | None = None) -> None:
        """Only to this person: an ephemeral message in the thread for a click inside a thread
        (a ``response_url`` answer would land at the bottom of the channel), else through
        ``response_url`` when there is one, else an ephemeral in the request's thread (a DM as
        the last resort)."""
        await self.poster.ephemeral(
            self.channel_id,
            self.user_id,
            text,
            blocks,
            response_url=None if self.click_in_thread else self.response_url,
            thread_ts=self.thread_ts,
        )

    async def settle_prompt(self, text: str) -> None:
        """Replace the clicked prompt (its buttons too) with ``text``, what was chosen: its
        ``response_url`` for an ephemeral prompt, chat.update for a message in the channel."""
        click = self.click
        if click is None:
            return
        blocks: Blocks = [section(text)]
        try:
            if click.container.is_ephemeral or click.message is None:
                if self.response_url:
                    await self.poster.respond(
                        self.response_url, text, blocks, replace_original=True
                    )
            elif click.channel_id and click.message_ts:
                await self.poster.update(click.channel_id, click.message_ts, text, blocks)
        except SlackApiError as exc:
            log.info("the prompt was not replaced (%s)", type(exc).__name__)

    async def tell_error(self, error: LeonarError) -> None:
        """A Leonar failure, in words, only to this person."""
        await self.tell(await self.error_words(error))

    async def or_tell(self, call: Awaitable[T]) -> T | None:
        """``await call``; on a Leonar failure None, the person told why in words."""
        try:
            return await call
        except LeonarError as exc:
            await self.tell_error(exc)
            return None

    async def start_thread(
        self, text: str, blocks: Blocks | None = None, *, metadata: dict[str, Any] | None = None
    ) -> ThreadRef:
        """A new parent message in the request's channel (or the response_url fallback)."""
        return await self.poster.start_thread(
            self.channel_id,
            text,
            blocks,
            response_url=self.response_url,
            user=self.user_id,
            metadata=metadata,
        )

    async def reply(
        self, text: str, blocks: Blocks | None = None, *, metadata: dict[str, Any] | None = None
    ) -> ThreadRef:
        """Post in the request's thread, or start one when the request came from none.
        Returns the thread (its ``ts`` is the parent's)."""
        thread = self.thread
        if thread is None:
            return await self.start_thread(text, blocks, metadata=metadata)
        await self.poster.reply(thread, text, blocks, metadata=metadata)
        return thread

    async def open_modal(
        self, loading: View, build: Callable[[], Awaitable[View | None]]
    ) -> str | None:
        """Open ``loading`` with the trigger at once (Slack gives 3 s, once), then replace it
        with what ``build`` returns (None: leave the loading view, ``build`` said why). Returns
        the view id, or None when Slack refused to open it (the person is told)."""
        if not self.trigger_id:
            return None
        view_id = await open_loading_modal(self.client, self.trigger_id, loading)
        if view_id is None:
            await self.tell("Slack did not let me open the form in time. Please try again.")
            return None
        view = await build()
        if view is not None:
            await update_modal(self.client, view_id, view)
        return view_id


# ---------------------------------------------------------------------- building it


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _id_of(value: Any) -> str:
    if isinstance(value, dict):
        return _str(value.get("id"))
    return _str(value)


def response_url_of(body: dict[str, Any]) -> str | None:
    """The response_url of a command, a block action or a view submission (if any)."""
    url = body.get("response_url")
    if isinstance(url, str) and url:
        return url
    urls = body.get("response_urls")
    if isinstance(urls, list) and urls and isinstance(urls[0], dict):
        first = urls[0].get("response_url")
        if isinstance(first, str) and first:
            return first
    return None


def _thread_ts(body: dict[str, Any]) -> str | None:
    """The thread a click came from: the message's thread, or the message itself."""
    message = body.get("message")
    container = body.get("container")
    for source in (message, container):
        if isinstance(source, dict) and _str(source.get("thread_ts")):
            return _str(source.get("thread_ts"))
    if isinstance(message, dict) and _str(message.get("ts")):
        return _str(message.get("ts"))
    if isinstance(container, dict) and _str(container.get("message_ts")):
        return _str(container.get("message_ts"))
    return None


def _click_in_thread(body: dict[str, Any]) -> bool:
    """True when the clicked message is a reply inside a thread (not a thread's parent)."""
    message, container = body.get("message"), body.get("container")
    if isinstance(message, dict) and _str(message.get("thread_ts")):
        return _str(message.get("thread_ts")) != _str(message.get("ts"))
    if isinstance(container, dict) and _str(container.get("thread_ts")):
        return _str(container.get("thread_ts")) != _str(container.get("message_ts"))
    return False


def build_interaction(
    deps: Deps, client: AsyncWebClient, body: dict[str, Any], context: AsyncBoltContext
) -> Interaction:
    """The Interaction of one request (no I/O)."""
    event = body.get("event")
    is_action = body.get("type") in ("block_actions", "message_action")
    return Interaction(
        deps=deps,
        client=client,
        team_id=context.team_id or _id_of(body.get("team")) or _str(body.get("team_id")),
        user_id=context.user_id or _id_of(body.get("user")) or _str(body.get("user_id")),
        channel_id=context.channel_id
        or _id_of(body.get("channel"))
        or (_str(event.get("channel")) if isinstance(event, dict) else ""),
        thread_ts=_thread_ts(body) if is_action else None,
        response_url=response_url_of(body),
        trigger_id=_str(body.get("trigger_id")) or None,
        click=parse_action(body) if body.get("type") == "block_actions" else None,
        click_in_thread=body.get("type") == "block_actions" and _click_in_thread(body),
    )


def interaction_middleware(deps: Deps) -> Callable[..., Awaitable[BoltResponse | None]]:
    """Bolt middleware putting the request's ``Interaction`` in its context."""

    async def middleware(
        body: dict[str, Any], context: AsyncBoltContext, next: Next
    ) -> BoltResponse | None:
        client = context.client or make_slack_client(deps.settings, session=deps.session)
        context[CONTEXT_KEY] = build_interaction(deps, client, body, context)
        return await next()

    return middleware


def interaction_of(context: AsyncBoltContext) -> Interaction:
    """The request's Interaction (built by the middleware)."""
    interaction = context[CONTEXT_KEY]
    assert isinstance(interaction, Interaction)
    return interaction
