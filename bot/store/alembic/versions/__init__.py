"""Alembic revisions, oldest first: r0001 and r0002 are the release-before-Alembic schema."""
