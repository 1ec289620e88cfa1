"""Whose Leonar key: the ONE key resolver (``KeyResolver``: the person's own key, else the
workspace's, else ``LEONAR_API_KEY``), and checking a key with Leonar before it is stored."""

from __future__ import annotations

import asyncio
import logging
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.leonar.client import LeonarClient
from bot.leonar.errors import (
    APIConnectionError,
    AuthenticationError,
    InsufficientScopeError,
    LeonarError,
    PermissionDeniedError,
    RateLimitError,
)
from bot.settings import Settings
from bot.store import Database, KeyOwner

log = logging.getLogger(__name__)

#: seconds the check may take: it runs inside a view_submission, which Slack gives 3 s
KEY_CHECK_TIMEOUT = 2.0
MAX_KEY_LENGTH = 200
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "_-.~+/=:")

Verdict = Literal["ok", "limited", "refused", "unknown"]

#: seconds a person's resolved key is reused by this process without reading the database
#: again (as Bolt's installation-store authorize caches installations). A change made through
#: this process (connect, disconnect, workspace settings, uninstall) is seen at once (``forget``);
#: one made through another process within this many seconds.
KEY_CACHE_SECONDS = 10.0
#: bound of that memory (it is emptied when full: a cache, not a store)
MAX_CACHED_KEYS = 10_000


@dataclass(frozen=True)
class KeyCheck:
    """What Leonar said about a key. ``ok`` and ``limited`` keys may be stored."""

    verdict: Verdict
    #: the permission Leonar named in a 403 (``limited``), if any
    missing_scope: str | None = None
    #: recruiter words for ``unknown`` (Leonar could not be asked)
    problem: str | None = None

    @property
    def storable(self) -> bool:
        return self.verdict in ("ok", "limited")


def clean_key(raw: str | None) -> tuple[str | None, str | None]:
    """(key, None) for a plausible key, else (None, why): nothing is sent to Leonar then."""
    key = (raw or "").strip()
    if not key:
        return None, "Paste your Leonar API key."
    if len(key) > MAX_KEY_LENGTH:
        return None, "That is too long for a Leonar API key. Paste only the key."
    if any(ch not in _KEY_CHARS for ch in key):
        return None, "A Leonar API key has no spaces or special characters. Paste only the key."
    return key, None


async def check_key(client: LeonarClient, *, timeout: float = KEY_CHECK_TIMEOUT) -> KeyCheck:
    """One cheap call (``GET /projects?limit=1``) with the key: 401 → refused; 403 → a valid key
    lacking a permission (``limited``); a timeout or outage → ``unknown``."""
    try:
        async with asyncio.timeout(timeout):
            await client.projects.list(status=None, limit=1)
    except AuthenticationError:
        return KeyCheck("refused")
    except InsufficientScopeError as exc:
        scope = exc.details.get("required_scope") or exc.details.get("scope")
        return KeyCheck("limited", missing_scope=str(scope) if scope else None)
    except PermissionDeniedError:
        return KeyCheck("limited")
    except TimeoutError:
        return KeyCheck("unknown", problem="Leonar did not answer in time. Try again in a minute.")
    except RateLimitError:
        # only a key Leonar knows gets rate-limited
        return KeyCheck("ok")
    except (APIConnectionError, LeonarError) as exc:
        log.warning("could not check a Leonar key: %s", type(exc).__name__)
        return KeyCheck(
            "unknown",
            problem="Could not check the key with Leonar right now. Try again in a minute.",
        )
    return KeyCheck("ok")


@dataclass(frozen=True)
class KeySource:
    """Which key a person uses today: their own, the workspace's, the process's, or none."""

    source: Literal["user", "workspace", "env", "none"]
    fingerprint: str | None = None


class KeyResolver:
    """The one order in which a Leonar key is chosen, for commands, buttons, modals, unfurls,
    App Home and the poller: the person's own key, else the workspace's default key, else
    ``LEONAR_API_KEY`` (an empty value counts as none)."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        cache_seconds: float = KEY_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        secret = settings.leonar_api_key
        self._env_key = (secret.get_secret_value() if secret is not None else "") or None
        self._cache_seconds = cache_seconds
        self._clock = clock
        #: (team, user) -> (until, owner, key): found keys only (a person without one is asked
        #: to connect, and must be seen as connected the moment they are)
        self._found: dict[tuple[str, str], tuple[float, KeyOwner, str]] = {}

    def forget(self, team_id: str, user_id: str | None = None) -> None:
        """Drop what this process remembers of a person's key (``user_id``) or of everyone's in
        the workspace (a shared key or the installation changed)."""
        if user_id is not None:
            self._found.pop((team_id, user_id), None)
            return
        for cached in [k for k in self._found if k[0] == team_id]:
            del self._found[cached]

    async def resolve(
        self, team_id: str | None, user_id: str | None
    ) -> tuple[KeyOwner, str] | None:
        """(whose key, the key) for this person; None when they have none (they should
        ``/leonar connect``). The owner is stored on jobs so the key can be found again later.
        A found key is reused for ``KEY_CACHE_SECONDS`` (one database read saved a request)."""
        if team_id and user_id:
            now = self._clock()
            cached = self._found.get((team_id, user_id))
            if cached is not None and cached[0] > now:
                return cached[1], cached[2]
            found = await self._read(team_id, user_id)
            if found is not None and self._cache_seconds > 0:
                if len(self._found) >= MAX_CACHED_KEYS:
                    self._found.clear()
                self._found[(team_id, user_id)] = (now + self._cache_seconds, *found)
            return found
        if team_id:
            key = await self._db.workspaces.get_default_key(team_id)
            if key:
                return KeyOwner.workspace(team_id), key
        if self._env_key:
            return KeyOwner.env(), self._env_key
        return None

    async def _read(self, team_id: str, user_id: str) -> tuple[KeyOwner, str] | None:
        own, shared = await self._db.user_keys.get_or_workspace_default(team_id, user_id)
        if own:
            return KeyOwner.user(team_id, user_id), own
        if shared:
            return KeyOwner.workspace(team_id), shared
        if self._env_key:
            return KeyOwner.env(), self._env_key
        return None

    async def key_for(self, owner: KeyOwner) -> str | None:
        """The key of ``owner`` now (None when it was disconnected since)."""
        if owner.kind == "user" and owner.team_id and owner.user_id:
            return await self._db.user_keys.get(owner.team_id, owner.user_id)
        if owner.kind == "workspace" and owner.team_id:
            return await self._db.workspaces.get_default_key(owner.team_id)
        if owner.kind == "env":
            return self._env_key
        return None

    async def has_shared_key(self, team_id: str) -> bool:
        """Whether people without a key of their own still have one (the workspace's or
        ``LEONAR_API_KEY``)."""
        if self._env_key:
            return True
        return bool((await self._db.workspaces.get(team_id)).default_key_fingerprint)

    async def source(self, team_id: str, user_id: str) -> KeySource:
        """Which key ``resolve`` would pick, without decrypting anything (for status lines)."""
        own = await self._db.user_keys.fingerprint(team_id, user_id)
        if own:
            return KeySource("user", own)
        workspace = await self._db.workspaces.get(team_id)
        if workspace.default_key_fingerprint:
            return KeySource("workspace", workspace.default_key_fingerprint)
        if self._env_key:
            return KeySource("env")
        return KeySource("none")
