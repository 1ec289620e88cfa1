"""A worker that dies mid-way, for the exactly-once tests: its database (``DyingDb``) dies at one
step (``DyingRepository``: right before or after one method) or at the first use of a repository
(``DEAD``), by raising ``Crash``, which nothing in the bot catches."""

from __future__ import annotations

from typing import Any

from bot.store import Database


class Crash(BaseException):
    """Stands for the process dying: nothing in the poller catches it."""


class DyingRepository:
    """A repository dying right ``when`` ("before" or "after") its method ``step`` runs."""

    def __init__(self, real: Any, step: str, when: str) -> None:
        self._real, self._step, self._when = real, step, when

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._real, name)
        if name != self._step:
            return attr

        async def wrapped(*args: Any, **kwargs: Any) -> Any:
            if self._when == "before":
                raise Crash(name)
            result = await attr(*args, **kwargs)
            raise Crash(name)
            return result  # pragma: no cover

        return wrapped


#: in ``DyingDb(db, name=DEAD)``: the worker dies at its first use of the repository ``name``
DEAD = object()


class DyingDb:
    """``real`` with some repositories replaced (by a ``DyingRepository``, or ``DEAD``)."""

    def __init__(self, real: Database, **parts: Any) -> None:
        self._real, self._parts = real, parts

    def __getattr__(self, name: str) -> Any:
        part = self._parts.get(name)
        if part is DEAD:
            raise Crash(name)
        return part if part is not None else getattr(self._real, name)
