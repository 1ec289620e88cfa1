"""Typed async client for the Leonar recruiting CRM API. Knows nothing of Slack."""

from __future__ import annotations

from bot.leonar import errors, models
from bot.leonar.budget import BudgetState, RateBudgets, key_fingerprint
from bot.leonar.client import DEFAULT_BASE_URL, LeonarClient
from bot.leonar.error_mapping import error_from_response
from bot.leonar.errors import *  # noqa: F403  (every error, listed once: errors.__all__)
from bot.leonar.models import *  # noqa: F403  (every model, listed once: models.__all__)
from bot.leonar.retry import RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "BudgetState",
    "LeonarClient",
    "RateBudgets",
    "RetryPolicy",
    "error_from_response",
    "key_fingerprint",
]
__all__ += errors.__all__
__all__ += models.__all__
