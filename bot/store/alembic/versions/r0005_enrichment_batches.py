"""enrichment batches ("Enrich all"): one progress message per batch; jobs carry the batch id.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enrichment_batches",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("thread_ts", sa.String(32), nullable=False),
        sa.Column("progress_ts", sa.String(32), nullable=False),
        sa.Column("requester_user_id", sa.String(32), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("started", sa.Integer, nullable=False, server_default="0"),
        sa.Column("launched", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("stopped", sa.String(32), nullable=True),
        sa.Column("results", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("closed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.Double, nullable=False),
    )
    with op.batch_alter_table("enrichment_jobs") as batch:
        batch.add_column(sa.Column("batch_id", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrichment_jobs") as batch:
        batch.drop_column("batch_id")
    op.drop_table("enrichment_batches")
