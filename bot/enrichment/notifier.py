"""Telling the requester how an enrichment ended, exactly once.

``Notifier.notify(job)`` takes a finished job through ``due`` → ``posting`` → posted → ``done``
(bot.store.jobs): ``begin_notify``, the post (carrying the job id in the message metadata),
``mark_notified``. A job found in ``posting`` (its poster died) is only posted again when the
thread (or DM) shows no message carrying its id (the updated ⏳ message carries it too). After
the post, the contact's card in the thread shows what was found (bot.enrichment.cards), the job
is marked and the requester's App Home is refreshed; a worker that finds the post already there
does the same three (the dead poster may have stopped before them; a card refreshed twice shows
the same line), so the card is true whichever worker finishes.

Where (docs/enrichment.md): the ⏳ status message in the thread where the enrichment started
becomes the result, mentioning the requester (a reply when it cannot be updated, a DM when the
bot cannot post there). ``personal_private`` (the default) keeps a found phone number or
personal email out of public channels: the requester sees it in an ephemeral in the thread, the
status message says it was found without the value. ``thread`` shows everything in the thread;
``private`` sends everything as an ephemeral in the thread and a DM.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.enrichment import batch, cards
from bot.slack.deps import Deps
from bot.slack.home import publish_home
from bot.slack.threads import Blocks, Poster, ThreadRef
from bot.store import EnrichmentResults, Job
from bot.ui.actions import ENRICH_EVENT
from bot.ui.enrich import done_status_text, notification, withheld_notification, withholds

log = logging.getLogger(__name__)


def notification_metadata(job_id: str) -> dict[str, Any]:
    """Slack message metadata that marks a notification as this job's."""
    return {"event_type": ENRICH_EVENT, "event_payload": {"job_id": job_id}}


def carries_job(message: dict[str, Any], job_id: str) -> bool:
    """True when a Slack message (API shape) is this job's notification."""
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != ENRICH_EVENT:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload.get("job_id") == job_id


@dataclass(frozen=True)
class NotificationTarget:
    """Where a job's notification goes (see the module docstring for the two modes)."""

    mode: EnrichmentResults
    channel_id: str | None
    thread_ts: str | None
    user_id: str

    @property
    def has_thread(self) -> bool:
        return bool(self.channel_id and self.thread_ts)


async def notification_target(job: Job, deps: Deps) -> NotificationTarget:
    """The workspace's choice (admins may set it), else ``ENRICHMENT_RESULTS``."""
    chosen = (await deps.db.workspaces.get(job.team_id)).enrichment_results
    return NotificationTarget(
        mode=chosen or deps.settings.enrichment_results,
        channel_id=job.channel_id,
        thread_ts=job.thread_ts,
        user_id=job.requester_user_id,
    )


