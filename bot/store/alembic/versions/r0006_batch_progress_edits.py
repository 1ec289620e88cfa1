"""enrichment batches: the progress message's edits in order (the version shown, who edits).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enrichment_batches") as batch:
        batch.add_column(sa.Column("shown_version", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("editor", sa.String(32), nullable=True))
        batch.add_column(sa.Column("editor_until", sa.Double, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrichment_batches") as batch:
        batch.drop_column("editor_until")
        batch.drop_column("editor")
        batch.drop_column("shown_version")
