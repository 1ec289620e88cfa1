"""Connecting a Leonar key: ``/leonar connect`` and the **Connect** button (the connect modal),
its submission (check the key with Leonar, then store it encrypted), ``/leonar disconnect``
(forget the saved key), and the admins' workspace settings (pushed from the connect modal).

A submission is answered through ``ack`` (errors under the field, or the modal updated), which
the flow calls itself: the key must be checked with Leonar before Slack is answered."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, get_args

from bot.commands import ParsedCommand
from bot.services.activity import record_activity
from bot.services.identity import check_key, clean_key
from bot.slack.identity import is_workspace_admin
from bot.slack.interaction import Interaction
from bot.slack.payloads import ViewSubmissionPayload
from bot.store import EncryptionKeyRequired, EnrichmentResults, fingerprint
from bot.ui.actions import (
    ADMIN_CLEAR_BLOCK,
    ADMIN_CLEAR_INPUT,
    ADMIN_RESULTS_BLOCK,
    ADMIN_RESULTS_INPUT,
    CONNECT_DEFAULT_BLOCK,
    CONNECT_DEFAULT_INPUT,
    CONNECT_KEY_BLOCK,
    CONNECT_KEY_INPUT,
)
from bot.ui.connect import (
    ADMIN_ONLY,
    CLEAR_OPTION,
    DEFAULT_OPTION,
    REFUSED_KEY,
    ConnectStatus,
    admin_modal,
    admin_saved_view,
    connect_modal,
    connected_view,
    disconnected_text,
    scope_warning,
)

log = logging.getLogger(__name__)

#: answers a view submission: ``await ack(response_action=..., errors=... | view=...)``
Ack = Callable[..., Awaitable[Any]]
View = dict[str, Any]

#: a double submit of the same modal with the same values is done once
SUBMIT_DEDUPE_TTL = 3600
NO_ENCRYPTION_KEY = (
    "This bot cannot store keys yet: its ENCRYPTION_KEY is not set. Ask whoever runs the bot."
)


@dataclass(frozen=True)
class KeyForm:
    """A submitted connect modal."""

    #: the API key input as typed (None: empty)
    typed: str | None
    #: "Set as the workspace default key" was ticked (honoured for Slack admins only)
    wants_default: bool
    #: the modal's id and hash: the same modal sent twice with the same values is done once
    view_id: str
    view_hash: str = ""

    @classmethod
    def read(cls, payload: ViewSubmissionPayload) -> KeyForm:
        ticked = payload.selected(CONNECT_DEFAULT_BLOCK, CONNECT_DEFAULT_INPUT)
        return cls(
            typed=payload.text(CONNECT_KEY_BLOCK, CONNECT_KEY_INPUT),
            wants_default=DEFAULT_OPTION in ticked,
            view_id=payload.view.id,
            view_hash=payload.view.hash or "",
        )


@dataclass(frozen=True)
class SettingsForm:
    """A submitted workspace settings modal."""

    #: "thread" or "private" (anything else: nothing picked)
    results: str
    clear_default: bool

    @classmethod
    def read(cls, payload: ViewSubmissionPayload) -> SettingsForm:
        picked = payload.selected(ADMIN_RESULTS_BLOCK, ADMIN_RESULTS_INPUT)
        return cls(
            results=picked[0] if picked else "",
            clear_default=CLEAR_OPTION in payload.selected(ADMIN_CLEAR_BLOCK, ADMIN_CLEAR_INPUT),
        )


async def open_modal(ix: Interaction, _command: ParsedCommand | None = None) -> None:
    """The connect modal at once (it needs nothing from Leonar), then the admins' extras once
    Slack has said the person is a workspace admin or owner."""
    source = await ix.deps.keys.source(ix.team_id, ix.user_id)
    status = ConnectStatus(source.source, source.fingerprint)

    async def for_admins() -> View | None:
        if await is_workspace_admin(ix.client, ix.user_id):
            return connect_modal(status, admin=True)
        return None

    await ix.open_modal(connect_modal(status), for_admins)


async def disconnect(ix: Interaction, _command: ParsedCommand | None = None) -> None:
    db = ix.deps.db
    had_key = await db.user_keys.delete(ix.team_id, ix.user_id)
    ix.deps.keys.forget(ix.team_id, ix.user_id)
    has_default = await ix.deps.keys.has_shared_key(ix.team_id)
    if had_key:
        await record_activity(db, ix.team_id, ix.user_id, "Disconnected your Leonar key")
    await ix.tell(disconnected_text(had_key=had_key, has_default=has_default))


def _errors(text: str) -> dict[str, Any]:
    return {"response_action": "errors", "errors": {CONNECT_KEY_BLOCK: text}}


def submission_key(form: KeyForm, *parts: str) -> str:
    """The dedupe key of one submission: the view, its hash and a digest of what was sent."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"view-submit:{form.view_id}:{form.view_hash}:{digest}"


