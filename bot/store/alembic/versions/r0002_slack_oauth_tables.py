"""Slack OAuth tables: installations, bots and OAuth states, exactly as slack_sdk's SQLAlchemy
stores expect. (Version 2 of the hand-written migrations before Alembic; frozen.)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _metadata() -> sa.MetaData:
    md = sa.MetaData()
    store = AsyncSQLAlchemyInstallationStore
    store.build_installations_table(md, store.default_installations_table_name)
    store.build_bots_table(md, store.default_bots_table_name)
    states = AsyncSQLAlchemyOAuthStateStore
    states.build_oauth_states_table(md, states.default_table_name)
    return md


def upgrade() -> None:
    # checkfirst: a deployment may already have these tables from slack_sdk's create_tables()
    _metadata().create_all(op.get_bind(), checkfirst=True)


def downgrade() -> None:
    _metadata().drop_all(op.get_bind(), checkfirst=True)
