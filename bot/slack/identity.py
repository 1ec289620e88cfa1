"""Who may do what, on the Slack side: Slack admin status, the allow-list (``ALLOWED_USERS``
and/or the members of ``ALLOWED_USERGROUP``), the words for a refused key, and (until the last
subcommand moves to bot/flows) ``require_leonar`` for ``CommandContext``: flows use
``Interaction.require_leonar``. The connect modal itself is a use case: ``bot.flows.connect``."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar.client import LeonarClient
from bot.settings import Settings
from bot.slack.deps import Deps
from bot.ui.connect import REFUSED_SAVED_KEY, REFUSED_WORKSPACE_KEY, connect_prompt

log = logging.getLogger(__name__)

Blocks = list[dict[str, Any]]
#: how a feature answers the person: ``await reply(text, blocks)`` (e.g. ``ctx.ephemeral``)
Reply = Callable[[str, Blocks], Awaitable[object]]
#: how long the members of ALLOWED_USERGROUP are remembered
USERGROUP_TTL = 60.0


async def require_leonar(
    deps: Deps, team_id: str | None, user_id: str | None, *, reply: Reply
) -> LeonarClient | None:
    """A Leonar client with this person's key (``Deps.resolve_key``: their own key, else the
    workspace default, else ``LEONAR_API_KEY``). Without any key, answer the person with the
    "connect first" prompt (a **Connect** button opening the connect modal) and return None::

        leonar = await require_leonar(deps, team, user, reply=lambda t, b: poster.ephemeral(
            channel, user, t, b, response_url=response_url))
        if leonar is None:
            return
    """
    client = await deps.leonar_for(team_id, user_id)
    if client is None:
        text, blocks = connect_prompt()
        await reply(text, blocks)
    return client


async def refused_key_text(deps: Deps, team_id: str | None, user_id: str | None) -> str:
    """What to say when Leonar answered 401 for this person's key: reconnect (their own key)
    or connect / ask an admin (a workspace default key)."""
    if team_id and user_id and await deps.db.user_keys.fingerprint(team_id, user_id):
        return REFUSED_SAVED_KEY
    return REFUSED_WORKSPACE_KEY


async def is_workspace_admin(client: AsyncWebClient, user_id: str) -> bool:
    """Whether Slack says this person is a workspace admin or owner (``users.info``)."""
    if not user_id:
        return False
    try:
        response = await client.users_info(user=user_id)
    except SlackApiError as exc:
        log.warning("users.info failed: %s", exc.response.get("error"))
        return False
    user = response.get("user")
    if not isinstance(user, dict):
        return False
    return any(user.get(flag) is True for flag in ("is_admin", "is_owner", "is_primary_owner"))


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
