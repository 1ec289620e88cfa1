"""Typed records the repositories take and return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

JobStatus = Literal["pending", "completed", "failed", "timed_out", "error"]
TerminalStatus = Literal["completed", "failed", "timed_out", "error"]
NotifyState = Literal["none", "due", "posting", "done"]
EnrichmentResults = Literal["thread", "personal_private", "private"]


@dataclass(frozen=True)
class KeyOwner:
    """Whose Leonar key a job polls with; the key itself is never stored on the job.

    ``str(owner)`` is ``"user:<team>:<user>"``, ``"workspace:<team>"`` or ``"env"``
    (the ``LEONAR_API_KEY`` of the process). The identity service resolves it to a key.
    """

    kind: Literal["user", "workspace", "env"]
    team_id: str | None = None
    user_id: str | None = None

    @classmethod
    def user(cls, team_id: str, user_id: str) -> KeyOwner:
        return cls("user", team_id, user_id)

    @classmethod
    def workspace(cls, team_id: str) -> KeyOwner:
        return cls("workspace", team_id)

    @classmethod
    def env(cls) -> KeyOwner:
        return cls("env")

    @classmethod
    def parse(cls, value: str) -> KeyOwner:
        parts = value.split(":")
        if parts == ["env"]:
            return cls.env()
        if len(parts) == 2 and parts[0] == "workspace" and parts[1]:
            return cls.workspace(parts[1])
        if len(parts) == 3 and parts[0] == "user" and parts[1] and parts[2]:
            return cls.user(parts[1], parts[2])
        raise ValueError(f"not a key owner: {value!r}")

    def __str__(self) -> str:
        if self.kind == "user":
            return f"user:{self.team_id}:{self.user_id}"
        if self.kind == "workspace":
            return f"workspace:{self.team_id}"
        return "env"


class KeyOwnedRow:
    """A stored row (a job, a watch) read back as its dataclass, whose checks use the Leonar
    key of ``key_owner``."""

    __dataclass_fields__: ClassVar[dict[str, Any]]
    key_owner: str

    @property
    def owner(self) -> KeyOwner:
        return KeyOwner.parse(self.key_owner)

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> Self:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class NewJob:
    """What the enrich service knows when Leonar accepted an enrichment request."""

    request_id: str
    contact_id: str
    type: str
    team_id: str
    requester_user_id: str
    key_owner: KeyOwner | str
    key_fingerprint: str
    contact_name: str = ""
    channel_id: str | None = None
    thread_ts: str | None = None
    status_message_ts: str | None = None
    #: first poll; default: now
    next_poll_at: float | None = None
    #: the "Enrich all" batch it belongs to (bot.store.batches)
    batch_id: str | None = None


@dataclass(frozen=True)
class Job(KeyOwnedRow):
    id: str
    request_id: str
    contact_id: str
    contact_name: str
    type: str
    team_id: str
    channel_id: str | None
    thread_ts: str | None
    status_message_ts: str | None
    requester_user_id: str
    key_owner: str
    key_fingerprint: str
    status: str
    result: dict[str, Any] | None
    attempts: int
    next_poll_at: float
    lease_owner: str | None
    lease_expires_at: float | None
    created_at: float
    finished_at: float | None
    notify_state: str
    notified_at: float | None
    notification_ts: str | None
    batch_id: str | None = None


@dataclass(frozen=True)
class WorkspaceSettings:
    team_id: str
    #: fingerprint of the workspace's default Leonar key, None when there is none
    default_key_fingerprint: str | None = None
    #: None = not chosen by an admin: use Settings.enrichment_results
    enrichment_results: EnrichmentResults | None = None

    @property
    def has_default_key(self) -> bool:
        return self.default_key_fingerprint is not None


@dataclass(frozen=True)
class ActivityEntry:
    team_id: str
    user_id: str
    text: str
    created_at: float


WatchKind = Literal["project", "deals"]


@dataclass(frozen=True)
class NewWatch:
    """What ``/leonar watch`` knows when a channel starts following something."""

    team_id: str
    channel_id: str
    kind: WatchKind
    set_by_user_id: str
    #: whose Leonar key the checks use (like jobs: the key itself is never stored here)
    key_owner: KeyOwner | str
    #: project id; "" for the open deals
    target_id: str = ""
    target_name: str = ""
    #: the setter's IANA timezone (users.info), for the weekly digest
    tz: str | None = None
    #: the snapshot told at once (the stage overview), so the first check only tells changes
    state: dict[str, Any] | None = None
    #: first check; default: now
    next_check_at: float | None = None


@dataclass(frozen=True)
class Watch(KeyOwnedRow):
    id: str
    team_id: str
    channel_id: str
    kind: str
    target_id: str
    target_name: str
    set_by_user_id: str
    key_owner: str
    tz: str | None
    created_at: float
    last_checked_at: float | None
    next_check_at: float
    lease_owner: str | None
    lease_until: float | None
    #: the last snapshot told in the channel (see bot.services.watches)
    state: dict[str, Any] | None
    #: changes decided but maybe not posted yet (see WatchRepository.save_state)
    outbox: dict[str, Any] | None
    #: bumped by every save_state: the compare-and-set token
    version: int
    paused_reason: str | None
    last_digest_at: float | None

    @property
    def is_paused(self) -> bool:
        return self.paused_reason is not None
