"""Alembic environment (async).

The bot runs migrations through :func:`bot.store.migrations.migrate`, which hands its own
connection in ``config.attributes["connection"]``: already inside the transaction that holds
the migration lock, so nothing here begins or commits. From a shell (``alembic -c
bot/store/alembic/alembic.ini ...``, to write a new revision) the database is ``DATABASE_URL``,
opened with the async driver the bot uses.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.settings import load_settings
from bot.store.schema import metadata


def _include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Autogenerate compares the bot's own tables only (Slack's are slack_sdk's business)."""
    return type_ != "table" or name in metadata.tables


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead
        render_as_batch=True,
        include_name=_include_name,
        compare_type=True,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_shell() -> None:
    engine = create_async_engine(load_settings().database_url, poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_run)
    finally:
        await engine.dispose()


def _main() -> None:
    if context.is_offline_mode():
        context.configure(
            url=load_settings().database_url, target_metadata=metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    given = context.config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
    else:
        asyncio.run(_run_from_shell())


_main()
