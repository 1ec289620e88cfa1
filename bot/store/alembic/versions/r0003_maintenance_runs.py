"""maintenance_runs: one row per periodic task, the lease that lets one process at a time run it.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "maintenance_runs",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("next_run_at", sa.Double, nullable=False),
        sa.Column("last_started_at", sa.Double, nullable=True),
        sa.Column("last_owner", sa.String(100), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("maintenance_runs")
