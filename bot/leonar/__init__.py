"""Typed async client for the Leonar recruiting CRM API. Knows nothing of Slack."""

from __future__ import annotations

from bot.leonar import models
from bot.leonar.budget import BudgetState, RateBudgets, key_fingerprint
from bot.leonar.client import DEFAULT_BASE_URL, LeonarClient
from bot.leonar.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BillingRequiredError,
    InsufficientCreditsError,
    InsufficientScopeError,
    InternalServerError,
    LeonarError,
    NotFoundError,
    PermissionDeniedError,
    PlanUpgradeRequiredError,
    RateLimitError,
    ValidationError,
    error_from_response,
)
from bot.leonar.models import *  # noqa: F403  (every model, listed once: models.__all__)
from bot.leonar.retry import RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BillingRequiredError",
    "BudgetState",
    "InsufficientCreditsError",
    "InsufficientScopeError",
    "InternalServerError",
    "LeonarClient",
    "LeonarError",
    "NotFoundError",
    "PermissionDeniedError",
    "PlanUpgradeRequiredError",
    "RateBudgets",
    "RateLimitError",
    "RetryPolicy",
    "ValidationError",
    "error_from_response",
    "key_fingerprint",
]
__all__ += models.__all__
