"""watches: channels following a hiring project's stage counts or the open deals.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target_id", sa.String(100), nullable=False, server_default=""),
        sa.Column("target_name", sa.String(300), nullable=False, server_default=""),
        sa.Column("set_by_user_id", sa.String(32), nullable=False),
        sa.Column("key_owner", sa.String(100), nullable=False),
        sa.Column("tz", sa.String(64), nullable=True),
        sa.Column("created_at", sa.Double, nullable=False),
        sa.Column("last_checked_at", sa.Double, nullable=True),
        sa.Column("next_check_at", sa.Double, nullable=False),
        sa.Column("lease_owner", sa.String(100), nullable=True),
        sa.Column("lease_until", sa.Double, nullable=True),
        sa.Column("state", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("outbox", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("paused_reason", sa.String(300), nullable=True),
        sa.Column("last_digest_at", sa.Double, nullable=True),
        sa.UniqueConstraint("team_id", "channel_id", "kind", "target_id", name="uq_watches_target"),
    )
    op.create_index("ix_watches_due", "watches", ["next_check_at"])
    op.create_index("ix_watches_key_owner", "watches", ["key_owner"])


def downgrade() -> None:
    op.drop_index("ix_watches_key_owner", table_name="watches")
    op.drop_index("ix_watches_due", table_name="watches")
    op.drop_table("watches")
