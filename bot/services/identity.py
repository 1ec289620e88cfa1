"""Whose Leonar key: checking a key with Leonar before it is stored, and which key a person
uses today. Key *resolution* itself lives in ONE place, ``Deps.resolve_key``."""

from __future__ import annotations

import asyncio
import logging
import string
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
from bot.store import Database

log = logging.getLogger(__name__)

#: seconds the check may take: it runs inside a view_submission, which Slack gives 3 s
KEY_CHECK_TIMEOUT = 2.0
MAX_KEY_LENGTH = 200
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "_-.~+/=:")

Verdict = Literal["ok", "limited", "refused", "unknown"]


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


async def key_source(db: Database, team_id: str, user_id: str, *, env_key: bool) -> KeySource:
    """Mirror of ``Deps.resolve_key``'s order, without decrypting anything."""
    own = await db.user_keys.fingerprint(team_id, user_id)
    if own:
        return KeySource("user", own)
    workspace = await db.workspaces.get(team_id)
    if workspace.default_key_fingerprint:
        return KeySource("workspace", workspace.default_key_fingerprint)
    if env_key:
        return KeySource("env")
    return KeySource("none")
