"""The async Leonar client: one class, resources as attributes, one transport loop.

Construct one per request/key (it is cheap); they all share the process's ``httpx.AsyncClient``
and :class:`RateBudgets`. The API key only ever leaves this object in the ``Authorization``
header; logs show :func:`key_fingerprint`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from bot.leonar.budget import RateBudgets, key_fingerprint
from bot.leonar.error_mapping import error_from_response
from bot.leonar.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    RateLimitError,
)
from bot.leonar.resources.contacts import Contacts, Enrichments
from bot.leonar.resources.deals import Companies, DealPipelines, Deals
from bot.leonar.resources.outreach import Messages, Sequences, Tags
from bot.leonar.resources.projects import Projects
from bot.leonar.resources.sourcing import Accounts, Sourcing
from bot.leonar.retry import SAFE_METHODS, RetryPolicy, nothing_was_sent
from bot.metrics import LEONAR_CALLS, endpoint_template

__all__ = ["DEFAULT_BASE_URL", "LeonarClient"]

logger = logging.getLogger("bot.leonar")

DEFAULT_BASE_URL = "https://app.leonar.app/api/v1"
USER_AGENT = "leonar-slack-bot/0.1"

Sleep = Callable[[float], Awaitable[Any]]


class LeonarClient:
    """Typed async client for one Leonar API key."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str,
        budgets: RateBudgets,
        max_retries: int = 3,
        sleep: Sleep = asyncio.sleep,
        max_wait: float = 60.0,
        retry_policy: RetryPolicy | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("api_key is required")
        self._http = http
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._fingerprint = key_fingerprint(api_key)
        self._budgets = budgets
        self._sleep = sleep
        self._clock = clock or budgets.clock
        self.retry_policy = retry_policy or RetryPolicy(max_retries=max_retries, max_wait=max_wait)

        self.contacts = Contacts(self)
        self.projects = Projects(self)
        self.accounts = Accounts(self)
        self.sourcing = Sourcing(self)
        self.enrichment = Enrichments(self)
        self.sequences = Sequences(self)
        self.deals = Deals(self)
        self.deal_pipelines = DealPipelines(self)
        self.companies = Companies(self)
        self.tags = Tags(self)
        self.messages = Messages(self)

    @property
    def fingerprint(self) -> str:
        """Short hash of the API key: safe to log and store."""
        return self._fingerprint

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def budgets(self) -> RateBudgets:
        return self._budgets

    def __repr__(self) -> str:
        return f"LeonarClient(base_url={self._base_url!r}, key={self._fingerprint})"

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any:
        """Send one call (with the retry policy) and return the decoded JSON body.

        Raises an :class:`~bot.leonar.errors.APIStatusError` subclass for error answers,
        :class:`APIConnectionError`/:class:`APITimeoutError` when no answer came.
        """
        method = method.upper()
        url = self._base_url + path
        query = {k: v for k, v in (params or {}).items() if v is not None}
        headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        await self._wait_for_budget(method, path)
        retries = 0
        while True:
            try:
                response = await self._http.request(
                    method, url, params=query or None, json=json, headers=headers
                )
            except httpx.RequestError as exc:
                LEONAR_CALLS.labels(method, endpoint_template(path), "error").inc()
                wait = self.retry_policy.next_wait(method, retries, now=self._clock(), error=exc)
                if wait is None:
                    logger.info(
                        "leonar %s %s failed: %s (key %s, %d retries)",
                        method,
                        path,
                        type(exc).__name__,
                        self._fingerprint,
                        retries,
                    )
                    raise self._connection_error(method, exc) from exc
                logger.info(
                    "leonar %s %s: %s, retrying in %.1fs (key %s)",
                    method,
                    path,
                    type(exc).__name__,
                    wait,
                    self._fingerprint,
                )
                await self._sleep(wait)
                retries += 1
                continue

            self._budgets.observe(self._fingerprint, response.headers)
            status = response.status_code
            LEONAR_CALLS.labels(method, endpoint_template(path), str(status)).inc()
            logger.debug("leonar %s %s -> %d (key %s)", method, path, status, self._fingerprint)
            if response.is_success:
                self._budgets.clear_block(self._fingerprint)
                return self._decode(response)

            now = self._clock()
            error = error_from_response(response, now=now)
            if isinstance(error, RateLimitError):
                self._budgets.block(self._fingerprint, error.retry_at)
            wait = self.retry_policy.next_wait(
                method, retries, now=now, status_code=status, headers=response.headers
            )
            if wait is None:
                logger.info(
                    "leonar %s %s -> %d %s (key %s, %d retries)",
                    method,
                    path,
                    status,
                    error.code or "",
                    self._fingerprint,
                    retries,
                )
                raise error
            logger.info(
                "leonar %s %s -> %d, retrying in %.1fs (key %s)",
                method,
                path,
                status,
                wait,
                self._fingerprint,
            )
            await self._sleep(wait)
            retries += 1

    async def _wait_for_budget(self, method: str, path: str) -> None:
        """If this key is known to be exhausted, wait (briefly) or fail without calling Leonar."""
        until = self._budgets.blocked_until(self._fingerprint)
        if until is None:
            return
        now = self._clock()
        wait = until - now
        if wait > self.retry_policy.max_wait:
            logger.info(
                "leonar %s %s not sent: key %s rate limited for %.0fs more",
                method,
                path,
                self._fingerprint,
                wait,
            )
            raise RateLimitError(
                "Rate limit budget exhausted for this key (not sent).",
                status_code=429,
                code="rate_limit_exceeded",
                retry_at=until,
                now=now,
            )
        if wait > 0:
            await self._sleep(wait)

    @staticmethod
    def _connection_error(method: str, exc: httpx.RequestError) -> APIConnectionError:
        name = type(exc).__name__
        if isinstance(exc, httpx.TimeoutException):
            may_have_applied = method not in SAFE_METHODS and not nothing_was_sent(exc)
            return APITimeoutError(f"Leonar timed out ({name}).", may_have_applied=may_have_applied)
        return APIConnectionError(f"Could not reach Leonar ({name}).")

    @staticmethod
    def _decode(response: httpx.Response) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise APIResponseValidationError(
                "Leonar answered with a body that is not JSON.",
                status_code=response.status_code,
                body=response.text[:500],
            ) from exc