class Notifier:
    """Posts finished jobs' notifications for one worker (its id holds the jobs' leases)."""

    def __init__(
        self,
        deps: Deps,
        *,
        worker_id: str,
        lease_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.deps = deps
        self.worker_id = worker_id
        self.lease_seconds = lease_seconds
        self.clock = clock
        self._slack: dict[str, AsyncWebClient] = {}
        #: (team, channel) → whether the channel is public (its kind does not change)
        self._public: dict[tuple[str, str], bool] = {}

    async def notify(self, job: Job) -> bool:
        """Post the job's notification once; True when this call posted it."""
        jobs = self.deps.db.jobs
        target = await notification_target(job, self.deps)
        poster = self.deps.poster(await self._slack_client(job.team_id))
        if job.notify_state == "due":
            if not await jobs.begin_notify(
                job.id, worker_id=self.worker_id, now=self.clock(), lease_seconds=self.lease_seconds
            ):
                return False
        elif job.notify_state == "posting":
            existing = await self._already_posted(poster, job, target)
            if existing is not None:
                # its poster died after posting: finish what it may not have got to
                await self._refresh_card(poster, job, target)
                await jobs.mark_notified(job.id, message_ts=existing, now=self.clock())
                log.info("enrichment job=%s already notified (found %s)", job.id, existing)
                await self._refresh_home(job)
                return False
        else:
            return False
        if job.batch_id:  # "Enrich all": counted on the batch's one progress message
            ts = await batch.job_done(self.deps.db, poster, job)
        else:
            ts = await self._post(poster, job, target)
            await self._refresh_card(poster, job, target)
        await jobs.mark_notified(job.id, message_ts=ts, now=self.clock())
        log.info(
            "enrichment job=%s request=%s key=%s notified (%s)",
            job.id,
            job.request_id,
            job.key_fingerprint,
            target.mode,
        )
        await self._refresh_home(job)
        return True

    async def _slack_client(self, team_id: str) -> AsyncWebClient:
        client = self._slack.get(team_id)
        if client is None:
            client = self._slack[team_id] = await self.deps.slack_client(team_id)
        return client

    async def _dm_channel(self, poster: Poster, user_id: str) -> str:
        opened = await poster.client.conversations_open(users=user_id)
        channel = opened.get("channel") or {}
        return str(channel.get("id") or user_id)

    async def _already_posted(
        self, poster: Poster, job: Job, target: NotificationTarget
    ) -> str | None:
        """The ts of a message already posted for this job, if Slack shows one."""
        try:
            if target.mode != "private" and target.has_thread:
                answer = await poster.client.conversations_replies(
                    channel=target.channel_id or "",
                    ts=target.thread_ts or "",
                    include_all_metadata=True,
                    limit=200,
                )
            else:
                answer = await poster.client.conversations_history(
                    channel=await self._dm_channel(poster, target.user_id),
                    include_all_metadata=True,
                    limit=100,
                )
        except SlackApiError as exc:
            log.info("enrichment job=%s: cannot check the thread (%s)", job.id, type(exc).__name__)
            return None
        for message in answer.get("messages") or []:
            if isinstance(message, dict) and carries_job(message, job.id):
                return str(message.get("ts") or "")
        return None

    async def _post(self, poster: Poster, job: Job, target: NotificationTarget) -> str | None:
        """Show the result where ``target`` says; the ts of the message marked with the job."""
        text, blocks = notification(job, timeout=self.deps.settings.enrichment_timeout)
        if target.mode == "private" or not target.has_thread:
            return await self._post_privately(poster, job, target, (text, blocks))
        if target.mode == "personal_private" and withholds(job):
            if await self._is_public(poster, job.team_id, target.channel_id or ""):
                await self._tell(poster, job, target, text, blocks)
                text, blocks = withheld_notification(job)
        return await self._show(poster, job, target, text, blocks)

    async def _show(
        self, poster: Poster, job: Job, target: NotificationTarget, text: str, blocks: Blocks
    ) -> str | None:
        """The ⏳ message becomes the result (a reply when it cannot; a DM as the last resort)."""
        metadata = notification_metadata(job.id)
        if job.channel_id and job.status_message_ts:
            try:
                await poster.update(
                    job.channel_id, job.status_message_ts, text, blocks, metadata=metadata
                )
                return job.status_message_ts
            except SlackApiError as exc:
                log.info("enrichment job=%s: status not updated (%s)", job.id, exc)
        try:
            thread = ThreadRef(target.channel_id or "", target.thread_ts or "")
            return await poster.reply(thread, text, blocks, metadata=metadata)
        except SlackApiError as exc:
            log.info("enrichment job=%s: thread refused (%s), sending a DM", job.id, exc)
        return await self._dm(poster, job, target, text, blocks)

    async def _post_privately(
        self, poster: Poster, job: Job, target: NotificationTarget, message: tuple[str, Blocks]
    ) -> str | None:
        """Only to the requester: an ephemeral in the thread (when there is one) and a DM."""
        if target.has_thread:
            await self._tell(poster, job, target, *message)
        ts = await self._dm(poster, job, target, *message)
        await self._update_status(poster, job)
        return ts

    async def _tell(
        self, poster: Poster, job: Job, target: NotificationTarget, text: str, blocks: Blocks
    ) -> None:
        try:
            await poster.ephemeral(
                target.channel_id or "", target.user_id, text, blocks, thread_ts=target.thread_ts
            )
        except SlackApiError as exc:
            log.info("enrichment job=%s: ephemeral refused (%s)", job.id, type(exc).__name__)

    async def _dm(
        self, poster: Poster, job: Job, target: NotificationTarget, text: str, blocks: Blocks
    ) -> str | None:
        try:
            dm = await self._dm_channel(poster, target.user_id)
            metadata = notification_metadata(job.id)
            return (await poster.start_thread(dm, text, blocks, metadata=metadata)).ts
        except SlackApiError as exc:
            log.warning("enrichment job=%s: could not notify (%s)", job.id, type(exc).__name__)
            return None

    async def _refresh_card(self, poster: Poster, job: Job, target: NotificationTarget) -> None:
        """The contact's card in the thread shows what the job found (bot.enrichment.cards);
        batch jobs have no card of their own to refresh (their summary lists the emails)."""
        if job.batch_id:
            return
        with_value = await self._thread_shows(poster, job, target)
        await cards.refresh(self.deps, poster, job, with_value=with_value)

    async def _thread_shows(self, poster: Poster, job: Job, target: NotificationTarget) -> bool:
        """Whether the found value may be shown in the thread (on the contact's card)."""
        if target.mode == "private":
            return False
        if target.mode == "personal_private" and withholds(job):
            return not await self._is_public(poster, job.team_id, target.channel_id or "")
        return True

    async def _is_public(self, poster: Poster, team_id: str, channel_id: str) -> bool:
        """Whether everyone in the workspace may read the channel (conversations.info, cached;
        True when Slack does not say: personal data then stays private)."""
        key = (team_id, channel_id)
        if key not in self._public:
            try:
                answer = await poster.client.conversations_info(channel=channel_id)
            except SlackApiError as exc:
                log.info("channel kind unknown (%s): treating it as public", type(exc).__name__)
                return True
            channel = answer.get("channel") or {}
            closed = any(channel.get(flag) for flag in ("is_private", "is_im", "is_mpim"))
            self._public[key] = not closed
        return self._public[key]

    async def _update_status(self, poster: Poster, job: Job) -> None:
        """The ⏳ message becomes ✅/❌/⌛ (the result itself only goes to the requester)."""
        if not (job.channel_id and job.status_message_ts):
            return
        try:
            await poster.update(job.channel_id, job.status_message_ts, done_status_text(job))
        except SlackApiError as exc:
            log.info("enrichment job=%s: status not updated (%s)", job.id, type(exc).__name__)

    async def _refresh_home(self, job: Job) -> None:
        try:
            await publish_home(
                self.deps,
                job.team_id,
                job.requester_user_id,
                client=await self._slack_client(job.team_id),
            )
        except (SlackApiError, httpx.HTTPError) as exc:
            log.info("enrichment job=%s: home not refreshed (%s)", job.id, type(exc).__name__)
