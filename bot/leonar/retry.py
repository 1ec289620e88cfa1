"""The one retry policy of the Leonar client.

- A 429 may be retried for any method (Leonar refused it, nothing happened): wait until
  ``Retry-After``, else ``X-RateLimit-Reset``, else back off exponentially with jitter; a 429
  whose reset is further away than ``max_wait`` is not waited for at all. (Once the retries are spent, the client remembers the block
  in :class:`RateBudgets` and later calls fail fast with the "try again in N minutes" message.)
- A connect failure (``ConnectError``, ``ConnectTimeout``, ``PoolTimeout``: nothing was sent) may
  be retried for any method.
- Reads (GET/HEAD/OPTIONS) are also retried on 5xx, timeouts and other transport errors.
- A write (POST/PUT/PATCH/DELETE) that may have reached Leonar is NEVER repeated.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from bot.leonar.headers import retry_at_from_headers

__all__ = ["SAFE_METHODS", "RetryPolicy", "nothing_was_sent"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES_FOR_READS = frozenset({500, 502, 503, 504})


def nothing_was_sent(exc: BaseException) -> bool:
    """True when the request surely never reached Leonar."""
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    #: longest single wait (seconds): a 429 that asks for more waits this long, then retries
    max_wait: float = 60.0
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    #: returns a float in [0, 1); injectable for tests
    random: Callable[[], float] = field(default=random.random, compare=False)

    def is_retryable(
        self,
        method: str,
        *,
        status_code: int | None = None,
        error: BaseException | None = None,
    ) -> bool:
        """May this failed attempt be repeated at all (ignoring how many times)?"""
        safe = method.upper() in SAFE_METHODS
        if status_code is not None:
            return status_code == 429 or (safe and status_code in RETRY_STATUSES_FOR_READS)
        if error is not None:
            if nothing_was_sent(error):
                return True
            return safe and isinstance(error, httpx.TransportError)
        return False

    def backoff(self, retries_done: int) -> float:
        """Exponential backoff with jitter: between half and all of base * 2**n (capped)."""
        ceiling = min(self.backoff_max, self.backoff_base * (2.0**retries_done))
        return ceiling * (0.5 + 0.5 * self.random())

    def next_wait(
        self,
        method: str,
        retries_done: int,
        *,
        now: float,
        status_code: int | None = None,
        error: BaseException | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> float | None:
        """Seconds to wait before the next attempt, or None to give up and raise."""
        if retries_done >= self.max_retries:
            return None
        if not self.is_retryable(method, status_code=status_code, error=error):
            return None
        if status_code == 429 and headers is not None:
            retry_at = retry_at_from_headers(headers, now=now)
            if retry_at is not None and retry_at > now:
                # Waiting longer than max_wait helps nobody: give up now and let the
                # caller say "try again in N minutes" (the block is remembered).
                wait = retry_at - now
                return wait if wait <= self.max_wait else None
        return min(self.backoff(retries_done), self.max_wait)
