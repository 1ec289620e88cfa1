"""The current shape of the bot's own tables (SQLAlchemy Core), used by the repositories.

Every time is an epoch float (seconds, UTC), the same on SQLite and PostgreSQL. The tables
are *created* by the Alembic revisions in ``bot/store/alembic/versions`` (run by
:mod:`bot.store.migrations`), never from this metadata; a test checks that a migrated database
has exactly these columns. To change the schema, change it here AND add a revision.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Double,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()

#: terminal statuses of an enrichment job (``pending`` is the only other one)
JOB_STATUSES = ("pending", "completed", "failed", "timed_out", "error")
#: notification states: none → due (finish) → posting (begin_notify) → done (mark_notified)
NOTIFY_STATES = ("none", "due", "posting", "done")

jobs = Table(
    "enrichment_jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("request_id", String(100), nullable=False),
    Column("contact_id", String(100), nullable=False),
    Column("contact_name", String(300), nullable=False, server_default=""),
    Column("type", String(32), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=True),
    Column("thread_ts", String(32), nullable=True),
    Column("status_message_ts", String(32), nullable=True),
    Column("requester_user_id", String(32), nullable=False),
    Column("key_owner", String(100), nullable=False),
    Column("key_fingerprint", String(64), nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("result", JSON, nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_poll_at", Double, nullable=False),
    Column("lease_owner", String(100), nullable=True),
    Column("lease_expires_at", Double, nullable=True),
    Column("created_at", Double, nullable=False),
    Column("finished_at", Double, nullable=True),
    Column("notify_state", String(16), nullable=False, server_default="none"),
    Column("notified_at", Double, nullable=True),
    Column("notification_ts", String(32), nullable=True),
    #: the "Enrich all" batch the job belongs to (bot.store.batches), None for a single one
    Column("batch_id", String(32), nullable=True),
    Index(
        "ix_enrichment_jobs_due",
        "next_poll_at",
        postgresql_where=text("notify_state <> 'done'"),
        sqlite_where=text("notify_state <> 'done'"),
    ),
    Index("ix_enrichment_jobs_lease_owner", "lease_owner"),
    Index("ix_enrichment_jobs_user", "team_id", "requester_user_id", "created_at"),
    Index("ix_enrichment_jobs_type_finished", "type", "finished_at"),
)

result_sets = Table(
    "result_sets",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", Double, nullable=False),
    Column("expires_at", Double, nullable=False),
    Index("ix_result_sets_expires_at", "expires_at"),
)

user_keys = Table(
    "user_keys",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("key_fingerprint", String(64), nullable=False),
    Column("created_at", Double, nullable=False),
)

workspace_settings = Table(
    "workspace_settings",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("default_key_ciphertext", LargeBinary, nullable=True),
    Column("default_key_fingerprint", String(64), nullable=True),
    Column("enrichment_results", String(16), nullable=True),
    Column("updated_at", Double, nullable=False),
)

dedupe_keys = Table(
    "dedupe_keys",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("expires_at", Double, nullable=False),
    Index("ix_dedupe_keys_expires_at", "expires_at"),
)

activity = Table(
    "activity",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("user_id", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", Double, nullable=False),
    Index("ix_activity_user", "team_id", "user_id", "created_at"),
)

#: "Enrich all" batches: the progress message and the outcomes of its jobs (bot.store.batches)
batches = Table(
    "enrichment_batches",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("thread_ts", String(32), nullable=False),
    Column("progress_ts", String(32), nullable=False),
    Column("requester_user_id", String(32), nullable=False),
    Column("total", Integer, nullable=False),
    Column("started", Integer, nullable=False, server_default="0"),
    Column("launched", Boolean, nullable=False, server_default=text("false")),
    Column("stopped", String(32), nullable=True),
    Column("results", JSON, nullable=False),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("closed", Boolean, nullable=False, server_default=text("false")),
    Column("created_at", Double, nullable=False),
    # the progress message's edits go out one at a time, never older than the last
    # (bot.store.batches): the version it shows, and who may edit it until when
    Column("shown_version", Integer, nullable=False, server_default="0"),
    Column("editor", String(32), nullable=True),
    Column("editor_until", Double, nullable=True),
)

#: what a watch follows: one hiring project (target_id = project id) or the open deals
WATCH_KINDS = ("project", "deals")

watches = Table(
    "watches",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("target_id", String(100), nullable=False, server_default=""),
    Column("target_name", String(300), nullable=False, server_default=""),
    Column("set_by_user_id", String(32), nullable=False),
    Column("key_owner", String(100), nullable=False),
    Column("tz", String(64), nullable=True),
    Column("created_at", Double, nullable=False),
    Column("last_checked_at", Double, nullable=True),
    Column("next_check_at", Double, nullable=False),
    Column("lease_owner", String(100), nullable=True),
    Column("lease_until", Double, nullable=True),
    # None is SQL NULL (not JSON null), so "no outbox" can be asked for
    Column("state", JSON(none_as_null=True), nullable=True),
    Column("outbox", JSON(none_as_null=True), nullable=True),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("paused_reason", String(300), nullable=True),
    Column("last_digest_at", Double, nullable=True),
    UniqueConstraint("team_id", "channel_id", "kind", "target_id", name="uq_watches_target"),
    Index("ix_watches_due", "next_check_at"),
    Index("ix_watches_key_owner", "key_owner"),
)

#: one row per periodic task (e.g. the retention purge): whoever moves ``next_run_at`` forward
#: runs it, so several processes run it at most once per interval between them
maintenance_runs = Table(
    "maintenance_runs",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("next_run_at", Double, nullable=False),
    Column("last_started_at", Double, nullable=True),
    Column("last_owner", String(100), nullable=True),
)
