"""Per-key rate budgets learnt from X-RateLimit-* headers."""

from __future__ import annotations

from bot.leonar import RateBudgets, key_fingerprint
from tests.leonar.support import API_KEY, START, FakeClock


def _headers(limit: int, remaining: int, reset: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(int(reset)),
    }


def test_fingerprint_is_short_stable_and_hides_the_key() -> None:
    fp = key_fingerprint(API_KEY)
    assert fp == key_fingerprint(API_KEY) and len(fp) == 12
    assert fp != key_fingerprint(API_KEY + "x")
    assert fp not in API_KEY and "leo_" not in fp


def test_observe_reads_headers_case_insensitively() -> None:
    budgets = RateBudgets(clock=FakeClock())
    budgets.observe(
        "fp",
        {
            "x-ratelimit-limit": "1000",
            "X-RATELIMIT-REMAINING": "998",
            "X-RateLimit-Reset": str(int(START) + 600),
        },
    )
    state = budgets.get("fp")
    assert state is not None
    assert (state.limit, state.remaining, state.reset_at) == (1000, 998, START + 600)
    assert budgets.get("other") is None


def test_observe_without_headers_keeps_state() -> None:
    budgets = RateBudgets(clock=FakeClock())
    budgets.observe("fp", _headers(1000, 500, START + 60))
    assert budgets.observe("fp", {"content-type": "application/json"}) is not None
    state = budgets.get("fp")
    assert state is not None and state.remaining == 500
    budgets.observe("fp", {"X-RateLimit-Remaining": "499"})
    state = budgets.get("fp")
    assert state is not None and (state.limit, state.remaining) == (1000, 499)


def test_reserve_ok_keeps_a_fraction_for_people() -> None:
    clock = FakeClock()
    budgets = RateBudgets(clock=clock)
    assert budgets.reserve_ok("fp", 0.2)  # nothing known yet
    budgets.observe("fp", _headers(1000, 201, START + 600))
    assert budgets.reserve_ok("fp", 0.2)
    budgets.observe("fp", _headers(1000, 200, START + 600))
    assert not budgets.reserve_ok("fp", 0.2)
    clock.now = START + 601  # the window reset since
    assert budgets.reserve_ok("fp", 0.2)


def test_blocked_until_when_exhausted_or_after_429() -> None:
    clock = FakeClock()
    budgets = RateBudgets(clock=clock)
    budgets.observe("fp", _headers(1000, 0, START + 300))
    assert budgets.blocked_until("fp") == START + 300
    assert not budgets.reserve_ok("fp", 0.0)
    clock.now = START + 301
    assert budgets.blocked_until("fp") is None

    budgets.block("other", START + 400)
    assert budgets.blocked_until("other") == START + 400
    budgets.clear_block("other")
    state = budgets.get("other")
    assert state is not None and state.blocked_until is None
