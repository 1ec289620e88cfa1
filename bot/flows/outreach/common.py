"""What the outreach flows share: opening a modal filled from Leonar, where its submission
answers (the thread of the card or results it came from), reading its inputs, and the progress
message of bulk work."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.leonar import LeonarClient, LeonarError
from bot.services import outreach
from bot.services.activity import record_activity
from bot.slack.interaction import Interaction
from bot.slack.metadata import decode_metadata, encode_metadata
from bot.slack.payloads import ViewSubmissionPayload
from bot.slack.threads import ThreadRef
from bot.text import escape
from bot.ui import outreach as ui
from bot.ui import outreach_replies as replies

log = logging.getLogger(__name__)

View = dict[str, Any]

ENROLL_TITLE = "Enroll in sequence"
TAG_TITLE = "Tag contacts"
MESSAGE_TITLE = "Send a message"
EXPIRED_RESULTS = "These results have expired. Run the search again to act on them."
#: the shortest gap between two edits of a progress message
PROGRESS_INTERVAL = 1.0


# --------------------------------------------------------------------------- opening


async def open_form(
    ix: Interaction, title: str, build: Callable[[LeonarClient], Awaitable[View]]
) -> None:
    """Open the loading modal at once, then put ``await build(leonar)`` in its place (or the
    words of what went wrong). Without a key, the person is asked to connect instead."""
    leonar = await ix.require_leonar()
    if leonar is None:
        return

    async def filled() -> View:
        try:
            return await build(leonar)
        except outreach.OutreachRefused as exc:
            return ui.notice_view(title, escape(exc.user_message))
        except LeonarError as exc:
            return ui.notice_view(title, await ix.error_words(exc))

    await ix.open_modal(ui.loading_view(title), filled)


async def open_results_form(
    ix: Interaction,
    title: str,
    set_id: str,
    build: Callable[[LeonarClient, list[str]], Awaitable[View]],
) -> None:
    """``open_form`` for every contact of a search's results (``build`` gets their ids);
    expired results are said in the modal."""

    async def with_ids(leonar: LeonarClient) -> View:
        ids = outreach.contact_ids_of(await ix.deps.db.result_sets.get(set_id))
        if not ids:
            return ui.notice_view(title, EXPIRED_RESULTS)
        return await build(leonar, ids)

    await open_form(ix, title, with_ids)


def origin(ix: Interaction) -> dict[str, Any]:
    """The modal's metadata saying where its submission answers: the click's thread."""
    thread = ix.thread or ThreadRef(
        ix.channel_id, "", response_url=ix.response_url, user=ix.user_id
    )
    return {"thread": thread.to_dict()}


def contact_metadata(ix: Interaction, contact_id: str, name: str, **extra: Any) -> str:
    """The encoded metadata of a modal about one contact (answering in the click's thread)."""
    return encode_metadata({**origin(ix), "contact": contact_id, "name": name, **extra})


def results_metadata(ix: Interaction, set_id: str) -> str:
    """The encoded metadata of a modal about every contact of a search's results."""
    return encode_metadata({**origin(ix), "set": set_id})


# --------------------------------------------------------------------------- reading


def typed(form: ViewSubmissionPayload, block_id: str, action_id: str | None = None) -> str | None:
    """A text input's value, or None when empty or blank."""
    value = form.text(block_id, action_id or block_id)
    return value if value is not None and value.strip() else None


def picked(
    form: ViewSubmissionPayload, block_id: str, action_id: str | None = None
) -> tuple[str, str] | None:
    """The chosen option of a select / radio group as (value, its text), or None."""
    for value, label in form.picked(block_id, action_id or block_id):
        if value:
            return value, label or value
    return None


def metadata_of(form: ViewSubmissionPayload) -> dict[str, Any]:
    return decode_metadata(form.view.private_metadata)


# --------------------------------------------------------------------------- answering


@dataclass
class Submitted:
    """A submitted outreach modal, after the ack: who, where to answer (the thread stored in
    its metadata), and what it was about."""

    ix: Interaction
    thread: ThreadRef
    metadata: dict[str, Any]

    @classmethod
    def of(cls, ix: Interaction, metadata: dict[str, Any]) -> Submitted | None:
        thread = metadata.get("thread")
        if not isinstance(thread, dict) or not thread.get("channel"):
            return None
        ref = ThreadRef.from_dict(thread)
        return cls(ix.at(ref.channel, ref.ts or None), ref, metadata)

    async def reply(self, text: str) -> str:
        """Answer in the thread; the reply's ts ("" when it went another way)."""
        try:
            return await self.ix.poster.reply(self.thread, text)
        except SlackApiError as exc:
            log.warning("could not reply in the thread: %s", exc.response.get("error"))
            await self.tell(text)
            return ""

    async def tell(self, text: str) -> None:
        """Answer only the person who submitted."""
        try:
            await self.ix.tell(text)
        except SlackApiError as exc:
            log.warning("could not answer the person: %s", exc.response.get("error"))

    async def record(self, text: str) -> None:
        """A line on the person's Home tab (never raises)."""
        await record_activity(self.ix.deps.db, self.ix.team_id, self.ix.user_id, text)

    @property
    def contact_id(self) -> str | None:
        value = self.metadata.get("contact")
        return value if isinstance(value, str) and value else None

    @property
    def contact_name(self) -> str:
        return str(self.metadata.get("name") or "this contact")

    @property
    def set_id(self) -> str | None:
        value = self.metadata.get("set")
        return value if isinstance(value, str) and value else None


async def results_of(sub: Submitted) -> Any:
    """The stored search results a submission is about (its ``set``), or None once they have
    expired (said in the thread: nothing is sent to Leonar)."""
    payload = await sub.ix.deps.db.result_sets.get(sub.set_id or "")
    if not outreach.contact_ids_of(payload):
        await sub.reply(EXPIRED_RESULTS)
        return None
    return payload


async def answering(
    ix: Interaction, metadata: dict[str, Any]
) -> tuple[Submitted, LeonarClient] | None:
    """A submission's thread and a client on the person's key; None when there is nowhere to
    answer or no key (the person was then asked to connect)."""
    sub = Submitted.of(ix, metadata)
    if sub is None:
        return None
    leonar = await sub.ix.require_leonar()
    return None if leonar is None else (sub, leonar)


class ProgressMessage:
    """One reply in the thread showing "Tagging… 12 of 40", edited in place (at most once a
    second, and always when paused for the rate budget), finally replaced by the result."""

    def __init__(self, sub: Submitted, doing: str, total: int) -> None:
        self.sub = sub
        self.doing = doing
        self.total = total
        self.ts = ""
        self._last = 0.0

    async def start(self) -> None:
        self.ts = await self.sub.reply(replies.progress_text(self.doing, 0, self.total))
        self._last = time.monotonic()

    async def __call__(self, done: int, total: int, paused_until: float | None) -> None:
        if not self.ts:
            return
        now = time.monotonic()
        if paused_until is None and done < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        await self._edit(replies.progress_text(self.doing, done, total, paused_until))

    async def finish(self, text: str) -> None:
        if not self.ts or not await self._edit(text):
            await self.sub.reply(text)

    async def _edit(self, text: str) -> bool:
        try:
            await self.sub.ix.poster.update(self.sub.thread.channel, self.ts, text)
        except SlackApiError as exc:
            log.info("could not update the progress message: %s", exc.response.get("error"))
            return False
        return True
