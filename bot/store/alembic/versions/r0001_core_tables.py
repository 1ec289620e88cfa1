"""Core tables: enrichment jobs, result sets, user keys, workspace settings, dedupe keys,
activity. (Version 1 of the hand-written migrations before Alembic; frozen.)

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOT_DONE = "notify_state <> 'done'"


def _jobs() -> None:
    op.create_table(
        "enrichment_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("request_id", sa.String(100), nullable=False),
        sa.Column("contact_id", sa.String(100), nullable=False),
        sa.Column("contact_name", sa.String(300), nullable=False, server_default=""),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=True),
        sa.Column("thread_ts", sa.String(32), nullable=True),
        sa.Column("status_message_ts", sa.String(32), nullable=True),
        sa.Column("requester_user_id", sa.String(32), nullable=False),
        sa.Column("key_owner", sa.String(100), nullable=False),
        sa.Column("key_fingerprint", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_poll_at", sa.Double, nullable=False),
        sa.Column("lease_owner", sa.String(100), nullable=True),
        sa.Column("lease_expires_at", sa.Double, nullable=True),
        sa.Column("created_at", sa.Double, nullable=False),
        sa.Column("finished_at", sa.Double, nullable=True),
        sa.Column("notify_state", sa.String(16), nullable=False, server_default="none"),
        sa.Column("notified_at", sa.Double, nullable=True),
        sa.Column("notification_ts", sa.String(32), nullable=True),
    )
    op.create_index(
        "ix_enrichment_jobs_due",
        "enrichment_jobs",
        ["next_poll_at"],
        postgresql_where=sa.text(_NOT_DONE),
        sqlite_where=sa.text(_NOT_DONE),
    )
    op.create_index("ix_enrichment_jobs_lease_owner", "enrichment_jobs", ["lease_owner"])
    op.create_index(
        "ix_enrichment_jobs_user", "enrichment_jobs", ["team_id", "requester_user_id", "created_at"]
    )
    op.create_index("ix_enrichment_jobs_type_finished", "enrichment_jobs", ["type", "finished_at"])


def upgrade() -> None:
    _jobs()
    op.create_table(
        "result_sets",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Double, nullable=False),
        sa.Column("expires_at", sa.Double, nullable=False),
    )
    op.create_index("ix_result_sets_expires_at", "result_sets", ["expires_at"])
    op.create_table(
        "user_keys",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
        sa.Column("key_fingerprint", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Double, nullable=False),
    )
    op.create_table(
        "workspace_settings",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("default_key_ciphertext", sa.LargeBinary, nullable=True),
        sa.Column("default_key_fingerprint", sa.String(64), nullable=True),
        sa.Column("enrichment_results", sa.String(16), nullable=True),
        sa.Column("updated_at", sa.Double, nullable=False),
    )
    op.create_table(
        "dedupe_keys",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("expires_at", sa.Double, nullable=False),
    )
    op.create_index("ix_dedupe_keys_expires_at", "dedupe_keys", ["expires_at"])
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.Double, nullable=False),
    )
    op.create_index("ix_activity_user", "activity", ["team_id", "user_id", "created_at"])


def downgrade() -> None:
    for table in (
        "activity",
        "dedupe_keys",
        "workspace_settings",
        "user_keys",
        "result_sets",
        "enrichment_jobs",
    ):
        op.drop_table(table)
