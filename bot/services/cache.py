"""A small in-process TTL cache for Leonar lists that rarely change (projects, stages, ...).

Keys are tuples, by convention ``(key fingerprint, name)`` so two Leonar keys never share an
entry (``LeonarClient.fingerprint``; see :func:`leonar_key`). Concurrent loads of one key share
a single call to Leonar. One instance per process lives in ``Deps.cache``::

    projects = await deps.cache.get_or_load(
        leonar_key(client, "projects:active"), load_projects, ttl=60
    )
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar, cast

from bot.leonar.client import LeonarClient

T = TypeVar("T")

DEFAULT_TTL = 60.0


def leonar_key(client: LeonarClient, name: str) -> tuple[str, str]:
    """The cache key of ``name`` for this client's API key: ``(fingerprint, name)``."""
    return (client.fingerprint, name)


class TTLCache:
    """Values that expire ``ttl`` seconds after they were stored; at most ``max_entries``."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, max_entries: int = 2048
    ) -> None:
        self._clock = clock
        self._max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._loading: dict[Hashable, asyncio.Future[Any]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Any | None:
        """The live value of ``key``, or None."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if expires_at <= self._clock():
            del self._entries[key]
            return None
        return value

    def put(self, key: Hashable, value: Any, *, ttl: float = DEFAULT_TTL) -> None:
        """Store ``value`` for ``ttl`` seconds (evicting the oldest entries past the limit)."""
        self._entries[key] = (self._clock() + ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def invalidate(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    async def get_or_load(
        self, key: Hashable, loader: Callable[[], Awaitable[T]], *, ttl: float = DEFAULT_TTL
    ) -> T:
        """The cached value, else ``await loader()`` (stored for ``ttl`` seconds). A failing
        loader stores nothing and raises to every caller waiting on it."""
        entry = self._entries.get(key)
        if entry is not None and entry[0] > self._clock():
            return cast(T, entry[1])
        pending = self._loading.get(key)
        if pending is not None:
            return cast(T, await asyncio.shield(pending))
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await loader()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        finally:
            self._loading.pop(key, None)
        self.put(key, value, ttl=ttl)
        future.set_result(value)
        return value
