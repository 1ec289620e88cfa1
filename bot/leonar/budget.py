"""Per-key rate budgets, learnt from the ``X-RateLimit-*`` headers of every Leonar answer.

One :class:`RateBudgets` per process, passed explicitly to every :class:`LeonarClient`. Keys are
only ever referred to by :func:`key_fingerprint`, which is safe to log and store.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import httpx

from bot.leonar.headers import parse_reset
from bot.metrics import LEONAR_BUDGET_REMAINING

__all__ = ["BudgetState", "RateBudgets", "key_fingerprint"]


def key_fingerprint(api_key: str) -> str:
    """A short, stable, non-reversible id for an API key (12 hex chars of its sha256)."""
    return hashlib.sha256(api_key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class BudgetState:
    """What the last answer for one key said about its budget."""

    limit: int | None
    remaining: int | None
    reset_at: float | None
    observed_at: float
    #: set by a 429: no request should go out before this (unix seconds)
    blocked_until: float | None = None


class RateBudgets:
    """Budget state per key fingerprint (in memory, one per process)."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._states: dict[str, BudgetState] = {}
        self._lock = threading.Lock()

    @property
    def clock(self) -> Callable[[], float]:
        return self._clock

    def observe(self, fingerprint: str, headers: Mapping[str, str]) -> BudgetState | None:
        """Record the ``X-RateLimit-Limit/Remaining/Reset`` headers of one answer.

        Headers that are missing keep their previous value; an answer without any leaves the
        state untouched.
        """
        h = headers if isinstance(headers, httpx.Headers) else httpx.Headers(headers)
        now = self._clock()
        limit = _as_int(h.get("x-ratelimit-limit"))
        remaining = _as_int(h.get("x-ratelimit-remaining"))
        reset_at = parse_reset(h.get("x-ratelimit-reset"), now=now)
        with self._lock:
            old = self._states.get(fingerprint)
            if limit is None and remaining is None and reset_at is None:
                return old
            state = BudgetState(
                limit=limit if limit is not None else (old.limit if old else None),
                remaining=remaining if remaining is not None else (old.remaining if old else None),
                reset_at=reset_at if reset_at is not None else (old.reset_at if old else None),
                observed_at=now,
                blocked_until=old.blocked_until if old else None,
            )
            self._states[fingerprint] = state
            if state.remaining is not None:
                LEONAR_BUDGET_REMAINING.labels(fingerprint).set(state.remaining)
            return state

    def block(self, fingerprint: str, until: float | None) -> None:
        """Remember a 429: nothing should be sent for this key before ``until``."""
        if until is None:
            return
        with self._lock:
            old = self._states.get(fingerprint)
            if old is None:
                old = BudgetState(
                    limit=None, remaining=None, reset_at=None, observed_at=self._clock()
                )
            self._states[fingerprint] = replace(old, blocked_until=until)

    def clear_block(self, fingerprint: str) -> None:
        """Forget a 429 block (Leonar accepted a request again)."""
        with self._lock:
            old = self._states.get(fingerprint)
            if old is not None and old.blocked_until is not None:
                self._states[fingerprint] = replace(old, blocked_until=None)

    def get(self, fingerprint: str) -> BudgetState | None:
        with self._lock:
            return self._states.get(fingerprint)

    def blocked_until(self, fingerprint: str) -> float | None:
        """When the key may be used again, if it is known to be exhausted right now."""
        state = self.get(fingerprint)
        if state is None:
            return None
        now = self._clock()
        candidates = []
        if state.blocked_until is not None and state.blocked_until > now:
            candidates.append(state.blocked_until)
        if state.remaining is not None and state.remaining <= 0 and state.reset_at is not None:
            if state.reset_at > now:
                candidates.append(state.reset_at)
        return max(candidates) if candidates else None

    def reserve_ok(self, fingerprint: str, reserve_fraction: float) -> bool:
        """True when background work may spend this key: more than ``reserve_fraction`` of its
        limit is left (or nothing is known, or the window has reset since)."""
        if self.blocked_until(fingerprint) is not None:
            return False
        state = self.get(fingerprint)
        if state is None or state.remaining is None:
            return True
        if state.reset_at is not None and state.reset_at <= self._clock():
            return True
        if state.limit is None or state.limit <= 0:
            return state.remaining > 0
        return state.remaining > state.limit * reserve_fraction


def _as_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except (ValueError, OverflowError):
        return None
