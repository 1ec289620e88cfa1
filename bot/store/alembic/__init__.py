"""The bot's Alembic environment and migration scripts (shipped inside the package).

Run them with ``leonar-bot migrate`` (serve and worker also migrate at start); see
:mod:`bot.store.migrations` for the runner and docs/operations.md for writing a new one."""
