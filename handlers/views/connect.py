"""Submissions of the connect modal (check the key with Leonar, then store it encrypted) and of
the admins' workspace settings modal."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.activity import record_activity
from bot.services.identity import check_key, clean_key
from bot.slack.deps import Deps
from bot.slack.identity import is_workspace_admin
from bot.slack.payloads import ViewSubmissionPayload, parse_view_submission
from bot.store import EncryptionKeyRequired, fingerprint
from bot.ui.actions import (
    ADMIN_CLEAR_BLOCK,
    ADMIN_CLEAR_INPUT,
    ADMIN_RESULTS_BLOCK,
    ADMIN_RESULTS_INPUT,
    ADMIN_VIEW,
    CONNECT_DEFAULT_BLOCK,
    CONNECT_DEFAULT_INPUT,
    CONNECT_KEY_BLOCK,
    CONNECT_KEY_INPUT,
    CONNECT_VIEW,
)
from bot.ui.connect import (
    ADMIN_ONLY,
    CLEAR_OPTION,
    DEFAULT_OPTION,
    REFUSED_KEY,
    admin_saved_view,
    connected_view,
    scope_warning,
)

log = logging.getLogger(__name__)

#: a double submit of the same modal with the same values is done once
SUBMIT_DEDUPE_TTL = 3600
NO_ENCRYPTION_KEY = (
    "This bot cannot store keys yet: its ENCRYPTION_KEY is not set. Ask whoever runs the bot."
)


def submission_key(payload: ViewSubmissionPayload, *parts: str) -> str:
    """The dedupe key of one submission: the view, its hash and a digest of what was sent."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"view-submit:{payload.view.id}:{payload.view.hash or ''}:{digest}"


async def on_connect_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    payload = parse_view_submission(body)
    if payload is None:
        await ack()
        return
    deps: Deps = context["deps"]
    key, problem = clean_key(payload.text(CONNECT_KEY_BLOCK, CONNECT_KEY_INPUT))
    if key is None:
        await ack(response_action="errors", errors={CONNECT_KEY_BLOCK: problem or REFUSED_KEY})
        return
    check = await check_key(deps.leonar(key))
    if check.verdict == "refused":
        await ack(response_action="errors", errors={CONNECT_KEY_BLOCK: REFUSED_KEY})
        return
    if not check.storable:
        await ack(response_action="errors", errors={CONNECT_KEY_BLOCK: check.problem or ""})
        return
    wants_default = DEFAULT_OPTION in payload.selected(CONNECT_DEFAULT_BLOCK, CONNECT_DEFAULT_INPUT)
    as_default = wants_default and await is_workspace_admin(client, payload.user_id)
    if wants_default and not as_default:
        log.info("ignoring 'workspace default' from someone who is not a workspace admin")
    warning = scope_warning(check.missing_scope) if check.verdict == "limited" else None
    done = connected_view(warning=warning, as_default=as_default)
    dedupe = submission_key(payload, fingerprint(key), str(as_default))
    if not await deps.db.dedupe.first_time(dedupe, ttl_seconds=SUBMIT_DEDUPE_TTL):
        log.info("dropping a repeated submission of the connect modal")
        await ack(response_action="update", view=done)
        return
    try:
        await deps.db.user_keys.set(payload.team_id, payload.user_id, key)
        if as_default:
            await deps.db.workspaces.set_default_key(payload.team_id, key)
    except EncryptionKeyRequired:
        await ack(response_action="errors", errors={CONNECT_KEY_BLOCK: NO_ENCRYPTION_KEY})
        return
    log.info(
        "stored a Leonar key (fingerprint %s) for a user%s",
        fingerprint(key),
        " and as the workspace default" if as_default else "",
    )
    await ack(response_action="update", view=done)
    line = "Connected your Leonar key" + (" (also the workspace default)" if as_default else "")
    await record_activity(deps, payload.team_id, payload.user_id, line)


async def on_admin_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    payload = parse_view_submission(body)
    if payload is None:
        await ack()
        return
    if not await is_workspace_admin(client, payload.user_id):
        await ack(response_action="errors", errors={ADMIN_RESULTS_BLOCK: ADMIN_ONLY})
        return
    picked = payload.selected(ADMIN_RESULTS_BLOCK, ADMIN_RESULTS_INPUT)
    mode = picked[0] if picked else ""
    if mode not in ("thread", "private"):
        await ack(response_action="errors", errors={ADMIN_RESULTS_BLOCK: "Pick where results go."})
        return
    clear = CLEAR_OPTION in payload.selected(ADMIN_CLEAR_BLOCK, ADMIN_CLEAR_INPUT)
    deps: Deps = context["deps"]
    await deps.db.workspaces.set_enrichment_results(
        payload.team_id, "private" if mode == "private" else "thread"
    )
    if clear:
        await deps.db.workspaces.set_default_key(payload.team_id, None)
    log.info(
        "workspace settings changed (enrichment results: %s, default key removed: %s)", mode, clear
    )
    await ack(response_action="update", view=admin_saved_view(mode=mode, cleared=clear))


def register(app: AsyncApp) -> None:
    app.view(CONNECT_VIEW)(on_connect_submit)
    app.view(ADMIN_VIEW)(on_admin_submit)
