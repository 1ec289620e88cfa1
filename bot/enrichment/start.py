"""Starting an enrichment: ask Leonar, then remember a job the poller will follow to the end.

Nothing here knows Slack; the enrich flow posts the ⏳ message between ``request`` and ``record``
so that the job carries the thread coordinates from the start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bot.enrichment.schedule import first_poll_at
from bot.leonar.client import LeonarClient
from bot.leonar.models import EnrichmentRequest
from bot.settings import Settings
from bot.store import Database, Job, KeyOwner, NewJob


async def request(client: LeonarClient, contact_id: str, kind: str) -> EnrichmentRequest:
    """``POST /contacts/{id}/enrich``; raises the client's errors (e.g. 402 credits)."""
    return await client.contacts.enrich(contact_id, type=kind)


@dataclass(frozen=True)
class Started:
    """Where the enrichment was started and by whom (for ``record``)."""

    team_id: str
    user_id: str
    channel_id: str
    thread_ts: str
    status_message_ts: str | None
    key_owner: KeyOwner
    key_fingerprint: str


async def record(
    db: Database,
    settings: Settings,
    enrichment: EnrichmentRequest,
    *,
    contact_id: str,
    contact_name: str,
    kind: str,
    started: Started,
    now: float | None = None,
    batch_id: str | None = None,
) -> Job:
    """Store the job the poller will claim; its first poll follows the learned schedule."""
    at = time.time() if now is None else now
    return await db.jobs.create(
        NewJob(
            request_id=enrichment.request_id,
            contact_id=contact_id,
            contact_name=contact_name,
            type=kind,
            team_id=started.team_id,
            requester_user_id=started.user_id,
            key_owner=started.key_owner,
            key_fingerprint=started.key_fingerprint,
            channel_id=started.channel_id,
            thread_ts=started.thread_ts or None,
            status_message_ts=started.status_message_ts or None,
            next_poll_at=await first_poll_at(db, settings, kind, created_at=at),
            batch_id=batch_id,
        ),
        now=at,
    )
