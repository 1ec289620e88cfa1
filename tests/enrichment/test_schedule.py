"""The poll schedule: pure, so checked on numbers and with generated histories."""

from __future__ import annotations

import bisect
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.enrichment.schedule import (
    BULK_HORIZON,
    MIN_HISTORY,
    expected_calls,
    next_poll_at,
    poll_offsets,
    quantile,
)


def test_quantile_interpolates() -> None:
    assert quantile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert quantile([0.0, 10.0], 0.25) == 2.5
    assert quantile([7.0], 0.9) == 7.0
    with pytest.raises(ValueError):
        quantile([], 0.5)


def test_without_history_polls_every_interval_then_backs_off() -> None:
    offsets = poll_offsets([], interval=5, timeout=900)
    assert offsets[:3] == [5, 10, 15]
    assert offsets[-1] == 900
    bulk = [o for o in offsets if o <= BULK_HORIZON]
    assert all(b - a == 5 for a, b in zip(bulk, bulk[1:], strict=False))
    gaps = [b - a for a, b in zip(offsets, offsets[1:], strict=False)]
    late = [g for o, g in zip(offsets, gaps, strict=False) if o > BULK_HORIZON]
    assert late and max(late) > 5  # backed off
    assert len(offsets) < 40  # 15 minutes in far fewer than 180 polls


def test_too_little_history_is_no_history() -> None:
    few = [30.0] * (MIN_HISTORY - 1)
    assert poll_offsets(few, interval=5, timeout=900) == poll_offsets([], interval=5, timeout=900)


def test_first_poll_follows_history() -> None:
    slow = [40.0 + i for i in range(20)]  # never done before 40 s
    offsets = poll_offsets(slow, interval=5, timeout=900)
    assert 44 <= offsets[0] <= 46  # first ~ 1st percentile + interval, not at 5 s
    fast = [2.0] * 20
    assert poll_offsets(fast, interval=5, timeout=900)[0] == 2.0


def test_timeout_shorter_than_interval() -> None:
    assert poll_offsets([], interval=5, timeout=3) == [3]


@given(
    durations=st.lists(st.floats(min_value=0, max_value=2000), max_size=60),
    interval=st.floats(min_value=0.1, max_value=30),
    timeout=st.floats(min_value=1, max_value=3600),
)
def test_offsets_are_spaced_and_end_at_the_timeout(
    durations: list[float], interval: float, timeout: float
) -> None:
    offsets = poll_offsets(durations, interval=interval, timeout=timeout)
    assert offsets[-1] == timeout
    assert all(0 < o <= timeout for o in offsets)
    assert all(b - a >= interval - 1e-9 for a, b in zip(offsets, offsets[1:], strict=False))


def test_next_poll_at() -> None:
    offsets = [8.0, 13.0, 18.0, 900.0]
    assert next_poll_at(offsets, created_at=100, now=100, interval=5) == 108
    assert next_poll_at(offsets, created_at=100, now=108.2, interval=5) == 113
    # never sooner than interval after the last poll (a late poll pushes the next one)
    assert next_poll_at(offsets, created_at=100, now=111, interval=5, last_poll_at=111) == 116
    assert next_poll_at(offsets, created_at=100, now=2000, interval=5) == 1000


def _lognormal(rng: random.Random, n: int, median: float, sigma: float) -> list[float]:
    return [median * math.exp(rng.gauss(0, sigma)) for _ in range(n)]


def test_learned_schedule_spends_fewer_calls_than_every_interval() -> None:
    rng = random.Random(7)
    history = _lognormal(rng, 200, median=8, sigma=0.5)
    offsets = poll_offsets(history, interval=5, timeout=900)
    jobs = _lognormal(rng, 5000, median=8, sigma=0.5)
    calls = sum(expected_calls(offsets, d) for d in jobs) / len(jobs)
    naive = sum(math.ceil(d / 5) for d in jobs) / len(jobs)
    assert calls <= 2.0 < naive
    delays = sorted(offsets[bisect.bisect_left(offsets, d)] - d for d in jobs)
    assert delays[int(0.95 * len(delays))] < 5.0
