"""Who may do what, on the Slack side: Slack admin status, the allow-list (``ALLOWED_USERS``
and/or the members of ``ALLOWED_USERGROUP``) and the words for a refused key. Flows ask for a
key with ``Interaction.require_leonar``; the connect modal is a use case: ``bot.flows.connect``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings
from bot.slack.deps import Deps
from bot.ui.connect import REFUSED_SAVED_KEY, REFUSED_WORKSPACE_KEY

log = logging.getLogger(__name__)

#: how long the members of ALLOWED_USERGROUP are remembered
USERGROUP_TTL = 60.0


async def refused_key_text(deps: Deps, team_id: str | None, user_id: str | None) -> str:
    """What to say when Leonar answered 401 for this person's key: reconnect (their own key)
    or connect / ask an admin (a workspace default key)."""
    if team_id and user_id and await deps.db.user_keys.fingerprint(team_id, user_id):
        return REFUSED_SAVED_KEY
    return REFUSED_WORKSPACE_KEY


async def slack_user(client: AsyncWebClient, user_id: str) -> dict[str, Any] | None:
    """The person as Slack describes them (``users.info``'s ``user``); None when there is no
    user id or Slack did not answer (logged)."""
    if not user_id:
        return None
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as exc:
        log.warning("users.info failed: %s", exc.response.get("error"))
        return None
    user = response.get("user")
    return user if isinstance(user, dict) else None


async def is_workspace_admin(client: AsyncWebClient, user_id: str) -> bool:
    """Whether Slack says this person is a workspace admin or owner."""
    user = await slack_user(client, user_id) or {}
    return any(user.get(flag) is True for flag in ("is_admin", "is_owner", "is_primary_owner"))


async def person_timezone(client: AsyncWebClient, user_id: str) -> str | None:
    """The person's time zone as Slack knows it (``tz``, e.g. "Europe/Paris"); None when
    unknown."""
    tz = (await slack_user(client, user_id) or {}).get("tz")
    return tz if isinstance(tz, str) and tz else None


@dataclass
class AccessPolicy:
    """The allow-list: nobody is refused when neither ``ALLOWED_USERS`` nor
    ``ALLOWED_USERGROUP`` is set; otherwise a person must be in one of them. The user group's
    members are read with ``usergroups.users.list`` and remembered for ``ttl`` seconds."""

    settings: Settings
    ttl: float = USERGROUP_TTL
    clock: Callable[[], float] = time.monotonic
    _members: dict[tuple[str, str], tuple[float, frozenset[str]]] = field(default_factory=dict)

    @property
    def restricted(self) -> bool:
        return bool(self.settings.allowed_user_ids or self.settings.allowed_usergroup.strip())

    async def allows(
        self, client: AsyncWebClient | None, team_id: str | None, user_id: str
    ) -> bool:
        if not self.restricted or user_id in self.settings.allowed_user_ids:
            return True
        group = self.settings.allowed_usergroup.strip()
        if not group or client is None:
            return False
        return user_id in await self._group_members(client, team_id or "", group)

    async def _group_members(
        self, client: AsyncWebClient, team_id: str, group: str
    ) -> frozenset[str]:
        now = self.clock()
        cached = self._members.get((team_id, group))
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            response = await client.usergroups_users_list(usergroup=group)
        except SlackApiError as exc:
            # fail closed, but do not remember the failure: the next request asks again
            log.warning("usergroups.users.list failed: %s", exc.response.get("error"))
            return cached[1] if cached is not None else frozenset()
        users = response.get("users")
        members = (
            frozenset(u for u in users if isinstance(u, str))
            if isinstance(users, list)
            else frozenset()
        )
        self._members[(team_id, group)] = (now + self.ttl, members)
        return members
