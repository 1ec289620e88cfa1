"""Storage: engine, versioned migrations and repositories (see ``database.py``, ``jobs.py``)."""

from __future__ import annotations

from bot.store.crypto import fingerprint, parse_encryption_keys
from bot.store.database import Database
from bot.store.errors import EncryptionKeyRequired, StoreError, UndecryptableKey
from bot.store.models import (
    ActivityEntry,
    EnrichmentResults,
    Job,
    JobStatus,
    KeyOwner,
    NewJob,
    NewWatch,
    NotifyState,
    TerminalStatus,
    Watch,
    WatchKind,
    WorkspaceSettings,
)

__all__ = [
    "ActivityEntry",
    "Database",
    "EncryptionKeyRequired",
    "EnrichmentResults",
    "Job",
    "JobStatus",
    "KeyOwner",
    "NewJob",
    "NotifyState",
    "StoreError",
    "TerminalStatus",
    "UndecryptableKey",
    "Watch",
    "WatchKind",
    "NewWatch",
    "WorkspaceSettings",
    "fingerprint",
    "parse_encryption_keys",
]