async def save_key(ix: Interaction, form: KeyForm, ack: Ack) -> None:
    """Check the key with Leonar (a refused or malformed key is an error under the field), store
    it encrypted (and as the workspace default for an admin who asked), show "Connected"."""
    key, problem = clean_key(form.typed)
    if key is None:
        await ack(**_errors(problem or REFUSED_KEY))
        return
    check = await check_key(ix.deps.leonar(key))
    if check.verdict == "refused" or not check.storable:
        await ack(**_errors(REFUSED_KEY if check.verdict == "refused" else check.problem or ""))
        return
    as_default = form.wants_default and await is_workspace_admin(ix.client, ix.user_id)
    if form.wants_default and not as_default:
        log.info("ignoring 'workspace default' from someone who is not a workspace admin")
    warning = scope_warning(check.missing_scope) if check.verdict == "limited" else None
    done = connected_view(warning=warning, as_default=as_default)
    db = ix.deps.db
    dedupe = submission_key(form, fingerprint(key), str(as_default))
    if not await db.dedupe.first_time(dedupe, ttl_seconds=SUBMIT_DEDUPE_TTL):
        log.info("dropping a repeated submission of the connect modal")
        await ack(response_action="update", view=done)
        return
    try:
        await db.user_keys.set(ix.team_id, ix.user_id, key)
        if as_default:
            await db.workspaces.set_default_key(ix.team_id, key)
    except EncryptionKeyRequired:
        await ack(**_errors(NO_ENCRYPTION_KEY))
        return
    finally:
        ix.deps.keys.forget(ix.team_id, None if as_default else ix.user_id)
    log.info(
        "stored a Leonar key (fingerprint %s) for a user%s",
        fingerprint(key),
        " and as the workspace default" if as_default else "",
    )
    await ack(response_action="update", view=done)
    line = "Connected your Leonar key" + (" (also the workspace default)" if as_default else "")
    await record_activity(db, ix.team_id, ix.user_id, line)


async def open_settings(ix: Interaction) -> None:
    """The admins' workspace settings modal, pushed over the connect modal (admins only)."""
    if not ix.trigger_id or not await is_workspace_admin(ix.client, ix.user_id):
        return
    workspace = await ix.deps.db.workspaces.get(ix.team_id)
    mode = workspace.enrichment_results or ix.deps.settings.enrichment_results
    await ix.client.views_push(
        trigger_id=ix.trigger_id,
        view=admin_modal(mode=mode, has_default=bool(workspace.default_key_fingerprint)),
    )


async def save_settings(ix: Interaction, form: SettingsForm, ack: Ack) -> None:
    """Where enrichment results go, and removing the workspace default key (admins only)."""
    if not await is_workspace_admin(ix.client, ix.user_id):
        await ack(response_action="errors", errors={ADMIN_RESULTS_BLOCK: ADMIN_ONLY})
        return
    mode = next((m for m in get_args(EnrichmentResults) if m == form.results), None)
    if mode is None:
        await ack(response_action="errors", errors={ADMIN_RESULTS_BLOCK: "Pick where results go."})
        return
    db = ix.deps.db
    await db.workspaces.set_enrichment_results(ix.team_id, mode)
    if form.clear_default:
        await db.workspaces.set_default_key(ix.team_id, None)
        ix.deps.keys.forget(ix.team_id)
    log.info(
        "workspace settings changed (enrichment results: %s, default key removed: %s)",
        form.results,
        form.clear_default,
    )
    await ack(
        response_action="update",
        view=admin_saved_view(mode=form.results, cleared=form.clear_default),
    )
